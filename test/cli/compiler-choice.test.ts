// The WebAssembly compiler is chosen once a run knows what it will parse
// (issue 18, item 5; packages/cli/src/compiler-choice.ts): a directory
// holding a small project gets the baseline compiler as a small named file
// does, a large tree keeps the optimising one, and the launcher's code cache
// written by such a run is the one the next run loads (V8 stamps a cache with
// the flags in force, and the run changed one). V8 says which compiler built
// each function with --trace-wasm-compilation-times.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO, runCli, tempProject } from './run-cli';

const TRACE = ['--trace-wasm-compilation-times'];
const SMALL_PROJECT = path.join(REPO, 'examples', 'djproject');

/** How many functions V8 compiled with TurboFan during the run. */
function turbofanCompilations(args: readonly string[], cwd?: string): number {
  const out = runCli(args, { nodeArgs: TRACE, env: { CELERY_LINT_NO_CACHE: '1' }, ...(cwd ? { cwd } : {}) });
  assert.ok(out.code === 0 || out.code === 1, out.stderr);
  return (`${out.stdout}${out.stderr}`.match(/using TurboFan/g) ?? []).length;
}

/** A settings module of about 700 KB: above the small-run bound, and long enough to parse that V8 tiers up. */
function largeProject(): string {
  const lines = ["CELERY_BROKER_URL = 'redis://localhost:6379/0'"];
  for (let i = 0; lines.join('\n').length < 700 * 1024; i++) lines.push(`OPTION_${i} = {'name': 'value ${i}', 'items': [${i}, ${i + 1}, ${i + 2}], 'enabled': ${i % 2 ? 'True' : 'False'}}`);
  return tempProject({ 'proj/settings.py': `${lines.join('\n')}\n` });
}

test('a directory holding a small project is parsed with the baseline compiler only, as a small named file is; a large tree tiers up', { skip: !/^11\./.test(process.versions.v8) && 'the compiler is chosen after discovery on V8 11 (Node 20) only' }, () => {
  assert.equal(turbofanCompilations([SMALL_PROJECT]), 0);
  assert.equal(turbofanCompilations([path.join(SMALL_PROJECT, 'djproject', 'settings', 'prod.py')]), 0);
  const large = largeProject();
  assert.ok(turbofanCompilations(['.'], large) > 0, 'a run over 700 KB keeps the optimising compiler');
  // Named, the same file is large too: the choice is the same whichever way the run learns it.
  assert.ok(turbofanCompilations(['proj/settings.py'], large) > 0);
});

test('after a small directory run set the baseline compiler, the code cache it wrote is the one the next run loads', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-cache-'));
  const env = { TMPDIR: tmp, CELERY_LINT_NO_CACHE: undefined, NODE_DISABLE_COMPILE_CACHE: undefined };
  const cacheFiles = () => {
    const dir = fs.readdirSync(tmp).map((d) => path.join(tmp, d)).find((d) => /celery-lint-compile-cache/.test(d));
    return dir ? fs.readdirSync(dir).filter((f) => f.endsWith('.cache')).map((f) => path.join(dir, f)) : [];
  };
  const first = runCli([SMALL_PROJECT, '--format', 'json'], { env });
  assert.ok(first.code === 0 || first.code === 1, first.stderr);
  const written = cacheFiles();
  assert.equal(written.length, 1, 'one cache, for the bundle and its flags');
  const before = fs.statSync(written[0]!);
  // A rejected cache is written again at exit; one the run could load is left as it is.
  for (let i = 0; i < 2; i++) {
    const again = runCli([SMALL_PROJECT, '--format', 'json'], { env });
    assert.deepEqual(again, first);
  }
  const after = fs.statSync(written[0]!);
  assert.deepEqual([after.mtimeMs, after.ino, after.size], [before.mtimeMs, before.ino, before.size], 'the cache was rejected and written again');
});
