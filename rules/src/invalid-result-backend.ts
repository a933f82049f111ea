import {
  closestMatch,
  createRule,
  describeValue,
  knowledge,
  knownPrefix,
  possibilities,
  stringLiteralLike,
  type AbstractValue,
  type ConfiguredBinding,
  type RuleContext,
  type StrValue,
  type SuggestionDescriptor,
  type TemplateValue,
} from '@celery-lint/core';
import { definedElsewhere, editableLiteral, reportSpan } from './value-sites';

/** The backends celery/backends/cache.py knows (unchanged from 5.2 to main). */
const CACHE_CLIENTS = ['memcache', 'memcached', 'pylibmc', 'memory'];

/** `celery/no-amqp-result-backend` owns these. */
const AMQP = new Set(['amqp', 'amqps']);

type Problem =
  | { readonly kind: 'unknown'; readonly name: string; readonly suggestion?: string }
  | { readonly kind: 'notYet'; readonly name: string; readonly since: string }
  | { readonly kind: 'moduleGone'; readonly name: string; readonly target: string }
  | { readonly kind: 'noDatabaseUrl' }
  | { readonly kind: 'noCacheBackend' }
  | { readonly kind: 'unknownCacheBackend'; readonly client: string; readonly from?: ConfiguredBinding };

/** What `celery.app.backends.by_url` splits a value into: the backend name and the URL the backend gets. */
function split(v: StrValue | TemplateValue): { name: string; url: string | undefined; exact: boolean } | undefined {
  const known = knownPrefix(v);
  const exact = v.kind === 'str';
  const at = known.indexOf('://');
  if (at < 0) return exact ? { name: known, url: undefined, exact } : undefined;
  const scheme = known.slice(0, at);
  const plus = scheme.indexOf('+');
  return plus >= 0 ? { name: scheme.slice(0, plus), url: known.slice(plus + 1), exact } : { name: scheme, url: known, exact };
}

function isUnset(value: AbstractValue): boolean | undefined {
  const all = possibilities(value);
  if (all.every((v) => v.kind === 'none' || (v.kind === 'str' && v.value === ''))) return true;
  if (all.some((v) => v.kind === 'unknown' || v.kind === 'unset' || v.kind === 'oneOf')) return undefined;
  return false;
}

function problemOf(context: RuleContext, v: StrValue | TemplateValue): Problem | undefined {
  const parts = split(v);
  if (!parts || parts.name === '' || AMQP.has(parts.name)) return undefined;
  const { name, url } = parts;
  const version = context.celeryVersion;
  // A dotted path names a backend class of the project's own.
  if (name.includes('.') || name.includes(':')) return undefined;
  if (knowledge.extensionBackendAliases().has(name)) return undefined;
  const alias = knowledge.backendAliasInfo(name, version);
  if (!alias) {
    const elsewhere = knowledge.backendAliasInfo(name);
    if (elsewhere && knowledge.compareVersions(elsewhere.since, version) > 0) return { kind: 'notYet', name, since: elsewhere.since };
    const candidates = [...Object.keys(knowledge.backendAliases(version)), ...knowledge.extensionBackendAliases().keys()].filter((n) => !AMQP.has(n));
    const suggestion = closestMatch(name, candidates);
    return { kind: 'unknown', name, ...(suggestion ? { suggestion } : {}) };
  }
  if (alias.targetMissing) return { kind: 'moduleGone', name, target: alias.target.split(':')[0]! };
  const backend = alias.target.split(':')[0];
  if (backend === 'celery.backends.database' && url === undefined && parts.exact) {
    const dbUrl = context.get('database_url');
    if (isUnset(dbUrl.value) === true) return { kind: 'noDatabaseUrl' };
  }
  if (backend === 'celery.backends.cache') {
    let client: string | undefined;
    let from: ConfiguredBinding | undefined;
    if (url !== undefined) {
      if (v.kind === 'template' && !knownPrefix(v).includes('://')) return undefined;
      client = url.slice(0, url.includes('://') ? url.indexOf('://') : url.length);
    } else {
      const setting = context.get('cache_backend');
      const unset = isUnset(setting.value);
      if (unset === true) return { kind: 'noCacheBackend' };
      const only = possibilities(setting.value);
      if (only.length !== 1 || only[0]!.kind !== 'str') return undefined;
      client = only[0]!.value.split('://')[0]!;
      from = setting.binding;
    }
    if (!CACHE_CLIENTS.includes(client)) return { kind: 'unknownCacheBackend', client, ...(from ? { from } : {}) };
  }
  return undefined;
}

function renameSuggestion(context: RuleContext, binding: ConfiguredBinding, value: StrValue | TemplateValue, name: string, suggestion: string): SuggestionDescriptor[] {
  if (value.kind !== 'str' || !editableLiteral(binding, value) || !value.value.startsWith(name)) return [];
  const span = value.span;
  const original = context.sourceText(span.file).slice(span.start, span.end);
  const replacement = suggestion + value.value.slice(name.length);
  return [{ messageId: 'replace', data: { replacement }, fix: { file: span.file, edits: [{ start: span.start, end: span.end, text: stringLiteralLike(original, replacement) }] } }];
}

function sameProblem(a: Problem, b: Problem): boolean {
  return a.kind === b.kind && ('name' in a ? a.name : '') === ('name' in b ? b.name : '');
}

/**
 * A result_backend Celery cannot build: a name that is no backend alias of the
 * target version (nor an extension's, nor a class path), an alias whose module
 * is gone, or a backend missing what it needs to start (celery-semantics §6).
 * Celery accepts all of these until it first builds the backend: at worker
 * start, or at the first delay().
 */
export const invalidResultBackend = createRule({
  meta: {
    id: 'celery/invalid-result-backend',
    description: 'A result backend Celery cannot load or start',
    category: 'correctness',
    defaultSeverity: 'error',
    hasSuggestions: true,
    messages: {
      unknown:
        "result_backend {{certainty}} {{value}}: '{{name}}' is not a result backend Celery {{version}} knows, so building the backend (at worker start or the first delay()) fails with ModuleNotFoundError: No module named '{{name}}' (or ImproperlyConfigured: Unknown result backend).",
      unknownDidYouMean:
        "result_backend {{certainty}} {{value}}: '{{name}}' is not a result backend Celery {{version}} knows, so building the backend (at worker start or the first delay()) fails with ModuleNotFoundError: No module named '{{name}}'. Did you mean '{{suggestion}}'?",
      notYet:
        "result_backend {{certainty}} {{value}}: the '{{name}}' backend was added in Celery {{since}}; Celery {{version}} fails to load it (ModuleNotFoundError: No module named '{{name}}').",
      moduleGone:
        "result_backend {{certainty}} {{value}}: Celery {{version}} still maps '{{name}}' to {{target}}, but that module no longer exists, so building the backend raises ModuleNotFoundError.",
      noDatabaseUrl:
        "result_backend {{certainty}} {{value}} without a database URL, and database_url is not set: building the backend raises ImproperlyConfigured ('Missing connection string!'). Use 'db+<sqlalchemy url>' or set database_url.",
      noCacheBackend:
        "result_backend {{certainty}} {{value}}, but cache_backend is not set: building the backend raises ImproperlyConfigured ('The cache backend None is unknown'). Use 'cache+memcached://host:11211/' or set cache_backend.",
      unknownCacheBackend:
        "result_backend {{certainty}} {{value}}: '{{client}}' is not a cache client Celery's cache backend knows ({{clients}}), so building the backend raises ImproperlyConfigured.",
      replace: "Replace with '{{replacement}}'",
    },
  },
  check(context) {
    const { binding, value } = context.get('result_backend');
    if (!binding) return;
    const all = possibilities(value);
    const found: Array<{ value: StrValue | TemplateValue; problem: Problem }> = [];
    for (const v of all) {
      if (v.kind !== 'str' && v.kind !== 'template') continue;
      const problem = problemOf(context, v);
      if (problem) found.push({ value: v, problem });
    }
    const first = found[0];
    if (!first) return;
    const matches = found.filter((f) => sameProblem(f.problem, first.problem)).map((f) => f.value);
    const { problem } = first;
    const suggestion = problem.kind === 'unknown' ? problem.suggestion : undefined;
    const messageId = problem.kind === 'unknown' && suggestion ? 'unknownDidYouMean' : problem.kind;
    const data: Record<string, string> = {
      certainty: matches.length === all.length ? 'is' : 'may be',
      value: describeValue(first.value),
      version: context.celeryVersion,
      clients: CACHE_CLIENTS.join(', '),
    };
    for (const [k, v] of Object.entries(problem)) if (k !== 'kind' && typeof v === 'string') data[k] = v;
    context.report({
      at: reportSpan(binding, matches),
      messageId,
      data,
      related: [
        ...definedElsewhere(binding, matches),
        ...(problem.kind === 'unknownCacheBackend' && problem.from ? [{ span: problem.from.valueSpan, message: 'cache_backend is set here' }] : []),
      ],
      suggestions: suggestion && 'name' in problem ? renameSuggestion(context, binding, first.value, problem.name, suggestion) : [],
    });
  },
});
