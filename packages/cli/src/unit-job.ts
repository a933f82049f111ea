// A unit as data, for the unit pool (unit-pool.ts): what a worker thread
// needs to lint it exactly as the main thread would, and what it sends
// back. Rules are code, so a unit carries rule ids, severities and versions,
// and its options are rebuilt from the rule pack of the thread that lints
// it, never sent as functions. In a pooled run the main thread lints its
// share through lintJob() too, so every unit takes the same path.
import { type Rule, type Severity } from '@celery-lint/core';
import type { FileResult } from './lint-run';
import { lintUnit, readReferenced, readUnit } from './unit-lint';

export interface UnitJob {
  /** The unit's files, linted together. */
  readonly files: readonly string[];
  /** Those the run reports (the rest are context: pulled in, not reported). */
  readonly reported: readonly string[];
  /** Index into PoolData.projectFiles: the files of the unit's repository. */
  readonly repository: number;
  /** The rules to run, by id, in the order the group chose them. */
  readonly rules: readonly string[];
  readonly severities: Readonly<Record<string, Severity | 'off'>>;
  readonly knownRuleIds?: readonly string[];
  readonly celeryVersion?: string;
  readonly djangoVersion?: string;
  readonly knownSerializers?: readonly string[];
  readonly installedDistributions: readonly string[];
}

/** Everything a worker is started with (structured-cloned once per worker). */
export interface PoolData {
  /** Marks a worker of this pool: the bundle it loads runs lint-worker.ts only then. */
  readonly celeryLintUnits: true;
  /** One Int32: the next unit to take. Every thread, the main one too, takes units from it. */
  readonly counter: SharedArrayBuffer;
  readonly jobs: readonly UnitJob[];
  /** Each repository's files, sent once rather than with each of its units (a tree's may be tens of thousands). */
  readonly projectFiles: readonly (readonly string[])[];
  readonly fix: boolean;
  readonly unsafe: boolean;
  /** Bytes of RSS over which a worker takes no more units (pool-memory.ts): `auto`'s; none when the user chose the threads. */
  readonly memoryBudget?: number;
}

/** What the run keeps of a unit: results to merge, read failures, and how many configurations it built. */
export interface JobOutcome {
  readonly unreadable: readonly FileResult[];
  readonly results: readonly FileResult[];
  readonly configurations: number;
}

export type WorkerMessage =
  | { readonly kind: 'done'; readonly index: number; readonly outcome: JobOutcome }
  | { readonly kind: 'failed'; readonly index: number; readonly message: string }
  /** The worker took no more units: the process was over the pool's memory budget (`rss` bytes). */
  | { readonly kind: 'retired'; readonly rss: number };

/** The unit's lint options, as lint-run.ts builds them for a unit it lints itself (optionsForLint plus the project's files). */
function lintOptionsOf(job: UnitJob, data: Pick<PoolData, 'projectFiles'>, rulesById: ReadonlyMap<string, Rule>) {
  const rules = job.rules.map((id) => {
    const rule = rulesById.get(id);
    // Cannot happen with one build on both sides; if it did, the unit fails here and the main thread lints it.
    if (!rule) throw new Error(`celery-lint: the rule pack has no rule ${id}`);
    return rule;
  });
  return {
    rules,
    severities: job.severities,
    ...(job.knownRuleIds ? { knownRuleIds: job.knownRuleIds } : {}),
    ...(job.celeryVersion ? { celeryVersion: job.celeryVersion } : {}),
    ...(job.djangoVersion ? { djangoVersion: job.djangoVersion } : {}),
    ...(job.knownSerializers?.length ? { knownSerializers: job.knownSerializers } : {}),
    projectFiles: data.projectFiles[job.repository]!,
    readFile: readReferenced,
    installedDistributions: job.installedDistributions,
  };
}

/** Lints one unit. Pooled runs never write (unit-pool.ts), so fixes are worked out and shown, not written. */
export function lintJob(job: UnitJob, data: Pick<PoolData, 'projectFiles' | 'fix' | 'unsafe'>, rulesById: ReadonlyMap<string, Rule>): JobOutcome {
  const reported = new Set(job.reported);
  const unreadable: FileResult[] = [];
  const part = readUnit(job.files, new Map(), (file) => reported.has(file), (result) => unreadable.push(result));
  const outcome = lintUnit(part, lintOptionsOf(job, data, rulesById), { fix: data.fix, unsafe: data.unsafe, write: false }, (file) => reported.has(file), () => {
    // Only a write fails this way.
  });
  // A text crosses threads only where the report may quote it: lint-run.ts drops the text of a file with no finding and no fix.
  const results = [...outcome.results.values()].map((r) => (r.diagnostics.length > 0 || r.fixed !== undefined ? r : { ...r, source: undefined }));
  return { unreadable, results, configurations: outcome.configurations.length };
}
