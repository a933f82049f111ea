// What scanner.wat looks for, laid out in its memory: the pre-filter's words
// (prefilter-words.ts) with the tables that find them 16 bytes at a time, and
// the setting-shaped names with a hash of their first four bytes.
import { SETTING_PREFIXES, SETTING_WORDS, WORDS } from '../prefilter-words';

/** A string the scanner finds anywhere: a word says yes; so does `app.conf` where APP_CONF matches (the scanner checks what follows). */
export interface Needle {
  readonly text: string;
  /** Where the three bytes it is found by begin: past a frequent start (`app` in `app.conf`: `.co` is rarer). */
  readonly anchor: number;
  readonly kind: 'word' | 'appConf';
}

/** WORDS, and `app.conf` (APP_CONF's start: `app.conf.x`, read or written). */
export const NEEDLES: readonly Needle[] = [...WORDS.map((text) => ({ text, anchor: 0, kind: 'word' as const })), { text: 'app.conf', anchor: 3, kind: 'appConf' }];

/** A setting-shaped name: a prefix (`_` and a word follow) or a whole word. */
export interface SettingName {
  readonly text: string;
  readonly prefix: boolean;
}

export const SETTING_NAMES: readonly SettingName[] = [
  ...SETTING_PREFIXES.map((text) => ({ text, prefix: true })),
  ...SETTING_WORDS.map((text) => ({ text, prefix: false })),
];

/** Where scanner.wat keeps each table (its exported globals). */
export interface Layout {
  readonly fingerprints: number;
  readonly needles: number;
  readonly nameSlots: number;
  readonly names: number;
  /** Where the names' entries must end: the scanner's own words are there. */
  readonly literals: number;
  readonly strings: number;
  readonly input: number;
}

/** What configure() takes besides the memory. */
export interface Configuration {
  readonly needleCount: number;
  readonly multiplier: number;
}

/**
 * Needles share a group (one of eight bits) when their anchored bytes begin
 * with the same letter, case aside: `celery`, `Celery` and `CELERY` make one.
 */
export function needleGroups(needles: readonly Needle[]): number[] {
  const letters: string[] = [];
  return needles.map((needle) => {
    const letter = needle.text[needle.anchor]!.toLowerCase();
    if (!letters.includes(letter)) letters.push(letter);
    const group = letters.indexOf(letter);
    if (group >= 8) throw new Error(`byte pre-filter: more than 8 groups of words (at '${needle.text}')`);
    return group;
  });
}

/**
 * Six tables of 16 bytes: for each of a needle's three anchored bytes, which
 * groups have a byte with that low half (indexed by it), then with that high
 * half. A position whose three bytes find a group in all six may hold one of
 * its needles.
 */
export function fingerprintTables(needles: readonly Needle[], groups: readonly number[]): Uint8Array {
  const tables = new Uint8Array(96);
  needles.forEach((needle, n) => {
    for (let j = 0; j < 3; j++) {
      const byte = needle.text.charCodeAt(needle.anchor + j);
      tables[32 * j + (byte & 15)]! |= 1 << groups[n]!;
      tables[32 * j + 16 + (byte >> 4)]! |= 1 << groups[n]!;
    }
  });
  return tables;
}

/** A name's first four bytes as the scanner reads them (a little-endian i32.load). */
export function initials(text: string): number {
  return (text.charCodeAt(0) | (text.charCodeAt(1) << 8) | (text.charCodeAt(2) << 16) | (text.charCodeAt(3) << 24)) >>> 0;
}

/** The slot (0-255) of a line's first four bytes: the top byte of their product with `multiplier`, as i32.mul wraps. */
export function slotOf(firstFour: number, multiplier: number): number {
  return Math.imul(firstFour, multiplier) >>> 24;
}

/** The first odd multiplier from the golden ratio's that gives every name a slot of its own (the scanner checks one name per line). */
export function perfectMultiplier(names: readonly SettingName[]): number {
  for (let multiplier = 0x9e3779b1; ; multiplier = (multiplier + 2) >>> 0) {
    const slots = new Set(names.map((name) => slotOf(initials(name.text), multiplier)));
    if (slots.size === names.length) return multiplier;
  }
}

/** Writes the tables into the scanner's memory; what configure() then takes. */
export function writeTables(memory: Uint8Array, layout: Layout): Configuration {
  for (const text of [...NEEDLES.map((n) => n.text), ...SETTING_NAMES.map((n) => n.text)]) {
    if (!/^[\x20-\x7e]+$/.test(text)) throw new Error(`byte pre-filter: '${text}' is not printable ASCII`);
  }
  for (const name of SETTING_NAMES) if (name.text.length < 4) throw new Error(`byte pre-filter: setting name '${name.text}' is shorter than four characters`);
  if (new Set(SETTING_NAMES.map((n) => initials(n.text))).size !== SETTING_NAMES.length) throw new Error('byte pre-filter: two setting names begin with the same four characters');
  if (layout.needles + 16 * NEEDLES.length > layout.nameSlots) throw new Error('byte pre-filter: too many words for the scanner');
  if (layout.names + 16 * SETTING_NAMES.length > layout.literals) throw new Error('byte pre-filter: too many setting names for the scanner');
  const view = new DataView(memory.buffer, memory.byteOffset, memory.byteLength);
  let free = layout.strings;
  const store = (text: string): number => {
    const at = free;
    for (let i = 0; i < text.length; i++) memory[at + i] = text.charCodeAt(i);
    free += text.length;
    if (free > layout.input) throw new Error('byte pre-filter: its words do not fit the scanner');
    return at;
  };
  const groups = needleGroups(NEEDLES);
  memory.set(fingerprintTables(NEEDLES, groups), layout.fingerprints);
  NEEDLES.forEach((needle, n) => {
    const entry = layout.needles + 16 * n;
    view.setUint32(entry, store(needle.text), true);
    view.setUint32(entry + 4, needle.text.length, true);
    view.setUint32(entry + 8, needle.anchor, true);
    memory[entry + 12] = 1 << groups[n]!;
    memory[entry + 13] = needle.kind === 'word' ? 1 : 2;
  });
  const multiplier = perfectMultiplier(SETTING_NAMES);
  memory.fill(0, layout.nameSlots, layout.nameSlots + 256);
  SETTING_NAMES.forEach((name, n) => {
    memory[layout.nameSlots + slotOf(initials(name.text), multiplier)] = n + 1;
    const entry = layout.names + 16 * n;
    view.setUint32(entry, store(name.text), true);
    view.setUint32(entry + 4, name.text.length, true);
    view.setUint32(entry + 8, name.prefix ? 1 : 0, true);
  });
  return { needleCount: NEEDLES.length, multiplier };
}
