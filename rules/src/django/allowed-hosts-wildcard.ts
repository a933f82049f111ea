import { createRule, possibilities } from '@celery-lint/core';
import { where } from './django-facts';

/**
 * ALLOWED_HOSTS = ['*'] in a settings module the project deploys with:
 * Django's deploy check passes it (the list is not empty), but Django then
 * trusts any Host header, which password reset e-mails and absolute URLs are
 * built from. Often written in a base module and inherited unnoticed.
 */
export const allowedHostsWildcard = createRule({
  meta: {
    id: 'django/allowed-hosts-wildcard',
    description: "ALLOWED_HOSTS accepts any host ('*') in a settings module the project deploys with",
    category: 'security',
    defaultSeverity: 'warning',
    messages: {
      wildcard:
        "ALLOWED_HOSTS {{certainty}} '*' in {{module}} ({{because}}){{inherited}}: Django then accepts any Host header, and builds password reset links and other absolute URLs from it, so an attacker can point them at a site of their own. List the host names the site serves (check --deploy does not catch this).",
    },
  },
  checkDjango(context) {
    const hosts = context.setting('ALLOWED_HOSTS');
    if (!hosts.binding) return;
    const all = possibilities(hosts.value);
    const wild = all.filter((v) => (v.kind === 'list' || v.kind === 'tuple') && v.items.some((i) => i.kind === 'str' && i.value === '*'));
    if (wild.length === 0) return;
    const span = hosts.binding.valueSpan;
    const inherited = span.file === context.settingsFile ? '' : `, set in ${span.file.split(/[\\/]/).slice(-2).join('/')} and inherited`;
    context.report({ at: span, messageId: 'wildcard', data: { certainty: wild.length === all.length ? 'is' : 'may be', inherited, ...where(context) } });
  },
});
