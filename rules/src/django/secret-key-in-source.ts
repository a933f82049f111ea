import { createRule, possibilities } from '@celery-lint/core';
import { where } from './django-facts';
import { weakKeyReason } from './secret-key-facts';

/**
 * A SECRET_KEY written in the source of a settings module the project
 * deploys with. Django's check --deploy passes a long random literal, but the
 * key is then in every clone, fork, backup and CI log of the repository, and
 * rotating it means a commit. A weak or startproject key is
 * django/weak-secret-key's finding, not this one's.
 */
export const secretKeyInSource = createRule({
  meta: {
    id: 'django/secret-key-in-source',
    description: 'SECRET_KEY is written in the source of a settings module the project deploys with',
    category: 'security',
    defaultSeverity: 'warning',
    messages: {
      literal:
        'SECRET_KEY is written in the source of {{module}} ({{because}}){{inherited}}: everyone who can read the repository or its history can sign sessions, password reset links and cookies as the site. Read it from the environment or a secrets store, and rotate the key that was committed.',
      fallback:
        'SECRET_KEY falls back to a key written in the source of {{module}} ({{because}}){{inherited}} when {{variable}} is not set: a deployment that forgets the variable runs with a key everyone who can read the repository has. Fail at start-up instead (os.environ[{{quotedVariable}}]).',
    },
  },
  checkDjango(context) {
    const key = context.setting('SECRET_KEY');
    if (!key.binding) return;
    const all = possibilities(key.value);
    // Only a long, random-looking literal: anything weaker is weak-secret-key's to report.
    const written = all.filter((v) => v.kind === 'str' && v.value !== '' && v.span && weakKeyReason(v) === undefined);
    if (written.length === 0) return;
    const fromEnvironment = all.filter((v) => v.kind === 'unknown' && v.envVar !== undefined);
    // Every path must be either the literal or the environment: an unknown of another kind may be anything.
    if (written.length + fromEnvironment.length !== all.length) return;
    const at = written[0]!.span!;
    const inherited = at.file === context.settingsFile ? '' : `, in ${at.file.split(/[\\/]/).slice(-2).join('/')} which it inherits`;
    if (fromEnvironment.length === 0) {
      context.report({ at, messageId: 'literal', data: { inherited, ...where(context) } });
      return;
    }
    const variable = fromEnvironment[0]!.kind === 'unknown' ? fromEnvironment[0]!.envVar! : '';
    context.report({ at, messageId: 'fallback', data: { inherited, variable, quotedVariable: `'${variable}'`, ...where(context) } });
  },
});
