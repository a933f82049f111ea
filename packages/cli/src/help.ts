// `--help`: the usage lines and every option with its one-line meaning,
// printed from the same table the parser reads (options.ts).
import { COMMANDS, commandSpec, type CommandName, type OptionSpec } from './options';
import { VERSION } from './version';

/** `-f, --format FORMAT` */
export function optionSignature(option: OptionSpec): string {
  const long = `--${option.name}${option.placeholder ? ` ${option.placeholder}` : ''}`;
  return option.short ? `-${option.short}, ${long}` : `    ${long}`;
}

export function helpText(name: CommandName): string {
  const command = commandSpec(name);
  const lines: string[] = [];
  if (name === 'lint') {
    lines.push(`celery-lint ${VERSION}: lint the Python code that configures Celery and Django`, '');
    lines.push(...COMMANDS.map((c, i) => `${i === 0 ? 'Usage: ' : '       '}celery-lint ${c.usage}`));
  } else {
    lines.push(`Usage: celery-lint ${command.usage}`);
  }
  lines.push('', `${command.describe[0]!.toUpperCase()}${command.describe.slice(1)}.`, '', 'Options:');
  const signatures = command.options.map(optionSignature);
  const width = Math.max(...signatures.map((s) => s.length)) + 2;
  command.options.forEach((option, i) => lines.push(`  ${signatures[i]!.padEnd(width)}${option.describe}`));
  if (name === 'lint') {
    lines.push(
      '',
      'Exit status: 0 no findings; 1 findings; 2 a usage, configuration or input error (one line on standard error says which).',
      "Commands: 'celery-lint print-config --help', 'celery-lint rules --help', 'celery-lint rule --help'.",
      "A path named like a command goes after '--': celery-lint -- rules/",
    );
  }
  return `${lines.join('\n')}\n`;
}
