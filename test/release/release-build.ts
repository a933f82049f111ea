// One release build (scripts/release/release.js) shared by every test file of
// one test run: the artefact tests (npm, wheel, pre-commit mirror, Action,
// .vsix) all read the same directory, so the single executable is built once.
// The test runner starts each file as a child of one process; the first file
// to ask builds into a directory named after that process (its pid and start
// time), the others wait for it. Outside the test runner each process builds
// its own.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '..', '..', '..');
export const RELEASE_SCRIPT = path.join(REPO, 'scripts', 'release', 'release.js');

export interface Release {
  readonly dir: string;
  readonly version: string;
  readonly tarball: string;
  readonly wheel: string;
  readonly vsix: string;
  readonly mirror: string;
}

const BUILD_TIMEOUT_MS = 10 * 60_000;

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The test runner's identity (pid and start time), or undefined outside Node's test runner. */
function runnerKey(): string | undefined {
  if (!process.env.NODE_TEST_CONTEXT) return undefined;
  try {
    const stat = fs.readFileSync(`/proc/${process.ppid}/stat`, 'utf8');
    const startTime = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    return `${process.ppid}-${startTime}`;
  } catch {
    return undefined;
  }
}

const PREFIX = 'celery-lint-release-test-';

/** Removes shared builds of test runs that have ended. */
function removeStale(current: string): void {
  for (const name of fs.readdirSync(os.tmpdir())) {
    if (!name.startsWith(PREFIX) || name.startsWith(`${PREFIX}${current}`)) continue;
    const pid = Number(name.slice(PREFIX.length).split('-')[0]);
    if (Number.isInteger(pid) && !alive(pid)) fs.rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true });
  }
}

function build(dir: string): void {
  const result = spawnSync(process.execPath, [RELEASE_SCRIPT, '--out', dir, '--skip-build'], { cwd: REPO, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: BUILD_TIMEOUT_MS });
  if (result.status !== 0) throw new Error(`npm run release failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
}

function describe(dir: string): Release {
  const version = (JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
  const wheel = fs.readdirSync(dir).find((f) => f.endsWith('.whl'));
  if (!wheel) throw new Error(`no wheel in ${dir}`);
  return {
    dir,
    version,
    tarball: path.join(dir, `celery-lint-${version}.tgz`),
    wheel: path.join(dir, wheel),
    vsix: path.join(dir, `celery-lint-${version}.vsix`),
    mirror: path.join(dir, 'pre-commit-mirror'),
  };
}

let built: Release | undefined;

/** The release of this checkout, built on first use (tsc -b must have run: npm test builds first). */
export function release(): Release {
  if (built) return built;
  const key = runnerKey();
  if (!key) {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-release-')), 'out');
    build(dir);
    return (built = describe(dir));
  }
  removeStale(key);
  const dir = path.join(os.tmpdir(), `${PREFIX}${key}`);
  const lock = `${dir}.lock`;
  const done = path.join(lock, 'done');
  const failed = path.join(lock, 'failed');
  const owner = path.join(lock, 'pid');
  try {
    fs.mkdirSync(lock);
  } catch {
    // Another file of this run builds it: wait for it to finish.
    const deadline = Date.now() + BUILD_TIMEOUT_MS;
    for (;;) {
      if (fs.existsSync(done)) return (built = describe(dir));
      if (fs.existsSync(failed)) throw new Error(`the shared release build failed:\n${fs.readFileSync(failed, 'utf8')}`);
      const pid = Number(fs.existsSync(owner) ? fs.readFileSync(owner, 'utf8') : NaN);
      if (Number.isInteger(pid) && !alive(pid)) throw new Error(`the process building the shared release (${pid}) died`);
      if (Date.now() > deadline) throw new Error('timed out waiting for the shared release build');
      sleep(250);
    }
  }
  fs.writeFileSync(owner, String(process.pid));
  try {
    build(dir);
  } catch (error) {
    fs.writeFileSync(failed, (error as Error).message);
    throw error;
  }
  fs.writeFileSync(done, '');
  return (built = describe(dir));
}
