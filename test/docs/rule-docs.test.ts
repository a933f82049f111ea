import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { initParser, lint } from '@celery-lint/core';
import { allRules, ruleDocPath } from '@celery-lint/rules';

const REQUIRED = ['## What it does', '## Why it matters', '## Example', '## Use instead', '## Fix safety'];

/** The text of one `## ` section. */
function section(markdown: string, heading: string): string {
  return markdown.split(`\n${heading}\n`)[1]?.split(/\n## /)[0] ?? '';
}

/** Every fenced block of a section, with its language. */
function blocks(markdown: string, heading: string): Array<{ lang: string; code: string }> {
  return [...section(markdown, heading).matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1]!, code: m[2]! }));
}

/** A `# path/to/file` line that names the file the lines below it are. */
const FILE_HEADER = /^# ((?:[\w.-]+\/)*(?:[\w.-]+\.(?:py|ya?ml|conf|ini|service|sh)|Dockerfile[\w.-]*|Procfile))\s*$/;

/** The file a block without a header stands for, by its language. */
const DEFAULT_NAME: Readonly<Record<string, string>> = {
  yaml: 'docker-compose.yml',
  dockerfile: 'Dockerfile',
  ini: 'supervisord.conf',
  procfile: 'Procfile',
  sh: 'entrypoint.sh',
  systemd: 'celery.service',
};

/**
 * Lints a doc example: every block of the section, linted together. A block
 * may hold several files, each introduced by a `# path/to/file` comment line
 * (`# proj/celery.py`, `# docker-compose.yml`, `# Dockerfile`); otherwise it
 * is one file named after its language, or for Python after the kind of
 * module it looks like.
 */
function lintExample(examples: ReadonlyArray<{ lang: string; code: string }>, ruleId: string, djangoVersion?: string) {
  const root = `/docs-example/${ruleId.replace('/', '-')}`;
  const files = examples.flatMap(({ lang, code }) => {
    const parts = code.split(/^(?=# \S+\s*$)/m).filter((p) => p.trim());
    if (parts.length >= 1 && parts.every((p) => FILE_HEADER.test(p.split('\n')[0]!))) {
      return parts.map((p) => ({ path: `${root}/${FILE_HEADER.exec(p.split('\n')[0]!)![1]!}`, text: p }));
    }
    const name = DEFAULT_NAME[lang] ?? `${/SECRET_KEY|CELERY_/.test(code) ? 'settings' : 'celeryconfig'}.py`;
    return [{ path: `${root}/${name}`, text: code }];
  });
  // The example is the whole project: modules it does not show do not exist.
  return lint(files, { rules: allRules, projectFiles: files.map((f) => f.path), ...(djangoVersion ? { djangoVersion } : {}) }).diagnostics.filter((d) => d.ruleId === ruleId);
}

for (const rule of allRules) {
  test(`${rule.meta.id} has a doc page whose examples show the rule`, async () => {
    const file = ruleDocPath(rule.meta.id);
    assert.ok(fs.existsSync(file), `missing ${path.relative(process.cwd(), file)}`);
    const markdown = fs.readFileSync(file, 'utf8');
    assert.ok(markdown.startsWith(`# ${rule.meta.id}\n`), 'the page starts with the rule id as its title');
    for (const heading of REQUIRED) assert.ok(markdown.includes(`\n${heading}\n`), `missing section '${heading}'`);
    const order = REQUIRED.map((heading) => markdown.indexOf(`\n${heading}\n`));
    assert.deepEqual(order, [...order].sort((a, b) => a - b), 'sections in the order What it does, Why it matters, Example, Use instead, Fix safety');
    // The page states the safety the rule declares, so users are not told a fix is safe when it is not.
    const safety = section(markdown, '## Fix safety');
    if (rule.meta.fix?.safety === 'unsafe') assert.match(safety, /\*\*unsafe\*\*/, 'Fix safety must say the fix is **unsafe**');
    else if (rule.meta.fix?.safety === 'safe') assert.match(safety, /\*\*safe\*\*/, 'Fix safety must say the fix is **safe**');
    else assert.match(safety, /^\s*No automatic fix/, "Fix safety must start with 'No automatic fix'");
    if (rule.meta.fix?.safety !== 'unsafe') assert.doesNotMatch(safety, /\*\*unsafe\*\*/);
    if (rule.meta.hasSuggestions) assert.match(safety, /suggest/i, 'Fix safety must describe the suggestions');
    const bad = blocks(markdown, '## Example');
    const good = blocks(markdown, '## Use instead');
    assert.ok(bad.length > 0 && good.length > 0, 'Example and Use instead each need a code block');
    await initParser();
    // A page whose rule holds for some Django versions only names the one its examples target.
    const djangoVersion = /<!-- examples target Django (\d+\.\d+) -->/.exec(markdown)?.[1];
    assert.ok(lintExample(bad, rule.meta.id, djangoVersion).length > 0, 'the Example does not trigger the rule');
    assert.deepEqual(lintExample(good, rule.meta.id, djangoVersion).map((d) => d.message), [], 'the Use instead example triggers the rule');
  });
}
