// Celery command lines a Python module spells for a child process
// (`subprocess.Popen(['celery', '-A', 'ops', 'beat', ...])`, a
// `'celery -A proj worker'` string): an environment variable the module sets
// reaches those children. Read from the text, as the launch readers read
// scripts: only literal words count, and a line whose subcommand cannot be
// read is left out, so the answer is "these commands at least".
import { cliTableFor } from './cli-model';

/** `['celery', ...]` / `("celery", ...)`: a list or tuple of words starting with the program. */
const WORD_LIST = /[[(]\s*(['"])celery\1\s*,([^\])]*)[\])]/g;
/** `'celery -A proj beat -l info'`: one string holding the line. */
const LINE_STRING = /(['"])celery((?:[ \t]+[^'"\s]+)+)[ \t]*\1/g;
/** A whole item that is one plain string literal. */
const STRING_ITEM = /^\s*(['"])((?:(?!\1)[^\\\n])*)\1\s*$/;

/** The subcommand of `words` (the program word excluded), skipping global options and their values. */
function subcommandOf(words: readonly string[], celeryVersion: string): string | undefined {
  const globals = cliTableFor(celeryVersion).global;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (!word.startsWith('-')) return word;
    if (word.includes('=')) continue;
    const option = globals.find((o) => o.names.includes(word));
    // An option the table does not know may take a value: the subcommand is then not known.
    if (!option) return undefined;
    if (!option.flag) i++;
  }
  return undefined;
}

/**
 * The Celery subcommands (`worker`, `beat`, `flower`, ...) of the command
 * lines `text` spells out, in order.
 */
export function celeryCommandsIn(text: string, celeryVersion: string): string[] {
  if (!text.includes('celery')) return [];
  const found: string[] = [];
  for (const m of text.matchAll(WORD_LIST)) {
    // The literal words up to the first item that is not one (a variable app name): what follows is not read.
    const words: string[] = [];
    for (const item of m[2]!.split(',')) {
      const literal = STRING_ITEM.exec(item);
      if (!literal) break;
      words.push(literal[2]!);
    }
    const command = subcommandOf(words, celeryVersion);
    if (command) found.push(command);
  }
  for (const m of text.matchAll(LINE_STRING)) {
    const command = subcommandOf(m[2]!.trim().split(/[ \t]+/), celeryVersion);
    if (command) found.push(command);
  }
  return found;
}
