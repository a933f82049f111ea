'use strict';
// Where a run keeps what it may reuse (the CLI's compiled code, what the
// project index read of each file) and what names the code that wrote it.
// Shared by the CLI's launcher (bin/celery-lint.js) and the single executable
// the Python wheel ships (scripts/release), which pre-commit runs. Plain
// JavaScript with no dependencies, like the launcher.
const fs = require('node:fs');
const path = require('node:path');

/**
 * A directory for the caches (compiled code, what the project index read of
 * each file) that only this user can write, or undefined.
 * NODE_DISABLE_COMPILE_CACHE (the switch of Node's own compile cache) or
 * CELERY_LINT_NO_CACHE turns them off.
 */
function cacheDirectory() {
  if (process.env.NODE_DISABLE_COMPILE_CACHE || process.env.CELERY_LINT_NO_CACHE) return undefined;
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  const dir = path.join(require('node:os').tmpdir(), `celery-lint-compile-cache${uid === undefined ? '' : `-${uid}`}`);
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = fs.lstatSync(dir);
    // Code from the cache runs as this user: never trust a directory someone else controls.
    if (!stat.isDirectory() || (uid !== undefined && (stat.uid !== uid || (stat.mode & 0o022) !== 0))) return undefined;
    pruneOnceADay(dir);
    return dir;
  } catch {
    return undefined;
  }
}

/** A cache file nobody wrote for this long belongs to a build or a project that is gone (or is simply made again). */
const STALE_MS = 30 * 24 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Its modification time is when the directory was last pruned. */
const PRUNED_STAMP = 'last-pruned';

/**
 * Removes the cache files nobody has written for STALE_MS: every upgrade
 * leaves its build's compiled code behind (1-2 MB), and every project linted
 * once its facts (up to a few MB), so the directory would otherwise only
 * grow. A file still in use is at worst made again once. Done at most once a
 * day, which costs a run one stat; failing to is no error.
 */
function pruneOnceADay(dir, now = Date.now()) {
  const stamp = path.join(dir, PRUNED_STAMP);
  try {
    if (now - fs.statSync(stamp).mtimeMs < DAY_MS) return;
  } catch {
    // Never pruned.
  }
  try {
    fs.writeFileSync(stamp, '', { mode: 0o600 });
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isFile() || entry.name === PRUNED_STAMP) continue;
      const file = path.join(dir, entry.name);
      if (now - fs.lstatSync(file).mtimeMs > STALE_MS) fs.rmSync(file, { force: true });
    }
  } catch {
    // A cache that cannot be pruned now is pruned another day.
  }
}

/** A file's identity (path, size, times, inode) and the Node version: what a cache of its work is keyed by. */
function buildOf(filename) {
  const stat = fs.statSync(filename);
  return [filename, stat.size, stat.mtimeMs, stat.ctimeMs, stat.ino, process.version].join('\0');
}

module.exports = { buildOf, cacheDirectory, pruneOnceADay };
