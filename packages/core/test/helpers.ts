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
