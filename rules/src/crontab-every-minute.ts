import { createRule, describeValue, type AbstractValue, type CallValue, type SourceSpan } from '@celery-lint/core';
import { crontabAccepted, scheduleCalls } from './invalid-crontab';

/** crontab()'s fields in positional order (celery.schedules.crontab.__init__, 4.4 to main); each defaults to '*'. */
const FIELDS = ['minute', 'hour', 'day_of_week', 'day_of_month', 'month_of_year'] as const;

function field(call: CallValue, index: number): AbstractValue | undefined {
  return call.args[index] ?? call.kwargs.find((k) => k.name === FIELDS[index])?.value;
}

function isStar(v: AbstractValue): boolean {
  return v.kind === 'str' && v.value.trim() === '*';
}

/**
 * The edit that puts `minute=0` first in a call written with keywords only
 * (positional fields would all shift): on the first argument's own line when
 * the arguments start on a new line, with that line's indentation.
 */
function minuteFirst(source: string, span: SourceSpan): { file: string; edits: Array<{ start: number; end: number; text: string }> } | undefined {
  const open = source.indexOf('(', span.start);
  if (open < 0 || open >= span.end) return undefined;
  let first = open + 1;
  // Past whitespace and comments: `crontab(  # nightly` keeps its comment on its line.
  while (first < span.end && (/\s/.test(source[first]!) || source[first] === '#')) {
    if (source[first] === '#') while (first < span.end && source[first] !== '\n' && source[first] !== '\r') first++;
    else first++;
  }
  const gap = source.slice(open + 1, first);
  const breaks = gap.match(/\r\n|\r|\n/g);
  if (!breaks) return { file: span.file, edits: [{ start: open + 1, end: open + 1, text: 'minute=0, ' }] };
  // The file's own line ending (\n, \r\n, or a bare \r, which CPython also ends lines with).
  const eol = breaks[breaks.length - 1]!;
  const indent = gap.slice(Math.max(gap.lastIndexOf('\n'), gap.lastIndexOf('\r')) + 1);
  return { file: span.file, edits: [{ start: first, end: first, text: `minute=0,${eol}${indent}` }] };
}

/**
 * crontab(hour=...) without minute: minute defaults to '*', so the task runs
 * every minute of the hours given (flake8-pie's PIE784; Ruff has no port).
 * Days without minute run it every minute of those days.
 */
export const crontabEveryMinute = createRule({
  meta: {
    id: 'celery/crontab-every-minute',
    description: 'crontab() with hour or day fields but no minute: it runs every minute of them',
    category: 'correctness',
    defaultSeverity: 'warning',
    fix: { safety: 'unsafe' },
    messages: {
      everyMinute:
        "This crontab() sets {{fields}} but not minute, which defaults to '*': the task runs every minute {{during}}, not once. Add minute=0 (or the minute you mean), or minute='*' if every minute is intended.",
    },
  },
  check(context) {
    const calls: Array<CallValue & { span: SourceSpan }> = [];
    for (const binding of context.config.bindings) scheduleCalls(binding.value, calls);
    const done = new Set<string>();
    for (const call of calls) {
      const key = `${call.span.file}:${call.span.start}`;
      if (done.has(key) || !/(^|\.)crontab$/.test(call.callee)) continue;
      done.add(key);
      if (field(call, 0) !== undefined || !crontabAccepted(call, context.celeryVersion)) continue;
      const coarser = FIELDS.slice(1).flatMap((name, i) => {
        const value = field(call, i + 1);
        return value && !isStar(value) ? [{ name, value }] : [];
      });
      if (coarser.length === 0) continue;
      const hour = coarser.find((f) => f.name === 'hour');
      const during = hour ? `of hour ${describeValue(hour.value)}` : 'of the days it matches';
      const fix = call.args.length === 0 ? minuteFirst(context.sourceText(call.span.file), call.span) : undefined;
      context.report({
        at: call.span,
        messageId: 'everyMinute',
        data: { fields: coarser.map((f) => `${f.name}=${describeValue(f.value)}`).join(', '), during },
        ...(fix ? { fix } : {}),
      });
    }
  },
});
