// Reads `celery [global options] <command> [options]` the way Celery 5's
// click group does, against the generated table of the target version, and
// says what it would refuse (each problem at the exact word).
import { closestMatch } from '../suggest';
import { cliTableFor, PLUGIN_COMMANDS, tableCovers, renamesFor, type CeleryCliTable, type CliCommand, type CliOption } from './cli-model';
import { checkValue } from './option-values';
import type { ShellWord } from './shell-words';

export interface Span {
  readonly start: number;
  readonly end: number;
  /** Set when the word is written in another file than the command line's (arguments passed to a script). */
  readonly file?: string;
}

/** The word's own characters: inside its quotes when it is quoted (`"proj"` in a JSON exec form). */
function wordSpan(word: ShellWord): Span {
  const offsets = word.mapped.offsets;
  const inner = word.value.length > 0 ? { start: offsets[0]!, end: offsets[word.value.length - 1]! + 1 } : { start: word.start, end: word.end };
  return { ...inner, ...(word.file ? { file: word.file } : {}) };
}

export interface ParsedOption {
  /** The option as the table knows it; undefined for an unknown one. */
  readonly option: CliOption | undefined;
  /** The spelling written (`--concurrency`, `-c`). */
  readonly name: string;
  readonly nameSpan: Span;
  /** The words the option occupies (one, or two with a separate value). */
  readonly words: readonly ShellWord[];
  readonly value?: { readonly text: string; readonly span: Span; readonly expands: boolean };
  readonly scope: 'global' | 'command';
}

export type CliProblem =
  | { readonly kind: 'unknown-command'; readonly word: ShellWord; readonly suggestion?: string }
  | { readonly kind: 'unknown-option'; readonly name: string; readonly span: Span; readonly command: string; readonly suggestion?: string }
  | { readonly kind: 'global-after-command'; readonly option: ParsedOption; readonly command: ShellWord; readonly before: ShellWord }
  | { readonly kind: 'renamed-option'; readonly name: string; readonly span: Span; readonly now: string; readonly removedIn: string }
  | { readonly kind: 'removed-option'; readonly name: string; readonly span: Span; readonly removedIn: string }
  | { readonly kind: 'missing-value'; readonly name: string; readonly span: Span }
  | { readonly kind: 'bad-value'; readonly option: ParsedOption; readonly message: string; readonly suggestion?: string; readonly advisory?: boolean }
  | { readonly kind: 'unexpected-argument'; readonly word: ShellWord; readonly command: string }
  | { readonly kind: 'missing-argument'; readonly name: string; readonly command: string; readonly at: ShellWord }
  | { readonly kind: 'bad-argument'; readonly word: ShellWord; readonly command: string; readonly choices: readonly string[]; readonly suggestion?: string }
  | { readonly kind: 'flag-value'; readonly name: string; readonly span: Span }
  | { readonly kind: 'unknown-multi-verb'; readonly word: ShellWord; readonly suggestion?: string };

export interface CeleryInvocation {
  /** The words from `celery` on (the program word first). */
  readonly words: readonly ShellWord[];
  readonly table: CeleryCliTable;
  readonly globals: readonly ParsedOption[];
  /** The subcommand word, when there is one. */
  readonly command?: ShellWord;
  /** Its name when Celery knows it (or a plugin adds it). */
  readonly commandName?: string;
  readonly options: readonly ParsedOption[];
  readonly positionals: readonly ShellWord[];
  /** `celery multi start w1 w2`: the verb and the node names or count. */
  readonly multi?: { readonly verb?: ShellWord; readonly nodes: readonly ShellWord[] };
  readonly problems: readonly CliProblem[];
  /**
   * False when the target Celery predates the generated tables (4.x): its
   * command line was argparse's, which also took global options after the
   * command, so the words are read with the oldest table but nothing is judged.
   */
  readonly judged: boolean;
}

/** `-A proj` wherever it was written (also after the command, where Celery 5 refuses it). */
export function appOption(invocation: CeleryInvocation): ParsedOption | undefined {
  return [...invocation.globals, ...invocation.options].find((o) => o.name === '-A' || o.name === '--app');
}

/** The last value given for one of `names` (a later option wins, as in click). */
export function optionValue(invocation: CeleryInvocation, ...names: string[]): ParsedOption | undefined {
  const all = [...invocation.globals, ...invocation.options];
  for (let i = all.length - 1; i >= 0; i--) {
    const o = all[i]!;
    if (o.option ? o.option.names.some((n) => names.includes(n)) : names.includes(o.name)) return o;
  }
  return undefined;
}

function findOption(options: readonly CliOption[], name: string): CliOption | undefined {
  return options.find((o) => o.names.includes(name) || o.negative?.includes(name));
}

interface OptionRead {
  readonly parsed: ParsedOption[];
  readonly next: number;
}

/**
 * Reads the option at words[i] (which starts with `-`) against `options`.
 * Short options may be bundled (`-BE`) or carry their value (`-c4`, `-Ofair`);
 * long ones may carry it after `=`.
 */
function readOption(words: readonly ShellWord[], i: number, options: readonly CliOption[], scope: ParsedOption['scope']): OptionRead {
  const word = words[i]!;
  const text = word.value;
  const span = (from: number, to: number): Span => {
    const start = word.mapped.offsets[from]!;
    const last = word.mapped.offsets[Math.max(from, to - 1)]!;
    return { start, end: to > from ? last + 1 : start, ...(word.file ? { file: word.file } : {}) };
  };
  const valueFrom = (option: CliOption | undefined, name: string, nameEnd: number, attached: string | undefined, attachedAt: number): OptionRead => {
    const nameSpan = span(0, nameEnd);
    if (!option || option.flag) {
      const parsed: ParsedOption = { option, name, nameSpan, words: [word], scope, ...(attached !== undefined ? { value: { text: attached, span: span(attachedAt, text.length), expands: word.expands } } : {}) };
      return { parsed: [parsed], next: i + 1 };
    }
    if (attached !== undefined) {
      return { parsed: [{ option, name, nameSpan, words: [word], scope, value: { text: attached, span: span(attachedAt, text.length), expands: word.expands } }], next: i + 1 };
    }
    const valueWord = words[i + 1];
    if (!valueWord) return { parsed: [{ option, name, nameSpan, words: [word], scope }], next: i + 1 };
    return {
      parsed: [{ option, name, nameSpan, words: [word, valueWord], scope, value: { text: valueWord.value, span: wordSpan(valueWord), expands: valueWord.expands } }],
      next: i + 2,
    };
  };
  if (text.startsWith('--')) {
    const eq = text.indexOf('=');
    const name = eq === -1 ? text : text.slice(0, eq);
    return valueFrom(findOption(options, name), name, name.length, eq === -1 ? undefined : text.slice(eq + 1), eq + 1);
  }
  // Short options: `-c4`, `-Ofair`, `-BE`.
  const parsed: ParsedOption[] = [];
  for (let k = 1; k < text.length; k++) {
    const name = `-${text[k]}`;
    const option = findOption(options, name);
    if (option && !option.flag) {
      const rest = text.slice(k + 1);
      const read = valueFrom(option, name, k + 1, rest === '' ? undefined : rest, k + 1);
      const [own] = read.parsed;
      parsed.push({ ...own!, nameSpan: span(k === 1 ? 0 : k, k + 1) });
      return { parsed, next: read.next };
    }
    parsed.push({ option, name, nameSpan: span(k === 1 ? 0 : k, k + 1), words: [word], scope });
    if (!option) break; // click stops at an unknown short option
  }
  return { parsed, next: i + 1 };
}

/** Reads a Celery command line; `words[0]` is the word that runs celery. */
export function parseCeleryCommandLine(words: readonly ShellWord[], celeryVersion: string): CeleryInvocation {
  const table = cliTableFor(celeryVersion);
  const judged = tableCovers(celeryVersion);
  const parsed = readCommandLine(words, table);
  return judged ? { ...parsed, judged } : { ...parsed, problems: [], judged };
}

function readCommandLine(words: readonly ShellWord[], table: CeleryCliTable): Omit<CeleryInvocation, 'judged'> {
  const problems: CliProblem[] = [];
  const globals: ParsedOption[] = [];
  let i = 1;
  // Global options up to the first argument, as click's group reads them.
  while (i < words.length && words[i]!.value.startsWith('-') && words[i]!.value !== '-' && words[i]!.value !== '--') {
    const read = readOption(words, i, table.global, 'global');
    globals.push(...read.parsed);
    i = read.next;
  }
  if (words[i]?.value === '--') i++;
  const commandWord = words[i];
  for (const g of globals) checkParsed(g, 'celery', problems, table.global);
  // click stops at an unknown global option: what follows (its value, taken for the command) is never read.
  if (globals.some((g) => !g.option)) return { words, table, globals, ...(commandWord ? { command: commandWord } : {}), options: [], positionals: [], problems };
  if (!commandWord) return { words, table, globals, options: [], positionals: [], problems };
  if (commandWord.expands) return { words, table, globals, command: commandWord, options: [], positionals: [], problems };
  const name = commandWord.value;
  const command = table.commands[name];
  if (!command) {
    if (!PLUGIN_COMMANDS.has(name)) {
      const suggestion = closestMatch(name, Object.keys(table.commands));
      problems.push({ kind: 'unknown-command', word: commandWord, ...(suggestion ? { suggestion } : {}) });
      return { words, table, globals, command: commandWord, options: [], positionals: [], problems };
    }
    return { words, table, globals, command: commandWord, commandName: name, options: [], positionals: words.slice(i + 1), problems };
  }
  const rest = readCommandArguments(words, i + 1, name, command, table, problems);
  return { words, table, globals, command: commandWord, commandName: name, ...rest, problems };
}

function readCommandArguments(
  words: readonly ShellWord[],
  from: number,
  name: string,
  command: CliCommand,
  table: CeleryCliTable,
  problems: CliProblem[],
): Pick<CeleryInvocation, 'options' | 'positionals' | 'multi'> {
  const options: ParsedOption[] = [];
  const positionals: ShellWord[] = [];
  const renames = renamesFor(name);
  let onlyArguments = false;
  for (let i = from; i < words.length; ) {
    const word = words[i]!;
    if (onlyArguments || !word.value.startsWith('-') || word.value === '-' || word.expands) {
      positionals.push(word);
      i++;
      continue;
    }
    if (word.value === '--') {
      onlyArguments = true;
      i++;
      continue;
    }
    const read = readOption(words, i, command.ignoreUnknownOptions ? [...command.options, ...table.global] : command.options, 'command');
    let next = read.next;
    for (const parsed of read.parsed) {
      options.push(parsed);
      if (parsed.option) {
        checkParsed(parsed, name, problems);
        continue;
      }
      if (command.ignoreUnknownOptions) continue;
      const global = findOption(table.global, parsed.name);
      const before = words[i - 1]!;
      if (global && read.parsed.length === 1) {
        // `celery worker -A proj`: Celery 5 reads global options only before the command.
        const asGlobal = readOption(words, i, table.global, 'global');
        const withValue = asGlobal.parsed[0]!;
        problems.push({ kind: 'global-after-command', option: withValue, command: words[from - 1]!, before });
        options[options.length - 1] = withValue;
        next = asGlobal.next;
        continue;
      }
      const rename = renames.find((r) => r.old === parsed.name);
      if (rename?.now) problems.push({ kind: 'renamed-option', name: parsed.name, span: parsed.nameSpan, now: rename.now, removedIn: rename.removedIn });
      else if (rename) problems.push({ kind: 'removed-option', name: parsed.name, span: parsed.nameSpan, removedIn: rename.removedIn });
      else {
        const known = command.options.flatMap((o) => o.names).filter((n) => n.startsWith(parsed.name.startsWith('--') ? '--' : '-'));
        const suggestion = parsed.name.startsWith('--') ? closestMatch(parsed.name, known) : undefined;
        problems.push({ kind: 'unknown-option', name: parsed.name, span: parsed.nameSpan, command: name, ...(suggestion ? { suggestion } : {}) });
      }
    }
    i = next;
  }
  if (name === 'multi') return { options, positionals, multi: readMulti(positionals, table, problems) };
  if (!command.subcommands) checkArguments(positionals, name, command, words[from - 1]!, problems);
  return { options, positionals };
}

/** Declared arguments present (click: "Missing argument"), and no extra ones unless the command takes them. */
function checkArguments(positionals: readonly ShellWord[], name: string, command: CliCommand, commandWord: ShellWord, problems: CliProblem[]): void {
  if (positionals.some((p) => p.expands)) return;
  let used = 0;
  for (const argument of command.arguments) {
    if (argument.nargs === -1) {
      used = positionals.length;
      continue;
    }
    if (positionals.length - used < argument.nargs) {
      if (argument.required) problems.push({ kind: 'missing-argument', name: argument.name.toUpperCase(), command: name, at: commandWord });
      used = positionals.length;
      continue;
    }
    const word = positionals[used]!;
    if (argument.choices && !argument.choices.includes(word.value)) {
      const suggestion = closestMatch(word.value, argument.choices);
      problems.push({ kind: 'bad-argument', word, command: name, choices: argument.choices, ...(suggestion ? { suggestion } : {}) });
    }
    used += argument.nargs;
  }
  if (!command.allowExtraArgs && used < positionals.length) problems.push({ kind: 'unexpected-argument', word: positionals[used]!, command: name });
}

/** `celery multi start w1 w2 ...` / `celery multi start 3 ...`: the verb and the nodes. */
function readMulti(positionals: readonly ShellWord[], table: CeleryCliTable, problems: CliProblem[]): NonNullable<CeleryInvocation['multi']> {
  const [verb, ...rest] = positionals;
  if (verb && !verb.expands && !table.multiVerbs.includes(verb.value)) {
    const suggestion = closestMatch(verb.value, table.multiVerbs);
    problems.push({ kind: 'unknown-multi-verb', word: verb, ...(suggestion ? { suggestion } : {}) });
  }
  return { ...(verb ? { verb } : {}), nodes: rest.filter((w) => !w.value.includes('=')) };
}

function checkParsed(parsed: ParsedOption, command: string, problems: CliProblem[], known: readonly CliOption[] = []): void {
  const option = parsed.option;
  if (!option) {
    const names = known.flatMap((o) => o.names).filter((n) => n.startsWith('--'));
    const suggestion = parsed.name.startsWith('--') ? closestMatch(parsed.name, names) : undefined;
    problems.push({ kind: 'unknown-option', name: parsed.name, span: parsed.nameSpan, command, ...(suggestion ? { suggestion } : {}) });
    return;
  }
  if (option.flag) {
    if (parsed.value) problems.push({ kind: 'flag-value', name: parsed.name, span: parsed.value.span });
    return;
  }
  if (!parsed.value) {
    problems.push({ kind: 'missing-value', name: parsed.name, span: parsed.nameSpan });
    return;
  }
  if (parsed.value.expands) return;
  const problem = checkValue(option, parsed.value.text);
  if (problem) problems.push({ kind: 'bad-value', option: parsed, message: problem.message, ...(problem.suggestion ? { suggestion: problem.suggestion } : {}), ...(problem.advisory ? { advisory: true } : {}) });
}
