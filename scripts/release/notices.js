'use strict';
// THIRD-PARTY-NOTICES.txt for anything that ships bundled npm packages (the
// npm package, the single executable, the VS Code extension): the licence of
// every package outside this repository whose code esbuild read, plus any
// package whose files ship as they are (the grammar's .wasm).
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');

/** The npm packages (outside this repository) that the given files belong to. */
function bundledPackages(inputs) {
  const dirs = new Set();
  for (const input of inputs) {
    const file = path.resolve(root, input);
    const parts = file.split(path.sep);
    const at = parts.lastIndexOf('node_modules');
    if (at < 0) continue;
    const nameParts = parts[at + 1].startsWith('@') ? 2 : 1;
    dirs.add(parts.slice(0, at + 1 + nameParts).join(path.sep));
  }
  const packages = [];
  for (const dir of dirs) {
    const real = fs.realpathSync(dir);
    if (!path.relative(root, real).startsWith('node_modules')) continue; // a workspace package: our own code
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const licenseFile = fs.readdirSync(dir).find((f) => /^(licen[cs]e|copying)([.-]|$)/i.test(f));
    packages.push({ name: manifest.name, version: manifest.version, license: manifest.license, text: licenseFile ? fs.readFileSync(path.join(dir, licenseFile), 'utf8').trim() : undefined });
  }
  return packages.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The notices text. `inputs`: files (relative to the repository or absolute)
 * that went into the shipped artefact; `extra`: more sections, each
 * { name, version, license, text }, for what ships that is not an npm package.
 */
function noticesText(header, inputs, extra = []) {
  const sections = [...bundledPackages(inputs), ...extra].map((p) => {
    if (!p.text) throw new Error(`release: ${p.name} is bundled but ships no licence file; add its notice by hand`);
    return `${p.name} ${p.version} (${p.license})\n${'-'.repeat(72)}\n${p.text}\n`;
  });
  return `${header}\n\n${sections.join('\n')}`;
}

module.exports = { noticesText };
