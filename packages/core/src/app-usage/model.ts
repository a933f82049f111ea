// How a project uses Celery beyond its configuration: which tasks it calls
// and with what, where it waits for results, what its apps autodiscover.
// Plain data, read from the syntax trees while they are alive
// (read-usage.ts) and put together across files (project-usage.ts); rules
// reach it through RuleContext.usage().
import type { AbstractValue, SourceSpan, TaskDefinition } from '../types';

/** Something kombu's JSON cannot carry (celery-semantics "Facts checked"; knowledge/json-encoding.ts). */
export type HazardKind = 'model-instance' | 'queryset' | 'set' | 'bytes' | 'exception' | 'request-user';

export interface Hazard {
  readonly kind: HazardKind;
  /** In words, with the expression that makes it: `a model instance (User.objects.get(pk=pk))`. */
  readonly what: string;
  /** Where the value is made (the query, the set literal, the `except` clause). */
  readonly span: SourceSpan;
}

/** A value the code hands to Celery (an argument, a task's return value) and what the local flow says it is. */
export interface PassedValue {
  readonly span: SourceSpan;
  /** What it is (`is`: on every path the flow sees) or may be; absent when the flow shows no hazard. */
  readonly hazards?: { readonly kinds: readonly Hazard[]; readonly certainty: 'is' | 'may be' };
}

/** A keyword argument with its value folded where the evaluator can (`countdown=2 * 3600`). */
export interface KeywordValue {
  readonly value: AbstractValue;
  readonly span: SourceSpan;
}

export type TaskCallKind = 'delay' | 'apply_async' | 's' | 'si' | 'signature' | 'send_task' | 'retry';

export interface TaskCall {
  readonly kind: TaskCallKind;
  /** The whole call. */
  readonly span: SourceSpan;
  /** The task called, when it is one the project defines and the linter can follow the name to it. */
  readonly task: DefinedTask | undefined;
  /** The task's name when the call gives it as a string (`signature('proj.tasks.add')`, `send_task('x')`). */
  readonly taskName?: string;
  /** Every value passed as a task argument (positional and keyword), in order. */
  readonly values: readonly PassedValue[];
  /** The call's own keyword options (`countdown`, `eta`, `serializer`, ...), for apply_async, signature, send_task and retry. */
  readonly options: ReadonlyMap<string, KeywordValue>;
}

/** A task the project defines, with what its decorator says and what it returns. */
export interface DefinedTask extends TaskDefinition {
  /** The decorator's keyword arguments (`acks_late`, `time_limit`, `serializer`, `ignore_result`, ...). */
  readonly options: ReadonlyMap<string, KeywordValue>;
  /** The values of its `return` statements. */
  readonly returns: readonly PassedValue[];
}

/** A place that reads a task's result or state, which needs a result backend. */
export interface ResultWait {
  readonly span: SourceSpan;
  /** `result.get()`, `AsyncResult(...).state`, `chord(...)`. */
  readonly what: string;
  readonly kind: 'result' | 'chord';
}

export interface Autodiscovery {
  /** The `autodiscover_tasks(...)` call. */
  readonly span: SourceSpan;
  /**
   * The packages listed, each with where it is written; undefined when they
   * are not a literal list (a lambda over INSTALLED_APPS, a variable the
   * evaluator cannot fold), or when none are given (Django's installed apps).
   */
  readonly packages: ReadonlyArray<{ readonly name: string; readonly span: SourceSpan }> | undefined;
  /** The module looked for in each package: `tasks` by default, null for the package itself, undefined when unknown. */
  readonly relatedName: string | null | undefined;
}

/** A Django setting of a settings module, as the module leaves it. */
export interface DjangoSettingValue {
  readonly value: AbstractValue;
  readonly keySpan: SourceSpan;
  readonly valueSpan: SourceSpan;
}

export type ModuleStatus =
  /** A module file (`core/tasks.py`). */
  | 'module'
  /** A package: a directory of modules (`core/tasks/`). */
  | 'package'
  /** Its top-level package is in the project, and it is not. */
  | 'missing'
  /** Not the project's (an installed package, or outside the linted paths). */
  | 'unknown';

export interface ProjectUsage {
  readonly tasks: readonly DefinedTask[];
  readonly taskCalls: readonly TaskCall[];
  readonly resultWaits: readonly ResultWait[];
  readonly autodiscoveries: readonly Autodiscovery[];
  /** Whether the project has a module by this dotted name. */
  moduleStatus(dotted: string): ModuleStatus;
  /** The project's tasks defined in a package or module (`core.tasks`): under its directory or in its file. */
  tasksIn(dotted: string): readonly DefinedTask[];
  /** A package's `__init__.py`, when the project has one, and whether it was linted (its text known). */
  packageInit(dotted: string): { readonly file: string; readonly linted: boolean } | undefined;
  /** Whether some linted module imports this file (`from .mail import send`). */
  isImported(file: string): boolean;
  /** The project's one file for a dotted module name, linted or not; undefined when it has none or several. */
  moduleFile(dotted: string): string | undefined;
}
