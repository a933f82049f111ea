// The target Celery version model. Users name a line (`5.3`), a release
// (`5.2.6`) or `main`; the knowledge base answers for one scanned release.
import { KNOWLEDGE_SOURCE } from './celery-settings.data';

export const MAIN = 'main';

/** Every scanned Celery release, oldest first, `main` last. */
export const CELERY_RELEASES: readonly string[] = KNOWLEDGE_SOURCE.celery.releases.map((r) => r.release);

const RELEASED = CELERY_RELEASES.filter((r) => r !== MAIN);

const parsed = new Map<string, number[]>();

/** Numeric parts of a version; cached, because every rule compares releases for every setting. */
function parts(version: string): number[] {
  let out = parsed.get(version);
  if (!out) {
    out = version.split('.').map((p) => parseInt(p, 10) || 0);
    parsed.set(version, out);
  }
  return out;
}

/** The line (`5.3`) of a release (`5.3.4`); main's line is the one after the newest release. */
export function lineOf(release: string): string {
  if (release === MAIN) {
    const [major, minor] = parts(RELEASED[RELEASED.length - 1]!);
    return `${major}.${minor! + 1}`;
  }
  return parts(release).slice(0, 2).join('.');
}

/** Newest released Celery line: the default target (`--celery-version`). */
export const NEWEST_RELEASED_LINE: string = lineOf(RELEASED[RELEASED.length - 1]!);

/** Orders release names numerically, with `main` after every release. */
export function compareReleases(a: string, b: string): number {
  if (a === b) return 0;
  if (a === MAIN) return 1;
  if (b === MAIN) return -1;
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** True for what `--celery-version` accepts: `5`, `5.3`, `5.2.6`, `main`. */
export function isCeleryVersion(version: string): boolean {
  return version === MAIN || /^\d+(\.\d+){0,2}$/.test(version);
}

const resolved = new Map<string, string>();

/**
 * The scanned release that stands for a target version:
 * - `main`, or a line newer than every release (`5.7`): main;
 * - a line (`5.3`): its newest release, since users upgrade within a line;
 * - a release (`5.2.6`): the newest scanned release at or before it;
 * - anything older than the oldest scanned release: the oldest (the table
 *   starts at 4.4.0; older lines are answered as 4.4.0).
 * Undefined means "no target": every release at once.
 */
export function resolveRelease(version: string | undefined): string | undefined {
  if (version === undefined) return undefined;
  const hit = resolved.get(version);
  if (hit) return hit;
  let release: string;
  if (!isCeleryVersion(version)) {
    throw new Error(`not a Celery version: '${version}' (expected e.g. 5.6, 5.2.6 or main)`);
  } else if (version === MAIN) {
    release = MAIN;
  } else {
    const p = parts(version);
    const isLine = version.split('.').length < 3;
    const newest = RELEASED[RELEASED.length - 1]!;
    const cap = isLine ? [...p, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER].slice(0, 3).join('.') : version;
    const candidates = RELEASED.filter((r) => compareReleases(r, cap) <= 0);
    if (compareReleases(lineOf(newest), version.split('.').slice(0, 2).join('.')) < 0) release = MAIN;
    else release = candidates[candidates.length - 1] ?? RELEASED[0]!;
  }
  resolved.set(version, release);
  return release;
}

/** Whether something present from `since` and gone at `removedIn` exists in the target. */
export function presentIn(since: string, removedIn: string | undefined, version: string | undefined): boolean {
  const release = resolveRelease(version);
  if (release === undefined) return true;
  return compareReleases(since, release) <= 0 && (removedIn === undefined || compareReleases(removedIn, release) > 0);
}

/** The commit the knowledge about a release came from. */
export function sourceCommit(release: string): string | undefined {
  return KNOWLEDGE_SOURCE.celery.releases.find((r) => r.release === release)?.commit;
}
