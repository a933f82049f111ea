// The target versions of a group of files whose configuration names none:
// what their projects pin. Files are linted together because configurations
// span them, so a group keeps one Celery and one Django version when its
// pins agree (files no metadata governs, such as a Compose file at the
// checkout's root, go with the rest); only a group whose projects pin
// different releases (a monorepo of services) is split, one lint per release.
import type { AssumedVersion, InferredVersion, PinFinder } from '@celery-lint/core';
import type { GroupOptions } from './lint-run';

function core(): typeof import('@celery-lint/core') {
  return require('@celery-lint/core') as typeof import('@celery-lint/core');
}

/** One lint over part (or all) of a group, with the versions it runs for. */
export interface PinnedUnit {
  readonly files: readonly string[];
  readonly options: GroupOptions;
  /** The Celery pin decided the version (undefined: configured, or the default). */
  readonly celery?: InferredVersion;
  readonly django?: InferredVersion;
}

/** The default when neither configuration nor pins decide. */
export const DEFAULT_FROM = 'default: the newest release celery-lint knows';

/** Splits a group's files by the releases their projects pin; options the user set are never overridden. */
export function pinnedUnits(files: readonly string[], options: GroupOptions, finder: PinFinder, cwd: string): PinnedUnit[] {
  const { celeryTargetOf, djangoTargetOf } = core();
  const inferCelery = options.celeryVersion === undefined;
  const inferDjango = options.djangoVersion === undefined;
  if (!inferCelery && !inferDjango) return [{ files, options }];
  const byKey = new Map<string, { files: string[]; celery?: InferredVersion; django?: InferredVersion }>();
  const unpinned: string[] = [];
  for (const file of files) {
    const celeryPin = inferCelery ? finder.pinFor(file, 'celery') : undefined;
    const djangoPin = inferDjango ? finder.pinFor(file, 'django') : undefined;
    if (!celeryPin && !djangoPin) {
      unpinned.push(file);
      continue;
    }
    const key = `${celeryPin?.version ?? ''}\0${djangoPin?.version ?? ''}`;
    let unit = byKey.get(key);
    if (!unit) {
      unit = { files: [], ...(celeryPin ? { celery: celeryTargetOf(celeryPin, cwd) } : {}), ...(djangoPin ? { django: djangoTargetOf(djangoPin, cwd) } : {}) };
      byKey.set(key, unit);
    }
    unit.files.push(file);
  }
  const units = [...byKey.values()];
  // One release pinned (or none): the whole group is one lint, unpinned files included.
  if (units.length <= 1) {
    const only = units[0];
    return [withTargets(files, options, only?.celery, only?.django)];
  }
  const out = units.map((u) => withTargets(u.files, options, u.celery, u.django));
  if (unpinned.length > 0) out.push({ files: unpinned, options });
  return out;
}

function withTargets(files: readonly string[], options: GroupOptions, celery: InferredVersion | undefined, django: InferredVersion | undefined): PinnedUnit {
  let next: GroupOptions = options;
  if (celery) {
    next = { ...next, celeryVersion: celery.version, celeryVersionFrom: celery.from };
    // Below the oldest modeled release, most Celery findings would be advice for Celery 4.4 and later.
    if (celery.belowModel) next = { ...next, rules: core().rulesBelowModel(next.rules) };
  }
  if (django) next = { ...next, djangoVersion: django.version, djangoVersionFrom: django.from };
  return { files, options: next, ...(celery ? { celery } : {}), ...(django ? { django } : {}) };
}

/** The Celery version a unit runs for, and what decided it (print-config, --verbose). */
export function assumedCelery(options: GroupOptions): AssumedVersion {
  const { DEFAULT_CELERY_VERSION } = core();
  return options.celeryVersion ? { version: options.celeryVersion, from: options.celeryVersionFrom ?? '--celery-version' } : { version: DEFAULT_CELERY_VERSION, from: DEFAULT_FROM };
}

/** The Django version a unit runs for, and what decided it. */
export function assumedDjango(options: GroupOptions): AssumedVersion {
  const { NEWEST_DJANGO_LINE } = core();
  return options.djangoVersion ? { version: options.djangoVersion, from: options.djangoVersionFrom ?? '--django-version' } : { version: NEWEST_DJANGO_LINE, from: DEFAULT_FROM };
}
