// Django's session cookie checks (security.W010–W015) pick one of three ids
// by where sessions are turned on: the sessions app alone (W010/W013), the
// session middleware alone (W011/W014), or both (W012/W015).
import type { Certainty, DjangoRuleContext } from '@celery-lint/core';
import { both, contains, cookieFlagOff, lacks, SESSION_MIDDLEWARE, SESSIONS_APP } from './django-facts';

export interface SessionFinding {
  readonly id: string;
  readonly certainty: Certainty;
  /** Where sessions are turned on, in words, for the message. */
  readonly how: string;
}

/** The words for each of the three ids, by position: app only, middleware only, both. */
const HOW = ["'django.contrib.sessions' is installed", 'the session middleware is in MIDDLEWARE', 'the sessions app and its middleware are on'] as const;

/** The check id Django reports when `flag` is off, with its certainty; `ids` are the app-only, middleware-only and both ids. */
export function sessionCookieFinding(context: DjangoRuleContext, flag: string, ids: readonly [string, string, string]): SessionFinding | undefined {
  const off = cookieFlagOff(context, flag);
  if (!off) return undefined;
  const app = contains(context, 'INSTALLED_APPS', SESSIONS_APP);
  const middleware = contains(context, 'MIDDLEWARE', SESSION_MIDDLEWARE);
  const candidates: Array<[string, Certainty | undefined]> = [
    [ids[2], both(off, app, middleware)],
    [ids[0], both(off, app, lacks(context, 'MIDDLEWARE', SESSION_MIDDLEWARE))],
    [ids[1], both(off, middleware, lacks(context, 'INSTALLED_APPS', SESSIONS_APP))],
  ];
  const found = candidates.filter((c): c is [string, Certainty] => c[1] !== undefined);
  const best = found.find((c) => c[1] === 'is') ?? found[0];
  return best ? { id: best[0], certainty: best[1], how: HOW[ids.indexOf(best[0])]! } : undefined;
}
