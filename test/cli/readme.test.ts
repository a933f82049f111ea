// The README documents the command line as it is (issue 16, items 7 and 8):
// the options and rules tables are what the real CLI prints, every flag in
// --help has a one-line meaning, and every category, format and exit status
// is documented.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO, runCli } from './run-cli';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const tables = require(path.join(REPO, 'scripts', 'readme-tables.js')) as {
  expectedSections(): Record<string, string>;
  currentSection(readme: string, name: string): string | undefined;
  helpOptions(help: string): Array<{ signature: string; meaning: string }>;
};
const README = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');

test('the README options and rules tables are what the CLI says (run `npm run readme` after changing either)', () => {
  for (const [name, expected] of Object.entries(tables.expectedSections())) {
    const current = tables.currentSection(README, name);
    assert.ok(current !== undefined, `README.md lacks the <!-- ${name}:start --> / <!-- ${name}:end --> markers`);
    assert.equal(current, expected, `README.md's ${name} table has drifted from the CLI: run \`npm run readme\``);
  }
  const rules = (JSON.parse(runCli(['rules', '--format', 'json']).stdout) as { rules: Array<{ id: string }> }).rules;
  for (const rule of rules) assert.ok(tables.currentSection(README, 'rules')!.includes(`\`${rule.id}\``), `${rule.id} is missing from the README`);
});

test('--help lists every option with a one-line meaning, and the README examples use only real options', () => {
  const help = runCli(['--help']).stdout;
  const options = tables.helpOptions(help);
  const names = options.map((o) => /--([\w-]+)/.exec(o.signature)![1]!);
  for (const o of options) assert.ok(o.meaning.length > 10 && !o.meaning.includes('\n'), o.signature);
  // Every long option the parser knows appears in --help: an option missing there is a parse error.
  for (const name of names) assert.notEqual(runCli([`--${name}`, '--help']).code, 2, name);
  const known = new Set([...names, ...['print-config', 'rules'].flatMap((c) => tables.helpOptions(runCli([c, '--help']).stdout).map((o) => /--([\w-]+)/.exec(o.signature)![1]!))]);
  const examples = README.split('\n').filter((line) => /^\s*(npx )?celery-lint( |$)/.test(line));
  assert.ok(examples.length >= 10, 'the README shows the command in use');
  for (const line of examples) {
    for (const flag of line.replace(/#.*$/, '').match(/(?<=\s)--[\w-]+/g) ?? []) assert.ok(known.has(flag.slice(2)), `README example uses an option celery-lint does not have: ${line.trim()}`);
  }
});

test('every category, format and exit status is documented', () => {
  const rules = (JSON.parse(runCli(['rules', '--format', 'json']).stdout) as { rules: Array<{ category: string }> }).rules;
  for (const category of new Set(rules.map((r) => r.category))) assert.match(README, new RegExp(`\\*\\*${category}\\*\\* \\(`), `category ${category}`);
  const formats = /report format: ([\w, ]+) \(default/.exec(runCli(['--help']).stdout)![1]!.split(', ');
  assert.ok(formats.length >= 6);
  for (const format of formats) assert.match(README, new RegExp(`^\\| \`${format}\` \\| `, 'm'), `format ${format}`);
  for (const code of [0, 1, 2]) assert.match(README, new RegExp(`^\\| \`${code}\` \\| \\S`, 'm'), `exit code ${code}`);
});
