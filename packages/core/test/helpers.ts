import * as fs from 'node:fs';
import * as path from 'node:path';
import { initParser, lint, type LintOutput, type Rule } from '../src';

export const FILE = '/project/settings.py';

/** Lints one or more in-memory files with the real parser. */
export async function lintSources(files: Record<string, string> | string, rules: readonly Rule[] = []): Promise<LintOutput> {
  await initParser();
  const map = typeof files === 'string' ? { [FILE]: files } : files;
  return lint(
    Object.entries(map).map(([path, text]) => ({ path, text })),
    { rules },
  );
}

/** The value of a module-level binding in the only configuration, as JSON. */
export function bindingsByKey(output: LintOutput): Map<string, LintOutput['configurations'][number]['bindings'][number]> {
  const out = new Map();
  for (const config of output.configurations) for (const b of config.bindings) if (b.status.state !== 'overridden') out.set(b.key, b);
  return out;
}

/** The repository root, seen from the compiled tests in packages/core/dist/test. */
export const REPO = path.resolve(__dirname, '..', '..', '..', '..');

/** Every `.py` file under `dir`. */
export function pythonFiles(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) pythonFiles(full, out);
    else if (entry.name.endsWith('.py')) out.push(full);
  }
  return out;
}

/**
 * `text` with its \n line endings replaced, as CPython also reads them: all
 * by \r\n or by \r, or (`mixed`) by \r\n, \r and \n in turn, where a \r
 * right before an empty line's \n becomes \r\n (the two would be one).
 */
export function withLineEndings(text: string, kind: 'lf' | 'crlf' | 'cr' | 'mixed'): string {
  if (kind === 'lf') return text;
  if (kind !== 'mixed') return text.replace(/\n/g, kind === 'cr' ? '\r' : '\r\n');
  let i = 0;
  return text.replace(/\n(?=(\n?))/g, (_, next: string) => ['\r\n', next ? '\r\n' : '\r', '\n'][i++ % 3]!);
}
