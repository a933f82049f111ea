// Where a project writes which Celery or Django it runs: requirements files
// (with their -r/-c includes), pyproject.toml (PEP 621, Poetry, PDM, uv
// dependency groups), setup.cfg, setup.py, Pipfile and the lock files. Each
// reader turns one file into the pins it states, with the line that states
// them, so a report can say exactly where a target version came from.
import * as path from 'node:path';
import { readRegularFile } from '../read-source';
import { lowestAdmitted, normalizeName, parseRequirement } from './requirement-specifier';
import { admittedVersion, type AdmittedVersion } from './release-lines';

// smol-toml ships a CommonJS build, but its types are declared as an ES module.
const { parse: parseToml } = require('smol-toml') as { parse(text: string): unknown };

/** A version a file states for a distribution. */
export interface Pin extends AdmittedVersion {
  /** Normalized distribution name (`celery`, `django`). */
  readonly name: string;
  /** What the file says, as written (`celery[redis]>=4.4,<5`), or a lock file's name and version (`celery 5.3.6`). */
  readonly text: string;
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** A lock file's resolved version, rather than a declared requirement. */
  readonly locked: boolean;
}

/** Lock files of large projects run to a few megabytes; nothing here is read twice. */
const MAX_PIN_FILE_BYTES = 16 * 1024 * 1024;

export function readText(file: string): string | undefined {
  const read = readRegularFile(file, MAX_PIN_FILE_BYTES);
  return read.ok ? read.bytes.toString('utf8') : undefined;
}

/** The 1-based line of the first match of `pattern` at or after `from` (0-based offset), else 1. */
function lineOf(text: string, pattern: RegExp, from = 0): number {
  const re = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
  re.lastIndex = from;
  const m = re.exec(text);
  if (!m) return 1;
  return text.slice(0, m.index).split('\n').length;
}

/**
 * The 1-based line of an offset, as lineOf counts lines ('\n' only), for a
 * file asked many times: a lock file names hundreds of packages, and
 * counting from its start for each made reading a megabyte uv.lock take
 * longer than parsing it.
 */
function lineNumbers(text: string): (offset: number) => number {
  const breaks: number[] = [];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) breaks.push(i);
  return (offset) => {
    let low = 0;
    let high = breaks.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (breaks[mid]! < offset) low = mid + 1;
      else high = mid;
    }
    return low + 1;
  };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A pin from a requirement string found in `text`. */
function declared(requirement: string, file: string, text: string, line?: number): Pin | undefined {
  const parsed = parseRequirement(requirement);
  if (!parsed) return undefined;
  const lowest = admittedVersion(parsed.specifier, parsed.name);
  if (!lowest) return undefined;
  return { name: parsed.name, ...lowest, text: requirement.trim(), file, line: line ?? lineOf(text, new RegExp(escape(requirement.trim()))), locked: false };
}

/**
 * A requirements file (pip's format): one requirement a line, `#` comments,
 * `\` continuations, and `-r` / `-c` includes, read relative to the file.
 * `seen` stops include cycles.
 */
export function requirementsPins(file: string, seen = new Set<string>()): Pin[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const text = readText(file);
  if (text === undefined) return [];
  const pins: Pin[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let line = lines[i]!;
    while (line.endsWith('\\') && i + 1 < lines.length) line = line.slice(0, -1) + lines[++i]!;
    line = line.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    const include = /^(?:-r|--requirement|-c|--constraint)(?:\s+|=)(\S+)/.exec(line);
    if (include) {
      pins.push(...requirementsPins(path.resolve(path.dirname(file), include[1]!), seen));
      continue;
    }
    if (line.startsWith('-')) continue;
    const pin = declared(line.split(/\s+--/)[0]!, file, text, start + 1);
    if (pin) pins.push(pin);
  }
  return pins;
}

type Table = Record<string, unknown>;

function table(value: unknown): Table | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Table) : undefined;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function parseTomlFile(file: string): { text: string; data: Table } | undefined {
  const text = readText(file);
  if (text === undefined) return undefined;
  try {
    const data = table(parseToml(text));
    return data ? { text, data } : undefined;
  } catch {
    return undefined;
  }
}

/** Poetry's and Pipfile's `name = "spec"` / `name = { version = "spec" }` tables. */
function keyedPins(deps: Table | undefined, file: string, text: string): Pin[] {
  const pins: Pin[] = [];
  for (const [key, value] of Object.entries(deps ?? {})) {
    const spec = typeof value === 'string' ? value : typeof table(value)?.version === 'string' ? (table(value)!.version as string) : undefined;
    if (spec === undefined) continue;
    const lowest = admittedVersion(spec, normalizeName(key));
    if (!lowest) continue;
    const line = lineOf(text, new RegExp(`^\\s*["']?${escape(key)}["']?\\s*=`, 'im'));
    pins.push({ name: normalizeName(key), ...lowest, text: `${key} = ${JSON.stringify(spec)}`, file, line, locked: false });
  }
  return pins;
}

/** pyproject.toml: PEP 621 dependencies and extras, PEP 735 dependency groups, Poetry, PDM and uv. */
export function pyprojectPins(file: string): Pin[] {
  const parsed = parseTomlFile(file);
  if (!parsed) return [];
  const { text, data } = parsed;
  const project = table(data.project);
  const tool = table(data.tool);
  const poetry = table(tool?.poetry);
  const requirements = [
    ...strings(project?.dependencies),
    ...Object.values(table(project?.['optional-dependencies']) ?? {}).flatMap(strings),
    ...Object.values(table(data['dependency-groups']) ?? {}).flatMap(strings),
    ...Object.values(table(table(tool?.pdm)?.['dev-dependencies']) ?? {}).flatMap(strings),
    ...strings(table(tool?.uv)?.['dev-dependencies']),
  ];
  const pins = requirements.map((r) => declared(r, file, text)).filter((p): p is Pin => p !== undefined);
  const poetryTables = [poetry?.dependencies, poetry?.['dev-dependencies'], ...Object.values(table(poetry?.group) ?? {}).map((g) => table(g)?.dependencies)];
  for (const deps of poetryTables) pins.push(...keyedPins(table(deps), file, text));
  return pins;
}

/** Pipfile: `[packages]` and `[dev-packages]`. */
export function pipfilePins(file: string): Pin[] {
  const parsed = parseTomlFile(file);
  if (!parsed) return [];
  return [...keyedPins(table(parsed.data.packages), file, parsed.text), ...keyedPins(table(parsed.data['dev-packages']), file, parsed.text)];
}

/** A resolved version from a lock file: exact by construction. */
function locked(name: string, version: string, file: string, line: number): Pin | undefined {
  const lowest = lowestAdmitted(`==${version.replace(/^==/, '')}`);
  return lowest && { name: normalizeName(name), version: lowest.version, exact: true, text: `${name} ${version.replace(/^==/, '')}`, file, line, locked: true };
}

/** poetry.lock, uv.lock, pdm.lock: `[[package]]` entries with a name and a version. */
export function packageLockPins(file: string): Pin[] {
  const parsed = parseTomlFile(file);
  if (!parsed) return [];
  const { text } = parsed;
  // Where each package's entry starts (its first `name = "..."` line), found in one pass over the file.
  const entryAt = new Map<string, number>();
  for (const m of text.matchAll(/^name\s*=\s*"([^"\n]*)"/gm)) if (!entryAt.has(m[1]!)) entryAt.set(m[1]!, m.index);
  const lineAt = lineNumbers(text);
  const versionLine = /^version\s*=/gm;
  const pins: Pin[] = [];
  for (const entry of Array.isArray(parsed.data.package) ? parsed.data.package : []) {
    const name = table(entry)?.name;
    const version = table(entry)?.version;
    if (typeof name !== 'string' || typeof version !== 'string') continue;
    const at = entryAt.get(name);
    let line = 1;
    if (at !== undefined) {
      versionLine.lastIndex = at;
      const found = versionLine.exec(text);
      if (found) line = lineAt(found.index);
    }
    const pin = locked(name, version, file, line);
    if (pin) pins.push(pin);
  }
  return pins;
}

/** Pipfile.lock: JSON, `default` and `develop` sections of `name: { version: "==x" }`. */
export function pipfileLockPins(file: string): Pin[] {
  const text = readText(file);
  if (text === undefined) return [];
  let data: Table | undefined;
  try {
    data = table(JSON.parse(text));
  } catch {
    return [];
  }
  const pins: Pin[] = [];
  for (const section of ['default', 'develop']) {
    for (const [name, value] of Object.entries(table(data?.[section]) ?? {})) {
      const version = table(value)?.version;
      if (typeof version !== 'string') continue;
      const pin = locked(name, version, file, lineOf(text, new RegExp(`"${escape(name)}"\\s*:`)));
      if (pin) pins.push(pin);
    }
  }
  return pins;
}

/** setup.cfg: the requirement lines under `install_requires` and `[options.extras_require]`. */
export function setupCfgPins(file: string): Pin[] {
  const text = readText(file);
  if (text === undefined) return [];
  const pins: Pin[] = [];
  let section = '';
  let inList = false;
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const header = /^\s*\[([^\]]+)\]/.exec(raw);
    if (header) {
      section = header[1]!.trim();
      inList = false;
      return;
    }
    const key = /^(\S[^=:]*?)\s*[=:]\s*(.*)$/.exec(raw);
    let value: string | undefined;
    if (key) {
      inList = (section === 'options' && key[1] === 'install_requires') || section === 'options.extras_require';
      value = key[2];
    } else if (inList && /^\s+\S/.test(raw)) value = raw;
    if (!inList || value === undefined) return;
    for (const part of value.replace(/(^|\s)#.*$/, '').split(/[,\n]/)) {
      const pin = part.trim() ? declared(part, file, text, i + 1) : undefined;
      if (pin) pins.push(pin);
    }
  });
  return pins;
}

/** setup.py: every string literal that reads as a versioned requirement (install_requires, extras_require). */
export function setupPyPins(file: string): Pin[] {
  const text = readText(file);
  if (text === undefined) return [];
  const pins: Pin[] = [];
  for (const m of text.matchAll(/(['"])([A-Za-z0-9][A-Za-z0-9._-]*\s*(?:\[[^\]'"]*\])?\s*[<>=!~][^'"\n]*)\1/g)) {
    const pin = declared(m[2]!, file, text, text.slice(0, m.index).split('\n').length);
    if (pin) pins.push(pin);
  }
  return pins;
}
