// One fingerprint per finding, stable across unrelated edits: the rule, the
// file, the trimmed text of the finding's line and the message, plus which
// occurrence of that same combination it is in the file. Two identical lines
// (the same setting in both branches of an `if`) are two findings.
import { createHash } from 'node:crypto';
import type { Diagnostic } from '@celery-lint/core';
import type { FileResult } from '../lint-run';

export function fingerprints(result: FileResult, file: string): Map<Diagnostic, string> {
  const lines = (result.source ?? '').split(/\r\n|\r|\n/);
  const seen = new Map<string, number>();
  const out = new Map<Diagnostic, string>();
  for (const d of result.diagnostics) {
    const key = `${d.ruleId}\0${file}\0${(lines[d.range.start.line] ?? '').trim()}\0${d.message}`;
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    out.set(d, createHash('sha256').update(`${key}\0${occurrence}`).digest('hex').slice(0, 32));
  }
  return out;
}
