'use strict';
// The Python wheel: celery_lint-X.Y.Z-py3-none-<platform>.whl. No Python code:
// the single executable and a short shell script that starts its language server
// are the wheel's scripts, which pip, pipx and uv put on PATH as they are
// (only scripts starting with `#!python` get their first line rewritten) and
// executable (from the zip entry's Unix mode). A wheel is a zip with a
// .dist-info directory: METADATA, WHEEL, and RECORD, the hash and size of
// every file (PEP 427, PEP 491).
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const yazl = require('yazl');

const root = path.resolve(__dirname, '..', '..');
const DISTRIBUTION = 'celery_lint';
// Zip times are local DOS times; one fixed time keeps the wheel's bytes a function of its contents.
const MTIME = new Date(2020, 0, 1);

const LANGUAGE_SERVER_SCRIPT = `#!/bin/sh
# celery-lint's language server, served by the celery-lint executable installed beside this script.
# pipx and uv link scripts into ~/.local/bin: follow the link where readlink is there to follow it.
self=$0
if command -v readlink >/dev/null 2>&1; then self=$(readlink -f "$0"); fi
exec "\${self%/*}/celery-lint" language-server "$@"
`;

function wheelName(version, platform) {
  return `${DISTRIBUTION}-${version}-py3-none-${platform}.whl`;
}

function metadata(version, summary) {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  return [
    'Metadata-Version: 2.1',
    'Name: celery-lint',
    `Version: ${version}`,
    `Summary: ${summary}`,
    'License: MIT',
    'Keywords: celery,django,lint,linter,configuration',
    'Project-URL: Homepage, https://github.com/celery-lint/celery-lint',
    'Project-URL: Changelog, https://github.com/celery-lint/celery-lint/blob/main/CHANGELOG.md',
    'Classifier: Development Status :: 4 - Beta',
    'Classifier: Environment :: Console',
    'Classifier: Framework :: Celery',
    'Classifier: Framework :: Django',
    'Classifier: Intended Audience :: Developers',
    'Classifier: License :: OSI Approved :: MIT License',
    'Classifier: Operating System :: POSIX :: Linux',
    'Classifier: Topic :: Software Development :: Quality Assurance',
    'Description-Content-Type: text/markdown',
    '',
    readme,
  ].join('\n');
}

function wheelFile(platform) {
  return ['Wheel-Version: 1.0', 'Generator: celery-lint scripts/release', 'Root-Is-Purelib: false', `Tag: py3-none-${platform}`, ''].join('\n');
}

/** RECORD's hash: sha256, urlsafe base64 without padding. */
function recordHash(data) {
  return `sha256=${crypto.createHash('sha256').update(data).digest('base64url')}`;
}

/**
 * Writes the wheel into `out`. `executable`: the single executable; `notices`:
 * the licence texts of what it contains. Returns the wheel's path.
 */
function buildWheel({ out, version, platform, executable, notices, summary }) {
  const data = `${DISTRIBUTION}-${version}.data`;
  const distInfo = `${DISTRIBUTION}-${version}.dist-info`;
  const files = [
    { name: `${data}/scripts/celery-lint`, data: fs.readFileSync(executable), mode: 0o100755 },
    { name: `${data}/scripts/celery-lint-language-server`, data: Buffer.from(LANGUAGE_SERVER_SCRIPT), mode: 0o100755 },
    { name: `${distInfo}/METADATA`, data: Buffer.from(metadata(version, summary)) },
    { name: `${distInfo}/WHEEL`, data: Buffer.from(wheelFile(platform)) },
    { name: `${distInfo}/LICENSE`, data: fs.readFileSync(path.join(root, 'LICENSE')) },
    { name: `${distInfo}/THIRD-PARTY-NOTICES.txt`, data: Buffer.from(notices) },
  ];
  const record = `${[...files.map((f) => `${f.name},${recordHash(f.data)},${f.data.length}`), `${distInfo}/RECORD,,`].join('\n')}\n`;
  files.push({ name: `${distInfo}/RECORD`, data: Buffer.from(record) });

  const file = path.join(out, wheelName(version, platform));
  const zip = new yazl.ZipFile();
  for (const f of files) zip.addBuffer(f.data, f.name, { mtime: MTIME, mode: f.mode ?? 0o100644 });
  zip.end();
  return new Promise((resolve, reject) => {
    zip.outputStream.pipe(fs.createWriteStream(file)).on('close', () => resolve(file)).on('error', reject);
  });
}

module.exports = { buildWheel, wheelName };
