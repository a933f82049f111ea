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

/** Calls that turn a URL written in the code into settings (`dj_database_url.parse('postgres://...')`). */
const PARSES_URL = /(^|\.)parse$/;

/**
 * Every password the deployment will use as written in the source: a
 * password key's literal, or a URL's password anywhere inside. A value with
 * another possibility (`os.environ.get('DB_PASSWORD', 'dev')`, a
 * `dj_database_url.config(default=...)`) is a development default the
 * environment replaces, and is left alone.
 */
function writtenPasswords(value: AbstractValue, path: string, out: Written[], depth = 0): void {
  const all = possibilities(value);
  if (depth > 8 || all.length !== 1) return;
  const v = all[0]!;
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
        if (PASSWORD_KEYS.has(entry.key.value)) writtenPassword(entry.value, inner, out);
        else writtenPasswords(entry.value, inner, out, depth + 1);
      }
      break;
    case 'list':
    case 'tuple':
      for (const item of v.items) writtenPasswords(item, path, out, depth + 1);
      break;
    case 'call':
      if (PARSES_URL.test(v.callee)) for (const arg of v.args) writtenPasswords(arg, path, out, depth + 1);
      break;
    default:
      break;
  }
}

/** A password setting or key whose only possible value is a password written in the source. */
function writtenPassword(value: AbstractValue, path: string, out: Written[]): void {
  const all = possibilities(value);
  if (all.length === 1 && isWrittenPassword(all[0]!) && all[0]!.span) out.push({ at: all[0]!.span, where: path, user: '' });
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
      if (state.binding) writtenPassword(state.value, name, found);
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
