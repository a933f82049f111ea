'use strict';
// A release is built from one version number: the root package.json's. Every
// workspace package carries the same one (so `celery-lint --version`, the VS
// Code extension's manifest and the language server agree), and CHANGELOG.md
// starts with it. `npm run set-version -- X.Y.Z` changes it everywhere.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function rootManifest(dir = root) {
  return readJson(path.join(dir, 'package.json'));
}

/** Every workspace's package.json path, relative to the root. */
function workspaceManifests(dir = root) {
  return rootManifest(dir).workspaces.map((w) => path.join(w, 'package.json'));
}

function releaseVersion(dir = root) {
  return rootManifest(dir).version;
}

/** The first version heading of CHANGELOG.md (`## 1.2.3` or `## [1.2.3] - date`), or undefined. */
function changelogVersion(dir = root) {
  let text;
  try {
    text = fs.readFileSync(path.join(dir, 'CHANGELOG.md'), 'utf8');
  } catch {
    return undefined;
  }
  const heading = /^##\s+\[?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\]?/m.exec(text);
  return heading?.[1];
}

/** What disagrees with the root version, one sentence each; empty when the release can be built. */
function versionProblems(dir = root) {
  const version = releaseVersion(dir);
  const problems = [];
  if (!SEMVER.test(version ?? '')) problems.push(`package.json: version '${version}' is not X.Y.Z`);
  for (const manifest of workspaceManifests(dir)) {
    const found = readJson(path.join(dir, manifest)).version;
    if (found !== version) problems.push(`${manifest}: version ${found}, expected ${version} (npm run set-version -- ${version})`);
  }
  const logged = changelogVersion(dir);
  if (logged !== version) problems.push(`CHANGELOG.md: the first version heading is ${logged ?? 'missing'}, expected ## ${version}`);
  return problems;
}

module.exports = { SEMVER, releaseVersion, versionProblems, workspaceManifests, changelogVersion };
