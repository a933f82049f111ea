// Lints that would hold the server up (files adding up to megabytes) run on
// a worker thread, so requests about other files are answered meanwhile and
// a superseded lint is stopped, not waited for. The worker is the server's
// own entry script started again (startServer sees it is a worker and serves
// lint jobs instead of LSP), so every bundle carries it without another file;
// it parses the texts itself and ends with its job, taking its parser memory
// (WebAssembly memory never shrinks) with it.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { initParser, lint, mentionChecker, readSource, type Diagnostic, type EffectiveConfigurationInfo, type ParserOptions, type Rule, type Severity } from '@celery-lint/core';

const ROLE = 'celery-lint/lint-worker';

/** One lint, as plain data: rules by id (the worker loads the same pack), sources as text. */
export interface LintJob {
  readonly sources: ReadonlyArray<{ readonly path: string; readonly text: string }>;
  readonly ruleIds: readonly string[];
  readonly knownRuleIds: readonly string[];
  readonly severities: Readonly<Record<string, Severity | 'off'>>;
  readonly celeryVersion?: string;
  readonly djangoVersion?: string;
  readonly knownSerializers?: readonly string[];
  readonly projectFiles?: readonly string[];
  /** The project's files the lint leaves out, which answer whether a name is read elsewhere (read from disk). */
  readonly outsideFiles?: readonly string[];
  readonly installedDistributions?: readonly string[];
}

export interface LintJobOutput {
  readonly diagnostics: Diagnostic[];
  readonly configurations: EffectiveConfigurationInfo[];
}

/** A lint under way on a worker; `cancel()` stops it and its promise never settles. */
export interface RunningLint {
  readonly done: Promise<LintJobOutput>;
  cancel(): void;
}

/** Whether this thread was started as a lint worker. */
export function isLintWorker(): boolean {
  return !isMainThread && (workerData as { role?: unknown } | null)?.role === ROLE;
}

function fromDisk(file: string): string | undefined {
  const read = readSource(file);
  return read.ok ? read.text : undefined;
}

/** The worker's side: one job in, its output out. */
export function serveLintJob(rules: readonly Rule[], parser: ParserOptions): void {
  parentPort!.once('message', (job: LintJob) => {
    void (async () => {
      try {
        await initParser(parser);
        const byId = new Map(rules.map((r) => [r.meta.id, r]));
        const output = lint(job.sources, {
          rules: job.ruleIds.flatMap((id) => byId.get(id) ?? []),
          knownRuleIds: job.knownRuleIds,
          severities: job.severities,
          ...(job.celeryVersion ? { celeryVersion: job.celeryVersion } : {}),
          ...(job.djangoVersion ? { djangoVersion: job.djangoVersion } : {}),
          ...(job.knownSerializers ? { knownSerializers: job.knownSerializers } : {}),
          ...(job.projectFiles ? { projectFiles: job.projectFiles } : {}),
          ...(job.installedDistributions ? { installedDistributions: job.installedDistributions } : {}),
          ...(job.outsideFiles ? { mentionedOutside: mentionChecker(job.outsideFiles, fromDisk) } : {}),
          // A file a launch file refers to (an env file), from disk: the worker has no open documents.
          readFile: fromDisk,
        });
        parentPort!.postMessage({ ok: true, output: { diagnostics: output.diagnostics, configurations: output.configurations } });
      } catch (error) {
        parentPort!.postMessage({ ok: false, message: (error as Error)?.stack ?? String(error) });
      }
    })();
  });
}

/** The main thread's side: starts workers from the entry script, or says it cannot. */
export class LintThreads {
  /** Set once a worker failed to start (a single executable has no script to start): lints stay in-process. */
  private unavailable: string | undefined;

  constructor(private readonly script: string | undefined = require.main?.filename) {}

  get available(): boolean {
    return this.unavailable === undefined && this.script !== undefined && this.script.endsWith('.js');
  }

  /** Why workers are not used, once they failed. */
  get problem(): string | undefined {
    return this.unavailable;
  }

  start(job: LintJob): RunningLint {
    // The worker's stdout is its own stream, never the LSP stream on the process's stdout.
    const worker = new Worker(this.script!, { workerData: { role: ROLE }, argv: process.argv.slice(2), stdout: true });
    worker.stdout.resume();
    let cancelled = false;
    const done = new Promise<LintJobOutput>((resolve, reject) => {
      worker.once('message', (message: { ok: true; output: LintJobOutput } | { ok: false; message: string }) => {
        void worker.terminate();
        if (message.ok) resolve(message.output);
        else reject(new Error(message.message));
      });
      worker.once('error', (error) => {
        if (cancelled) return;
        this.unavailable = error.message;
        reject(new WorkerUnavailable(error.message));
      });
      worker.once('exit', (code) => {
        if (!cancelled) reject(new WorkerUnavailable(`the lint worker exited (code ${code}) without an answer`));
      });
    });
    // A cancelled lint's promise never settles; nobody waits on it then.
    done.catch(() => undefined);
    worker.postMessage(job);
    return {
      done,
      cancel: () => {
        cancelled = true;
        void worker.terminate();
      },
    };
  }
}

/** The worker could not run the job: lint in-process instead. */
export class WorkerUnavailable extends Error {}
