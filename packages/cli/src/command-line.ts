// Parses the whole command line before anything runs: a line with an unknown
// option, a bad value or a missing argument is refused with one line and
// does nothing. Options take exactly one value each (lists are one
// comma-separated value, as in Ruff), so an option never swallows a path,
// and `--` ends the options: everything after it is a path.
import { closestMatch } from '@celery-lint/core';
import { COMMANDS, commandSpec, type CommandName, type CommandSpec, type OptionSpec } from './options';

/** A command line that cannot run; the message says what to change. Exit status 2. */
export class UsageError extends Error {}

export interface CommandLine {
  readonly command: CommandName;
  readonly positionals: readonly string[];
  /** `-h` / `--help` was given: print the command's help, run nothing. */
  readonly help: boolean;
  /** `--version` was given: print the version, run nothing. */
  readonly version: boolean;
  flag(name: string): boolean;
  value(name: string): string | undefined;
  list(name: string): string[];
  count(name: string): number | undefined;
  /** Whether the option appeared on the line at all. */
  given(name: string): boolean;
}

const COMMAND_WORDS = new Set<string>(COMMANDS.filter((c) => c.name !== 'lint').map((c) => c.name));

function optionName(spec: OptionSpec): string {
  return `--${spec.name}`;
}

function unknownOption(arg: string, command: CommandSpec): UsageError {
  const name = arg.split('=')[0]!;
  const here = command.options.map((o) => o.name);
  const elsewhere = COMMANDS.find((c) => c !== command && c.options.some((o) => `--${o.name}` === name));
  if (elsewhere && !here.includes(name.slice(2))) {
    const where = command.name === 'lint' ? 'linting' : `'${command.name}'`;
    return new UsageError(`${name} is not an option for ${where} (it belongs to '${elsewhere.name === 'lint' ? 'celery-lint [PATH...]' : elsewhere.name}')`);
  }
  const guess = name.startsWith('--') ? closestMatch(name.slice(2), here) : undefined;
  return new UsageError(`unknown option '${name}'${guess ? ` (did you mean '--${guess}'?)` : ''}; see 'celery-lint${command.name === 'lint' ? '' : ` ${command.name}`} --help'`);
}

function checkedValue(spec: OptionSpec, raw: string): string | string[] | number {
  if (spec.kind === 'list') {
    const items = raw.split(',').map((v) => v.trim()).filter(Boolean);
    if (items.length === 0) throw new UsageError(`${optionName(spec)} needs a value (${spec.placeholder})`);
    return items;
  }
  if (spec.kind === 'count') {
    if (!/^\d+$/.test(raw.trim())) throw new UsageError(`${optionName(spec)} takes a whole number of 0 or more; got '${raw}'`);
    return Number(raw.trim());
  }
  if (raw === '') throw new UsageError(`${optionName(spec)} needs a value (${spec.placeholder})`);
  if (spec.choices && !spec.choices.includes(raw)) {
    const guess = closestMatch(raw, spec.choices);
    throw new UsageError(`${optionName(spec)} must be one of ${spec.choices.join(', ')}; got '${raw}'${guess ? ` (did you mean '${guess}'?)` : ''}`);
  }
  return raw;
}

export function parseCommandLine(args: readonly string[]): CommandLine {
  let start = 0;
  let command: CommandName = 'lint';
  if (args.length > 0 && COMMAND_WORDS.has(args[0]!)) {
    command = args[0] as CommandName;
    start = 1;
  }
  const spec = commandSpec(command);
  const byName = new Map(spec.options.map((o) => [o.name, o]));
  const byShort = new Map(spec.options.filter((o) => o.short).map((o) => [o.short!, o]));
  const end = args.indexOf('--', start);
  const optionArgs = end < 0 ? args.slice(start) : args.slice(start, end);
  // Help and version win over everything else on the line, as in every CLI users know.
  const help = optionArgs.some((a) => a === '--help' || a === '-h');
  const version = byName.has('version') && optionArgs.includes('--version');
  const values = new Map<string, boolean | string | string[] | number>();
  const positionals: string[] = [];
  const set = (option: OptionSpec, raw: string | undefined) => {
    if (option.kind === 'flag') {
      if (raw !== undefined) throw new UsageError(`${optionName(option)} takes no value; got '${raw}'`);
      values.set(option.name, true);
      return;
    }
    if (raw === undefined) throw new UsageError(`${optionName(option)} needs a value (${option.placeholder})`);
    const value = checkedValue(option, raw);
    const before = values.get(option.name);
    values.set(option.name, Array.isArray(value) && Array.isArray(before) ? [...before, ...value] : value);
  };
  if (!help && !version) {
    for (let i = 0; i < optionArgs.length; i++) {
      const arg = optionArgs[i]!;
      // The value an option takes from the next argument, never an option itself.
      const next = () => {
        const candidate = optionArgs[i + 1];
        if (candidate === undefined || (candidate.startsWith('-') && candidate !== '-')) return undefined;
        i++;
        return candidate;
      };
      if (arg.startsWith('--')) {
        const eq = arg.indexOf('=');
        const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
        const option = byName.get(name);
        if (!option) throw unknownOption(arg, spec);
        set(option, eq >= 0 ? arg.slice(eq + 1) : option.kind === 'flag' ? undefined : next());
      } else if (arg.startsWith('-') && arg.length > 1) {
        const option = byShort.get(arg[1]!);
        if (!option) throw new UsageError(`unknown option '${arg.slice(0, 2)}'; see 'celery-lint${command === 'lint' ? '' : ` ${command}`} --help'`);
        const rest = arg.slice(2);
        if (option.kind === 'flag') {
          // Short flags may be grouped (-qh); a short option with a value takes the rest (-fjson, -f=json).
          set(option, undefined);
          for (const letter of rest) {
            const grouped = byShort.get(letter);
            if (!grouped || grouped.kind !== 'flag') throw new UsageError(`unknown option '-${letter}' in '${arg}'`);
            set(grouped, undefined);
          }
        } else set(option, rest === '' ? next() : rest.startsWith('=') ? rest.slice(1) : rest);
      } else positionals.push(arg);
    }
    if (end >= 0) positionals.push(...args.slice(end + 1));
    checkPositionals(spec, positionals);
  }
  const read = (name: string) => {
    if (!byName.has(name)) throw new Error(`celery-lint bug: '${command}' has no option --${name}`);
    return values.get(name);
  };
  return {
    command,
    positionals,
    help,
    version,
    flag: (name) => read(name) === true,
    value: (name) => read(name) as string | undefined,
    list: (name) => (read(name) as string[] | undefined) ?? [],
    count: (name) => read(name) as number | undefined,
    given: (name) => read(name) !== undefined,
  };
}

function checkPositionals(spec: CommandSpec, positionals: readonly string[]): void {
  const { min, max, name } = spec.positionals;
  if (positionals.some((p) => p === '')) throw new UsageError(name === 'ID' ? 'an empty rule id was given' : 'an empty path was given');
  if (positionals.length < min) {
    throw new UsageError(spec.name === 'rule' ? "'rule' needs a rule id: celery-lint rule ID (see 'celery-lint rules')" : `'${spec.name}' needs at least one ${name}: celery-lint ${spec.usage}`);
  }
  if (positionals.length > max) {
    const extra = positionals.slice(max).map((p) => `'${p}'`).join(' ');
    throw new UsageError(max === 0 ? `'${spec.name}' takes no arguments; got ${extra}` : `'${spec.name}' takes one ${name}; got also ${extra}`);
  }
}

/** Did the user mean a command when they named a path that does not exist? */
export function commandLike(path: string): string | undefined {
  return closestMatch(path, COMMAND_WORDS);
}
