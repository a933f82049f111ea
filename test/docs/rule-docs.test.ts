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

/** The first ```python block after a heading. */
function pythonBlock(markdown: string, heading: string): string | undefined {
  return /```python\n([\s\S]*?)```/.exec(section(markdown, heading))?.[1];
}

/**
 * Lints a doc example. A block may hold several files, each introduced by a
 * `# path/to/file.py` comment line; otherwise it is one file named after the
 * kind of module it looks like.
 */
function lintExample(code: string, ruleId: string) {
  const parts = code.split(/^(?=# [\w/]+\.py\s*$)/m).filter((p) => p.trim());
  const multi = parts.length >= 1 && parts.every((p) => /^# [\w/]+\.py\s*$/m.test(p.split('\n')[0]!));
  const root = `/docs-example/${ruleId.replace('/', '-')}`;
  const files = multi
    ? parts.map((p) => ({ path: `${root}/${p.split('\n')[0]!.slice(2).trim()}`, text: p }))
    : [{ path: `${root}/${/SECRET_KEY|CELERY_/.test(code) ? 'settings' : 'celeryconfig'}.py`, text: code }];
  // The example is the whole project: modules it does not show do not exist.
  return lint(files, { rules: allRules, projectFiles: files.map((f) => f.path) }).diagnostics.filter((d) => d.ruleId === ruleId);
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
    const bad = pythonBlock(markdown, '## Example');
    const good = pythonBlock(markdown, '## Use instead');
    assert.ok(bad && good, 'Example and Use instead each need a ```python block');
    await initParser();
    assert.ok(lintExample(bad, rule.meta.id).length > 0, 'the Example does not trigger the rule');
    assert.deepEqual(lintExample(good, rule.meta.id).map((d) => d.message), [], 'the Use instead example triggers the rule');
  });
}
