// A worker thread of the unit pool (unit-pool.ts): takes units from the
// shared counter until none is left, lints each (unit-job.ts) and posts back
// what the run keeps of it. It is loaded from the same file as the CLI (the
// bundle, whose entry switches here in a pool's worker), so both sides run
// one build.
import { initParser } from '@celery-lint/core';
import * as threads from 'node:worker_threads';
import { loadRules } from './group-options';
import { overBudget } from './pool-memory';
import { lintJob, type PoolData, type WorkerMessage } from './unit-job';

function failed(index: number, error: unknown): WorkerMessage {
  return { kind: 'failed', index, message: (error as Error)?.message ?? String(error) };
}

async function work(port: threads.MessagePort, data: PoolData): Promise<void> {
  const counter = new Int32Array(data.counter);
  await initParser();
  const { rulesById } = loadRules();
  for (;;) {
    // Looked at before taking a unit, so none is taken and left: exiting gives this isolate's memory back.
    const rss = overBudget(data.memoryBudget);
    if (rss !== undefined) {
      port.postMessage({ kind: 'retired', rss } satisfies WorkerMessage);
      return;
    }
    const index = Atomics.add(counter, 0, 1);
    if (index >= data.jobs.length) return;
    let message: WorkerMessage;
    try {
      message = { kind: 'done', index, outcome: lintJob(data.jobs[index]!, data, rulesById) };
    } catch (error) {
      // The main thread lints the unit again: the same exception then ends the run as it does with one thread.
      message = failed(index, error);
    }
    port.postMessage(message);
  }
}

/** Runs the worker when this thread is one of a unit pool's; does nothing anywhere else. */
export function startIfPoolWorker(): void {
  const data = threads.workerData as PoolData | undefined;
  if (threads.isMainThread || data?.celeryLintUnits !== true) return;
  const port = threads.parentPort!;
  work(port, data).catch((error: unknown) => {
    // The units this thread did not finish are linted by the main thread once it has exited.
    port.postMessage(failed(-1, error));
  });
}

startIfPoolWorker();
