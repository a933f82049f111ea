// Workspace diagnostics (LSP 3.17 pull, `workspace/diagnostic`): the
// findings of files that are not open, under `celery-lint.lint.scope:
// workspace`. Every project of the workspace folders is linted whole, as the
// CLI lints it, once per change to the workspace (a generation): clients poll,
// and a poll with nothing new gets `unchanged` reports without a lint. Open
// documents are left out: their diagnostics are pushed as they are typed.
import type { RuleCategory } from '@celery-lint/core';
import type { Diagnostic as LspDiagnostic, WorkspaceDocumentDiagnosticReport } from 'vscode-languageserver/node';
import { LintThreads } from './lint-thread';
import { toLspDiagnostic } from './lsp-convert';
import type { LintResult, Workspace } from './workspace';

interface Snapshot {
  readonly generation: number;
  /** Findings by file, for every file the lints read. */
  readonly files: ReadonlyMap<string, readonly LspDiagnostic[]>;
}

export class WorkspaceDiagnostics {
  private generation = 0;
  private snapshot: Snapshot | undefined;
  private inFlight: { readonly generation: number; readonly done: Promise<Snapshot> } | undefined;
  private readonly threads = new LintThreads();

  constructor(
    private readonly workspace: Workspace,
    private readonly uriOf: (file: string) => string,
    private readonly categoryOf: (ruleId: string) => RuleCategory | undefined,
    /** Text size from which a project's lint goes to a worker thread. */
    private readonly workerThreshold: () => number,
  ) {}

  /** Something in the workspace changed: the next poll lints again. */
  invalidate(): void {
    this.generation++;
  }

  /**
   * The report for a poll: full reports for files whose findings the client
   * has not seen at this generation, `unchanged` for the rest.
   */
  async report(previous: ReadonlyArray<{ readonly uri: string; readonly value: string }>): Promise<WorkspaceDocumentDiagnosticReport[]> {
    const snapshot = await this.current();
    const resultId = String(snapshot.generation);
    const seen = new Set(previous.filter((p) => p.value === resultId).map((p) => p.uri));
    const reports: WorkspaceDocumentDiagnosticReport[] = [];
    for (const [file, items] of snapshot.files) {
      if (this.workspace.documents.has(file)) continue;
      const uri = this.uriOf(file);
      reports.push(seen.has(uri) ? { kind: 'unchanged', uri, version: null, resultId } : { kind: 'full', uri, version: null, resultId, items: [...items] });
    }
    return reports;
  }

  /** The findings of one file that is not open (a `textDocument/diagnostic` for it). */
  async forFile(file: string): Promise<readonly LspDiagnostic[]> {
    return (await this.current()).files.get(file) ?? [];
  }

  private current(): Promise<Snapshot> {
    if (this.snapshot?.generation === this.generation) return Promise.resolve(this.snapshot);
    if (this.inFlight?.generation === this.generation) return this.inFlight.done;
    const generation = this.generation;
    const done = this.lintAll(generation).then((snapshot) => {
      if (this.inFlight?.generation === generation) this.inFlight = undefined;
      this.snapshot = snapshot;
      return snapshot;
    });
    this.inFlight = { generation, done };
    return done;
  }

  private async lintAll(generation: number): Promise<Snapshot> {
    const files = new Map<string, LspDiagnostic[]>();
    for (const plan of this.workspace.planWorkspace()) {
      let result: LintResult;
      if (plan.size >= this.workerThreshold() && this.threads.available) {
        try {
          result = this.workspace.finishPlan(plan, await this.threads.start(this.workspace.jobOf(plan)).done);
        } catch {
          result = this.workspace.runPlan(plan);
        }
      } else {
        result = this.workspace.runPlan(plan);
      }
      for (const [file] of plan.texts) {
        const found = result.run.diagnostics.get(file) ?? [];
        files.set(file, found.map((d) => toLspDiagnostic(d, this.uriOf, this.categoryOf)));
      }
    }
    // The copies read for this are not kept: the next poll with news reads them again.
    this.workspace.releaseUnneeded();
    return { generation, files };
  }
}
