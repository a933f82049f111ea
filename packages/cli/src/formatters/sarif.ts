// SARIF 2.1.0 for code-scanning services: every rule with its descriptions,
// help text and doc URL, every finding with its location (UTF-16 columns, as
// SARIF's default columnKind says), a fingerprint and its fix. It passes the
// SARIF multitool's GitHub checks (test/cli/sarif.test.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LineIndex, type Diagnostic, type Fix, type Rule } from '@celery-lint/core';
import type { FileResult } from '../lint-run';
import { fingerprints } from './fingerprints';

/** The repository's web address, from the package metadata (inlined into the bundle at build time). */
const TOOL_URI = (require('../../../../../package.json') as { repository: { url: string } }).repository.url.replace(/^git\+/, '').replace(/\.git$/, '');

/** Findings that come from the engine, not from a rule. */
const BUILT_IN: Readonly<Record<string, string>> = {
  'celery-lint/syntax-error': 'The file does not parse as Python; what still parses is linted',
  'celery-lint/file-error': 'The file could not be read (not UTF-8, too large, not a regular file)',
  'celery-lint/internal-error': 'A rule failed while linting this file; please report it',
};

/** The first paragraph of a doc page's "What it does" section: the rule's full description. */
function whatItDoes(doc: string | undefined): string | undefined {
  const section = doc?.split('\n## What it does\n')[1]?.split(/\n## /)[0];
  const paragraph = section?.trim().split(/\n\s*\n/)[0]?.replace(/\s*\n\s*/g, ' ').trim();
  return paragraph || undefined;
}

function region(index: LineIndex, start: number, end: number) {
  const a = index.position(start);
  const b = index.position(end);
  return { startLine: a.line + 1, startColumn: a.character + 1, endLine: b.line + 1, endColumn: b.character + 1 };
}

function artifact(file: string, cwd: string) {
  const rel = path.relative(cwd, file);
  return rel.startsWith('..') || path.isAbsolute(rel)
    ? { uri: pathToFileURL(file).href }
    : { uri: rel.split(path.sep).join('/'), uriBaseId: '%SRCROOT%' };
}

function sarifFix(fix: Fix, description: string, index: LineIndex, cwd: string) {
  return {
    description: { text: description },
    artifactChanges: [
      {
        artifactLocation: artifact(fix.file, cwd),
        replacements: fix.edits.map((e) => ({ deletedRegion: region(index, e.start, e.end), insertedContent: { text: e.text } })),
      },
    ],
  };
}

export function formatSarif(results: readonly FileResult[], rules: readonly Rule[], cwd: string, version: string, docOf: (id: string) => string | undefined): string {
  const ruleIds = new Set(results.flatMap((r) => r.diagnostics.map((d) => d.ruleId)));
  const described = rules.map((r) => ({ id: r.meta.id, description: r.meta.description, severity: r.meta.defaultSeverity, url: r.meta.docsUrl, category: r.meta.category }));
  // Findings about the input itself (syntax, encoding, crashes) get a descriptor too.
  for (const id of ruleIds) {
    if (!described.some((d) => d.id === id)) described.push({ id, description: BUILT_IN[id] ?? id, severity: 'error', url: `${TOOL_URI}#readme`, category: 'correctness' });
  }
  const driverRules = described.map((d) => {
    const doc = docOf(d.id);
    return {
      id: d.id,
      // SARIF's friendly name is one Pascal-case identifier: NoAmqpResultBackend.
      name: d.id.split('/')[1]!.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase()),
      shortDescription: { text: d.description },
      fullDescription: { text: whatItDoes(doc) ?? d.description },
      helpUri: d.url,
      help: { text: doc ?? d.description, markdown: doc ?? d.description },
      defaultConfiguration: { level: d.severity === 'error' ? 'error' : 'warning' },
      properties: { tags: [d.category] },
    };
  });
  const indexOf = new Map(driverRules.map((r, i) => [r.id, i]));
  const sarifResults = results.flatMap((r) => {
    const index = new LineIndex(r.source ?? '');
    const prints = fingerprints(r, path.relative(cwd, r.filePath).split(path.sep).join('/'));
    return r.diagnostics.map((d: Diagnostic) => ({
      ruleId: d.ruleId,
      ruleIndex: indexOf.get(d.ruleId)!,
      level: d.severity === 'error' ? 'error' : 'warning',
      message: { text: d.message },
      partialFingerprints: { 'celeryLintFinding/v1': prints.get(d)! },
      locations: [{ physicalLocation: { artifactLocation: artifact(d.file, cwd), region: region(index, d.span.start, d.span.end) } }],
      ...(d.related?.length
        ? { relatedLocations: d.related.map((rel, i) => ({ id: i + 1, message: { text: rel.message }, physicalLocation: { artifactLocation: artifact(rel.span.file, cwd), region: { startLine: rel.range.start.line + 1, startColumn: rel.range.start.character + 1, endLine: rel.range.end.line + 1, endColumn: rel.range.end.character + 1 } } })) }
        : {}),
      ...(d.fix && d.fix.file === d.file
        ? { fixes: [sarifFix(d.fix, `${d.fix.safety === 'safe' ? 'Safe' : 'Unsafe'} fix from ${d.ruleId}`, index, cwd)] }
        : {}),
    }));
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'celery-lint', informationUri: TOOL_URI, version, rules: driverRules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(cwd + path.sep).href } },
        columnKind: 'utf16CodeUnits',
        results: sarifResults,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** A rule's doc page, when the package has one. */
export function readDoc(docPath: (id: string) => string): (id: string) => string | undefined {
  return (id) => {
    try {
      return fs.readFileSync(docPath(id), 'utf8');
    } catch {
      return undefined;
    }
  };
}
