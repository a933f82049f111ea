// What a run over named files (pre-commit passes the staged ones) reads
// besides them: not the whole project, but the closure the project index
// finds from the text (core's project-index.ts): the settings modules they
// star-import, the celery.py that loads them, the modules that configure
// that app, the project-wide inputs. The names of the tasks the rest of the
// project defines come from the text too, and the rules' question "is this
// name read anywhere else?" is answered over the files left out, so the
// named files get the findings a whole-project run gives them. What the
// index reads of each file is kept between runs (facts-cache.ts), so a
// second run reads only the files that changed; so are the pins of the
// project's lock files.
import { mentionChecker, ProjectIndex, type FactsStore, type MentionKind, type PinStore, type TaskDefinition } from '@celery-lint/core';
import { FactsCache } from './facts-cache';

export interface NamedFilesContext {
  /** The files to lint with the named ones: their closure. */
  readonly closure: readonly string[];
  /** The tasks of the project's modules outside the closure, read from their text. */
  readonly tasks: readonly TaskDefinition[];
  /** The files a whole-project run would lint that the closure leaves out. */
  readonly outside: readonly string[];
  /**
   * LintOptions.mentionedOutside over `files` (some of `outside`): core's
   * mentionChecker, with the words kept of each file (facts-cache.ts), so
   * that only files holding a name are read, and only to tell whether code
   * reads it.
   */
  mentionChecker(files: readonly string[], textOf: (file: string) => string | undefined): (name: string, kind?: MentionKind) => boolean;
  /** Where the run keeps its lock files' pins between runs, when the cache is on. */
  readonly pins: PinStore | undefined;
  /** Writes what the run learnt (facts, pins) for the next one: called once the pins have been read. */
  saveCache(): void;
}

/**
 * `named`: the files named on the command line; `files`: every file of
 * their projects; `textOf`: a file's text, or undefined when a whole-project
 * run would not read it (unreadable, excluded); `onDisk`: whether textOf
 * gives a file's text as it is on disk (not excluded, not standard input):
 * only such a file's facts may come from the cache.
 */
export function namedFilesContext(
  named: readonly string[],
  files: readonly string[],
  textOf: (file: string) => string | undefined,
  onDisk: (file: string) => boolean = () => false,
): NamedFilesContext {
  const cache = FactsCache.open(files);
  const store: FactsStore | undefined = cache && {
    lookup: (file) => (onDisk(file) ? cache.lookup(file) : undefined),
    remember: (file, kept, text) => cache.remember(file, kept, text),
  };
  // A file's kept words are those of the text on disk: not of standard input's, nor of an excluded file.
  const wordsOf = (file: string) => (cache && onDisk(file) ? cache.wordsOf(file) : undefined);
  const checker = (outside: readonly string[], text: (file: string) => string | undefined) => mentionChecker(outside, text, wordsOf);
  const index = ProjectIndex.build(files, textOf, store);
  const kept = { pins: cache?.pins(), saveCache: () => cache?.save() };
  const members = index.members();
  const memberSet = new Set(members);
  // A named file that a whole-project run would not lint gets no findings, and needs no context.
  const linted = named.filter((file) => memberSet.has(file));
  if (linted.length === 0) return { closure: [], tasks: [], outside: [], mentionChecker: checker, ...kept };
  const closure = index.closure(linted, { exact: true });
  const inside = new Set(closure);
  return { closure, tasks: index.textTasks(closure), outside: members.filter((file) => !inside.has(file)), mentionChecker: checker, ...kept };
}
