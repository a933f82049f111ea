// Which rules run and how loud they are: shared by the command line, the
// pyproject.toml table and the editor's settings, so all three accept and
// refuse the same things with the same words. Wherever a rule id is
// accepted, its short name (`pickle-serializer` for
// `celery/pickle-serializer`) is too.
import { isCeleryVersion } from './knowledge/versions';
import { isDjangoVersion } from './knowledge/django-model';
import type { Rule } from './rule';
import type { Severity } from './types';

/** A selection that names nothing real; the message says what to fix. */
export class SelectionError extends Error {}

function shortName(id: string): string {
  return id.slice(id.indexOf('/') + 1);
}

function matches(rule: Rule, pattern: string): boolean {
  const { id, category } = rule.meta;
  return id === pattern || category === pattern || id.split('/')[0] === pattern || shortName(id) === pattern;
}

/**
 * The full id a rule name stands for: the id itself, or a short name only
 * one rule has. Undefined when nothing matches; an error when a short name
 * is ambiguous.
 */
export function resolveRuleId(name: string, rules: Iterable<Rule>): string | undefined {
  const found: string[] = [];
  for (const rule of rules) {
    if (rule.meta.id === name) return name;
    if (shortName(rule.meta.id) === name) found.push(rule.meta.id);
  }
  if (found.length > 1) throw new SelectionError(`'${name}' names several rules (${found.join(', ')}); use the full id`);
  return found[0];
}

/** Checks that every name is a rule id, a short name, a category or a pack prefix. */
export function checkRuleNames(all: readonly Rule[], names: readonly string[], where = ''): void {
  for (const pattern of names) {
    if (!all.some((r) => matches(r, pattern))) throw new SelectionError(`'${pattern}'${where} is neither a rule id nor a category (see \`celery-lint rules\`)`);
  }
}

/** `select` / `ignore` take rule ids or short names, categories (security, correctness, ...) or a pack prefix (`celery`). */
export function selectRules(all: readonly Rule[], select: readonly string[], ignore: readonly string[]): Rule[] {
  checkRuleNames(all, [...select, ...ignore]);
  return all.filter((r) => (select.length === 0 || select.some((p) => matches(r, p))) && !ignore.some((p) => matches(r, p)));
}

/** Whether `name` (an id, short name, category or prefix, as in per-file-ignores) covers the rule `ruleId`. */
export function patternCoversRule(name: string, ruleId: string, rules: readonly Rule[]): boolean {
  if (name === ruleId) return true;
  const rule = rules.find((r) => r.meta.id === ruleId);
  return rule !== undefined && matches(rule, name);
}

/** `rule=level` entries, level error, warning (warn) or off; keys come back as full ids. */
export function parseSeverities(values: readonly string[], known: ReadonlyMap<string, Rule>, flag = '--severity'): Record<string, Severity | 'off'> {
  const out: Record<string, Severity | 'off'> = {};
  for (const value of values) {
    const m = /^([^=]+)=(error|warning|warn|off)$/.exec(value);
    if (!m) throw new SelectionError(`${flag} takes rule=level with level error, warning or off; got '${value}'`);
    const id = resolveRuleId(m[1]!, known.values());
    if (id === undefined) throw new SelectionError(`${flag} names an unknown rule '${m[1]}' (see \`celery-lint rules\`)`);
    out[id] = m[2] === 'warn' ? 'warning' : (m[2] as Severity | 'off');
  }
  return out;
}

/** A target Django version (`4.2`, `3.2.25`), or an error naming the value. */
export function checkDjangoVersion(version: string, flag = '--django-version'): string {
  if (!isDjangoVersion(version) || Number(version.split('.')[0]) < 1) {
    throw new SelectionError(`${flag} '${version}' is not a Django release (use e.g. 3.2, 4.2 or 5.2.1)`);
  }
  return version;
}

/** A target Celery version the knowledge base covers (Celery 5: 5.2 to main), or an error naming the value. */
export function checkCeleryVersion(version: string, flag = '--celery-version'): string {
  if (!isCeleryVersion(version) || !(version === 'main' || /^(4\.4|5)(\.|$)/.test(version))) {
    throw new SelectionError(`${flag} '${version}' is not a Celery release celery-lint knows (use e.g. 4.4, 5.2, 5.4.0, 5.6 or main)`);
  }
  return version;
}
