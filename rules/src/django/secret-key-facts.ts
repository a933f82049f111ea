// Django's test of a secret key (security.W009 and, per fallback, W025):
// fewer than 50 characters, fewer than 5 distinct ones, or the
// 'django-insecure-' prefix that startproject writes.
import { knownPrefix, type AbstractValue } from '@celery-lint/core';

const INSECURE_PREFIX = 'django-insecure-';

/** Why a key is weak, in words; undefined when it is strong or the linter cannot tell. */
export function weakKeyReason(v: AbstractValue): string | undefined {
  if (v.kind === 'str') {
    if (v.value.startsWith(INSECURE_PREFIX)) return `it starts with '${INSECURE_PREFIX}', the prefix of the key startproject generates`;
    if (v.value.length < 50) return v.value.length === 0 ? 'it is empty' : `it has ${v.value.length} characters (Django asks for at least 50)`;
    if (new Set(v.value).size < 5) return `it has only ${new Set(v.value).size} distinct characters (Django asks for at least 5)`;
    return undefined;
  }
  if (v.kind === 'template' && knownPrefix(v).startsWith(INSECURE_PREFIX)) return `it starts with '${INSECURE_PREFIX}', the prefix of the key startproject generates`;
  return undefined;
}
