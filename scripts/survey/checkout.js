#!/usr/bin/env node
'use strict';
// Writes the survey's checkouts from local git directories: for each
// repository of test/survey/repositories.json, the tree of its recorded
// commit into CHECKOUTS/OWNER+NAME (a plain folder, no .git), from a git
// directory found under MIRRORS. Blobs a partial snapshot lacks (large files)
// are left out and counted. Never touches the network: see
// test/survey/README.md for getting the git directories.
const { spawnSync, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');

function usage() {
  console.log(`Usage: node scripts/survey/checkout.js --mirrors DIR [--checkouts DIR] [OWNER/NAME...]

Looks for each repository's git directory at DIR/OWNER+NAME/repo, DIR/OWNER+NAME/repo/.git,
DIR/OWNER+NAME/.git or DIR/OWNER+NAME.git, and writes its recorded commit to
the checkouts folder (default: $CELERY_LINT_SURVEY_CHECKOUTS, else .survey/). Existing checkouts are kept.`);
}

function gitDirOf(mirrors, name) {
  for (const c of [path.join(mirrors, name, 'repo', '.git'), path.join(mirrors, name, 'repo'), path.join(mirrors, name, '.git'), path.join(mirrors, `${name}.git`)]) {
    if (fs.existsSync(path.join(c, 'HEAD')) && fs.existsSync(path.join(c, 'objects'))) return c;
  }
  return undefined;
}

/** Writes `commit`'s tree from `gitDir` into `target`; returns how many blobs were missing. */
function writeTree(gitDir, commit, target) {
  const git = (args, options = {}) => execFileSync('git', [`--git-dir=${gitDir}`, ...args], { maxBuffer: 1 << 30, ...options });
  const listing = git(['ls-tree', '-r', '-z', '--full-tree', commit]).toString('utf8').split('\0').filter(Boolean);
  const entries = [];
  for (const e of listing) {
    const tab = e.indexOf('\t');
    const [mode, type, sha] = e.slice(0, tab).split(' ');
    if (type === 'blob') entries.push({ mode, sha, file: e.slice(tab + 1) });
  }
  // One `cat-file --batch` for all blobs; a missing one answers "<sha> missing".
  const batch = spawnSync('git', [`--git-dir=${gitDir}`, 'cat-file', '--batch'], { input: entries.map((e) => `${e.sha}\n`).join(''), maxBuffer: 4 << 30 });
  if (batch.status !== 0) throw new Error(`git cat-file failed: ${batch.stderr}`);
  const out = batch.stdout;
  let at = 0;
  let missing = 0;
  for (const e of entries) {
    const nl = out.indexOf(10, at);
    const header = out.subarray(at, nl).toString();
    at = nl + 1;
    if (header.endsWith(' missing')) {
      missing++;
      continue;
    }
    const size = Number(header.split(' ')[2]);
    const data = out.subarray(at, at + size);
    at += size + 1;
    const file = path.join(target, e.file);
    if (!path.resolve(file).startsWith(path.resolve(target) + path.sep)) continue;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (e.mode === '120000') {
      try {
        fs.symlinkSync(data.toString(), file);
      } catch {
        // a link that cannot be made here is left out, like a missing blob
      }
    } else if (e.mode !== '160000') {
      fs.writeFileSync(file, data, { mode: e.mode === '100755' ? 0o755 : 0o644 });
    }
  }
  return missing;
}

function main() {
  const args = process.argv.slice(2);
  let mirrors;
  let checkouts = process.env.CELERY_LINT_SURVEY_CHECKOUTS || path.join(root, '.survey');
  const only = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--mirrors') mirrors = path.resolve(args[++i] ?? '');
    else if (args[i] === '--checkouts') checkouts = path.resolve(args[++i] ?? '');
    else if (args[i] === '-h' || args[i] === '--help') return usage();
    else only.push(args[i]);
  }
  if (!mirrors) {
    usage();
    process.exit(2);
  }
  const repositories = JSON.parse(fs.readFileSync(path.join(root, 'test', 'survey', 'repositories.json'), 'utf8'));
  fs.mkdirSync(checkouts, { recursive: true });
  for (const { repo, commit } of repositories) {
    if (only.length > 0 && !only.includes(repo)) continue;
    const name = repo.replace('/', '+');
    const target = path.join(checkouts, name);
    if (fs.existsSync(target)) continue;
    const gitDir = gitDirOf(mirrors, name);
    if (!gitDir) {
      console.log(`${repo}: no git directory under ${mirrors}`);
      continue;
    }
    const part = `${target}.part`;
    fs.rmSync(part, { recursive: true, force: true });
    try {
      const missing = writeTree(gitDir, commit, part);
      fs.renameSync(part, target);
      console.log(`${repo}: ${commit.slice(0, 12)}${missing ? ` (${missing} files the snapshot lacks)` : ''}`);
    } catch (err) {
      fs.rmSync(part, { recursive: true, force: true });
      console.log(`${repo}: ${String(err.message).split('\n')[0]}`);
    }
  }
}

main();
