// `celery-lint rules` (every rule, as a table or JSON) and `celery-lint rule
// ID` (a rule's doc page, by id or short name).
import * as fs from 'node:fs';
import type { Rule } from '@celery-lint/core';
import { UsageError, type CommandLine } from './command-line';
import { checked, loadRules } from './group-options';
import { writeStdout } from './output';
import { VERSION } from './version';

/**
 * One rule as `rules --format json` lists it. New facts about a rule (the
 * Django checks it mirrors, say) are new fields here.
 */
export function ruleJson(rule: Rule) {
  const { meta } = rule;
  return {
    id: meta.id,
    name: meta.id.slice(meta.id.indexOf('/') + 1),
    description: meta.description,
    category: meta.category,
    defaultSeverity: meta.defaultSeverity,
    fix: { available: meta.fix !== undefined, safety: meta.fix?.safety ?? null },
    suggestions: meta.hasSuggestions === true,
    docsUrl: meta.docsUrl,
    ...(meta.djangoChecks ? { djangoChecks: meta.djangoChecks } : {}),
  };
}

export function rulesCommand(line: CommandLine): number {
  const { allRules } = loadRules();
  if (line.value('format') === 'json') {
    writeStdout(`${JSON.stringify({ tool: 'celery-lint', version: VERSION, rules: allRules.map(ruleJson) }, null, 2)}\n`);
    return 0;
  }
  const rows = allRules.map((r) => [r.meta.id, r.meta.category, r.meta.defaultSeverity, r.meta.fix ? `${r.meta.fix.safety} fix` : r.meta.hasSuggestions ? 'suggestions' : '-', r.meta.description]);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((row) => row[i]!.length)));
  writeStdout(rows.map((row) => `${row.map((cell, i) => (i < 4 ? cell.padEnd(widths[i]!) : cell)).join('  ')}\n`).join(''));
  return 0;
}

export function ruleCommand(line: CommandLine): number {
  const { allRules, ruleDocPath } = loadRules();
  const core = require('@celery-lint/core') as typeof import('@celery-lint/core');
  const name = line.positionals[0]!;
  const id = checked(() => core.resolveRuleId(name, allRules));
  if (id === undefined) {
    const names = allRules.flatMap((r) => [r.meta.id, r.meta.id.slice(r.meta.id.indexOf('/') + 1)]);
    const guess = core.closestMatch(name, names);
    throw new UsageError(`unknown rule '${name}'${guess ? ` (did you mean '${guess}'?)` : ''}; see 'celery-lint rules'`);
  }
  writeStdout(fs.readFileSync(ruleDocPath(id), 'utf8'));
  return 0;
}
