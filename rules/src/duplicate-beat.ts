import { createRule, optionValue, possibilities, type LaunchProcess, type LaunchRuleContext, type SourceSpan } from '@celery-lint/core';
import { at, commandAt } from './launch-sites';

/** Schedulers that hold a lock so only one beat runs at a time (celery-redbeat). */
const LOCKING_SCHEDULER = /redbeat/i;

function locked(context: LaunchRuleContext, process: LaunchProcess): boolean {
  const option = optionValue(process.invocation, '--scheduler', '-S');
  if (option?.value) return option.value.expands || LOCKING_SCHEDULER.test(option.value.text);
  const setting = context.setting(process, 'beat_scheduler');
  if (!setting) return false;
  // Unknown (set from the environment) counts as possibly locking: no finding past an unknown.
  return possibilities(setting.value).some((v) => v.kind !== 'str' || LOCKING_SCHEDULER.test(v.value));
}

/** How many copies of a process run, when it may be more than one: a count, or `undefined` for an autoscaler. */
function copies(process: LaunchProcess): { many: boolean; count: number | undefined } {
  const nodes = process.invocation.multi?.nodes;
  if (process.command === 'multi' && nodes) {
    const n = nodes.length === 1 && /^\d+$/.test(nodes[0]!.value) ? Number(nodes[0]!.value) : nodes.length;
    if (n > 1) return { many: true, count: n * (process.replicas.count ?? 1) };
  }
  if (process.replicas.count !== undefined) return { many: process.replicas.count > 1, count: process.replicas.count };
  return { many: process.replicas.autoscaled === true, count: undefined };
}

/** Processes deployed together: one Compose file, one supervisor file, Kubernetes manifests of one directory. */
function deployment(process: LaunchProcess): string {
  const dir = process.definedAt.file.replace(/[\\/][^\\/]*$/, '');
  return `${process.origin}:${process.origin === 'kubernetes' ? dir : process.definedAt.file}`;
}

function appKey(context: LaunchRuleContext, process: LaunchProcess): string {
  const link = context.appOf(process);
  if (link?.state === 'found') return `${link.file}:${link.app}`;
  return optionValue(process.invocation, '-A', '--app')?.value?.text ?? '(default app)';
}

export const duplicateBeat = createRule({
  meta: {
    id: 'celery/duplicate-beat',
    description: 'More than one beat scheduler runs for one app (a replicated worker with -B, or several beat processes)',
    category: 'correctness',
    defaultSeverity: 'warning',
    messages: {
      embedded: 'This worker embeds beat (-B) and runs {{copies}} ({{why}}): each copy schedules every periodic task, so each runs {{times}}. Run one `celery beat` process, or use a scheduler that takes a lock (celery-redbeat).',
      replicated: 'beat runs {{copies}} ({{why}}): each copy schedules every periodic task, so each runs {{times}}. Run exactly one beat, or use a scheduler that takes a lock (celery-redbeat).',
      another: 'Another beat for the same app ({{other}}): with two schedulers every periodic task runs twice. Keep one, or use a scheduler that takes a lock (celery-redbeat).',
    },
  },
  checkLaunch(context) {
    const beats = new Map<string, Array<{ process: LaunchProcess; span: SourceSpan }>>();
    for (const process of context.processes()) {
      if (!process.deployed) continue;
      const embedded = (process.command === 'worker' || process.command === 'multi') ? process.invocation.options.find((o) => o.name === '-B' || o.name === '--beat') : undefined;
      if (process.command !== 'beat' && !embedded) continue;
      if (locked(context, process)) continue;
      const span = embedded ? at(process, embedded.nameSpan) : commandAt(process);
      const { many, count } = copies(process);
      const why = process.command === 'multi' && process.invocation.multi?.nodes.length ? `celery multi starts ${process.invocation.multi.nodes.map((n) => n.value).join(' ')}` : process.replicas.reason;
      const related = process.replicas.span ? [{ span: process.replicas.span, message: process.replicas.reason }] : [];
      if (many) {
        context.report({
          at: span,
          messageId: embedded ? 'embedded' : 'replicated',
          data: { copies: count === undefined ? 'in more than one copy' : `${count} copies`, why, times: count === undefined ? 'once per copy' : `${count} times` },
          related,
        });
        continue;
      }
      const key = `${deployment(process)}|${appKey(context, process)}`;
      const list = beats.get(key) ?? [];
      list.push({ process, span });
      beats.set(key, list);
    }
    for (const list of beats.values()) {
      const names = new Set<string>();
      const distinct = list.filter((b) => !names.has(b.process.name) && names.add(b.process.name));
      if (distinct.length < 2) continue;
      const first = distinct[0]!;
      for (const other of distinct.slice(1)) {
        context.report({ at: other.span, messageId: 'another', data: { other: `${first.process.name}` }, related: [{ span: first.span, message: `beat also runs in ${first.process.name}` }] });
      }
    }
  },
});
