// Which WebAssembly compiler a run's parser gets, chosen once the run knows
// how much it will parse (after discovery and the pre-filter), not guessed
// from its arguments: `celery-lint .` in a small project is as much
// start-up as a one-file lint, and a named 2 MB settings module is not.
//
// V8 fixes a module's tiers when it compiles it: Liftoff code compiled to
// tier up keeps tiering up after --liftoff-only is set, and code compiled
// under --liftoff-only never tiers up after it is cleared (measured here with
// --trace-wasm-compilation-times: 33 TurboFan compilations parsing the same
// text either way in the first case, none in the second). So the flag is set
// before the grammar is compiled, and the launcher does not start compiling
// it early for a run whose choice waits (entry.ts).
//
// The launcher's V8 code cache is keyed by the flags the bundle was loaded
// with, and V8 stamps a cache with the flags in force when it is written
// (a cache written after --liftoff-only was set is rejected by a run loaded
// without it), so the launcher clears the flag again before writing one
// (bin/celery-lint.js): the flag changes only WebAssembly code, which the
// JavaScript code cache does not hold.
import * as v8 from 'node:v8';

let waiting = false;

/** The launcher leaves the choice to the run (its arguments did not show a small run). */
export function chooseCompilerLater(): void {
  waiting = true;
}

/** Called before the grammar is compiled, with the size of the text the run will parse. */
export function chooseCompiler(bytes: number): void {
  if (!waiting) return;
  waiting = false;
  const { SMALL_RUN_BYTES, LIFTOFF_ONLY } = require('../../bin/small-run.js') as { SMALL_RUN_BYTES: number; LIFTOFF_ONLY: string };
  if (bytes < SMALL_RUN_BYTES) v8.setFlagsFromString(LIFTOFF_ONLY);
}
