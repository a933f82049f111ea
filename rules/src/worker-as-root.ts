import { celeryCommandsIn, createRule, knowledge, optionValue, possibilities, type AbstractValue, type LaunchProcess } from '@celery-lint/core';
import { commandAt, distinctCommandLines } from './launch-sites';

/** Whether an accept list may contain pickle (short name or MIME type). */
function acceptsPickle(value: AbstractValue): boolean {
  return possibilities(value).some(
    (v) => (v.kind === 'list' || v.kind === 'tuple' || v.kind === 'set') && v.items.some((i) => i.kind === 'str' && knowledge.isPickle(i.value)),
  );
}

/** An empty string does not count: Celery treats C_FORCE_ROOT='' as unset. */
function mayBeNonEmpty(value: AbstractValue): boolean {
  return possibilities(value).some((v) => v.kind !== 'unset' && !(v.kind === 'str' && v.value === '') && v.kind !== 'none');
}

/**
 * A module that spells the Celery command lines it starts and none is a
 * worker (jumpserver's start_celery_beat.py sets C_FORCE_ROOT, then runs
 * `celery -A ops beat`): the variable reaches only those children, and no
 * beat or flower consumes task messages. Only Celery's worker reads
 * C_FORCE_ROOT (celery/platforms.py check_privileges, called by the worker).
 */
function launchesNoWorker(text: string, celeryVersion: string): boolean {
  const commands = celeryCommandsIn(text, celeryVersion);
  return commands.length > 0 && !commands.some((c) => c === 'worker' || c === 'multi');
}

/** A worker (or `celery multi`'s workers) that starts as root and keeps it: `--uid` drops root before Celery's check. */
function runsAsRoot(process: LaunchProcess): boolean {
  if (process.user.state !== 'root') return false;
  if (process.command !== 'worker' && process.command !== 'multi') return false;
  const uid = optionValue(process.invocation, '--uid');
  return !uid?.value || uid.value.expands || /^(root|0)$/.test(uid.value.text);
}

/**
 * Code that sets C_FORCE_ROOT while pickle is accepted: the one guard Celery
 * has against a root worker unpickling messages is switched off. And a worker
 * that the launch files start as root: an error when its app accepts pickle,
 * a warning otherwise.
 */
export const workerAsRoot = createRule({
  meta: {
    id: 'celery/worker-as-root',
    description: 'A worker that runs as root (and accepts pickle, or has C_FORCE_ROOT set)',
    category: 'security',
    defaultSeverity: 'error',
    messages: {
      forced:
        "C_FORCE_ROOT is set while accept_content accepts pickle: a worker running as root will unpickle any message, so anyone who can publish to the broker runs code as root. Run the worker as an unprivileged user and accept only 'json'.",
      rootPickle:
        "This worker runs as root ({{why}}) and its app accepts pickle: Celery refuses to start it (SecurityError) unless C_FORCE_ROOT is set, and with it anyone who can publish to the broker runs code as root. Run it as an unprivileged user ({{how}}) and accept only 'json'.",
      rootPickleForced:
        "This worker runs as root ({{why}}), its app accepts pickle, and C_FORCE_ROOT is set ({{where}}): Celery starts it anyway, so anyone who can publish to the broker runs code as root. Run it as an unprivileged user ({{how}}) and accept only 'json'.",
      root: 'This worker runs as root ({{why}}): Celery warns at start-up, and any task runs with full privileges. Run it as an unprivileged user ({{how}}); `--uid` only drops privileges after starting as root.',
    },
  },
  check(context) {
    const accept = context.get('accept_content');
    if (!accept.binding || !acceptsPickle(accept.value)) return;
    for (const write of context.environmentWrites()) {
      if (write.name !== 'C_FORCE_ROOT' || !mayBeNonEmpty(write.value)) continue;
      if (launchesNoWorker(context.sourceText(write.span.file), context.celeryVersion)) continue;
      context.report({ at: write.span, messageId: 'forced', related: [{ span: accept.binding.valueSpan, message: 'pickle is accepted here' }] });
    }
  },
  checkLaunch(context) {
    // The root ones first, then once each: a script a Compose service runs as root is also read alone (as whoever
    // starts it), and which of the two came first must not decide whether it is reported.
    for (const process of distinctCommandLines(context.processes().filter(runsAsRoot))) {
      const how = HOW[process.origin];
      const related = process.user.span ? [{ span: process.user.span, message: process.user.reason }] : [];
      const accept = context.setting(process, 'accept_content');
      if (!accept || !acceptsPickle(accept.value)) {
        context.report({ at: commandAt(process), messageId: 'root', data: { why: process.user.reason, how }, related, severity: 'warning' });
        continue;
      }
      const acceptedAt = accept.binding ? [{ span: accept.binding.valueSpan, message: 'pickle is accepted here' }] : [];
      const forced = process.environment.find((v) => v.name === 'C_FORCE_ROOT' && v.value !== '');
      const forcedInCode = context.environmentWrites().find((w) => w.name === 'C_FORCE_ROOT' && mayBeNonEmpty(w.value));
      const where = forced ? forced.span : forcedInCode?.span;
      if (where) {
        context.report({
          at: commandAt(process),
          messageId: 'rootPickleForced',
          data: { why: process.user.reason, how, where: forced ? `${forced.via} in the launch file` : 'in code' },
          related: [...related, ...acceptedAt, { span: where, message: 'C_FORCE_ROOT is set here' }],
        });
      } else {
        context.report({ at: commandAt(process), messageId: 'rootPickle', data: { why: process.user.reason, how }, related: [...related, ...acceptedAt] });
      }
    }
  },
});

/** How to run a process as another user, in the words of the file that starts it. */
const HOW: Readonly<Record<LaunchProcess['origin'], string>> = {
  dockerfile: 'a USER line in the final stage',
  compose: "`user:` on the service, or a USER line in its image",
  kubernetes: 'securityContext runAsNonRoot: true with runAsUser',
  procfile: 'the platform user',
  supervisor: '`user=` in the [program:] section',
  systemd: '`User=` in [Service]',
  script: 'gosu or su-exec in the script, or the user of whatever starts it',
};
