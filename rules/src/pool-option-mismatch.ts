import { createRule, optionValue, possibilities, type LaunchProcess, type LaunchRuleContext, type ParsedOption, type SourceSpan } from '@celery-lint/core';
import { at, distinctCommandLines, optionAt } from './launch-sites';

/** Pools whose on_apply drops the timeout arguments (celery/concurrency/*.py, 5.2.6 and 5.6). */
const NO_TIME_LIMITS = new Set(['solo', 'threads', 'eventlet']);
const POOL_ALIASES: Readonly<Record<string, string>> = { processes: 'prefork' };

/** The pool a worker runs: -P, else the app's worker_pool, else prefork. Undefined when it is not known. */
function poolOf(context: LaunchRuleContext, process: LaunchProcess): { name: string; option?: ParsedOption } | undefined {
  const option = optionValue(process.invocation, '-P', '--pool');
  if (option?.value) return option.value.expands ? undefined : { name: POOL_ALIASES[option.value.text] ?? option.value.text, option };
  const setting = context.setting(process, 'worker_pool');
  if (!setting) return { name: 'prefork' };
  const [only, ...rest] = possibilities(setting.value);
  if (rest.length > 0 || only?.kind !== 'str') return setting.isDefault ? { name: 'prefork' } : undefined;
  return { name: POOL_ALIASES[only.value] ?? only.value };
}

function positiveNumber(option: ParsedOption | undefined): boolean {
  return !!option?.value && !option.value.expands && Number(option.value.text) > 0;
}

/** The setting's binding, when the app sets it to a positive number. */
function settingSet(context: LaunchRuleContext, process: LaunchProcess, name: string): SourceSpan | undefined {
  const setting = context.setting(process, name);
  if (!setting?.binding) return undefined;
  return possibilities(setting.value).some((v) => v.kind === 'num' && v.value > 0) ? setting.binding.valueSpan : undefined;
}

export const poolOptionMismatch = createRule({
  meta: {
    id: 'celery/pool-option-mismatch',
    description: 'Worker options the chosen pool ignores: -c with solo, time limits with solo/threads/eventlet (soft ones with gevent), per-child limits without prefork, --disable-prefetch without Redis',
    category: 'correctness',
    defaultSeverity: 'warning',
    messages: {
      soloConcurrency: 'The solo pool runs one task at a time in the worker process: {{option}} {{value}} is ignored.',
      timeLimit: 'The {{pool}} pool ignores {{what}}: a task that runs past it is not stopped. Use the prefork pool{{gevent}}, or enforce the limit in the task.',
      perChild: '{{option}} only works with the prefork pool (it replaces child processes); the {{pool}} pool ignores it.',
      prefetch: '--disable-prefetch works only with a Redis broker; with {{scheme}}:// Celery logs a warning and ignores it.',
    },
  },
  checkLaunch(context) {
    for (const process of distinctCommandLines(context.processes())) {
      if (process.command !== 'worker') continue;
      const pool = poolOf(context, process);
      if (!pool) continue;
      const poolAt = pool.option ? optionAt(process, pool.option) : undefined;
      const concurrency = optionValue(process.invocation, '-c', '--concurrency');
      if (pool.name === 'solo' && concurrency?.value && !concurrency.value.expands && Number(concurrency.value.text) > 1) {
        context.report({ at: optionAt(process, concurrency), messageId: 'soloConcurrency', data: { option: concurrency.name, value: concurrency.value.text } });
      }
      const ignoresHard = NO_TIME_LIMITS.has(pool.name);
      const ignoresSoft = ignoresHard || pool.name === 'gevent';
      const gevent = pool.name === 'gevent' ? '' : ' (gevent enforces the hard limit only)';
      for (const [names, setting, soft] of [
        [['--time-limit'], 'task_time_limit', false],
        [['--soft-time-limit'], 'task_soft_time_limit', true],
      ] as const) {
        if (!(soft ? ignoresSoft : ignoresHard)) continue;
        const option = optionValue(process.invocation, ...names);
        const what = soft ? 'soft time limits' : 'time limits';
        if (positiveNumber(option)) context.report({ at: at(process, option!.nameSpan), messageId: 'timeLimit', data: { pool: pool.name, what, gevent } });
        else if (poolAt) {
          const set = settingSet(context, process, setting);
          if (set) context.report({ at: poolAt, messageId: 'timeLimit', data: { pool: pool.name, what: `${what} (${setting})`, gevent }, related: [{ span: set, message: `${setting} is set here` }] });
        }
      }
      if (pool.name !== 'prefork' && pool.name !== 'custom') {
        for (const names of [['--max-tasks-per-child'], ['--max-memory-per-child']] as const) {
          const option = optionValue(process.invocation, ...names);
          if (positiveNumber(option)) context.report({ at: at(process, option!.nameSpan), messageId: 'perChild', data: { option: option!.name, pool: pool.name } });
        }
      }
      const prefetch = process.invocation.options.find((o) => o.name === '--disable-prefetch');
      if (prefetch) {
        const broker = optionValue(process.invocation, '-b', '--broker');
        const url = broker?.value && !broker.value.expands ? [broker.value.text] : possibilities(context.setting(process, 'broker_url')?.value ?? { kind: 'unknown', reason: '' }).map((v) => (v.kind === 'str' ? v.value : undefined));
        const schemes = url.map((u) => (u === undefined ? undefined : /^([a-z0-9+]+):\/\//i.exec(u)?.[1]?.toLowerCase()));
        if (schemes.length > 0 && schemes.every((s) => s !== undefined && !/^(redis|rediss|sentinel)$/.test(s))) {
          context.report({ at: at(process, prefetch.nameSpan), messageId: 'prefetch', data: { scheme: schemes[0]! } });
        }
      }
    }
  },
});
