#!/usr/bin/env node
'use strict';
// The README's generated tables, from the real CLI: the options of every
// command (from `--help`) and the rules (from `rules --format json`), each
// between its markers. `npm run readme` rewrites them; test/cli/readme.test.ts
// fails when the README has drifted from what the CLI says.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const bin = path.join(root, 'packages', 'cli', 'bin', 'celery-lint.js');
const readmePath = path.join(root, 'README.md');

function cli(args) {
  return execFileSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

/** `  -f, --format FORMAT   meaning` lines of a --help text, in order. */
function helpOptions(help) {
  const lines = help.split('\n');
  const start = lines.indexOf('Options:');
  const out = [];
  for (const line of lines.slice(start + 1)) {
    const m = /^ {2}((?:-\w, )?--[\w-]+(?: \S+)?|\s{4}--[\w-]+(?: \S+)?) {2,}(\S.*)$/.exec(line);
    if (!m) break;
    out.push({ signature: m[1].trim(), meaning: m[2] });
  }
  return out;
}

const escape = (text) => text.replace(/\|/g, '\\|');

function optionsSection() {
  const commands = [
    { title: '`celery-lint [OPTIONS] [PATH...]`', args: ['--help'] },
    { title: '`celery-lint print-config [OPTIONS] PATH...`', args: ['print-config', '--help'] },
    { title: '`celery-lint rules [OPTIONS]`', args: ['rules', '--help'] },
  ];
  const parts = [];
  for (const command of commands) {
    parts.push(command.title, '', '| option | meaning |', '| --- | --- |');
    for (const o of helpOptions(cli(command.args))) parts.push(`| \`${o.signature}\` | ${escape(o.meaning)} |`);
    parts.push('');
  }
  return parts.join('\n');
}

function rulesSection() {
  const { rules } = JSON.parse(cli(['rules', '--format', 'json']));
  const lines = ['| rule | category | default | fix | what it finds |', '| --- | --- | --- | --- | --- |'];
  for (const r of rules) {
    const docs = path.relative(root, path.join(root, 'rules', 'docs', `${r.name}.md`)).split(path.sep).join('/');
    const fix = r.fix.available ? r.fix.safety : r.suggestions ? 'suggestions' : '-';
    lines.push(`| [\`${r.id}\`](${docs}) | ${r.category} | ${r.defaultSeverity} | ${fix} | ${escape(r.description)} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** What the README should hold between each pair of markers. */
function expectedSections() {
  return { options: optionsSection(), rules: rulesSection() };
}

function markers(name) {
  return [`<!-- ${name}:start -->`, `<!-- ${name}:end -->`];
}

/** The text between a pair of markers, or undefined when the README lacks them. */
function currentSection(readme, name) {
  const [start, end] = markers(name);
  const a = readme.indexOf(start);
  const b = readme.indexOf(end);
  if (a < 0 || b < a) return undefined;
  return readme.slice(a + start.length + 1, b);
}

function rewrite(readme, sections) {
  let out = readme;
  for (const [name, body] of Object.entries(sections)) {
    const [start, end] = markers(name);
    const a = out.indexOf(start);
    const b = out.indexOf(end);
    if (a < 0 || b < a) throw new Error(`README.md has no ${start} ... ${end} markers`);
    out = `${out.slice(0, a + start.length)}\n${body}${out.slice(b)}`;
  }
  return out;
}

module.exports = { expectedSections, currentSection, helpOptions, markers };

if (require.main === module) {
  const readme = fs.readFileSync(readmePath, 'utf8');
  const next = rewrite(readme, expectedSections());
  if (next !== readme) fs.writeFileSync(readmePath, next);
  console.log(next === readme ? 'README.md tables are up to date' : 'README.md tables rewritten');
}
