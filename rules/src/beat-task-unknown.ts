import { closestMatch, createRule, possibilities, stringLiteralLike, type AbstractValue, type RuleContext, type SourceSpan, type TaskDefinition } from '@celery-lint/core';

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

type Absence = { kind: 'notDefined'; module: string } | { kind: 'noModule'; module: string };

/**
 * Why no worker of the project runs `task`, when the project shows it: the
 * module its name points to is the project's and nothing in the project
 * names the function, or the project has no such module. Undefined when the
 * project cannot tell: a name no module path gives (an explicit `name=`, a
 * `gen_task_name` of the project's own), a module of an installed package,
 * or a function the project does name (a decorator of the project's own
 * that wraps `shared_task`). Mentions are asked of the whole project, so a
 * file named alone (pre-commit, an editor) gets the whole project's answer.
 */
function absence(context: RuleContext, task: string, at: SourceSpan): Absence | undefined {
  const dot = task.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const module = task.slice(0, dot);
  const functionName = task.slice(dot + 1);
  // The project names its tasks itself (a Celery subclass overriding gen_task_name): module paths say nothing.
  if (context.mentionedElsewhere('gen_task_name', at)) return undefined;
  const status = context.usage().moduleStatus(module);
  if (status !== 'module' && status !== 'package' && status !== 'missing') return undefined;
  if (context.mentionedElsewhere(functionName, at, 'other-files')) return undefined;
  return { kind: status === 'missing' ? 'noModule' : 'notDefined', module };
}

/** beat_schedule entries whose task the project's own module does not define (beat sends it; no worker runs it). */
export const beatTaskUnknown = createRule({
  meta: {
    id: 'celery/beat-task-unknown',
    description: 'beat_schedule entries naming a task that the project does not define',
    category: 'correctness',
    defaultSeverity: 'warning',
    fix: { safety: 'unsafe' },
    messages: {
      notDefined: "beat_schedule {{runs}} task '{{task}}', but {{module}} defines no '{{function}}'{{hint}}, so beat sends a task no worker has.",
      noModule: "beat_schedule {{runs}} task '{{task}}', but the project has no module {{module}}{{hint}}, so beat sends a task no worker has.",
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
      const at = task.span ?? binding.valueSpan;
      if (!context.reportsIn(at.file)) continue;
      const why = absence(context, task.value, at);
      if (!why) continue;
      const suggestion = suggestionFor(task.value, names);
      context.report({
        at,
        messageId: why.kind,
        data: { task: task.value, runs: always ? 'runs' : 'may run', module: why.module, function: task.value.slice(task.value.lastIndexOf('.') + 1), hint: suggestion ? ` (did you mean '${suggestion}'?)` : '' },
        ...(suggestion && task.literal && task.span
          ? { fix: { file: task.span.file, edits: [{ start: task.span.start, end: task.span.end, text: stringLiteralLike(context.sourceText(task.span.file).slice(task.span.start, task.span.end), suggestion) }] } }
          : {}),
      });
    }
  },
});
