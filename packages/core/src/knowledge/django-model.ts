// The target Django version and what Django defines in it. The table
// (django-settings.data.ts) is generated from the Django releases Debian
// ships (3.2, 4.2, 5.2); a target between them is answered by the newest
// scanned release at or before it, and a rule that knows a change landed in
// an unscanned release (4.0, 4.1) says so with djangoAtLeast().
import type { AbstractValue } from '../types';
import { DJANGO_CHANGES, DJANGO_RELEASES } from './django-settings.data';

export interface DjangoRelease {
  readonly version: string;
  /** Check ids Django's security checks can report: `deploy` only under `check --deploy`, `always` on every `check`. */
  readonly securityChecks: { readonly deploy: readonly string[]; readonly always: readonly string[] };
  /** Every system check id the release can report, in any of its checks (admin.E108, fields.W342, security.W004, ...). */
  readonly checks: readonly string[];
  /** Every setting of django/conf/global_settings.py, with its default. */
  readonly defaults: Readonly<Record<string, AbstractValue>>;
}

/** A line where something appeared (`since`) or went away (`removedIn`). */
export interface DjangoSpan {
  readonly since?: string;
  readonly removedIn?: string;
}

export interface DjangoChanges {
  readonly settings: Readonly<Record<string, DjangoSpan>>;
  readonly checks: Readonly<Record<string, DjangoSpan>>;
  /** The line where a default changed between two scanned releases; null when that line is not recorded. */
  readonly defaults: Readonly<Record<string, string | null>>;
}

function parts(version: string): number[] {
  return version.split('.').map((p) => parseInt(p, 10) || 0);
}

function lineOf(version: string): string {
  return parts(version).slice(0, 2).join('.');
}

export function compareDjangoVersions(a: string, b: string): number {
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The newest Django line the table knows: the target when the project names none. */
export const NEWEST_DJANGO_LINE: string = lineOf(DJANGO_RELEASES[DJANGO_RELEASES.length - 1]!.version);

/** True for a Django version a user may name: `4`, `4.2`, `4.2.11`. */
export function isDjangoVersion(version: string): boolean {
  return /^\d+(\.\d+){0,2}$/.test(version);
}

/** The scanned release standing for `version` (a line or a release): the newest at or before it, else the oldest. */
export function djangoReleaseFor(version: string | undefined): DjangoRelease {
  const target = version ?? NEWEST_DJANGO_LINE;
  const line = lineOf(target);
  const atOrBefore = DJANGO_RELEASES.filter((r) => compareDjangoVersions(lineOf(r.version), line) <= 0);
  return atOrBefore[atOrBefore.length - 1] ?? DJANGO_RELEASES[0]!;
}

/** Whether the target (the newest line when undefined) is `line` or later. */
export function djangoAtLeast(version: string | undefined, line: string): boolean {
  return compareDjangoVersions(version ?? NEWEST_DJANGO_LINE, line) >= 0;
}

function within(span: DjangoSpan, version: string | undefined): boolean {
  return (span.since === undefined || djangoAtLeast(version, span.since)) && (span.removedIn === undefined || !djangoAtLeast(version, span.removedIn));
}

/** Whether the target defines the setting: the exact lines where known, else the scanned release standing for it. */
export function djangoHasSetting(name: string, version: string | undefined): boolean {
  const span = DJANGO_CHANGES.settings[name];
  if (span) return within(span, version);
  return name in djangoReleaseFor(version).defaults;
}

/**
 * Django's default for a setting in the target, or undefined when the target
 * has no such setting (or it came after every scanned release at or before the target).
 */
export function djangoDefaultIn(name: string, version: string | undefined): AbstractValue | undefined {
  if (!djangoHasSetting(name, version)) return undefined;
  const release = djangoReleaseFor(version);
  const changed = DJANGO_CHANGES.defaults[name];
  if (changed !== undefined) {
    const next = DJANGO_RELEASES.find((r) => compareDjangoVersions(r.version, release.version) > 0);
    if (next && version !== undefined && compareDjangoVersions(lineOf(version), lineOf(release.version)) > 0) {
      // The target lies after the scanned release that stands for it: the default may have changed on the way.
      if (changed === null) return { kind: 'unknown', reason: `Django's default for ${name} changed between ${release.version} and ${next.version}` };
      if (djangoAtLeast(version, changed)) return next.defaults[name];
    }
  }
  return release.defaults[name] ?? DJANGO_RELEASES.find((r) => name in r.defaults)?.defaults[name];
}

/** The lines where a setting appeared or went away, when scripts/django-versions.json records them. */
export function djangoSettingSpan(name: string): DjangoSpan | undefined {
  return DJANGO_CHANGES.settings[name];
}

/** The Django line that removed a setting, when it went away after 3.0 (scripts/django-versions.json). */
export function djangoRemovedIn(name: string): string | undefined {
  return DJANGO_CHANGES.settings[name]?.removedIn;
}

/** Whether the target defines a security check with this id (`security.E024` is 4.0+, `security.E100` 3.1–3.2). */
export function djangoDefinesCheck(id: string, version: string | undefined): boolean {
  const span = DJANGO_CHANGES.checks[id];
  if (span) return within(span, version);
  const { deploy, always } = djangoReleaseFor(version).securityChecks;
  return deploy.includes(id) || always.includes(id);
}

/** The Django lines the table scans, oldest first (`3.2`, `4.2`, `5.2`). */
export const SCANNED_DJANGO_LINES: readonly string[] = DJANGO_RELEASES.map((r) => lineOf(r.version));

/** Every system check id the target can report (the scanned release standing for it). */
export function djangoCheckIds(version: string | undefined): readonly string[] {
  return djangoReleaseFor(version).checks;
}

/** The part of a check id before the dot (`admin`, `security`, `4_0`) of every check any scanned release defines. */
const DJANGO_CHECK_PREFIXES: ReadonlySet<string> = new Set(DJANGO_RELEASES.flatMap((r) => r.checks.map((id) => id.slice(0, id.indexOf('.')))));

/** How a check id stands in the target: its own, gone since a scanned release, only in newer releases, or no release's. */
export type DjangoCheckStanding =
  | { readonly kind: 'defined' }
  | { readonly kind: 'removed'; readonly lastIn: string }
  | { readonly kind: 'newer' }
  | { readonly kind: 'never'; readonly djangoPrefix: boolean };

export function djangoCheckStanding(id: string, version: string | undefined): DjangoCheckStanding {
  const release = djangoReleaseFor(version);
  if (release.checks.includes(id)) return { kind: 'defined' };
  const having = DJANGO_RELEASES.filter((r) => r.checks.includes(id));
  if (having.length === 0) return { kind: 'never', djangoPrefix: DJANGO_CHECK_PREFIXES.has(id.slice(0, id.indexOf('.'))) };
  const last = having[having.length - 1]!;
  return compareDjangoVersions(last.version, release.version) < 0 ? { kind: 'removed', lastIn: lineOf(last.version) } : { kind: 'newer' };
}

/** Whether `prefix` names a group of Django's own checks (`auth`, `fields`), not a third-party app's. */
export function isDjangoCheckPrefix(prefix: string): boolean {
  return DJANGO_CHECK_PREFIXES.has(prefix);
}
