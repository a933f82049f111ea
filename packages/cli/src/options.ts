// Every command and option of `celery-lint`, once: the parser reads this
// table, `--help` prints it, and the README's options table is checked
// against `--help` (test/cli/readme.test.ts).

/**
 * flag: takes no value. value: one value. list: one comma-separated value
 * (`--select security,correctness`), repeatable. count: a whole number.
 */
export type OptionKind = 'flag' | 'value' | 'list' | 'count';

export interface OptionSpec {
  readonly name: string;
  readonly short?: string;
  readonly kind: OptionKind;
  /** How the value is shown in help: `--format FORMAT`. */
  readonly placeholder?: string;
  readonly choices?: readonly string[];
  /** One line. */
  readonly describe: string;
}

export type CommandName = 'lint' | 'print-config' | 'rules' | 'rule';

export interface CommandSpec {
  readonly name: CommandName;
  /** What follows `celery-lint` in the usage line. */
  readonly usage: string;
  readonly describe: string;
  readonly options: readonly OptionSpec[];
  /** How many positional arguments it takes. */
  readonly positionals: { readonly min: number; readonly max: number; readonly name: string };
}

export const LINT_FORMATS = ['stylish', 'json', 'sarif', 'github', 'gitlab', 'junit'] as const;

const HELP: OptionSpec = { name: 'help', short: 'h', kind: 'flag', describe: 'show this help and exit' };
const CELERY_VERSION: OptionSpec = { name: 'celery-version', kind: 'value', placeholder: 'VERSION', describe: 'target Celery release, e.g. 5.4 (default: pyproject.toml, else the project\'s pin, else the newest 5.x)' };
const DJANGO_VERSION: OptionSpec = { name: 'django-version', kind: 'value', placeholder: 'VERSION', describe: 'target Django release for the django/ rules, e.g. 4.2 (default: pyproject.toml, else the project\'s pin, else the newest)' };
const SELECT: OptionSpec = { name: 'select', kind: 'list', placeholder: 'RULES', describe: 'run only these rules: ids, short names or categories, comma-separated' };
const IGNORE: OptionSpec = { name: 'ignore', kind: 'list', placeholder: 'RULES', describe: 'skip these rules: ids, short names or categories, comma-separated' };
const SEVERITY: OptionSpec = { name: 'severity', kind: 'list', placeholder: 'RULE=LEVEL', describe: 'set rules to error, warning (warn) or off, comma-separated' };

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'lint',
    usage: '[OPTIONS] [PATH...]',
    describe: 'lint files and directories (default: the current directory)',
    positionals: { min: 0, max: Infinity, name: 'PATH' },
    options: [
      { name: 'fix', kind: 'flag', describe: 'apply safe fixes to the files' },
      { name: 'unsafe-fixes', kind: 'flag', describe: 'count unsafe fixes as fixable; with --fix or --diff, apply them too' },
      { name: 'diff', kind: 'flag', describe: 'print the fixes as a unified diff instead of writing them' },
      SELECT,
      IGNORE,
      SEVERITY,
      CELERY_VERSION,
      DJANGO_VERSION,
      { name: 'format', short: 'f', kind: 'value', placeholder: 'FORMAT', choices: LINT_FORMATS, describe: `report format: ${LINT_FORMATS.join(', ')} (default: stylish)` },
      { name: 'output-file', short: 'o', kind: 'value', placeholder: 'FILE', describe: 'write the report to FILE (missing directories are created)' },
      { name: 'quiet', short: 'q', kind: 'flag', describe: 'report errors only, not warnings' },
      { name: 'max-warnings', kind: 'count', placeholder: 'N', describe: 'exit 1 on warnings only when there are more than N' },
      { name: 'exit-zero', kind: 'flag', describe: 'exit 0 even when there are findings' },
      { name: 'statistics', kind: 'flag', describe: 'print how many findings each rule has instead of the findings' },
      { name: 'stdin', kind: 'flag', describe: 'lint the text on standard input (needs --stdin-filename)' },
      { name: 'stdin-filename', kind: 'value', placeholder: 'PATH', describe: 'the path the standard input stands for: its project and configuration apply' },
      { name: 'jobs', short: 'j', kind: 'value', placeholder: 'N', describe: 'lint independent projects on N threads; 1 for one thread (default: auto, one per core when there are several large projects, while the process stays under 256 MB; also CELERY_LINT_JOBS)' },
      { name: 'verbose', kind: 'flag', describe: 'say how many files were checked and the Celery and Django versions they were judged for, on standard error' },
      { name: 'version', kind: 'flag', describe: 'print the version and exit' },
      HELP,
    ],
  },
  {
    name: 'print-config',
    usage: 'print-config [OPTIONS] PATH...',
    describe: 'show each effective configuration: every binding, whether Celery uses it, and its value',
    positionals: { min: 1, max: Infinity, name: 'PATH' },
    options: [
      { name: 'format', short: 'f', kind: 'value', placeholder: 'FORMAT', choices: ['text', 'json'], describe: 'text or json (default: text)' },
      CELERY_VERSION,
      DJANGO_VERSION,
      HELP,
    ],
  },
  {
    name: 'rules',
    usage: 'rules [OPTIONS]',
    describe: 'list every rule with its category, default severity and fix',
    positionals: { min: 0, max: 0, name: '' },
    options: [{ name: 'format', short: 'f', kind: 'value', placeholder: 'FORMAT', choices: ['text', 'json'], describe: 'text or json (default: text)' }, HELP],
  },
  {
    name: 'rule',
    usage: 'rule ID',
    describe: "print a rule's documentation (its id or short name)",
    positionals: { min: 1, max: 1, name: 'ID' },
    options: [HELP],
  },
];

export function commandSpec(name: CommandName): CommandSpec {
  return COMMANDS.find((c) => c.name === name)!;
}
