// The edge between the engine's data and LSP's: URIs, ranges, diagnostics
// and edits. Ranges are already 0-based UTF-16 in the engine (design.md,
// "Positions"), so nothing is recounted here.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LineIndex, type Diagnostic, type RuleCategory, type TextEdit as EngineEdit } from '@celery-lint/core';
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic as LspDiagnostic, type TextEdit } from 'vscode-languageserver/node';

export const SOURCE = 'celery-lint';

/** Where untitled documents live in the engine's eyes: nowhere on disk. */
export const UNTITLED_PREFIX = '/untitled/';

/** The file path the engine uses for a document URI; untitled documents get a stable made-up path. */
export function pathOfUri(uri: string): string {
  if (uri.startsWith('file:')) return fileURLToPath(uri);
  // untitled:Untitled-1 and friends: a path no real file has, so no project is attached.
  return `${UNTITLED_PREFIX}${encodeURIComponent(uri)}.py`;
}

export function uriOfPath(file: string): string {
  return pathToFileURL(file).href;
}

export function toLspDiagnostic(d: Diagnostic, uriOf: (file: string) => string, categoryOf: (ruleId: string) => RuleCategory | undefined): LspDiagnostic {
  const out: LspDiagnostic = {
    range: d.range,
    severity: d.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: d.ruleId,
    source: SOURCE,
    message: d.message,
    // Lets a code action find the engine's finding again from the diagnostic the client sends back.
    data: { ruleId: d.ruleId, start: d.span.start, end: d.span.end },
  };
  if (d.docsUrl) out.codeDescription = { href: d.docsUrl };
  if (d.related?.length) {
    out.relatedInformation = d.related.map((r) => ({ location: { uri: uriOf(r.span.file), range: r.range }, message: r.message }));
  }
  if (d.ruleId === 'celery-lint/unused-suppression') out.tags = [DiagnosticTag.Unnecessary];
  else if (categoryOf(d.ruleId) === 'deprecation') out.tags = [DiagnosticTag.Deprecated];
  return out;
}

/** Engine edits (offsets into `text`) as LSP edits (ranges in the same text). */
export function toLspEdits(edits: readonly EngineEdit[], text: string): TextEdit[] {
  const lines = new LineIndex(text);
  return edits.map((e) => ({ range: lines.range({ start: e.start, end: e.end }), newText: e.text }));
}

/**
 * The smallest single edit that turns `before` into `after`: the common
 * prefix and suffix are left alone, so the editor keeps the cursor and the
 * undo step is small.
 */
export function minimalEdit(before: string, after: string): EngineEdit {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  // Never split a surrogate pair.
  if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--;
  let tail = 0;
  while (tail < max - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  if (tail > 0 && isLowSurrogate(before.charCodeAt(before.length - tail))) tail--;
  return { start, end: before.length - tail, text: after.slice(start, after.length - tail) };
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
