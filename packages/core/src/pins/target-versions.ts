// From a pin to the version rules are judged for: the lowest release the pin
// admits, answered by the nearest release the knowledge base models. Celery
// 4.0 to 4.3 read like 4.4 (the lowercase names, the same defaults for what
// rules check); Celery 3 and older is below what celery-lint models, and a
// run says so once rather than judging it as Celery 5.
import * as path from 'node:path';
import { compareReleases, CELERY_RELEASES, MAIN } from '../knowledge/versions';
import type { Pin } from './pin-files';

/** The oldest Celery release the knowledge base scanned (4.4.0). */
export const OLDEST_MODELED_CELERY: string = CELERY_RELEASES.find((r) => r !== MAIN)!;

/** A target version and what decided it. */
export interface InferredVersion {
  /** What rules are given (`5.3.6`, `4.4.0`): the pin's floor, or the oldest modeled release for an older 4.x. */
  readonly version: string;
  /** `celery>=5.3,<6 in requirements/base.txt:4` (paths relative to `cwd` when given). */
  readonly from: string;
  readonly pin: Pin;
  /** The pin is older than any release celery-lint models (Celery 3.1): its Celery findings would be advice for another release. */
  readonly belowModel?: boolean;
}

export function describePin(pin: Pin, cwd?: string): string {
  const file = cwd ? path.relative(cwd, pin.file) || pin.file : pin.file;
  const read = pin.ceiling ? `, read as ${pin.version}, the newest release line below the bound` : '';
  return `${pin.text} in ${file}:${pin.line}${read}`;
}

/** The Celery target a pin stands for. */
export function celeryTargetOf(pin: Pin, cwd?: string): InferredVersion {
  const from = describePin(pin, cwd);
  const major = Number(pin.version.split('.')[0]);
  if (major < 4) {
    return { version: OLDEST_MODELED_CELERY, from: `${from}, older than ${OLDEST_MODELED_CELERY}, the oldest release celery-lint models: most Celery findings left out`, pin, belowModel: true };
  }
  if (compareReleases(pin.version, OLDEST_MODELED_CELERY) < 0) {
    return { version: OLDEST_MODELED_CELERY, from: `${from}, read as ${OLDEST_MODELED_CELERY}, the oldest release celery-lint models`, pin };
  }
  return { version: pin.version, from, pin };
}

/** The Django target a pin stands for (the Django model answers older lines with its oldest release). */
export function djangoTargetOf(pin: Pin, cwd?: string): InferredVersion {
  return { version: pin.version, from: describePin(pin, cwd), pin };
}

/**
 * Rules whose findings hold in every Celery release, so a project pinned below
 * what celery-lint models keeps them: a pickle serializer someone configured
 * is unsafe in 3.1 as in 5.x, and neither root workers nor credentials in
 * source depend on the release. (unserializable-task-argument does: Celery
 * 3.1's default serializer is pickle, which encodes a model instance.)
 */
const SAME_IN_EVERY_RELEASE = new Set(['celery/pickle-serializer', 'celery/worker-as-root', 'celery/hardcoded-credentials']);

/** The rules a project pinned below the oldest modeled release is checked with: django/ ones, and the Celery ones that hold in every release. */
export function rulesBelowModel<T extends { readonly meta: { readonly id: string } }>(rules: readonly T[]): T[] {
  return rules.filter((r) => !r.meta.id.startsWith('celery/') || SAME_IN_EVERY_RELEASE.has(r.meta.id));
}
