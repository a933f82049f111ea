// `celery-lint print-config PATH...`: what Celery will see, binding by
// binding. When nothing is found it says what was looked at and what counts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError, type CommandLine } from './command-line';
import { groupOptions } from './group-options';
import { problemLines } from './lint-command';
import { runLint } from './lint-run';
import { DEFAULT_FROM } from './pinned-targets';
import { writeStderr, writeStdout } from './output';

/** A file print-config can read: a .py/.pyi file, or one whose first line runs Python. */
function isPythonFile(file: string): boolean {
  if (/\.pyi?$/.test(file)) return true;
  try {
    const fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    try {
      if (!fs.fstatSync(fd).isFile()) return false;
      const head = Buffer.alloc(128);
      const n = fs.readSync(fd, head, 0, head.length, 0);
      return /^#!.*python/.test(head.subarray(0, n).toString('utf8').split('\n')[0]!);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export async function printConfigCommand(line: CommandLine): Promise<number> {
  const cwd = process.cwd();
  for (const given of line.positionals) {
    const full = path.resolve(cwd, given);
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(full);
    } catch {
      continue; // reported by the run, with the other paths
    }
    if (stat.isFile() && !isPythonFile(full)) throw new UsageError(`${given} is not a Python file; print-config reads Python modules (or a directory of them)`);
  }
  const optionsFor = groupOptions({ select: [], ignore: [], severity: [], celeryVersion: line.value('celery-version'), djangoVersion: line.value('django-version') });
  const result = await runLint(line.positionals, { cwd, optionsFor, fix: false, unsafe: false, write: false, configurationReport: true });
  const core = require('@celery-lint/core') as typeof import('@celery-lint/core');
  const sources = new Map(result.results.map((r) => [r.filePath, r.source]));
  // A module read only to judge the named files (the config module an app names), or a Dockerfile or script a
  // launch file refers to, is not among the results: its lines are read from disk, not shown as line 0.
  const sourceOf = (file: string) => sources.get(file) ?? readText(file);
  const launchSourceOf = sourceOf;
  if (line.value('format') === 'json') {
    // Each configuration lists the processes that run it (an additive key; processes whose app is not known are in the text only).
    const json = core.configurationsToJson(result.configurations, sourceOf, result.versionOf, (config) => result.djangoVersionOf?.(config) ?? { version: core.NEWEST_DJANGO_LINE, from: 'default: the newest release celery-lint knows' }).map((c, i) => ({ ...c, processes: core.processesOfJson(result.configurations[i]!, result.processes, launchSourceOf) }));
    writeStdout(`${JSON.stringify(json, null, 2)}\n`);
  }
  else if (result.configurations.length === 0) {
    const n = result.results.length;
    writeStdout(
      `No Celery or Django configuration found in the ${n} file${n === 1 ? '' : 's'} checked.\n` +
        'A configuration is a Celery app (Celery(...), with what app.conf and config_from_object give it), ' +
        'a celeryconfig module, or a Django settings module; files that mention none of these are not parsed.\n',
    );
  } else writeStdout(core.formatConfigurations(result.configurations, sourceOf, cwd, result.versionOf, (config) => {
    const django = result.djangoVersionOf?.(config);
    return django && django.from !== DEFAULT_FROM ? django : undefined;
  }));
  if (line.value('format') !== 'json' && result.processes.length > 0) writeStdout(`\n${core.formatProcesses(result.processes, launchSourceOf, cwd)}`);
  writeStderr(problemLines(result));
  return result.problems.some((p) => p.severity === 'error') ? 2 : 0;
}
