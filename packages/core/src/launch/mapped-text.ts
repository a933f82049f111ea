// Text read out of another text (a YAML scalar, a quoted shell word, a
// supervisor value) together with where each of its characters was written,
// so a finding inside it lands on the exact source characters.

export interface MappedText {
  readonly text: string;
  /** Source offset of each character, plus one entry past the end (length text.length + 1). */
  readonly offsets: readonly number[];
}

/** Text written verbatim at `start` in its file. */
export function verbatim(text: string, start: number): MappedText {
  const offsets = new Array<number>(text.length + 1);
  for (let i = 0; i <= text.length; i++) offsets[i] = start + i;
  return { text, offsets };
}

/** Builds mapped text a character (or escape) at a time. */
export class MappedBuilder {
  private text = '';
  private readonly offsets: number[] = [];

  /** Appends `chars` read from source offset `at` (an escape: all of them map there). */
  push(chars: string, at: number): void {
    for (let i = 0; i < chars.length; i++) this.offsets.push(at);
    this.text += chars;
  }

  /** Appends characters written one for one from `at`. */
  pushVerbatim(chars: string, at: number): void {
    for (let i = 0; i < chars.length; i++) this.offsets.push(at + i);
    this.text += chars;
  }

  get length(): number {
    return this.text.length;
  }

  done(end: number): MappedText {
    return { text: this.text, offsets: [...this.offsets, end] };
  }
}

/** The part of mapped text between two of its indexes. */
export function slice(source: MappedText, from: number, to: number): MappedText {
  return { text: source.text.slice(from, to), offsets: [...source.offsets.slice(from, to), source.offsets[to] ?? source.offsets[source.offsets.length - 1]!] };
}

/** The longest source text one character is written as (`\\U0001F600`). */
const MAX_ESCAPE = 10;

/** Source span of the characters [from, to) of mapped text. */
export function sourceRange(source: MappedText, from: number, to: number): { start: number; end: number } {
  const start = source.offsets[from]!;
  if (to <= from) return { start, end: start };
  // Just past the last character's source text: an escape (`\\n`, `''`) is longer
  // than the character it stands for, and the next character starts after it
  // unless a line fold or a closing quote lies between.
  const last = source.offsets[to - 1]!;
  const after = source.offsets[to]!;
  return { start, end: after > last && after - last <= MAX_ESCAPE ? after : last + 1 };
}
