#!/usr/bin/env node
'use strict';
// The Action's report, read from the SARIF file of its one celery-lint run:
// a workflow-command annotation per finding (shown on the pull request's
// diff), a one-line count in the log, and the `findings` output.
//   node scripts/action/report.js FILE.sarif
// Plain Node with no dependencies: it runs from the Action's checkout.
const fs = require('node:fs');
const path = require('node:path');
const { fileURLToPath } = require('node:url');

const COMMANDS = { error: 'error', warning: 'warning', note: 'notice', none: 'notice' };

/** Workflow-command escaping: a message escapes %, CR and LF; a property also : and ,. */
function escapeMessage(text) {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text) {
  return escapeMessage(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** A SARIF URI's path text: percent-decoded where it is encoded, as written where it is not. */
function decodeUri(uri) {
  try {
    return decodeURIComponent(uri);
  } catch {
    return uri;
  }
}

/** A result's file, relative to the workspace where it lies inside it (annotations need that). */
function fileOf(location, run, workspace) {
  const artifact = location.artifactLocation ?? {};
  const uri = artifact.uri ?? '';
  const base = artifact.uriBaseId ? run.originalUriBaseIds?.[artifact.uriBaseId]?.uri : undefined;
  const absolute = uri.startsWith('file:') ? fileURLToPath(uri) : path.resolve(base ? fileURLToPath(base) : workspace, decodeUri(uri));
  const relative = path.relative(workspace, absolute);
  return relative.startsWith('..') || path.isAbsolute(relative) ? absolute : relative.split(path.sep).join('/');
}

function annotation(result, run, workspace) {
  const location = result.locations?.[0]?.physicalLocation;
  const level = result.level ?? run.tool.driver.rules?.[result.ruleIndex]?.defaultConfiguration?.level ?? 'warning';
  const properties = [];
  if (location) {
    const region = location.region ?? {};
    properties.push(`file=${escapeProperty(fileOf(location, run, workspace))}`);
    for (const [name, value] of [['line', region.startLine], ['col', region.startColumn], ['endLine', region.endLine], ['endColumn', region.endColumn]]) {
      if (value !== undefined) properties.push(`${name}=${value}`);
    }
  }
  properties.push(`title=${escapeProperty(result.ruleId ?? 'celery-lint')}`);
  return { level, line: `::${COMMANDS[level] ?? 'warning'} ${properties.join(',')}::${escapeMessage(result.message?.text ?? '')}` };
}

function main() {
  const [file] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: report.js FILE.sarif\n');
    process.exit(2);
  }
  const log = JSON.parse(fs.readFileSync(file, 'utf8'));
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
  const counts = { error: 0, warning: 0, note: 0 };
  const lines = [];
  for (const run of log.runs) {
    for (const result of run.results ?? []) {
      const { level, line } = annotation(result, run, workspace);
      counts[level === 'error' ? 'error' : level === 'warning' ? 'warning' : 'note']++;
      lines.push(line);
    }
  }
  const total = counts.error + counts.warning + counts.note;
  process.stdout.write(`${lines.map((l) => `${l}\n`).join('')}celery-lint: ${total} finding(s): ${counts.error} error(s), ${counts.warning} warning(s)${counts.note ? `, ${counts.note} note(s)` : ''}.\n`);
  if (process.env.GITHUB_OUTPUT) fs.appendFileSync(process.env.GITHUB_OUTPUT, `findings=${total}\n`);
}

main();
