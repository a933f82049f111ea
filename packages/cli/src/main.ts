// The `celery-lint` command: parses the whole command line, then runs one
// command. Exit status: 0 clean, 1 findings, 2 a usage, configuration or
// input error (with one line on standard error saying what to fix).
import { parseCommandLine, UsageError } from './command-line';
import { writeStderr, writeStdout } from './output';
import { VERSION } from './version';

async function runCommand(args: readonly string[]): Promise<number> {
  const line = parseCommandLine(args);
  if (line.help) {
    const { helpText } = require('./help') as typeof import('./help');
    writeStdout(helpText(line.command));
    return 0;
  }
  if (line.version) {
    writeStdout(`${VERSION}\n`);
    return 0;
  }
  switch (line.command) {
    case 'rules':
      return (require('./rules-command') as typeof import('./rules-command')).rulesCommand(line);
    case 'rule':
      return (require('./rules-command') as typeof import('./rules-command')).ruleCommand(line);
    case 'print-config':
      return (require('./print-config-command') as typeof import('./print-config-command')).printConfigCommand(line);
    default:
      return (require('./lint-command') as typeof import('./lint-command')).lintCommand(line);
  }
}

export async function main(args: readonly string[]): Promise<number> {
  try {
    return await runCommand(args);
  } catch (error) {
    const core = require('@celery-lint/core') as typeof import('@celery-lint/core');
    if (error instanceof UsageError || error instanceof core.ConfigError || error instanceof core.SelectionError) {
      writeStderr(`celery-lint: ${error.message}\n`);
    } else {
      writeStderr(`celery-lint: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
    }
    return 2;
  }
}
