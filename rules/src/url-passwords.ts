// Passwords written into URLs (`amqp://user:secret@host//`,
// `postgres://app:secret@db/app`): what celery/hardcoded-credentials and
// django/password-in-source both look for.
import type { AbstractValue, Hole } from '@celery-lint/core';

/** Not secrets: masks and placeholders that some other tool fills in. */
export const PLACEHOLDER = /^(\*+|x+|<[^>]*>|\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|%\([^)]*\)s|%s|\{[^}]*\})$/i;

/**
 * The password of every URL in a string-like value whose password is known
 * text: `amqp://user:secret@host//` -> `secret`; `;`-separated failover URLs
 * each count. A password that is (or touches) a hole is not written in the code.
 */
export function passwordsIn(parts: ReadonlyArray<string | Hole>): Array<{ user: string; password: string }> {
  // Known text with holes marked by a character that cannot appear in a URL's userinfo.
  const HOLE = '\u0000';
  const text = parts.map((p) => (typeof p === 'string' ? p : HOLE)).join('');
  const out: Array<{ user: string; password: string }> = [];
  for (const url of text.split(';')) {
    const start = url.indexOf('://');
    if (start < 0) continue;
    const rest = url.slice(start + 3);
    // The authority ends at the first '/', '?' or '#'; userinfo is what precedes its last '@'.
    const authority = rest.split(/[/?#]/)[0]!;
    const at = authority.lastIndexOf('@');
    if (at < 0) continue;
    const userinfo = authority.slice(0, at);
    const colon = userinfo.indexOf(':');
    if (colon < 0) continue;
    const user = userinfo.slice(0, colon);
    const password = userinfo.slice(colon + 1);
    if (password === '' || password.includes(HOLE) || PLACEHOLDER.test(password)) continue;
    if (user === 'guest' && password === 'guest') continue; // RabbitMQ's well-known local default
    out.push({ user, password });
  }
  return out;
}

export function stringParts(v: AbstractValue): ReadonlyArray<string | Hole> | undefined {
  if (v.kind === 'str') return [v.value];
  if (v.kind === 'template') return v.parts;
  return undefined;
}
