import { createRule, type CliProblem, type FixDescriptor, type LaunchProcess, type LaunchRuleContext } from '@celery-lint/core';
import { at, distinctCommandLines, wordAt } from './launch-sites';

/**
 * Moves a global option written after the command to just before it: the
 * option's words (and the separator before them) are cut and inserted before
 * the command word with the same separator, so it works in a shell string, a
 * JSON exec form and a YAML list alike. Only when every word is in one file
 * and nothing but separators lies between them.
 */
function moveBeforeCommand(context: LaunchRuleContext, process: LaunchProcess, problem: Extract<CliProblem, { kind: 'global-after-command' }>): FixDescriptor | undefined {
  const words = problem.option.words;
  const first = words[0]!;
  const last = words[words.length - 1]!;
  const files = new Set([problem.command, problem.before, ...words].map((w) => w.file ?? process.file));
  if (files.size !== 1) return undefined;
  const file = [...files][0]!;
  const text = context.sourceText(file);
  const separator = text.slice(problem.before.end, first.start);
  const between = words.length === 2 ? text.slice(first.end, last.start) : '';
  if (!/^[\s,\-\\]*$/.test(separator) || !/^[\s,\-\\]*$/.test(between) || separator === '' || problem.before.end > first.start) return undefined;
  return {
    file,
    edits: [
      { start: problem.command.start, end: problem.command.start, text: text.slice(first.start, last.end) + separator },
      { start: problem.before.end, end: last.end, text: '' },
    ],
  };
}

function renameFix(context: LaunchRuleContext, process: LaunchProcess, problem: Extract<CliProblem, { kind: 'renamed-option' }>): FixDescriptor | undefined {
  const file = problem.span.file ?? process.file;
  // Only where the old name is written as it is read (no quotes or escapes inside it).
  if (context.sourceText(file).slice(problem.span.start, problem.span.end) !== problem.name) return undefined;
  return { file, edits: [{ start: problem.span.start, end: problem.span.end, text: problem.now }] };
}

/** Celery's node-name placeholders (%h, %n, %d, %i, %I) written where the launcher reads `%` itself. */
function percentProblems(context: LaunchRuleContext, process: LaunchProcess): Array<{ start: number; end: number; file: string; spec: string }> {
  if (process.origin !== 'supervisor' && process.origin !== 'systemd') return [];
  const out: Array<{ start: number; end: number; file: string; spec: string }> = [];
  for (const word of process.invocation.words) {
    const file = word.file ?? process.file;
    const text = context.sourceText(file);
    const raw = text.slice(word.start, word.end);
    for (const m of raw.matchAll(/%%|%([hndiI])/g)) {
      if (m[0] === '%%') continue;
      out.push({ start: word.start + m.index, end: word.start + m.index + 2, file, spec: m[0] });
    }
  }
  return out;
}

export const invalidCommandLine = createRule({
  meta: {
    id: 'celery/invalid-command-line',
    description: 'A Celery command line that Celery refuses: unknown command or option, a global option after the command, a removed flag, a bad value',
    category: 'correctness',
    defaultSeverity: 'error',
    fix: { safety: 'safe' },
    hasSuggestions: true,
    messages: {
      unknownCommand: "Celery {{release}} has no command '{{name}}'{{hint}}: `celery` exits with \"No such command '{{name}}'\".",
      unknownOption: '{{where}} in Celery {{release}} has no option {{name}}{{hint}}: it exits with "No such option: {{name}}".',
      globalAfterCommand: '{{name}} is a global option: since Celery 5.0 it must come before the command (`celery {{name}} ... {{command}}`); after `{{command}}` Celery exits with "No such option: {{name}}".',
      renamed: '{{name}} was removed in Celery {{removedIn}}: it is spelt {{now}} now, and Celery 5 exits with "No such option: {{name}}".',
      removed: '{{name}} was removed in Celery {{removedIn}} and nothing replaces it: Celery 5 exits with "No such option: {{name}}".',
      missingValue: '{{name}} needs a value: Celery exits with "Option \'{{name}}\' requires an argument."',
      badValue: 'Invalid value: {{message}}; Celery exits before the worker starts.',
      likelyBytes: '{{message}} (KiB).',
      flagValue: '{{name}} is a flag and takes no value.',
      unexpectedArgument: "`celery {{command}}` takes no argument '{{name}}': Celery exits with \"Got unexpected extra argument ({{name}})\".",
      missingArgument: '`celery {{command}}` needs its {{name}} argument: Celery exits with "Missing argument \'{{name}}\'".',
      badArgument: "`celery {{command}}` has no action '{{name}}'{{hint}}: Celery exits with \"Invalid value\".",
      unknownMultiVerb: "`celery multi` has no command '{{name}}'{{hint}} (it knows {{verbs}}).",
      percentSupervisor: "supervisord reads '%' itself: '{{spec}}' makes it refuse the whole configuration file (\"Format string ... is badly formatted\"). Write '%{{spec}}' to pass Celery's placeholder through.",
      percentSystemd: "systemd replaces '{{spec}}' with its own specifier (%h is the unit user's home directory, %n the unit name, %i the instance) before Celery sees it. Write '%{{spec}}' to pass Celery's placeholder through.",
      useInstead: "Use '{{name}}' instead",
    },
  },
  checkLaunch(context) {
    for (const process of distinctCommandLines(context.processes())) {
      const release = process.invocation.table.release;
      const commandName = process.invocation.command?.value ?? '';
      for (const problem of process.invocation.problems) {
        switch (problem.kind) {
          case 'unknown-command': {
            // The word's own characters (inside JSON or YAML quotes), and only where it is written as it reads.
            const span = wordAt(process, problem.word);
            const written = context.sourceText(span.file).slice(span.start, span.end) === problem.word.value;
            context.report({
              at: span,
              messageId: 'unknownCommand',
              data: { release, name: problem.word.value, hint: problem.suggestion ? ` (did you mean '${problem.suggestion}'?)` : '' },
              ...(problem.suggestion && written
                ? { suggestions: [{ messageId: 'useInstead', data: { name: problem.suggestion }, fix: { file: span.file, edits: [{ start: span.start, end: span.end, text: problem.suggestion }] } }] }
                : {}),
            });
            break;
          }
          case 'unknown-option':
            context.report({ at: at(process, problem.span), messageId: 'unknownOption', data: { release, where: problem.command === 'celery' ? '`celery`' : `\`celery ${problem.command}\``, name: problem.name, hint: problem.suggestion ? ` (did you mean ${problem.suggestion}?)` : '' } });
            break;
          case 'global-after-command': {
            const fix = moveBeforeCommand(context, process, problem);
            context.report({ at: at(process, problem.option.nameSpan), messageId: 'globalAfterCommand', data: { name: problem.option.name, command: commandName }, ...(fix ? { fix } : {}) });
            break;
          }
          case 'renamed-option': {
            const fix = renameFix(context, process, problem);
            context.report({ at: at(process, problem.span), messageId: 'renamed', data: { name: problem.name, now: problem.now, removedIn: problem.removedIn }, ...(fix ? { fix } : {}) });
            break;
          }
          case 'removed-option':
            context.report({ at: at(process, problem.span), messageId: 'removed', data: { name: problem.name, removedIn: problem.removedIn } });
            break;
          case 'missing-value':
            context.report({ at: at(process, problem.span), messageId: 'missingValue', data: { name: problem.name } });
            break;
          case 'bad-value': {
            const span = at(process, problem.option.value!.span);
            context.report({
              at: span,
              // Celery takes the value: it is only almost surely not what was meant.
              ...(problem.advisory ? { messageId: 'likelyBytes', severity: 'warning' as const } : { messageId: 'badValue' }),
              data: { message: problem.message },
              ...(problem.suggestion && context.sourceText(span.file).slice(span.start, span.end) === problem.option.value!.text
                ? { suggestions: [{ messageId: 'useInstead', data: { name: problem.suggestion }, fix: { file: span.file, edits: [{ start: span.start, end: span.end, text: problem.suggestion }] } }] }
                : {}),
            });
            break;
          }
          case 'flag-value':
            context.report({ at: at(process, problem.span), messageId: 'flagValue', data: { name: problem.name } });
            break;
          case 'unexpected-argument':
            context.report({ at: wordAt(process, problem.word), messageId: 'unexpectedArgument', data: { command: problem.command, name: problem.word.value } });
            break;
          case 'missing-argument':
            context.report({ at: wordAt(process, problem.at), messageId: 'missingArgument', data: { command: problem.command, name: problem.name } });
            break;
          case 'bad-argument':
            context.report({ at: wordAt(process, problem.word), messageId: 'badArgument', data: { command: problem.command, name: problem.word.value, hint: problem.suggestion ? ` (did you mean '${problem.suggestion}'?)` : '' } });
            break;
          case 'unknown-multi-verb':
            context.report({
              at: wordAt(process, problem.word),
              messageId: 'unknownMultiVerb',
              data: { name: problem.word.value, hint: problem.suggestion ? ` (did you mean '${problem.suggestion}'?)` : '', verbs: process.invocation.table.multiVerbs.filter((v) => v !== 'stop_verify').join(', ') },
            });
            break;
        }
      }
      for (const percent of percentProblems(context, process)) {
        context.report({
          at: { file: percent.file, start: percent.start, end: percent.end },
          messageId: process.origin === 'supervisor' ? 'percentSupervisor' : 'percentSystemd',
          data: { spec: percent.spec },
          fix: { file: percent.file, edits: [{ start: percent.start, end: percent.start, text: '%' }] },
        });
      }
    }
  },
});
