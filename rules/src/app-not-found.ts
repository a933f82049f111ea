import { appOption, createRule } from '@celery-lint/core';
import { at, distinctCommandLines } from './launch-sites';

export const appNotFound = createRule({
  meta: {
    id: 'celery/app-not-found',
    description: '-A / --app names a module or attribute the project does not define',
    category: 'correctness',
    defaultSeverity: 'error',
    hasSuggestions: true,
    messages: {
      notFound: "-A {{value}}: {{reason}}{{hint}}. Celery exits with \"Unable to load celery application\" before the {{command}} starts.",
      useInstead: "Use '{{name}}' instead",
    },
  },
  checkLaunch(context) {
    for (const process of distinctCommandLines(context.processes())) {
      const option = appOption(process.invocation);
      if (!option?.value || option.value.expands) continue;
      const link = context.appOf(process);
      if (link?.state !== 'missing') continue;
      const span = at(process, option.value.span);
      const written = context.sourceText(span.file).slice(span.start, span.end) === option.value.text;
      const suggestion = link.suggestion && link.suggestion !== option.value.text ? link.suggestion : undefined;
      context.report({
        at: span,
        messageId: 'notFound',
        data: { value: option.value.text, reason: link.reason, hint: suggestion ? ` (did you mean '${suggestion}'?)` : '', command: process.command ?? 'command' },
        ...(suggestion && written ? { suggestions: [{ messageId: 'useInstead', data: { name: suggestion }, fix: { file: span.file, edits: [{ start: span.start, end: span.end, text: suggestion }] } }] } : {}),
      });
    }
  },
});
