// Configuration errors shown where they are: a diagnostic on the
// pyproject.toml, at the offending key of [tool.celery-lint] (or where the
// TOML stops parsing), so the user sees it in the file they must edit
// instead of in a pop-up. The key is found by a line scan of the TOML text:
// tables (`[tool.celery-lint]`, `[tool.celery-lint.severity]`), dotted keys
// (`tool.celery-lint.select = ...` under `[tool]` or at the top level) and
// a value quoted inside the key's value (a rule id in `select`).
import { decodeSource, LineIndex, MAX_CONFIG_BYTES, readRegularFile, type ConfigErrorLocation } from '@celery-lint/core';
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver/node';
import { SOURCE } from './lsp-convert';

const HEADER = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$/;

function unquote(key: string): string {
  return key.replace(/\s+/g, '').replace(/"([^"]*)"|'([^']*)'/g, (_, a: string | undefined, b: string | undefined) => a ?? b ?? '');
}

/** The key written at the start of a `key = value` line, unquoted and without spaces around dots. */
function keyOfLine(line: string): { key: string; start: number; end: number } | undefined {
  const m = /^(\s*)((?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+)(?:\s*\.\s*(?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+))*)\s*=/.exec(line);
  if (!m) return undefined;
  return { key: unquote(m[2]!), start: m[1]!.length, end: m[1]!.length + m[2]!.length };
}

/** Where in `text` a configuration error is; the table header or the first line when the key is not found. */
export function locateConfigError(text: string, location: ConfigErrorLocation): Range {
  const lines = new LineIndex(text);
  const lineRange = (line: number, start: number, end: number): Range => ({ start: { line, character: start }, end: { line, character: end } });
  if (location.line !== undefined) {
    const line = Math.max(0, location.line - 1);
    const character = Math.max(0, (location.column ?? 1) - 1);
    return lineRange(line, character, Math.max(character, lines.lineText(line).length));
  }
  const [key, sub] = location.key ?? [];
  const wanted = `tool.celery-lint.${key}`;
  let table = '';
  let header: Range | undefined;
  for (let line = 0; line < lines.lineCount; line++) {
    const text = lines.lineText(line);
    const h = HEADER.exec(text);
    if (h) {
      table = unquote(h[1]!);
      if (table.startsWith('tool.celery-lint') && !header) header = lineRange(line, 0, text.trimEnd().length);
      if (table === wanted && sub === undefined) return lineRange(line, 0, text.trimEnd().length);
      continue;
    }
    const written = keyOfLine(text);
    if (!written || key === undefined) continue;
    const full = table ? `${table}.${written.key}` : written.key;
    if (sub !== undefined && full === `${wanted}.${sub}`) return lineRange(line, written.start, written.end);
    if (full !== wanted) continue;
    if (sub !== undefined) {
      // A value inside the key's value (a rule id in a list or an inline table): look on from the key for it, quoted.
      for (let next = line; next < lines.lineCount; next++) {
        const inner = lines.lineText(next);
        if (next > line && (HEADER.test(inner) || keyOfLine(inner))) break;
        const at = [`"${sub}"`, `'${sub}'`].map((q) => inner.indexOf(q, next === line ? written.end : 0)).find((i) => i >= 0);
        if (at !== undefined) return lineRange(next, at, at + sub.length + 2);
      }
    }
    return lineRange(line, written.start, written.end);
  }
  return header ?? lineRange(0, 0, lines.lineText(0).length);
}

/** The diagnostics a configuration error puts on its pyproject.toml, or undefined when the file cannot be read. */
export function configErrorDiagnostic(message: string, location: ConfigErrorLocation): Diagnostic | undefined {
  // Read as the CLI reads it: a FIFO named pyproject.toml would otherwise hang the server.
  const read = readRegularFile(location.file, MAX_CONFIG_BYTES);
  if (!read.ok) return undefined;
  const decoded = decodeSource(read.bytes);
  if (!decoded.ok) return undefined;
  const text = decoded.text;
  return { range: locateConfigError(text, location), severity: DiagnosticSeverity.Error, source: SOURCE, code: 'celery-lint/config-error', message };
}
