import { closestMatch, createRule, possibilities, stringLiteralLike, type AbstractValue, type TaskDefinition } from '@celery-lint/core';

/** Every name Celery could give a task: its explicit name, or module path + function for each way the module may be imported. */
function taskNames(task: TaskDefinition): string[] {
  if (task.name) return [task.name];
  const parts = task.file.replace(/\\/g, '/').replace(/\.py$/, '').split('/').filter(Boolean);
  if (parts[parts.length - 1] === '__init__') parts.pop();
  const names: string[] = [];
  for (let i = parts.length - 1; i >= 0; i--) names.push([...parts.slice(i), task.functionName].join('.'));
  return names;
}

function entriesOf(schedule: AbstractValue): AbstractValue[] {
  if (schedule.kind !== 'dict') return [];
  const out: AbstractValue[] = [];
  for (const entry of schedule.entries) {
    if (entry.value.kind !== 'dict') continue;
    const task = entry.value.entries.find((e) => e.key.kind === 'str' && e.key.value === 'task');
    if (task) out.push(task.value);
  }
  return out;
}

/**
 * The task of every entry of every possible schedule (a feature flag that
 * adds entries under an `if` makes the schedule a one-of), each once, and
 * whether it is in every possible schedule.
 */
function entries(value: AbstractValue): Array<{ task: AbstractValue; always: boolean }> {
  const schedules = possibilities(value).filter((v) => v.kind === 'dict');
  const seen = new Map<string, { task: AbstractValue; count: number }>();
  for (const schedule of schedules) {
    const inThis = new Set<string>();
    for (const task of entriesOf(schedule)) {
      const key = task.span ? `${task.span.file}:${task.span.start}` : JSON.stringify(task);
      if (inThis.has(key)) continue;
      inThis.add(key);
      const entry = seen.get(key) ?? { task, count: 0 };
      entry.count++;
      seen.set(key, entry);
    }
  }
  return [...seen.values()].map(({ task, count }) => ({ task, always: count === schedules.length }));
}

interface RunNames {
  readonly known: Set<string>;
  readonly byDepth: Map<number, string[]>;
  /** Did-you-mean answers by task name: the same schedule is checked under every configuration that reads it. */
  readonly suggestions: Map<string, string | undefined>;
}

/** The task names a run defines, computed once per run (the task list is shared by every configuration). */
const namesOfRun = new WeakMap<readonly TaskDefinition[], RunNames>();

function knownNames(tasks: readonly TaskDefinition[]): RunNames {
  let names = namesOfRun.get(tasks);
  if (!names) {
    const known = new Set(tasks.flatMap(taskNames));
    const byDepth = new Map<number, string[]>();
    for (const name of known) {
      const depth = name.split('.').length;
      const same = byDepth.get(depth);
      if (same) same.push(name);
      else byDepth.set(depth, [name]);
    }
    names = { known, byDepth, suggestions: new Map() };
    namesOfRun.set(tasks, names);
  }
  return names;
}

/** The known name 'task' is most likely a typo of, among names of the same depth. */
function suggestionFor(task: string, names: RunNames): string | undefined {
  if (names.suggestions.has(task)) return names.suggestions.get(task);
  // Compare with names of the same depth: 'proj.tasks.ad' against 'proj.tasks.add', not '/abs/path/...'.
  const suggestion = closestMatch(task, names.byDepth.get(task.split('.').length) ?? []);
  names.suggestions.set(task, suggestion);
  return suggestion;
}

/** beat_schedule entries whose task no module of the project defines (beat sends it; no worker runs it). */
export const beatTaskUnknown = createRule({
  meta: {
    id: 'celery/beat-task-unknown',
    description: 'beat_schedule entries naming a task that the project does not define',
    category: 'correctness',
    defaultSeverity: 'warning',
    fix: { safety: 'unsafe' },
    messages: {
      unknown: "beat_schedule {{runs}} task '{{task}}', but no task of that name is defined in the linted project.",
      unknownDidYouMean: "beat_schedule {{runs}} task '{{task}}', but no task of that name is defined in the linted project. Did you mean '{{suggestion}}'?",
    },
  },
  check(context) {
    const { binding, value } = context.get('beat_schedule');
    if (!binding) return;
    const tasks = context.tasks();
    // Without any task module in view (one file passed, say), silence beats a guess.
    if (tasks.length === 0) return;
    const names = knownNames(tasks);
    for (const { task, always } of entries(value)) {
      if (task.kind !== 'str' || names.known.has(task.value) || task.value.startsWith('celery.')) continue;
      const suggestion = suggestionFor(task.value, names);
      const at = task.span ?? binding.valueSpan;
      context.report({
        at,
        messageId: suggestion ? 'unknownDidYouMean' : 'unknown',
        data: { task: task.value, runs: always ? 'runs' : 'may run', ...(suggestion ? { suggestion } : {}) },
        ...(suggestion && task.literal && task.span
          ? { fix: { file: task.span.file, edits: [{ start: task.span.start, end: task.span.end, text: stringLiteralLike(context.sourceText(task.span.file).slice(task.span.start, task.span.end), suggestion) }] } }
          : {}),
      });
    }
  },
});

