'use strict';
// The pre-commit mirror: a git repository, tagged vX.Y.Z, whose hooks are
// `language: python` and install the celery-lint wheel of the same version
// (the shape of ruff-pre-commit). Published as its own repository, it lets a
// Python team add celery-lint to .pre-commit-config.yaml with no Node on any
// machine. Its build backend needs no index (pre-commit-mirror/mirror_build.py).
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const templates = path.join(__dirname, 'pre-commit-mirror');

/** The hooks both hook files offer (this repository's own and the mirror's), minus `language`. */
const HOOKS = [
  { id: 'celery-lint', name: 'celery-lint', description: 'Lint Celery and Django configuration', entry: 'celery-lint' },
  { id: 'celery-lint-fix', name: 'celery-lint --fix', description: 'Lint Celery and Django configuration and apply the safe fixes', entry: 'celery-lint --fix' },
];

function hooksYaml() {
  const hooks = HOOKS.map((h) =>
    [
      `- id: ${h.id}`,
      `  name: ${h.name}`,
      `  description: ${h.description}`,
      `  entry: ${h.entry}`,
      '  language: python',
      // Python modules and the launch files that start Celery; YAML and scripts that do not are passed over.
      '  types_or: [python, dockerfile, yaml, shell, ini]',
      // One process sees every staged file, so configurations spread over files are judged together.
      '  require_serial: true',
      '  minimum_pre_commit_version: "2.9.2"',
    ].join('\n'),
  );
  return `# Written by celery-lint's release script.\n${hooks.join('\n\n')}\n`;
}

function pyproject(version) {
  return `# pre-commit installs this repository with \`pip install .\`: the package has no code and
# depends on the celery-lint wheel of the same version. mirror_build.py builds it
# with the standard library only, so no build system is downloaded.
[build-system]
requires = []
build-backend = "mirror_build"
backend-path = ["."]

[project]
name = "celery-lint-pre-commit"
version = "${version}"
dependencies = ["celery-lint==${version}"]
`;
}

function git(dir, ...args) {
  execFileSync('git', ['-c', 'user.name=celery-lint release', '-c', 'user.email=release@celery-lint.invalid', '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', ...args], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, GIT_AUTHOR_DATE: '2020-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2020-01-01T00:00:00Z' },
  });
}

/** Writes the mirror repository into `dir` (which must not exist), committed and tagged vX.Y.Z. */
function buildPreCommitMirror(dir, version) {
  fs.mkdirSync(dir);
  const fill = (name) => fs.readFileSync(path.join(templates, name), 'utf8').replaceAll('@VERSION@', version);
  fs.writeFileSync(path.join(dir, '.pre-commit-hooks.yaml'), hooksYaml());
  fs.writeFileSync(path.join(dir, 'pyproject.toml'), pyproject(version));
  fs.writeFileSync(path.join(dir, 'mirror_build.py'), fill('mirror_build.py'));
  fs.writeFileSync(path.join(dir, 'README.md'), fill('README.md'));
  fs.copyFileSync(path.join(root, 'LICENSE'), path.join(dir, 'LICENSE'));
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', `Mirror: ${version}`);
  git(dir, 'tag', `v${version}`);
  return dir;
}

module.exports = { buildPreCommitMirror, HOOKS };
