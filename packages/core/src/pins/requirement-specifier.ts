// A small reader of the requirement syntax projects pin Celery and Django
// with: PEP 508 lines (`celery[redis]>=4.4,<5 ; python_version >= "3.8"`),
// PEP 440 specifiers, and Poetry's `^` / `~` / bare-version forms. It answers
// one question: the lowest version a pin admits, which is what the project
// must keep working on (a range is only as good as its oldest release).

/** One requirement: the distribution's normalized name and its version specifier text. */
export interface Requirement {
  readonly name: string;
  readonly specifier: string;
}

/** The lowest version a specifier admits, and whether it admits exactly one release line. */
export interface LowestVersion {
  /** Numeric parts only (`5.3.6`, `5.2`, `4.4`); at least major.minor. */
  readonly version: string;
  /** `==5.2.7`, `===5.2.7`, a lock file's version: the pin names a release, not a floor. */
  readonly exact: boolean;
}

/** PEP 503 normalization: `Django`, `django_` and `DJANGO` are one distribution. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

const NAME = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(\[[^\]]*\])?\s*/;

/** An archive a URL points at, named as sdists and wheels are: `celery-4.4.0-pytz.zip`, `celery-5.3.6-py3-none-any.whl`. */
const ARCHIVE = /\/([A-Za-z0-9][A-Za-z0-9._-]*?)-(\d+(?:\.\d+)+)(?:[-+.][^/]*)?\.(?:zip|tar\.gz|tgz|tar\.bz2|whl)(?:[#?][^/]*)?$/;

/** The release a direct reference installs, read from its archive's file name; undefined for a VCS or directory URL. */
function archiveRequirement(text: string): Requirement | undefined {
  const url = text.includes('@') && !/^[a-z+]+:\/\//i.test(text) ? text.slice(text.indexOf('@') + 1).trim() : text;
  const m = ARCHIVE.exec(url.split(/\s+/)[0]!);
  return m ? { name: normalizeName(m[1]!), specifier: `==${m[2]!}` } : undefined;
}

/**
 * A PEP 508 requirement line (no comment, no pip option), or undefined when it
 * is not one (an editable path, a VCS URL). A URL or `name @ url` to a
 * release archive names its version in the file name, as pip builds it.
 */
export function parseRequirement(line: string): Requirement | undefined {
  const text = line.split(';')[0]!.trim();
  if (/^[a-z+]+:\/\//i.test(text)) return archiveRequirement(text);
  const m = NAME.exec(text);
  if (!m) return undefined;
  let rest = text.slice(m[0].length).trim();
  if (rest.startsWith('@')) {
    const archive = archiveRequirement(text);
    return archive && archive.name === normalizeName(m[1]!) ? archive : undefined;
  }
  if (rest.startsWith('(') && rest.endsWith(')')) rest = rest.slice(1, -1).trim();
  if (rest !== '' && !/^[<>=!~^]/.test(rest)) return undefined;
  return { name: normalizeName(m[1]!), specifier: rest };
}

/** `5.3.0rc1` -> [5, 3, 0]; `5.2.*` -> [5, 2]; undefined when it does not start with a number. */
function numericParts(version: string): number[] | undefined {
  const m = /^v?(\d+(?:\.\d+)*)/.exec(version.trim());
  if (!m) return undefined;
  return m[1]!.split('.').map(Number).slice(0, 3);
}

function asVersion(parts: readonly number[]): string {
  return (parts.length === 1 ? [...parts, 0] : parts).join('.');
}

function compareParts(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

const CLAUSE = /^(===|==|~=|!=|<=|>=|<|>|\^|~(?!=)|=)?\s*(\S+)$/;

/**
 * The lowest version a specifier admits: `~=5.6` -> 5.6, `^5.3.6` -> 5.3.6,
 * `>=4.4,<5` -> 4.4, `==5.2.*` -> 5.2, `5.3` (Poetry) -> 5.3. Alternatives
 * (Poetry's `||`) admit the lowest of their floors. Undefined when the
 * specifier sets no floor (`*`, `<5`, `!=4.0`, empty).
 */
export function lowestAdmitted(specifier: string): LowestVersion | undefined {
  const alternatives = specifier.split('||').map((alt) => floorOf(alt));
  if (alternatives.some((alt) => alt === undefined)) return undefined;
  let lowest: { parts: number[]; exact: boolean } | undefined;
  for (const alt of alternatives) if (!lowest || compareParts(alt!.parts, lowest.parts) < 0) lowest = alt;
  return lowest && { version: asVersion(lowest.parts), exact: lowest.exact && alternatives.length === 1 };
}

/** The floor of one conjunction (`>=4.4,<5`, Poetry's `>=4.4 <5`): the highest of its clauses' floors. */
function floorOf(conjunction: string): { parts: number[]; exact: boolean } | undefined {
  const clauses = conjunction
    .trim()
    .replace(/([<>=!~^]+)\s+/g, '$1')
    .split(/[\s,]+/)
    .filter(Boolean);
  let floor: { parts: number[]; exact: boolean } | undefined;
  for (const clause of clauses) {
    const m = CLAUSE.exec(clause);
    if (!m) return undefined;
    const op = m[1] ?? '==';
    const version = m[2]!;
    if (version === '*' || op === '<' || op === '<=' || op === '!=') continue;
    const parts = numericParts(version);
    if (!parts) return undefined;
    const exact = (op === '==' || op === '===' || op === '=') && !version.includes('*') && parts.length >= 3;
    if (!floor || compareParts(parts, floor.parts) > 0) floor = { parts, exact };
  }
  return floor;
}
