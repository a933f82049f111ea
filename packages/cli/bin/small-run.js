'use strict';
// The V8 flags a CLI run wants (which WebAssembly compiler, how far the heap
// may grow), decided from its arguments before anything is compiled. Shared by
// the CLI's launcher (bin/celery-lint.js) and the single executable the Python
// wheel ships (scripts/release), which set the same flags. Plain JavaScript
// with no dependencies, like the launcher.
const fs = require('node:fs');

/**
 * A run over a few small files is dominated by start-up, and V8's optimising
 * WebAssembly compiler competes with it for the CPU: the baseline compiler
 * alone makes such a run about a third faster. Whole trees keep the optimised
 * parser, which parses bulk text ~1.6x faster.
 */
const SMALL_RUN_BYTES = 512 * 1024;
const LIFTOFF_ONLY = '--liftoff-only';

/**
 * Whether the arguments alone show a small run (standard input, or named
 * files under SMALL_RUN_BYTES): then the baseline compiler is chosen before
 * anything loads, and the grammar compiles while the CLI loads. Any other run
 * chooses once it knows what it will parse (src/compiler-choice.ts).
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
  return bytes < SMALL_RUN_BYTES;
}

/**
 * V8 lets the heap grow to up to four times what survived the last full
 * collection before it collects again. A run over a tree keeps little alive
 * (one lint's files at a time) but reads, parses and drops a great deal, so
 * most of that headroom is garbage: on the survey's 52,000 files the default
 * peaked at ~600 MB of RSS, 25% growth at ~320-360 MB, for roughly 10% more
 * CPU time (interleaved rounds on a loaded machine). Small runs never grow
 * the heap that far and do not pay it.
 */
const HEAP_GROWTH = '--heap-growing-percent=25';

/**
 * What undoes --liftoff-only, on the V8 versions where that was checked
 * (Node 20's V8 11): V8 turns --wasm-tier-up and --wasm-dynamic-tiering off
 * with it, and clearing the flag leaves them off. The launcher sets them back
 * before it writes its code cache, after a run that chose the baseline
 * compiler once it knew what it parses (src/compiler-choice.ts). Elsewhere a
 * run is judged by its arguments alone, as before: naming a flag V8 does not
 * have prints an error.
 */
const LIFTOFF_UNDONE = { 11: '--no-liftoff-only --wasm-tier-up --wasm-dynamic-tiering' }[process.versions.v8.split('.')[0]];

/** The flags to set before the bundle loads (the code cache is keyed by them too, through the launcher's mode). */
function runFlags(args) {
  return isSmallRun(args) ? [HEAP_GROWTH, LIFTOFF_ONLY] : [HEAP_GROWTH];
}

module.exports = { isSmallRun, runFlags, SMALL_RUN_BYTES, LIFTOFF_ONLY, LIFTOFF_UNDONE };
