// What worker threads may cost in memory (issue 18: item 1's peak RSS
// targets hold for the default, `--jobs auto`, not only for `--jobs 1`).
//
// Measured on the survey tree (52,904 files, 101 units, 2 cores): a worker
// is an isolate of its own, so it adds a young generation (32 MB by default,
// as large as the main thread's), an old generation that grows to 40-75 MB
// (the bundle's code, the run's file lists it is sent, and garbage awaiting
// a major GC), and WebAssembly memory for its own parser (32 MB reserved,
// which it did not outgrow). That was 110-150 MB of peak RSS on a run whose
// one-thread peak is 220-300 MB. The size of the unit a worker lints
// matters far less than its being there: the largest unit (5 MB of text)
// grew a worker's heap by under 20 MB.
//
// So a worker is made smaller (a young generation of a few MB: short-lived
// objects are collected more often, cheaply), `auto` starts one only when
// the process has room for it under AUTO_MEMORY_BUDGET, and a worker of an
// `auto` pool stops taking units once the process has passed that budget:
// it exits and gives its memory back, and the main thread lints the rest.
// Whoever lints a unit, the report is the same.

/** A worker's young generation, in MB (V8's default is 32 on 64-bit hosts). */
export const WORKER_YOUNG_GENERATION_MB = 6;

/**
 * The process's RSS under which `auto` lets worker threads lint. Item 1's
 * targets are 300 MB for a 35k-file tree and 400 MB for 100k files; a worker
 * takes a unit only below this, and a unit grows the process by up to a few
 * tens of MB before the worker looks again.
 */
export const AUTO_MEMORY_BUDGET = 256 * 1024 * 1024;

/** What one worker adds to the process's RSS, with WORKER_YOUNG_GENERATION_MB (measured: 55-70 MB on the survey tree). */
export const WORKER_BYTES = 64 * 1024 * 1024;

/** How many of `wanted` workers fit under the budget with the process at `rss` bytes now. */
export function workersThatFit(wanted: number, rss: number, budget = AUTO_MEMORY_BUDGET): number {
  return Math.max(0, Math.min(wanted, Math.floor((budget - rss) / WORKER_BYTES)));
}

/** The process's RSS, when a pool with a budget is over it (a worker then takes no more units); undefined otherwise. */
export function overBudget(budget: number | undefined): number | undefined {
  if (budget === undefined) return undefined;
  const rss = process.memoryUsage.rss();
  return rss > budget ? rss : undefined;
}

export function megabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}
