import { acceptsOnePositionalAndKeyword, createRule, possibilities, topLevelCallable, type DjangoRuleContext } from '@celery-lint/core';
import { holds, placeOf, where } from './django-facts';

/** Django's own failure view: always importable. */
const DJANGO_DEFAULT = 'django.views.csrf.csrf_failure';

/**
 * Decorators that keep a view's signature (they wrap with functools.wraps,
 * so inspect.signature() follows __wrapped__ to the function as written).
 * Any other decorator may change what the view accepts: no finding.
 */
const WRAPPING_DECORATORS = /^(?:[\w.]*\.)?(?:requires_csrf_token|csrf_exempt|ensure_csrf_cookie|never_cache)$/;

type Verdict =
  | { readonly messageId: 'security.E102'; readonly data: Record<string, string> }
  | { readonly messageId: 'viewDoesNotExist'; readonly data: Record<string, string> }
  | { readonly messageId: 'security.E101'; readonly data: Record<string, string> };

/**
 * What Django's check_csrf_failure_view (and the CSRF middleware on a
 * rejected request) meets for a dotted path, when the project shows it:
 * undefined where it cannot (an installed package, a name bound at run time).
 */
function verdictFor(context: DjangoRuleContext, path: string): Verdict | undefined {
  if (path === DJANGO_DEFAULT) return undefined;
  const dot = path.lastIndexOf('.');
  // get_callable() refuses a name without a module: an ImportError, reported as E102.
  if (dot <= 0) return { messageId: 'security.E102', data: { path, why: 'it is not a dotted path to a function' } };
  const module = path.slice(0, dot);
  const name = path.slice(dot + 1);
  const found = context.projectModule(module);
  if (found.status === 'missing') {
    return { messageId: 'viewDoesNotExist', data: { path, why: `the project has no module ${module}` } };
  }
  if (found.status !== 'found' || found.text === undefined) return undefined;
  const callable = topLevelCallable(found.text, name);
  const file = found.file.split(/[\\/]/).slice(-2).join('/');
  if (callable.kind === 'absent') return { messageId: 'viewDoesNotExist', data: { path, why: `${file} defines no '${name}'` } };
  if (callable.kind !== 'function' || !callable.decorators.every((d) => WRAPPING_DECORATORS.test(d))) return undefined;
  if (acceptsOnePositionalAndKeyword(callable.parameters, 'reason')) return undefined;
  const shown = callable.parameters.map((p) => `${p.kind === 'var-positional' ? '*' : p.kind === 'var-keyword' ? '**' : ''}${p.name}${p.hasDefault ? '=…' : ''}`).join(', ');
  return { messageId: 'security.E101', data: { path, why: `${name}(${shown}) in ${file}` } };
}

/** security.E101 / E102: CSRF_FAILURE_VIEW must name a view Django can import and call as view(request, reason=...). */
export const csrfFailureView = createRule({
  meta: {
    id: 'django/csrf-failure-view',
    description: 'CSRF_FAILURE_VIEW names a view Django cannot import, or one it cannot call with (request, reason=...)',
    category: 'correctness',
    defaultSeverity: 'error',
    djangoChecks: ['security.E101', 'security.E102'],
    messages: {
      'security.E102':
        "CSRF_FAILURE_VIEW {{certainty}} '{{path}}' in {{module}} ({{because}}), but {{why}}: Django cannot import it (check: security.E102), and a request that fails the CSRF check gets a server error instead of the 403 page.",
      viewDoesNotExist:
        "CSRF_FAILURE_VIEW {{certainty}} '{{path}}' in {{module}} ({{because}}), but {{why}}: Django's system checks stop with ViewDoesNotExist (manage.py check and migrate fail before security.E102 is reported), and a request that fails the CSRF check gets a server error.",
      'security.E101':
        "CSRF_FAILURE_VIEW {{certainty}} '{{path}}' in {{module}} ({{because}}), but {{why}} cannot be called as Django calls it, view(request, reason=...) (check: security.E101): a request that fails the CSRF check gets a TypeError instead of the 403 page.",
    },
  },
  checkDjango(context) {
    const name = 'CSRF_FAILURE_VIEW';
    const state = context.setting(name);
    if (!state.binding) return;
    // One finding per path that has a problem: "is" when it is the only path, "may be" beside others.
    const seen = new Set<string>();
    for (const v of possibilities(state.value)) {
      if (v.kind !== 'str' || seen.has(v.value)) continue;
      seen.add(v.value);
      const verdict = verdictFor(context, v.value);
      const certainty = verdict && holds(state.value, (other) => (other.kind === 'str' ? other.value === v.value : undefined));
      if (!verdict || !certainty) continue;
      context.report({ at: placeOf(context, name), messageId: verdict.messageId, data: { ...verdict.data, certainty, ...where(context) } });
    }
  },
});
