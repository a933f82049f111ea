// SARIF 2.1.0 for code-scanning services: every rule with its help text and
// doc URL, every finding with its location (UTF-16 columns, as SARIF's
// default columnKind says) and its fix.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LineIndex, type Diagnostic, type Fix, type Rule } from '@celery-lint/core';
import type { FileResult } from '../lint-run';

const TOOL_URI = 'https://github.com/celery-lint/celery-lint';

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
    if (!described.some((d) => d.id === id)) described.push({ id, description: id, severity: 'error', url: `${TOOL_URI}#readme`, category: 'correctness' });
  }
  const driverRules = described.map((d) => {
    const doc = docOf(d.id);
    return {
      id: d.id,
      name: d.id.split('/')[1],
      shortDescription: { text: d.description },
      helpUri: d.url,
      ...(doc ? { help: { text: doc, markdown: doc } } : {}),
      defaultConfiguration: { level: d.severity === 'error' ? 'error' : 'warning' },
      properties: { tags: [d.category] },
    };
  });
  const indexOf = new Map(driverRules.map((r, i) => [r.id, i]));
  const sarifResults = results.flatMap((r) => {
    const index = new LineIndex(r.source ?? '');
    return r.diagnostics.map((d: Diagnostic) => ({
      ruleId: d.ruleId,
      ruleIndex: indexOf.get(d.ruleId)!,
      level: d.severity === 'error' ? 'error' : 'warning',
      message: { text: d.message },
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
