// Fault-injection tests where permissions matter run the CLI as a user
// without privileges: root may write a read-only file and read an
// unreadable directory, so as root nothing would be tested. CI runs as root:
// there the CLI runs as `nobody` (Node drops to it, and drops supplementary
// groups, when spawning), and the test's files are handed to it with chown.
// .ci/run lets `nobody` reach the checkout.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BIN } from './run-cli';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** The user the CLI runs as in these tests: `nobody` under root, else the test's own user (undefined). */
export const NOBODY = isRoot ? { uid: 65534, gid: 65534 } : undefined;

/** Why the tests that need another owner cannot run here (they need root to set files up), or undefined. */
export const needsRoot = isRoot ? undefined : 'needs root to give files another owner (CI runs as root)';

/** Why the unprivileged user cannot run the CLI from this checkout, or undefined. */
export function unprivilegedProblem(): string | undefined {
  if (!NOBODY) return undefined;
  for (let dir = path.dirname(BIN); ; dir = path.dirname(dir)) {
    const stat = fs.statSync(dir);
    if ((stat.mode & 0o001) === 0) return `'nobody' cannot reach ${BIN}: ${dir} is not searchable by others (.ci/run makes it so)`;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** Hands a test directory, and everything in it, to the unprivileged user. */
export function giveToNobody(dir: string): void {
  if (!NOBODY) return;
  const walk = (p: string) => {
    fs.lchownSync(p, NOBODY.uid, NOBODY.gid);
    if (fs.lstatSync(p).isDirectory()) for (const e of fs.readdirSync(p)) walk(path.join(p, e));
  };
  walk(dir);
  // mkdtemp makes it 0700 for root; the parent (/tmp) is searchable.
}
