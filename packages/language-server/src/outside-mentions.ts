// "Is this name read anywhere else in the project?" asked by the editor about
// the files its closure leaves out (unknown-setting's project knobs). A
// keystroke in prod.py asks it again each time, and reading every file left
// out on each keystroke made a typo'd setting cost 40 ms per keystroke with
// twenty large settings modules beside it. Each file's answers are kept
// while the file stays the same: an open document's version, else the
// file's size and times on disk.
import * as fs from 'node:fs';
import { answersFor, type MentionKind } from '@celery-lint/core';

interface Known {
  readonly stamp: string;
  readonly answers: Map<string, boolean>;
}

export class OutsideMentions {
  private readonly known = new Map<string, Known>();

  /** `openVersion`: an open document's version, or undefined when the file is only on disk. */
  constructor(private readonly openVersion: (file: string) => number | undefined) {}

  /**
   * The question one lint asks, as often as its rules ask it: `files` (the
   * files the closure leaves out) are listed on the first question, and each
   * one's stamp is taken, and its text read, at most once per lint.
   */
  forLint(files: () => readonly string[], readText: (file: string) => string | undefined): (name: string, kind?: MentionKind) => boolean {
    let outside: readonly string[] | undefined;
    const stamps = new Map<string, string | undefined>();
    const texts = new Map<string, string | undefined>();
    const stampOf = (file: string) => once(stamps, file, (f) => this.stampOf(f));
    const textOf = (file: string) => once(texts, file, readText);
    return (name, kind = 'mention') => this.ask((outside ??= files()), name, kind, stampOf, textOf);
  }

  /** Whether any of `files` mentions (or reads) `name`; a file's text is asked for only when its answer is not kept. */
  private ask(
    files: readonly string[],
    name: string,
    kind: MentionKind,
    stampOf: (file: string) => string | undefined,
    textOf: (file: string) => string | undefined,
  ): boolean {
    const key = `${kind} ${name}`;
    for (const file of files) {
      const stamp = stampOf(file);
      if (stamp === undefined) continue;
      let known = this.known.get(file);
      if (!known || known.stamp !== stamp) {
        known = { stamp, answers: new Map() };
        this.known.set(file, known);
      }
      let answer = known.answers.get(key);
      if (answer === undefined) {
        const text = textOf(file);
        answer = text !== undefined && answersFor(text, name, kind);
        known.answers.set(key, answer);
      }
      if (answer) return true;
    }
    return false;
  }

  /** Forgets files no longer asked about (closed projects). */
  retain(keep: (file: string) => boolean): void {
    for (const file of this.known.keys()) if (!keep(file)) this.known.delete(file);
  }

  private stampOf(file: string): string | undefined {
    const version = this.openVersion(file);
    if (version !== undefined) return `open ${version}`;
    try {
      const stat = fs.statSync(file, { bigint: true });
      return `disk ${stat.size} ${stat.mtimeNs} ${stat.ctimeNs} ${stat.ino}`;
    } catch {
      return undefined;
    }
  }
}

/** `map`'s value for `file`, computed on the first request. */
function once<T>(map: Map<string, T>, file: string, compute: (file: string) => T): T {
  if (!map.has(file)) map.set(file, compute(file));
  return map.get(file) as T;
}
