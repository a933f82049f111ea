// The release lines Celery and Django have shipped, from their release
// history on PyPI, for pins that set only an upper bound: `Django<2.0`
// admits 1.11 and everything older, and pip installs the newest release it
// admits, so the project runs 1.11. Without the table such a pin gave no
// target at all, and the project was judged as the newest Django.
import { lowestAdmitted, type LowestVersion } from './requirement-specifier';

/** Release lines (major.minor), oldest first. Celery went from 3.1 to 4.0 (no 3.2); Django from 1.11 to 2.0. */
const RELEASE_LINES: Readonly<Record<string, readonly string[]>> = {
  celery: ['1.0', '2.0', '2.1', '2.2', '2.3', '2.4', '2.5', '3.0', '3.1', '4.0', '4.1', '4.2', '4.3', '4.4', '5.0', '5.1', '5.2', '5.3', '5.4', '5.5', '5.6'],
  django: ['1.0', '1.1', '1.2', '1.3', '1.4', '1.5', '1.6', '1.7', '1.8', '1.9', '1.10', '1.11', '2.0', '2.1', '2.2', '3.0', '3.1', '3.2', '4.0', '4.1', '4.2', '5.0', '5.1', '5.2', '6.0'],
};

/** What a pin's specifier makes the project run: a floor, or for a ceiling alone the newest line below it. */
export interface AdmittedVersion extends LowestVersion {
  /** Read from an upper bound alone (`Django<2.0`): the newest release line the bound admits. */
  readonly ceiling?: true;
}

function parts(version: string): number[] {
  return version.split('.').map((p) => parseInt(p, 10) || 0);
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The lowest upper bound of a conjunction (`<2.0`, `<=1.11.29`, `<2,!=1.11.3`), with whether it is inclusive. */
function ceilingOf(specifier: string): { parts: number[]; inclusive: boolean } | undefined {
  let ceiling: { parts: number[]; inclusive: boolean } | undefined;
  for (const clause of specifier.replace(/([<>=!~^]+)\s+/g, '$1').split(/[\s,]+/).filter(Boolean)) {
    const m = /^(<=|<)v?(\d+(?:\.\d+)*)$/.exec(clause);
    if (!m) continue;
    const bound = { parts: parts(m[2]!), inclusive: m[1] === '<=' };
    if (!ceiling || compare(bound.parts, ceiling.parts) < 0) ceiling = bound;
  }
  return ceiling;
}

/**
 * The newest release line of `distribution` that an upper bound admits
 * (its first release, `line.0`, is below the bound): `<2.0` -> 1.11,
 * `<=1.11.29` -> 1.11, `<5.3` -> 5.2. Undefined without a ceiling, for
 * another distribution, or below the oldest line known.
 */
export function newestLineBelow(specifier: string, distribution: string): string | undefined {
  const lines = RELEASE_LINES[distribution];
  // Poetry's alternatives would need the newest of their ceilings; no project pins that way without a floor.
  if (!lines || specifier.includes('||')) return undefined;
  const ceiling = ceilingOf(specifier);
  if (!ceiling) return undefined;
  for (let i = lines.length - 1; i >= 0; i--) {
    const d = compare(parts(lines[i]!), ceiling.parts);
    if (d < 0 || (d === 0 && ceiling.inclusive)) return lines[i];
  }
  return undefined;
}

/** The version a pin makes the project run: the floor it admits, else the newest line below its ceiling. */
export function admittedVersion(specifier: string, distribution: string): AdmittedVersion | undefined {
  const lowest = lowestAdmitted(specifier);
  if (lowest) return lowest;
  const line = newestLineBelow(specifier, distribution);
  return line === undefined ? undefined : { version: line, exact: false, ceiling: true };
}
