// What the differential test expects: which differences are real version
// differences (keyed on the Celery release compared with, with the reason),
// and which disagreements are known engine bugs of issue 13 still being
// fixed (each a class: remove it here when the engine is fixed; the test
// says when a class no longer shows).
import { featuresOf, type Case } from './cases';
import type { Comparison } from './compare';

export const EXPECTED = {
  /** Generated cases (the directed ones come on top). */
  cases: 1500,
};

export interface DisagreementClass {
  readonly id: string;
  readonly reason: string;
  /** Celery releases (x.y.z, as the oracle reports them) the class holds for; every release when absent. */
  readonly versions?: readonly string[];
  readonly matches: (c: Comparison, k: Case) => boolean;
}

/** Behaviour that differs between the Celery releases compared (print-config targets each). */
export const VERSION_DIFFERENCES: readonly DisagreementClass[] = [];

/** The case exercises a feature (see featuresOf) matching the pattern. */
export const has = (k: Case, pattern: RegExp): boolean => featuresOf(k).some((f) => pattern.test(f));

/**
 * Engine disagreements of issue 13 not fixed yet, by class: a disagreement in
 * a case that exercises the class's feature (see featuresOf in cases.ts) is
 * put down to the first class that matches. Each names what Celery does; the
 * item numbers are the issue's. Remove a class when the engine is fixed.
 */
export const KNOWN_ENGINE_BUGS: readonly DisagreementClass[] = [];

export function versionDifferenceOf(c: Comparison, k: Case, version: string): DisagreementClass | undefined {
  return VERSION_DIFFERENCES.find((d) => (!d.versions || d.versions.includes(version)) && d.matches(c, k));
}

export function knownBugOf(c: Comparison, k: Case, version: string): DisagreementClass | undefined {
  return KNOWN_ENGINE_BUGS.find((d) => (!d.versions || d.versions.includes(version)) && d.matches(c, k));
}
