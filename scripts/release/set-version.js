#!/usr/bin/env node
'use strict';
// Sets the one version number of a release everywhere it is written:
//   npm run set-version -- X.Y.Z
// the root package.json, every workspace package.json (and their pins on each
// other), package-lock.json, the versioned snippets of README.md and
// CONTRIBUTING.md (pre-commit `rev:`, the Action's `@vX.Y.Z`, the .vsix name),
// and a `## X.Y.Z` heading at the top of CHANGELOG.md for the release notes.
const fs = require('node:fs');
const path = require('node:path');
const { SEMVER, releaseVersion, workspaceManifests } = require('./version.js');

const root = path.resolve(__dirname, '..', '..');

function editJson(file, edit) {
  const value = JSON.parse(fs.readFileSync(file, 'utf8'));
  edit(value);
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Pins on workspace packages (by name) move to the new version. */
function repin(dependencies, names, version) {
  for (const name of Object.keys(dependencies ?? {})) if (names.has(name)) dependencies[name] = version;
}

function setVersion(dir, version) {
  if (!SEMVER.test(version)) throw new Error(`set-version: '${version}' is not X.Y.Z`);
  const old = releaseVersion(dir);
  const manifests = workspaceManifests(dir);
  const names = new Set(manifests.map((m) => JSON.parse(fs.readFileSync(path.join(dir, m), 'utf8')).name));
  editJson(path.join(dir, 'package.json'), (m) => {
    m.version = version;
  });
  for (const manifest of manifests) {
    editJson(path.join(dir, manifest), (m) => {
      m.version = version;
      for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) repin(m[field], names, version);
    });
  }
  editJson(path.join(dir, 'package-lock.json'), (lock) => {
    lock.version = version;
    const workspaces = ['', ...manifests.map((m) => path.dirname(m).split(path.sep).join('/'))];
    for (const key of workspaces) {
      const entry = lock.packages[key];
      if (!entry) continue;
      entry.version = version;
      for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) repin(entry[field], names, version);
    }
  });
  // Snippets users copy: a pre-commit rev, the Action's tag, the .vsix's name.
  const o = escapeRegExp(old);
  const patterns = [new RegExp(`(rev: v)${o}()\\b`, 'g'), new RegExp(`(celery-lint/celery-lint@v)${o}()\\b`, 'g'), new RegExp(`(celery-lint-)${o}(\\.vsix)`, 'g')];
  for (const doc of ['README.md', 'CONTRIBUTING.md']) {
    const file = path.join(dir, doc);
    if (!fs.existsSync(file)) continue;
    let text = fs.readFileSync(file, 'utf8');
    for (const pattern of patterns) text = text.replace(pattern, `$1${version}$2`);
    fs.writeFileSync(file, text);
  }
  const changelog = path.join(dir, 'CHANGELOG.md');
  const text = fs.existsSync(changelog) ? fs.readFileSync(changelog, 'utf8') : '# Changelog\n';
  if (!new RegExp(`^##\\s+\\[?${escapeRegExp(version)}\\]?(\\s|$)`, 'm').test(text)) {
    const at = text.search(/^## /m);
    const heading = `## ${version}\n\n`;
    fs.writeFileSync(changelog, at < 0 ? `${text.trimEnd()}\n\n${heading}` : `${text.slice(0, at)}${heading}${text.slice(at)}`);
  }
}

module.exports = { setVersion };

if (require.main === module) {
  const [version, ...rest] = process.argv.slice(2);
  if (!version || rest.length) {
    process.stderr.write('usage: npm run set-version -- X.Y.Z\n');
    process.exit(2);
  }
  try {
    setVersion(root, version);
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  process.stdout.write(`set-version: ${version}; write its notes in CHANGELOG.md, then npm run release -- --out DIR\n`);
}
