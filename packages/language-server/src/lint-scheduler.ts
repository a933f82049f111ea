// When to lint and what to publish. Changes are collected per group and
// linted together after a short pause (the first change after a pause at
// once); a request about a document lints its group first if a change is
// pending. Each lint publishes the diagnostics of the open documents it
// decides; configuration errors go on the pyproject.toml they come from.
// A lint that reads megabytes goes to a worker thread (lint-thread.ts): the
// server keeps answering meanwhile, and a change to its group cancels it.
import { ConfigError, fileErrorDiagnostic, type ConfigErrorLocation, type RuleCategory } from '@celery-lint/core';
import { DiagnosticSeverity, type Connection, type Diagnostic as LspDiagnostic } from 'vscode-languageserver/node';
import { configErrorDiagnostic } from './config-diagnostics';
import { toLspDiagnostic, uriOfPath } from './lsp-convert';
import type { Messages } from './messages';
import type { OpenDocument } from './open-document';
import { LintThreads, WorkerUnavailable, type RunningLint } from './lint-thread';
import type { GroupRun, GroupTarget, LintPlan, LintResult, Workspace } from './workspace';

interface Pending {
  readonly target: GroupTarget;
  readonly changed: Set<string>;
}

interface Running {
  readonly target: GroupTarget;
  readonly changed: ReadonlySet<string>;
  readonly lint: RunningLint;
}

/**
 * Characters of text from which a lint goes to a worker thread: about a
 * second of linting on a laptop. Below it, a worker's start-up (loading the
 * server and the grammar again, parsing from scratch) costs more than it saves.
 */
const WORKER_THRESHOLD = 1_000_000;

export class LintScheduler {
  private readonly pending = new Map<string, Pending>();
  private timer: NodeJS.Timeout | undefined;
  private lastLintEnd = 0;
  /** Diagnostics on pyproject.toml files, by file: configuration errors and settings left out. */
  private readonly configDiagnostics = new Map<string, LspDiagnostic[]>();
  private readonly loggedCrashes = new Set<string>();
  /** Lints on worker threads, by group. */
  private readonly running = new Map<string, Running>();
  private readonly threads = new LintThreads();
  /** Text size from which a lint goes to a worker (initializationOptions.workerThreshold overrides it, for tests). */
  workerThreshold = WORKER_THRESHOLD;
  /** Called after each lint with what it published (for workspace diagnostics). */
  onLinted: (result: LintResult) => void = () => undefined;

  constructor(
    private readonly connection: Connection,
    private readonly workspace: Workspace,
    private readonly messages: Messages,
    private readonly categoryOf: (ruleId: string) => RuleCategory | undefined,
    public debounceMs: number,
  ) {}

  readonly uriOf = (file: string): string => this.workspace.documents.get(file)?.uri ?? uriOfPath(file);

  /** Files of a group changed (or documents opened or closed): lint what they affect soon. */
  schedule(target: GroupTarget, files: Iterable<string>): void {
    let entry = this.pending.get(target.key);
    if (!entry) {
      entry = { target, changed: new Set() };
      this.pending.set(target.key, entry);
    }
    for (const file of files) entry.changed.add(file);
    // A lint under way for this group is superseded: stop it, and lint what it was for with the rest.
    const superseded = this.running.get(target.key);
    if (superseded) {
      this.running.delete(target.key);
      superseded.lint.cancel();
      for (const file of superseded.changed) entry.changed.add(file);
    }
    if (this.timer) return;
    const wait = Math.max(0, this.lastLintEnd + this.debounceMs - Date.now());
    this.timer = setTimeout(() => this.flush(), wait);
  }

  /** Every open document, as after a settings or configuration change. */
  relintEverything(): void {
    for (const doc of this.workspace.documents.values()) {
      const target = this.targetOf(doc);
      if (target) this.schedule(target, [doc.path]);
      else this.publishEmpty(doc);
    }
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const key of [...this.pending.keys()]) this.lintNow(key);
  }

  /** The group of a document, or undefined with the reason shown when its pyproject.toml is broken. */
  targetOf(doc: OpenDocument): GroupTarget | undefined {
    try {
      return this.workspace.targetFor(doc.path);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      this.configProblem(error.message, error.location, DiagnosticSeverity.Error);
      return undefined;
    }
  }

  /** An up-to-date run for a document: requests must answer for the text the client has now. */
  currentRun(doc: OpenDocument): GroupRun | undefined {
    const target = this.targetOf(doc);
    if (!target || doc.fileError || this.workspace.isExcluded(target, doc.path)) return undefined;
    if (this.pending.has(target.key)) this.lintNow(target.key);
    // A lint on a worker is not waited for: the request gets the last run (or none yet).
    if (!this.workspace.lastRun(doc.path) && !this.running.has(target.key)) this.lintNow(target.key, [doc.path]);
    return this.workspace.lastRun(doc.path);
  }

  /** Whether a lint is waiting for this group. */
  isPending(key: string): boolean {
    return this.pending.has(key);
  }

  /** Publishes what a document gets without a lint: a file error, or nothing (excluded, disabled, no configuration). */
  publishWithoutLint(doc: OpenDocument): void {
    const error = doc.fileError;
    const diagnostics = error && this.workspace.settings.enable ? [toLspDiagnostic(fileErrorDiagnostic(doc.path, error), this.uriOf, this.categoryOf)] : [];
    void this.connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
  }

  publishEmpty(doc: OpenDocument): void {
    void this.connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: [] });
  }

  /** Forgets configuration diagnostics (a pyproject.toml changed): they are found again as documents are linted. */
  clearConfigDiagnostics(): void {
    for (const file of this.configDiagnostics.keys()) void this.connection.sendDiagnostics({ uri: uriOfPath(file), diagnostics: [] });
    this.configDiagnostics.clear();
    this.messages.forget();
  }

  /** Whether a lint of this group is under way on a worker. */
  isRunning(key: string): boolean {
    return this.running.has(key);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
    for (const running of this.running.values()) running.lint.cancel();
    this.running.clear();
  }

  /** Lints one group now; a failure is logged and leaves the previous diagnostics on screen. */
  private lintNow(key: string, extra: readonly string[] = []): void {
    const entry = this.pending.get(key);
    this.pending.delete(key);
    const target = entry?.target ?? (extra[0] ? this.workspace.targetFor(extra[0]) : undefined);
    if (!target) return;
    const changed = new Set([...(entry?.changed ?? []), ...extra]);
    try {
      const plan = this.workspace.planChanged(target, changed);
      this.reportProblems();
      // Documents that are not linted still answer for their state.
      for (const file of changed) {
        const doc = this.workspace.documents.get(file);
        if (doc && (doc.fileError || this.workspace.isExcluded(target, doc.path))) this.publishWithoutLint(doc);
      }
      if (!plan) return;
      if (plan.size >= this.workerThreshold && this.threads.available) this.lintOnWorker(plan, changed);
      else this.publish(this.workspace.runPlan(plan));
    } catch (error) {
      this.lintFailed(target, error);
    } finally {
      this.lastLintEnd = Date.now();
    }
  }

  private lintOnWorker(plan: LintPlan, changed: ReadonlySet<string>): void {
    const { target } = plan;
    const lint = this.threads.start(this.workspace.jobOf(plan));
    const running: Running = { target, changed, lint };
    this.running.set(target.key, running);
    lint.done.then(
      (output) => {
        if (this.running.get(target.key) !== running) return;
        this.running.delete(target.key);
        this.publish(this.workspace.finishPlan(plan, output));
      },
      (error: unknown) => {
        if (this.running.get(target.key) !== running) return;
        this.running.delete(target.key);
        if (!(error instanceof WorkerUnavailable)) return this.lintFailed(target, error);
        this.messages.log('warning', `linting on a worker thread failed (${error.message}); linting in the server instead`);
        try {
          this.publish(this.workspace.runPlan(plan));
        } catch (inProcess) {
          this.lintFailed(target, inProcess);
        }
      },
    );
  }

  private lintFailed(target: GroupTarget, error: unknown): void {
    this.messages.log('error', `celery-lint failed while linting ${target.root ?? target.key}: ${(error as Error)?.stack ?? String(error)}`);
  }

  private publish(result: LintResult): void {
    const { run, documents } = result;
    for (const crash of run.crashes) {
      if (this.loggedCrashes.has(crash.message)) continue;
      this.loggedCrashes.add(crash.message);
      this.messages.log('error', `${crash.message} (${crash.file})`);
    }
    for (const doc of documents) {
      const findings = this.workspace.settings.enable ? (run.diagnostics.get(doc.path) ?? []) : [];
      void this.connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: findings.map((d) => toLspDiagnostic(d, this.uriOf, this.categoryOf)) });
    }
    this.onLinted(result);
  }

  /** Settings a lint had to leave out: shown once; those from a pyproject.toml key also on that file. */
  private reportProblems(): void {
    for (const problem of this.workspace.problems.values()) {
      if (problem.location) this.configProblem(problem.message, problem.location, DiagnosticSeverity.Warning);
      else this.messages.notify('warning', problem.message);
    }
  }

  private configProblem(message: string, location: ConfigErrorLocation | undefined, severity: DiagnosticSeverity): void {
    this.messages.notify(severity === DiagnosticSeverity.Error ? 'error' : 'warning', message);
    if (!location) return;
    const diagnostic = configErrorDiagnostic(message, location);
    if (!diagnostic) return;
    diagnostic.severity = severity;
    const list = this.configDiagnostics.get(location.file) ?? [];
    if (list.some((d) => d.message === diagnostic.message)) return;
    list.push(diagnostic);
    this.configDiagnostics.set(location.file, list);
    void this.connection.sendDiagnostics({ uri: uriOfPath(location.file), diagnostics: list });
  }
}
