'use strict';
// `fs` as the single executable's bundle sees it (scripts/release/bundles.js
// resolves the bundle's `fs` and `fs/promises` here). The executable carries
// the grammar files and the rule pages as Node SEA assets; this module serves
// them as files in a directory named like the executable itself
// (`/venv/bin/celery-lint/tree-sitter.wasm`). No real file can have such a
// path, since the executable is a file, so nothing on disk is ever shadowed.
// Only the calls that read those files are taken over; everything else is
// Node's own fs.
const fs = require('node:fs');
const path = require('node:path');
const { fileURLToPath } = require('node:url');

const sea = require('node:sea');
const root = `${process.execPath}${path.sep}`;

function notFound(file) {
  return Object.assign(new Error(`ENOENT: no such file or directory, open '${file}'`), { code: 'ENOENT', errno: -2, syscall: 'open', path: file });
}

/** The asset name a path refers to, or undefined for a path outside the executable. */
function assetName(file) {
  if (!sea.isSea()) return undefined;
  let name;
  if (typeof file === 'string') name = file;
  else if (file instanceof URL && file.protocol === 'file:') name = fileURLToPath(file);
  else return undefined;
  const full = path.resolve(name);
  return full.startsWith(root) ? full.slice(root.length).split(path.sep).join('/') : undefined;
}

/** The embedded file's bytes; throws ENOENT for a name the executable does not hold. */
function read(name, file) {
  try {
    return Buffer.from(sea.getAsset(name));
  } catch {
    throw notFound(path.resolve(String(file instanceof URL ? fileURLToPath(file) : file)));
  }
}

function encodingOf(options) {
  return typeof options === 'string' ? options : options?.encoding ?? undefined;
}

function decode(bytes, options) {
  const encoding = encodingOf(options);
  return encoding ? bytes.toString(encoding) : bytes;
}

function readFileSync(file, options) {
  const name = assetName(file);
  return name === undefined ? fs.readFileSync(file, options) : decode(read(name, file), options);
}

function existsSync(file) {
  const name = assetName(file);
  if (name === undefined) return fs.existsSync(file);
  try {
    sea.getAsset(name);
    return true;
  } catch {
    return false;
  }
}

const promises = {
  ...fs.promises,
  async readFile(file, options) {
    const name = assetName(file);
    return name === undefined ? fs.promises.readFile(file, options) : decode(read(name, file), options);
  },
};

module.exports = { ...fs, readFileSync, existsSync, promises };
