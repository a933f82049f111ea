import { createRule, possibilities, type AbstractValue, type SourceSpan } from '@celery-lint/core';
import { passwordsIn, PLACEHOLDER, stringParts } from '../url-passwords';
import { where } from './django-facts';

/** Settings that hold connection details, walked whole (nested dicts, URL strings, dj-database-url calls). */
const CONNECTION_SETTINGS = ['DATABASES', 'CACHES'];
/** Settings that are a password themselves. */
const PASSWORD_SETTINGS = ['EMAIL_HOST_PASSWORD'];
/** Keys of a connection dict whose value is a password (DATABASES' PASSWORD, django-redis' OPTIONS PASSWORD). */
const PASSWORD_KEYS = new Set(['PASSWORD']);

interface Written {
  readonly at: SourceSpan;
  /** Where in the setting, in Python: `DATABASES['default']['PASSWORD']`. */
  readonly where: string;
  readonly user: string;
}

function isWrittenPassword(v: AbstractValue): boolean {
  return v.kind === 'str' && v.value !== '' && !PLACEHOLDER.test(v.value);
}

/** Every password written in a setting's value: a password key's literal, or a URL's password anywhere inside. */
function writtenPasswords(value: AbstractValue, path: string, out: Written[], depth = 0): void {
  if (depth > 8) return;
  for (const v of possibilities(value)) {
    if (!v.span && v.kind !== 'dict' && v.kind !== 'call') continue;
    switch (v.kind) {
      case 'str':
      case 'template': {
        const found = passwordsIn(stringParts(v)!);
        if (found.length > 0 && v.span) out.push({ at: v.span, where: path, user: found[0]!.user });
        break;
      }
      case 'dict':
        for (const entry of v.entries) {
          if (entry.key.kind !== 'str') continue;
          const inner = `${path}['${entry.key.value}']`;
          if (PASSWORD_KEYS.has(entry.key.value)) {
            for (const p of possibilities(entry.value)) if (isWrittenPassword(p) && p.span) out.push({ at: p.span, where: inner, user: '' });
          } else writtenPasswords(entry.value, inner, out, depth + 1);
        }
        break;
      case 'list':
      case 'tuple':
        for (const item of v.items) writtenPasswords(item, path, out, depth + 1);
        break;
      case 'call':
        // dj_database_url.config(default='postgres://...'), env.db(default=...), parse('redis://...').
        for (const arg of v.args) writtenPasswords(arg, path, out, depth + 1);
        for (const kw of v.kwargs) writtenPasswords(kw.value, path, out, depth + 1);
        break;
      default:
        break;
    }
  }
}

/**
 * A database, cache or e-mail password written in the source of a settings
 * module the project deploys with, as a key's value or inside a URL. Like
 * celery/hardcoded-credentials for broker URLs: it does not matter whether
 * the value is used (an environment variable may win), the secret is in
 * every copy of the repository and its history.
 */
export const passwordInSource = createRule({
  meta: {
    id: 'django/password-in-source',
    description: 'A database, cache or e-mail password written in the source of a deployed settings module',
    category: 'security',
    defaultSeverity: 'warning',
    messages: {
      password:
        '{{setting}} holds a password written in the source{{who}} in {{module}} ({{because}}){{inherited}}: anyone who can read the code or its history can use it. Read it from the environment or a secrets store.',
    },
  },
  checkDjango(context) {
    const found: Written[] = [];
    for (const name of CONNECTION_SETTINGS) {
      const state = context.setting(name);
      if (state.binding) writtenPasswords(state.value, name, found);
    }
    for (const name of PASSWORD_SETTINGS) {
      const state = context.setting(name);
      if (!state.binding) continue;
      for (const p of possibilities(state.value)) if (isWrittenPassword(p) && p.span) found.push({ at: p.span, where: name, user: '' });
    }
    const reported = new Set<string>();
    for (const written of found) {
      const key = `${written.at.file}:${written.at.start}`;
      if (reported.has(key)) continue;
      reported.add(key);
      const inherited = written.at.file === context.settingsFile ? '' : `, in ${written.at.file.split(/[\\/]/).slice(-2).join('/')} which it inherits`;
      context.report({
        at: written.at,
        messageId: 'password',
        data: { setting: written.where, who: written.user ? ` (for user '${written.user}')` : '', inherited, ...where(context) },
      });
    }
  },
});
