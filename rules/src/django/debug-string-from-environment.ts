import { createRule, possibilities, type UnknownValue } from '@celery-lint/core';
import { truthy } from '../config-facts';

/**
 * `DEBUG = os.environ.get('DEBUG', False)`: when the variable is set, DEBUG
 * is its text, and Django tests DEBUG for truthiness, so `DEBUG=False` (or
 * `0`) in the environment turns it on. Django's check --deploy sees only the
 * environment it runs in; a deploy that sets the variable to 'False' passes
 * wherever the variable is unset.
 */
export const debugStringFromEnvironment = createRule({
  meta: {
    id: 'django/debug-string-from-environment',
    description: "DEBUG is an environment variable's text, which is true for 'False' and '0'",
    category: 'security',
    defaultSeverity: 'warning',
    messages: {
      envText:
        "DEBUG may be a str from the environment in {{module}}, which the project deploys with ({{because}}): {{read}} gives the variable's text when it is set, and Django tests DEBUG for truthiness, so DEBUG=False or DEBUG=0 in the environment turns it on. Compare the text (os.environ.get('DEBUG', '') == 'True') or cast it (env.bool('DEBUG', default=False)).",
    },
  },
  checkDjango(context) {
    const debug = context.setting('DEBUG');
    if (!debug.binding) return;
    const env = possibilities(debug.value).find((v): v is UnknownValue => v.kind === 'unknown' && v.envText === true);
    // A value with a path that is plainly true is debug-in-deployment's (security.W018) to report.
    if (!env || truthy(debug.value)) return;
    const at = env.span ?? debug.binding.valueSpan;
    const text = context.sourceText(at.file).slice(at.start, at.end);
    context.report({
      at,
      messageId: 'envText',
      data: { read: text && !text.includes('\n') && text.length <= 80 ? text : `$${env.envVar ?? 'DEBUG'}`, module: context.settingsModule, because: context.deployedBecause },
    });
  },
});
