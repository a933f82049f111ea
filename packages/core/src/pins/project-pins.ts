// The Celery and Django a module's project pins. Pins are per project root:
// from the module's directory upward, the first directory whose metadata
// names the distribution with a version wins (in a monorepo, each service's
// own requirements), and the walk stops at the repository's root (`.git`)
// so nothing outside the checkout decides. Within one directory a lock file's
// resolved version beats an exact pin, which beats a range's floor.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { detached } from '../text';
import { packageLockPins, pipfileLockPins, pipfilePins, pyprojectPins, requirementsPins, setupCfgPins, setupPyPins, type Pin } from './pin-files';

export type { Pin } from './pin-files';

const LOCK_FILES: ReadonlyArray<[string, (file: string) => Pin[]]> = [
  ['uv.lock', packageLockPins],
  ['poetry.lock', packageLockPins],
  ['pdm.lock', packageLockPins],
  ['Pipfile.lock', pipfileLockPins],
];
const DECLARATION_FILES: ReadonlyArray<[string, (file: string) => Pin[]]> = [
  ['pyproject.toml', pyprojectPins],
  ['setup.cfg', setupCfgPins],
  ['setup.py', setupPyPins],
  ['Pipfile', pipfilePins],
];
const REQUIREMENTS_NAME = /^(requirements|requirement|constraints|reqs)([-_.][^/]*)?\.(txt|in)$/i;
const REQUIREMENTS_DIRS = ['requirements', 'requirement', 'reqs'];
const LISTED_REQUIREMENTS = /\.(txt|in)$/i;

/** Watcher globs for the files pins are read from (setup.py is watched as Python already). */
export const PIN_FILE_GLOBS: readonly string[] = [
  '**/{requirements,requirement,constraints,reqs}*.{txt,in}',
  '**/{requirements,requirement,reqs}/*.{txt,in}',
  '**/{setup.cfg,Pipfile,Pipfile.lock,poetry.lock,uv.lock,pdm.lock}',
];

/** Whether a file's name makes it one the pins are read from (an editor re-reads the pins when one changes). */
export function isPinFile(file: string): boolean {
  const name = path.basename(file);
  const parent = path.basename(path.dirname(file)).toLowerCase();
  return [...LOCK_FILES, ...DECLARATION_FILES].some(([n]) => n === name) || REQUIREMENTS_NAME.test(name) || (REQUIREMENTS_DIRS.includes(parent) && LISTED_REQUIREMENTS.test(name));
}

function entries(dir: string): fs.Dirent[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/**
 * What a lock file's pins were, kept between runs by file identity (the
 * CLI's facts cache): a poetry.lock or uv.lock of a large project is a
 * megabyte of TOML, ~130 ms to parse, and every run over named files (a
 * pre-commit hook) reads it to know which Celery the project runs.
 */
export interface PinStore {
  /** The pins kept for the file as it is now, or undefined to read it. */
  lookup(file: string): readonly Pin[] | undefined;
  remember(file: string, pins: readonly Pin[]): void;
}

/** Every pin a directory's own metadata states, in the order ties are broken. */
function directoryPins(dir: string, store: PinStore | undefined): Pin[] {
  const here = entries(dir);
  const names = new Set(here.filter((e) => e.isFile()).map((e) => e.name));
  const pins: Pin[] = [];
  for (const [name, read] of LOCK_FILES) if (names.has(name)) pins.push(...lockFilePins(path.join(dir, name), read, store));
  for (const [name, read] of DECLARATION_FILES) if (names.has(name)) pins.push(...read(path.join(dir, name)));
  const seen = new Set<string>();
  for (const name of [...names].filter((n) => REQUIREMENTS_NAME.test(n)).sort()) pins.push(...requirementsPins(path.join(dir, name), seen));
  for (const sub of here.filter((e) => e.isDirectory() && REQUIREMENTS_DIRS.includes(e.name.toLowerCase()))) {
    const inner = path.join(dir, sub.name);
    const files = entries(inner).filter((e) => e.isFile() && LISTED_REQUIREMENTS.test(e.name)).map((e) => e.name).sort();
    for (const name of files) pins.push(...requirementsPins(path.join(inner, name), seen));
  }
  return pins;
}

function lockFilePins(file: string, read: (file: string) => Pin[], store: PinStore | undefined): readonly Pin[] {
  const kept = store?.lookup(file);
  if (kept) return kept;
  // Kept by the store until the run's cache is saved: detached, so they hold no megabyte lock file alive meanwhile.
  const pins = read(file).map(detachedPin);
  store?.remember(file, pins);
  return pins;
}

/** A pin whose strings are copies, not slices of the text of the file that states it. */
function detachedPin(pin: Pin): Pin {
  return { ...pin, name: detached(pin.name), text: detached(pin.text), version: detached(pin.version) };
}

/** Locked first, then exact pins, then floors, then ceilings alone; within each, the directory's file order. */
function best(pins: readonly Pin[]): Pin | undefined {
  const rank = (p: Pin) => (p.locked ? 0 : p.exact ? 1 : p.ceiling ? 3 : 2);
  let chosen: Pin | undefined;
  for (const p of pins) if (!chosen || rank(p) < rank(chosen)) chosen = p;
  return chosen;
}

const OUTSIDE_ANY_PROJECT = new Set([path.parse(process.cwd()).root, os.homedir(), os.tmpdir()].map((d) => path.resolve(d)));

/** Finds pins for modules, reading each directory's metadata once. */
export class PinFinder {
  private readonly byDirectory = new Map<string, Pin[]>();
  private readonly answers = new Map<string, Pin | null>();

  /** `store`: where lock files' pins are kept between runs. */
  constructor(private readonly store?: PinStore) {}

  private pinsIn(dir: string): Pin[] {
    let pins = this.byDirectory.get(dir);
    if (!pins) {
      // Kept for the whole run: a pin's strings must not keep a megabyte lock file alive.
      pins = directoryPins(dir, this.store).map(detachedPin);
      this.byDirectory.set(dir, pins);
    }
    return pins;
  }

  /** The pin of `distribution` (normalized: `celery`, `django`) that governs `file`, if its project states one. */
  pinFor(file: string, distribution: string): Pin | undefined {
    return this.pinForDirectory(path.dirname(path.resolve(file)), distribution);
  }

  /**
   * The distributions (normalized names) the metadata governing `file` pins
   * with a version, in its directory and those above it up to the checkout's
   * root: what the project installs, for "is this module the project's or a
   * dependency's?".
   */
  distributionsFor(file: string): Set<string> {
    const out = new Set<string>();
    let dir = path.dirname(path.resolve(file));
    for (;;) {
      if (OUTSIDE_ANY_PROJECT.has(dir)) break;
      for (const pin of this.pinsIn(dir)) out.add(pin.name);
      const parent = path.dirname(dir);
      if (parent === dir || fs.existsSync(path.join(dir, '.git'))) break;
      dir = parent;
    }
    return out;
  }

  private pinForDirectory(dir: string, distribution: string): Pin | undefined {
    // A checkout without .git (an archive, a copy) ends below these: what lies there belongs to no one project.
    if (OUTSIDE_ANY_PROJECT.has(dir)) return undefined;
    const key = `${distribution}\0${dir}`;
    const cached = this.answers.get(key);
    if (cached !== undefined) return cached ?? undefined;
    let found = best(this.pinsIn(dir).filter((p) => p.name === distribution));
    const parent = path.dirname(dir);
    if (!found && parent !== dir && !fs.existsSync(path.join(dir, '.git'))) found = this.pinForDirectory(parent, distribution);
    this.answers.set(key, found ?? null);
    return found;
  }
}
