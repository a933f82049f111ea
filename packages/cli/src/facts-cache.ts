// What the project index learnt from each file's text (core's
// project-index.ts, KeptFacts), kept between runs over named files: a
// pre-commit hook in a 4,000-file project then reads only the files that
// changed since the last run, not every file's text (design.md,
// "Performance shape"). Each file's facts are kept under its identity as
// stat gives it (size, modification and change times, inode), in one file
// per project in a directory only this user can write (the launcher,
// bin/celery-lint.js, chooses it and names the build: facts read by another
// build of celery-lint are never used).
//
// A kept entry must never be stale. Any write to a file moves its change
// time, which nobody can set back (utimes sets the modification time, and
// moves the change time to now); but two writes within one tick of the file
// system's clock leave the same times. So, as git does for its index, a file
// whose times are within SETTLED_MS of when this run began is read and not
// kept: any later write to a kept file lands on a later tick, and changes
// its identity.
//
// The pins a lock file states (core's PinStore) are kept the same way, under
// the lock file's path: a megabyte poetry.lock or uv.lock took longer to
// parse than the rest of a pre-commit run's reading.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { wordsOf, type FactsStore, type KeptFacts, type Pin, type PinStore } from '@celery-lint/core';

export interface FactsCacheSetting {
  /** A directory only this user can write. */
  readonly directory: string;
  /** The identity of the code that reads the facts: the bundle's. */
  readonly build: string;
}

let setting: FactsCacheSetting | undefined;

/** Turns the cache on for this process (the launcher does, for the bundled CLI). */
export function useFactsCache(value: FactsCacheSetting | undefined): void {
  setting = value;
}

const FORMAT = 3;
/** Longer than any file system's timestamp tick (FAT's is 2 s). */
const SETTLED_MS = 3000;

/**
 * A file's identity (size, mtimeMs, ctimeMs, inode), then its facts, then,
 * for a file the index scanned (one a whole-project run may lint), its words
 * (core's wordsOf): a run over named files asks whether the rest of the
 * project mentions a name without reading it (named-files.ts).
 */
type Entry = [number, number, number, number, KeptFacts, string[]?];

/** A lock file's identity, then its pins. */
type PinEntry = [number, number, number, number, Pin[]];

type Identity = [number, number, number, number];

interface Stored {
  readonly format: number;
  readonly build: string;
  readonly root: string;
  readonly files: Record<string, Entry>;
  /** By the lock file's absolute path: a project's lock file may lie above the files it governs. */
  readonly pins?: Record<string, PinEntry>;
}

/** A short, stable name for a text (FNV-1a), as the launcher names its code cache. */
function nameOf(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/** The deepest directory holding every file. */
function commonDirectory(files: readonly string[]): string {
  let root = path.dirname(files[0]!);
  for (const file of files) {
    while (!file.startsWith(root.endsWith(path.sep) ? root : root + path.sep)) {
      const up = path.dirname(root);
      if (up === root) return root;
      root = up;
    }
  }
  return root;
}

function isPins(value: unknown): value is Pin[] {
  return Array.isArray(value) && value.every((pin: Partial<Pin> | null) => typeof pin === 'object' && pin !== null && typeof pin.name === 'string' && typeof pin.version === 'string' && typeof pin.file === 'string' && typeof pin.line === 'number');
}

/** A file's identity as stat gives it, or undefined when it is no regular file. */
function identityOf(file: string): Identity | undefined {
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
  return stat?.isFile() ? [stat.size, stat.mtimeMs, stat.ctimeMs, stat.ino] : undefined;
}

function sameIdentity(entry: readonly unknown[], identity: Identity): boolean {
  return entry[0] === identity[0] && entry[1] === identity[1] && entry[2] === identity[2] && entry[3] === identity[3];
}

function isKept(value: unknown): value is KeptFacts {
  if (value === 'not-scanned' || value === 'not-launching') return true;
  const kept = value as { facts?: { references?: unknown }; launches?: unknown } | null;
  return typeof kept === 'object' && kept !== null && typeof kept.launches === 'boolean' && Array.isArray(kept.facts?.references);
}

export class FactsCache implements FactsStore {
  /** Entries for the files of this run, kept or read now: what is saved. */
  private readonly current = new Map<string, Entry>();
  /** Identities of files looked up and not found, for remember(). */
  private readonly pending = new Map<string, Identity>();
  /** Words of the files read in this run (kept or not: a file changed just now is not kept). */
  private readonly words = new Map<string, string[]>();
  /** Pins of the lock files of this run, kept or read now. */
  private readonly currentPins = new Map<string, PinEntry>();
  private readonly pendingPins = new Map<string, Identity>();
  private changed = false;

  private constructor(
    private readonly file: string,
    private readonly build: string,
    private readonly root: string,
    private readonly stored: Record<string, Entry>,
    private readonly storedPins: Record<string, PinEntry>,
    /** Before any file was stat'ed: what "recently changed" is measured from. */
    private readonly startedAt: number,
  ) {}

  /** The cache for a project's files, when the launcher turned it on. */
  static open(files: readonly string[]): FactsCache | undefined {
    if (!setting || files.length === 0) return undefined;
    const startedAt = Date.now();
    const root = commonDirectory(files);
    // One file per project: a new build of celery-lint replaces the last one's.
    const file = path.join(setting.directory, `facts-${nameOf(root)}.json`);
    let stored: Record<string, Entry> = {};
    let storedPins: Record<string, PinEntry> = {};
    try {
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Stored;
      if (parsed.format === FORMAT && parsed.build === setting.build && parsed.root === root && typeof parsed.files === 'object' && parsed.files !== null) {
        stored = parsed.files;
        if (typeof parsed.pins === 'object' && parsed.pins !== null) storedPins = parsed.pins;
      }
    } catch {
      // No cache yet, or one that cannot be used: every file is read.
    }
    return new FactsCache(file, setting.build, root, stored, storedPins, startedAt);
  }

  private key(file: string): string {
    return file.slice(this.root.length + 1);
  }

  lookup(file: string): KeptFacts | undefined {
    const identity = identityOf(file);
    if (!identity) return undefined;
    const key = this.key(file);
    const entry = Object.prototype.hasOwnProperty.call(this.stored, key) ? this.stored[key] : undefined;
    if (Array.isArray(entry) && sameIdentity(entry, identity) && isKept(entry[4]) && (entry[5] === undefined || Array.isArray(entry[5]))) {
      this.current.set(key, entry);
      return entry[4];
    }
    if (this.settled(identity)) this.pending.set(file, identity);
    return undefined;
  }

  /** Whether a file with this identity was last changed long enough before the run began to be kept (see the head of this file). */
  private settled(identity: Identity): boolean {
    return Math.max(identity[1], identity[2]) < this.startedAt - SETTLED_MS;
  }

  /** Where a run keeps its lock files' pins (core's PinStore). */
  pins(): PinStore {
    return {
      lookup: (file) => {
        const identity = identityOf(file);
        if (!identity) return undefined;
        const entry = Object.prototype.hasOwnProperty.call(this.storedPins, file) ? this.storedPins[file] : undefined;
        if (Array.isArray(entry) && sameIdentity(entry, identity) && isPins(entry[4])) {
          this.currentPins.set(file, entry);
          return entry[4];
        }
        if (this.settled(identity)) this.pendingPins.set(file, identity);
        return undefined;
      },
      remember: (file, pins) => {
        const identity = this.pendingPins.get(file);
        if (!identity) return;
        this.pendingPins.delete(file);
        this.currentPins.set(file, [...identity, [...pins]]);
        this.changed = true;
      },
    };
  }

  remember(file: string, kept: KeptFacts, text: string): void {
    const words = typeof kept === 'object' ? wordsOf(text) : undefined;
    if (words) this.words.set(file, words);
    const identity = this.pending.get(file);
    if (!identity) return;
    this.pending.delete(file);
    this.current.set(this.key(file), words ? [...identity, kept, words] : [...identity, kept]);
    this.changed = true;
  }

  /** The words of a file the index scanned, as this run's text of it has them (kept, or read now). */
  wordsOf(file: string): readonly string[] | undefined {
    return this.words.get(file) ?? this.current.get(this.key(file))?.[5];
  }

  /** Writes what changed (atomically: a concurrent run reads the old file or the new one). Failing to is no error. */
  save(): void {
    if (!this.changed && this.current.size === Object.keys(this.stored).length && this.currentPins.size === Object.keys(this.storedPins).length) return;
    const stored: Stored = { format: FORMAT, build: this.build, root: this.root, files: Object.fromEntries(this.current), pins: Object.fromEntries(this.currentPins) };
    const temp = `${this.file}.${process.pid}.tmp`;
    try {
      fs.writeFileSync(temp, JSON.stringify(stored), { mode: 0o600 });
      fs.renameSync(temp, this.file);
    } catch {
      fs.rmSync(temp, { force: true });
    }
  }
}
