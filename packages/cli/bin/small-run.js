'use strict';
// Which WebAssembly compiler a run wants, decided from its arguments before
// anything is compiled. Shared by the CLI's launcher (bin/celery-lint.js) and
// the single executable the Python wheel ships (scripts/release), which sets
// the same V8 flag. Plain JavaScript with no dependencies, like the launcher.
const fs = require('node:fs');

/**
 * A run over a few small files is dominated by start-up, and V8's optimising
 * WebAssembly compiler competes with it for the CPU: the baseline compiler
 * alone makes such a run about a third faster. Whole trees keep the optimised
 * parser, which parses bulk text ~1.6x faster.
 */
function isSmallRun(args) {
  if (args.includes('--stdin')) return true;
  const paths = args.filter((a) => !a.startsWith('-'));
  if (paths.length === 0) return false;
  let bytes = 0;
  for (const p of paths) {
    try {
      const stat = fs.statSync(p);
      if (!stat.isFile()) return false;
      bytes += stat.size;
    } catch {
      // Not a path (a subcommand or an option's value): says nothing about size.
    }
  }
  return bytes < 512 * 1024;
}

module.exports = { isSmallRun };
