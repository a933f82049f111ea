// Whether a name is written anywhere else in the project's texts, for rules
// that let a name pass when the code reads it. A word is a maximal run of
// [A-Za-z0-9_], as the regular expression `(?<!\w)name(?!\w)` would match it.
// The first questions scan the texts; after that every text is split into
// words once: asking each name by scanning every text made a settings module
// of 40,000 names quadratic (78 s).
import type { SourceSpan } from './types';

function isWordChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95;
}

/** Calls `visit(word, start)` for each word of `text`. */
function forEachWord(text: string, visit: (word: string, start: number) => void): void {
  const n = text.length;
  for (let i = 0; i < n; ) {
    if (!isWordChar(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < n && isWordChar(text.charCodeAt(i))) i++;
    visit(text.slice(start, i), start);
  }
}

/** The distinct words of `text`, in the order first written: what RuleContext.mentionedElsewhere can match in it. */
export function wordsOf(text: string): string[] {
  const words = new Set<string>();
  forEachWord(text, (word) => words.add(word));
  return [...words];
}

function countWords(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  forEachWord(text, (word) => counts.set(word, (counts.get(word) ?? 0) + 1));
  return counts;
}

/**
 * How many questions are answered by scanning the texts before they are
 * split into words. A scan (a substring search, then a match in the texts
 * holding the name) costs about a fortieth of splitting every text (1.7-2.2
 * against 75-140 ms over 3 MB of a survey repository), and a run asks a
 * handful: 169 over the survey's 99 repositories, at most 36 in one. After
 * 16, a run that asks many (the 40,000 names of a generated settings
 * module) splits once, as it always did, for at most ~40% more.
 */
const SCANS_BEFORE_SPLITTING = 16;

export class WordMentions {
  /** How often each word is written, over all texts. */
  private totals: Map<string, number> | undefined;
  private scans = 0;
  /** The same per file, for the files a question excepts a span of. */
  private readonly perFile = new Map<string, Map<string, number>>();

  constructor(private readonly texts: ReadonlyMap<string, string>) {}

  /**
   * Whether `name` is written outside `except` (a match starting inside it
   * does not count); with 'other-files', outside `except`'s file.
   */
  mentionedElsewhere(name: string, except: SourceSpan, where: 'anywhere' | 'other-files'): boolean {
    const word = name.replace(/[^\w]/g, '');
    // A name with other characters (never a Python identifier) is asked the old way, by scanning.
    if (word !== name || word === '') return this.scan(name, word, except, where);
    if (this.totals === undefined && this.scans < SCANS_BEFORE_SPLITTING) {
      this.scans++;
      return this.scan(name, word, except, where);
    }
    const total = this.wordTotals().get(word) ?? 0;
    if (total === 0) return false;
    const text = this.texts.get(except.file);
    const inFile = text === undefined ? 0 : this.fileCounts(except.file, text).get(word) ?? 0;
    if (total > inFile) return true;
    if (where === 'other-files' || text === undefined) return false;
    let inSpan = 0;
    // Words that start inside the span; one reaching past its end still counts as starting in it.
    const from = Math.max(0, except.start);
    let at = from;
    while (at > 0 && isWordChar(text.charCodeAt(at - 1))) at--;
    const end = Math.min(text.length, except.end);
    for (let i = at; i < end; ) {
      if (!isWordChar(text.charCodeAt(i))) {
        i++;
        continue;
      }
      const start = i;
      while (i < text.length && isWordChar(text.charCodeAt(i))) i++;
      if (start >= from && i - start === word.length && text.startsWith(word, start)) inSpan++;
    }
    return inFile > inSpan;
  }

  private wordTotals(): Map<string, number> {
    if (!this.totals) {
      const totals = new Map<string, number>();
      for (const text of this.texts.values()) forEachWord(text, (word) => totals.set(word, (totals.get(word) ?? 0) + 1));
      this.totals = totals;
    }
    return this.totals;
  }

  private fileCounts(file: string, text: string): Map<string, number> {
    let counts = this.perFile.get(file);
    if (!counts) {
      counts = countWords(text);
      this.perFile.set(file, counts);
    }
    return counts;
  }

  /** The same answer as the word counts give, from the texts themselves. */
  private scan(name: string, word: string, except: SourceSpan, where: 'anywhere' | 'other-files'): boolean {
    const pattern = new RegExp(`(?<![\\w])${word}(?![\\w])`, 'g');
    for (const [file, text] of this.texts) {
      if (!text.includes(name) || (where === 'other-files' && file === except.file)) continue;
      for (const m of text.matchAll(pattern)) {
        if (file === except.file && m.index >= except.start && m.index < except.end) continue;
        return true;
      }
    }
    return false;
  }
}
