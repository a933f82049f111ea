import {
  createRule,
  knowledge,
  possibilities,
  type AbstractValue,
  type ConfiguredBinding,
  type SourceSpan,
} from '@celery-lint/core';
import { passwordsIn, stringParts } from './url-passwords';

/** Settings whose value is a broker or result-backend URL. */
const URL_SETTINGS = new Set(['broker_url', 'broker_read_url', 'broker_write_url', 'result_backend', 'database_url']);
/** Environment variables Celery reads in place of those settings (celery-semantics §1). */
const URL_VARIABLES = new Set(['CELERY_BROKER_URL', 'CELERY_BROKER_READ_URL', 'CELERY_BROKER_WRITE_URL', 'CELERY_RESULT_BACKEND']);
/** Extension settings holding a Redis URL. */
const EXTENSION_URL_KEYS = new Set(['redbeat_redis_url']);

/**
 * The setting a binding feeds or would feed, also when Celery ignores it (an
 * old name under a namespace). `prefix`: the namespace as a lowercase key
 * prefix (`celery_`), or '' without one.
 */
function settingOf(binding: ConfiguredBinding, prefix: string): string | undefined {
  if (binding.setting) return binding.setting;
  const renamed = knowledge.newNameForOld(binding.key);
  if (renamed) return renamed;
  const bare = binding.key.toLowerCase();
  return prefix && bare.startsWith(prefix) ? bare.slice(prefix.length) : bare;
}

/**
 * A password written literally into a broker or result-backend URL. It does
 * not matter whether Celery uses the value: the secret is in the source, in
 * every copy of the repository and its history.
 */
export const hardcodedCredentials = createRule({
  meta: {
    id: 'celery/hardcoded-credentials',
    description: 'A password written literally into a broker or result backend URL',
    category: 'security',
    defaultSeverity: 'warning',
    messages: {
      password:
        "The {{what}} URL contains a password written in the source{{who}}: anyone who can read the code or its history can use it. Read the URL, or the password, from the environment or a secrets store.",
    },
  },
  check(context) {
    const { config } = context;
    const reported = new Set<string>();
    const check = (value: AbstractValue, what: string, fallback: SourceSpan) => {
      for (const v of possibilities(value)) {
        const parts = stringParts(v);
        if (!parts) continue;
        const found = passwordsIn(parts);
        if (found.length === 0) continue;
        const at = v.span ?? fallback;
        const key = `${at.file}:${at.start}:${at.end}`;
        if (reported.has(key)) continue;
        reported.add(key);
        context.report({ at, messageId: 'password', data: { what, who: found[0]!.user ? ` (for user '${found[0]!.user}')` : '' } });
      }
    };
    // Worked out once: a settings module brings thousands of bindings, nearly all of them no URL.
    const prefix = config.namespace ? `${config.namespace.replace(/_+$/, '')}_`.toLowerCase() : '';
    for (const binding of config.bindings) {
      const setting = settingOf(binding, prefix);
      if (!setting) continue;
      if (URL_SETTINGS.has(setting)) check(binding.value, setting.startsWith('broker') ? 'broker' : 'result backend', binding.valueSpan);
      else if (EXTENSION_URL_KEYS.has(setting)) check(binding.value, setting, binding.valueSpan);
    }
    for (const write of context.environmentWrites()) {
      if (URL_VARIABLES.has(write.name)) check(write.value, write.name.includes('BROKER') ? 'broker' : 'result backend', write.span);
    }
  },
});
