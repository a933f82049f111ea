// Which rules run and how loud they are: shared by the command line, the
// pyproject.toml table and the editor's settings, so all three accept and
// refuse the same things with the same words.
import { isCeleryVersion } from './knowledge/versions';
import type { Rule } from './rule';
import type { Severity } from './types';

/** A selection that names nothing real; the message says what to fix. */
export class SelectionError extends Error {}

function matches(rule: Rule, pattern: string): boolean {
  return rule.meta.id === pattern || rule.meta.category === pattern || rule.meta.id.split('/')[0] === pattern;
}

/** `select` / `ignore` take rule ids, categories (security, correctness, ...) or a pack prefix (`celery`). */
export function selectRules(all: readonly Rule[], select: readonly string[], ignore: readonly string[]): Rule[] {
  for (const pattern of [...select, ...ignore]) {
    if (!all.some((r) => matches(r, pattern))) throw new SelectionError(`'${pattern}' is neither a rule id nor a category (see \`celery-lint rules\`)`);
  }
  return all.filter((r) => (select.length === 0 || select.some((p) => matches(r, p))) && !ignore.some((p) => matches(r, p)));
}

/** Whether `name` (an id, category or prefix, as in per-file-ignores) covers the rule `ruleId`. */
export function patternCoversRule(name: string, ruleId: string, rules: readonly Rule[]): boolean {
  if (name === ruleId) return true;
  const rule = rules.find((r) => r.meta.id === ruleId);
  return rule !== undefined && matches(rule, name);
}

/** `rule=level` entries, level error, warning (warn) or off. */
export function parseSeverities(values: readonly string[], known: ReadonlyMap<string, Rule>, flag = '--severity'): Record<string, Severity | 'off'> {
  const out: Record<string, Severity | 'off'> = {};
  for (const value of values) {
    const m = /^([^=]+)=(error|warning|warn|off)$/.exec(value);
    if (!m) throw new SelectionError(`${flag} takes rule=level with level error, warning or off; got '${value}'`);
    const id = m[1]!;
    if (!known.has(id)) throw new SelectionError(`${flag} names an unknown rule '${id}' (see \`celery-lint rules\`)`);
    out[id] = m[2] === 'warn' ? 'warning' : (m[2] as Severity | 'off');
  }
  return out;
}

/** A target Celery version the knowledge base covers (Celery 5: 5.2 to main), or an error naming the value. */
export function checkCeleryVersion(version: string, flag = '--celery-version'): string {
  if (!isCeleryVersion(version) || !(version === 'main' || /^5(\.|$)/.test(version))) {
    throw new SelectionError(`${flag} '${version}' is not a Celery release celery-lint knows (use e.g. 5.2, 5.4.0, 5.6 or main)`);
  }
  return version;
}
