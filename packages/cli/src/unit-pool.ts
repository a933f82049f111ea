// Lints a run's units on several threads (issue 18, item 5): worker threads
// plus the main thread, each taking the next unit from one shared counter
// until none is left, so a thread that drew small units simply takes more.
// Units are independent (each is one lint() of its own files), and the run
// merges each unit's results as it arrives and puts everything that depends
// on order (targets, warnings) back in unit order, so the report is the same
// byte for byte as with one thread.
//
// A worker that fails (an exception, a crash, running out of memory, failing
// to start) loses nothing: every unit it did not send back is linted by the
// main thread once all workers have exited, which also reproduces, on the
// main thread, any exception a unit raises. Workers exit when the counter
// runs out and are terminated if the main thread stops early, so none keeps
// the process alive.
import * as os from 'node:os';
import * as path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { megabytes, workersThatFit, WORKER_YOUNG_GENERATION_MB } from './pool-memory';
import type { JobOutcome, PoolData, WorkerMessage } from './unit-job';

/** `--jobs` / CELERY_LINT_JOBS: a number of threads, or one per core. */
export type Jobs = number | 'auto';

/** The argument a pool's worker is started with: the bundle's entry switches to lint-worker.ts on it, without loading worker_threads on every start. */
export const WORKER_ARG = '--celery-lint-unit-worker';

/**
 * A unit smaller than this is not worth a thread of its own in `auto`: a
 * worker costs 150-200 ms of CPU to start (measured: the thread ~50, loading
 * the bundle ~50 (V8's code cache made it slower: it holds every function a
 * whole run compiled), the parser ~40, the rule pack ~15), about what linting
 * this much text takes at ~1 MB/s.
 */
export const MIN_UNIT_BYTES = 192 * 1024;

/**
 * The file a worker runs: the bundle it was loaded from (its entry switches
 * on WORKER_ARG), or lint-worker.js beside this module when nothing was
 * bundled. undefined inside a single executable (the Python wheel's): Node
 * starts a worker from a file on disk or from source text, and the
 * executable's code is neither, so its runs use one thread.
 */
export function workerScript(): string | undefined {
  try {
    if ((require('node:sea') as { isSea(): boolean }).isSea()) return undefined;
  } catch {
    // No node:sea (before Node 20.12): not a single executable either.
  }
  return path.basename(__filename) === 'unit-pool.js' ? path.join(__dirname, 'lint-worker.js') : __filename;
}

/**
 * How many worker threads to start for units of these sizes (bytes of
 * text): `jobs` threads in all, the main thread being one, never more than
 * there are units. `auto` starts them only when the machine has more than
 * one core and at least two units have real work (MIN_UNIT_BYTES), one
 * thread per such unit up to the cores, and only as many as fit under its
 * memory budget with the process at `rss` bytes (pool-memory.ts); a number
 * the user gives is taken as given (1: no worker).
 */
export function poolWorkers(jobs: Jobs, unitBytes: readonly number[], rss: number = process.memoryUsage.rss()): number {
  if (jobs !== 'auto') return Math.max(0, Math.min(jobs, unitBytes.length) - 1);
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  const worthy = unitBytes.filter((bytes) => bytes >= MIN_UNIT_BYTES).length;
  return cores > 1 && worthy >= 2 ? workersThatFit(Math.min(cores, worthy) - 1, rss) : 0;
}

/**
 * Lints units 0..n-1 with `workers` worker threads and the main thread.
 * `here` lints a unit on the main thread; `done` receives each unit's
 * outcome exactly once, in the order they finish. With a memory budget
 * (`auto`'s), a worker takes no unit once the process is over it. Returns
 * how many units worker threads linted, and notes on workers that failed or
 * stopped early (for --verbose): the run's output does not change.
 */
export async function lintInPool(
  data: Omit<PoolData, 'counter' | 'celeryLintUnits'>,
  workers: number,
  script: string,
  here: (index: number) => JobOutcome,
  done: (index: number, outcome: JobOutcome) => void,
): Promise<{ readonly byWorkers: number; readonly notes: readonly string[] }> {
  const { Worker } = require('node:worker_threads') as typeof import('node:worker_threads');
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const shared: PoolData = { ...data, celeryLintUnits: true, counter: counter.buffer as SharedArrayBuffer };
  const finished = new Array<boolean>(data.jobs.length).fill(false);
  const notes: string[] = [];
  let byWorkers = 0;
  // An exception from `done` in a message handler would otherwise be an uncaught one.
  let handlerError: { error: unknown } | undefined;
  const finish = (index: number, outcome: JobOutcome) => {
    if (finished[index]) return;
    finished[index] = true;
    done(index, outcome);
  };
  const started: Worker[] = [];
  const exits: Promise<void>[] = [];
  for (let k = 0; k < workers; k++) {
    let worker: Worker;
    try {
      // Its stdout is its own, read and dropped: standard output is the report's. Its stderr is the process's.
      // Its young generation is kept small: at V8's default it alone was a third of what a worker added to the run's peak.
      worker = new Worker(script, { workerData: shared, argv: [WORKER_ARG], stdout: true, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
      worker.stdout.resume();
    } catch (error) {
      notes.push(`could not start a worker thread (${(error as Error).message}); the main thread linted its share`);
      break;
    }
    started.push(worker);
    exits.push(
      new Promise<void>((resolve) => {
        worker.on('message', (message: WorkerMessage) => {
          try {
            if (message.kind === 'done' && !finished[message.index]) {
              byWorkers++;
              finish(message.index, message.outcome);
            } else if (message.kind === 'retired') {
              notes.push(`a worker thread stopped taking units with the process at ${megabytes(message.rss)} (auto's budget is ${megabytes(data.memoryBudget ?? 0)}); the main thread linted the rest`);
            } else if (message.kind === 'failed') notes.push(`a worker thread failed${message.index >= 0 ? ` on unit ${message.index + 1}` : ''} (${message.message}); the main thread linted what it had not`);
          } catch (error) {
            handlerError ??= { error };
          }
        });
        worker.on('error', (error) => notes.push(`a worker thread stopped (${error.message}); the main thread linted what it had not`));
        worker.on('exit', (code) => {
          if (code !== 0) notes.push(`a worker thread exited with code ${code}; the main thread linted what it had not`);
          resolve();
        });
      }),
    );
  }
  try {
    for (;;) {
      const index = Atomics.add(counter, 0, 1);
      if (index >= data.jobs.length) break;
      finish(index, here(index));
      // Lets the workers' outcomes in between units: merged early, their texts are not held until the end.
      await new Promise((resolve) => setImmediate(resolve));
      if (handlerError) throw handlerError.error;
    }
    await Promise.all(exits);
  } finally {
    for (const worker of started) void worker.terminate();
  }
  if (handlerError) throw handlerError.error;
  // What a failed worker took and never sent back; also what a worker that never started left.
  for (let index = 0; index < finished.length; index++) if (!finished[index]) finish(index, here(index));
  return { byWorkers, notes };
}
