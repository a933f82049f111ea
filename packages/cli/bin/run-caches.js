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
    return dir;
  } catch {
    return undefined;
  }
}

/** A file's identity (path, size, times, inode) and the Node version: what a cache of its work is keyed by. */
function buildOf(filename) {
  const stat = fs.statSync(filename);
  return [filename, stat.size, stat.mtimeMs, stat.ctimeMs, stat.ino, process.version].join('\0');
}

module.exports = { buildOf, cacheDirectory };
