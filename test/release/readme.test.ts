// The README is for users first: the two commands at the top, then Install
// (every channel, with the snippets the artefact tests run), then usage;
// contributor material lives in CONTRIBUTING.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { commands, readmeBlocks } from './environment';
import { REPO } from './release-build';

const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
const headings = readme.split('\n').filter((l) => /^#{2,3} /.test(l));
const version = (JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

test('the README starts with the two commands, then Install with every channel, before usage', () => {
  const first = /```sh\n([\s\S]*?)```/.exec(readme)![1]!;
  assert.deepEqual(
    first.trim().split('\n').map((l) => l.replace(/\s+#.*$/, '')),
    ['npm ci && npx celery-lint examples/djproject', 'npm ci && npm test'],
  );
  const install = headings.indexOf('## Install');
  assert.equal(install, 0, `the first section is Install: ${headings.join(' | ')}`);
  const channels = headings.slice(install + 1, headings.findIndex((h, i) => i > install && h.startsWith('## ')));
  assert.deepEqual(channels, ['### npm / npx', '### pip / pipx / uvx', '### pre-commit', '### GitHub Action', '### VS Code', '### Other editors']);
  assert.ok(headings.indexOf('## Using it') > install);
});

test('every Install snippet names the release version where a version is pinned', () => {
  assert.match(readmeBlocks('pre-commit')[0]!.text, new RegExp(`rev: v${version.replace(/\./g, '\\.')}\\n`));
  assert.match(readmeBlocks('GitHub Action')[0]!.text, new RegExp(`celery-lint/celery-lint@v${version.replace(/\./g, '\\.')}\\n`));
  assert.deepEqual(commands(readmeBlocks('VS Code')[0]!), [['code', '--install-extension', `celery-lint-${version}.vsix`]]);
  assert.deepEqual(commands(readmeBlocks('Other editors')[0]!), [['celery-lint-language-server', '--stdio']]);
});

test('contributor material (layout, benchmark, release) is in CONTRIBUTING.md, not the README', () => {
  const contributing = fs.readFileSync(path.join(REPO, 'CONTRIBUTING.md'), 'utf8');
  for (const section of ['## Layout', '## Benchmark', '## Release']) {
    assert.ok(contributing.includes(`\n${section}\n`), `CONTRIBUTING.md has ${section}`);
    assert.ok(!headings.includes(section), `README.md still has ${section}`);
  }
  assert.match(readme, /\[CONTRIBUTING\.md\]\(CONTRIBUTING\.md\)/);
});
