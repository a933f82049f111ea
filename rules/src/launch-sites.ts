// Where launch rules report: a word, an option's name or value, in the file
// it is written in (an argument passed to a script is written in the file
// that passes it).
import type { LaunchProcess, ParsedOption, ShellWord, SourceSpan } from '@celery-lint/core';

export function at(process: LaunchProcess, span: { start: number; end: number; file?: string }): SourceSpan {
  return { file: span.file ?? process.file, start: span.start, end: span.end };
}

/** The word's characters (inside its quotes, when it is quoted whole). */
export function wordAt(process: LaunchProcess, word: ShellWord): SourceSpan {
  const file = word.file ?? process.file;
  const offsets = word.mapped.offsets;
  if (word.value.length === 0) return { file, start: word.start, end: word.end };
  return { file, start: offsets[0]!, end: offsets[word.value.length - 1]! + 1 };
}

/** The option's value if written, else its name. */
export function optionAt(process: LaunchProcess, option: ParsedOption): SourceSpan {
  return at(process, option.value?.span ?? option.nameSpan);
}

/** The command word (`worker`), else the word that runs celery. */
export function commandAt(process: LaunchProcess): SourceSpan {
  return wordAt(process, process.invocation.command ?? process.invocation.words[0]!);
}

/** Processes once each: a script several services run gives the same command line to each. */
export function distinctCommandLines(processes: readonly LaunchProcess[]): LaunchProcess[] {
  const seen = new Set<string>();
  return processes.filter((p) => {
    const first = p.invocation.words[0]!;
    const key = `${first.file ?? p.file}:${first.start}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
