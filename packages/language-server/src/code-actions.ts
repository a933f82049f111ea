// Quick fixes for the findings under the cursor: each fix (safe ones
// preferred, unsafe ones labelled), each suggestion, "disable for this line /
// file", and the `source.fixAll.celery-lint` action that applies safe fixes
// only, as ESLint's and Ruff's servers do. Nothing is offered where there is
// no finding.
import { fix, ignoredForFile, patternCoversRule, type Diagnostic, type RuleCategory, type TextEdit as EngineEdit } from '@celery-lint/core';
import { CodeActionKind, type CodeAction, type Range, type WorkspaceEdit } from 'vscode-languageserver/node';
import { minimalEdit, toLspDiagnostic, toLspEdits } from './lsp-convert';
import type { OpenDocument } from './open-document';
import { disableForFileEdit, disableForLineEdit } from './suppression-edits';
import type { GroupRun } from './workspace';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.celery-lint`;

/** Findings about the linter or the file itself: no fix, and no suppression either. */
const META_RULES = new Set(['celery-lint/syntax-error', 'celery-lint/internal-error', 'celery-lint/file-error', 'celery-lint/config-error', 'celery-lint/unused-suppression']);

export interface EditTarget {
  /** file: URI (or untitled URI) of a linted path. */
  uriOf(file: string): string;
  /** Version of the open document for `file`, or null when it is not open. */
  versionOf(file: string): number | null;
  /** Whether the client takes versioned `documentChanges`. */
  readonly documentChanges: boolean;
}

export interface CodeActionRequest {
  readonly doc: OpenDocument;
  readonly run: GroupRun;
  readonly range: Range;
  readonly only: readonly string[] | undefined;
  readonly target: EditTarget;
  readonly categoryOf: (ruleId: string) => RuleCategory | undefined;
  /** Actions the user's settings turn off (`codeAction.disableRuleComment.enable`, `fixAll`). */
  readonly offer?: { readonly disableRuleComment: boolean; readonly fixAll: boolean };
}

function kindAllowed(kind: string, only: readonly string[] | undefined): boolean {
  return !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

function before(a: { line: number; character: number }, b: { line: number; character: number }): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function touches(d: Diagnostic, range: Range): boolean {
  return !before(range.end, d.range.start) && !before(d.range.end, range.start);
}

function workspaceEdit(run: GroupRun, file: string, edits: readonly EngineEdit[], target: EditTarget): WorkspaceEdit | undefined {
  const text = run.texts.get(file);
  if (text === undefined) return undefined;
  const uri = target.uriOf(file);
  const lspEdits = toLspEdits(edits, text);
  if (target.documentChanges) return { documentChanges: [{ textDocument: { uri, version: target.versionOf(file) }, edits: lspEdits }] };
  return { changes: { [uri]: lspEdits } };
}

export function codeActions(request: CodeActionRequest): CodeAction[] {
  const { doc, run, range, only, target } = request;
  const findings = run.diagnostics.get(doc.path) ?? [];
  const here = findings.filter((d) => touches(d, range));
  const actions: CodeAction[] = [];
  // One action per distinct edit: two findings on one value (pickle-serializer and accept-content-mismatch
  // on `'pickle'`) may offer the same change; it is offered once, for both.
  const byEdit = new Map<string, CodeAction>();
  const offer = (action: CodeAction & { edit: WorkspaceEdit }) => {
    const key = JSON.stringify(action.edit);
    const same = byEdit.get(key);
    if (!same) {
      byEdit.set(key, action);
      actions.push(action);
      return;
    }
    same.diagnostics = [...(same.diagnostics ?? []), ...(action.diagnostics ?? [])];
    // A safe fix's title wins over an unsafe one's or a suggestion's for the same change.
    if (action.isPreferred && !same.isPreferred) {
      same.title = action.title;
      same.isPreferred = true;
    }
  };
  const lsp = (d: Diagnostic) => toLspDiagnostic(d, target.uriOf, request.categoryOf);
  if (kindAllowed(CodeActionKind.QuickFix, only)) {
    const disabledLines = new Set<string>();
    const disabledFile = new Set<string>();
    for (const d of here) {
      if (d.fix) {
        const edit = workspaceEdit(run, d.fix.file, d.fix.edits, target);
        const safe = d.fix.safety === 'safe';
        if (edit) {
          offer({
            title: safe ? `Fix this ${d.ruleId} problem` : `Fix this ${d.ruleId} problem (unsafe: may change behaviour)`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [lsp(d)],
            isPreferred: safe,
            edit,
          });
        }
      }
      for (const s of d.suggestions ?? []) {
        const edit = workspaceEdit(run, s.fix.file, s.fix.edits, target);
        if (edit) offer({ title: s.message, kind: CodeActionKind.QuickFix, diagnostics: [lsp(d)], edit });
      }
    }
    const text = run.texts.get(doc.path);
    // Python comment edits do not fit a launch file (a Dockerfile takes no comment after an instruction).
    if (text !== undefined && request.offer?.disableRuleComment !== false && !doc.isLaunchFile) {
      const known = new Set(run.options.knownRuleIds.flatMap((id) => [id, id.slice(id.indexOf('/') + 1)]));
      const ours = (name: string) => known.has(name);
      for (const d of here) {
        if (META_RULES.has(d.ruleId)) continue;
        const lineKey = `${d.ruleId}:${d.range.start.line}`;
        if (!disabledLines.has(lineKey)) {
          disabledLines.add(lineKey);
          const edit = disableForLineEdit(text, doc.lineIndex, doc, d.range.start.line, d.ruleId, ours);
          const change = edit && workspaceEdit(run, doc.path, [edit], target);
          if (change) actions.push({ title: `Disable ${d.ruleId} for this line`, kind: CodeActionKind.QuickFix, diagnostics: [lsp(d)], edit: change });
        }
        if (!disabledFile.has(d.ruleId)) {
          disabledFile.add(d.ruleId);
          const change = workspaceEdit(run, doc.path, [disableForFileEdit(text, doc.lineIndex, doc, d.ruleId)], target);
          if (change) actions.push({ title: `Disable ${d.ruleId} for this file`, kind: CodeActionKind.QuickFix, diagnostics: [lsp(d)], edit: change });
        }
      }
    }
  }
  const wantsFixAll = only ? kindAllowed(FIX_ALL_KIND, only) : here.length > 0;
  if (wantsFixAll && request.offer?.fixAll !== false && findings.some((d) => d.fix?.safety === 'safe' && d.fix.file === doc.path)) {
    const edit = fixAllEdit(doc, run);
    const change = edit && workspaceEdit(run, doc.path, [edit], target);
    if (change) actions.push({ title: 'Fix all safely fixable celery-lint problems', kind: FIX_ALL_KIND, edit: change });
  }
  return actions;
}

/**
 * The one edit that applies every safe fix in the document, re-linting
 * between passes as the CLI's --fix does (fixes that overlap wait for the
 * next pass). Rules a per-file-ignores entry turns off for the file fix nothing.
 */
export function fixAllEdit(doc: OpenDocument, run: GroupRun): EngineEdit | undefined {
  const text = run.texts.get(doc.path);
  if (text === undefined) return undefined;
  const ignored = run.config ? ignoredForFile(run.config, doc.path) : [];
  const rules = run.options.rules.filter((r) => !ignored.some((name) => patternCoversRule(name, r.meta.id, run.options.rules)));
  const context = [...run.texts].filter(([file]) => file !== doc.path).map(([file, contextText]) => ({ path: file, text: contextText }));
  const result = fix({ path: doc.path, text }, context, {
    rules,
    knownRuleIds: run.options.knownRuleIds,
    ...(run.options.knownSerializers ? { knownSerializers: run.options.knownSerializers } : {}),
    severities: run.options.severities,
    ...(run.options.celeryVersion ? { celeryVersion: run.options.celeryVersion } : {}),
    ...(run.options.djangoVersion ? { djangoVersion: run.options.djangoVersion } : {}),
    unsafe: false,
  });
  return result.changed ? minimalEdit(text, result.text) : undefined;
}
