// The READMEs' tables of VS Code settings are the extension manifest's: every
// setting with its default (the repository README leaves out trace.server).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '..', '..', '..');

for (const [readmePath, leftOut] of [
  ['README.md', ['celery-lint.trace.server']],
  [path.join('packages', 'vscode', 'README.md'), []],
] as const) {
  test(`${readmePath}: the VS Code settings table lists the manifest's settings and defaults`, () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'packages', 'vscode', 'package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { default: unknown }> } };
    };
    const expected = Object.entries(manifest.contributes.configuration.properties)
      .filter(([name]) => !(leftOut as readonly string[]).includes(name))
      .map(([name, p]) => `${name} ${JSON.stringify(p.default).replace(/^"(.*)"$/, '$1')}`)
      .sort();
    const readme = fs.readFileSync(path.join(REPO, readmePath), 'utf8');
    const rows = [...readme.matchAll(/^\| `(celery-lint\.[\w.]+)` \| `([^`]*)` \|/gm)].map((m) => `${m[1]} ${m[2]}`).sort();
    assert.deepEqual(rows, expected);
  });
}
