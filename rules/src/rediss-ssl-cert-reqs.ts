import {
  createRule,
  describeValue,
  isHole,
  knowledge,
  possibilities,
  stringLiteralLike,
  type AbstractValue,
  type ConfiguredBinding,
  type DictValue,
  type RuleContext,
  type StrValue,
  type SuggestionDescriptor,
  type TemplateValue,
} from '@celery-lint/core';
import { definedElsewhere, editableLiteral, reportSpan } from './value-sites';

/** The strings celery/backends/redis.py and kombu/utils/url.py turn into ssl constants. */
const CERT_REQS = ['CERT_REQUIRED', 'CERT_OPTIONAL', 'CERT_NONE', 'required', 'optional', 'none'];
/** SSL options the redis backend looks for (`ssl_param_keys`). */
const BACKEND_SSL_KEYS = ['ssl_ca_certs', 'ssl_certfile', 'ssl_keyfile', 'ssl_cert_reqs'];

interface ParsedUrl {
  readonly scheme: string;
  /** Query parameters, decoded as urllib's parse_qsl does; undefined when part of the query is not known. */
  readonly query: ReadonlyMap<string, string> | undefined;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

function parseQuery(query: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const pair of query.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    out.set(decode(eq < 0 ? pair : pair.slice(0, eq)), eq < 0 ? '' : decode(pair.slice(eq + 1)));
  }
  return out;
}

/**
 * Scheme and query of a URL value. For a template the query is known only
 * when no hole can hide one: the text after the last hole is known and holds
 * the whole query (or the template ends in known text with no `?` at all).
 */
function parseUrl(v: StrValue | TemplateValue): ParsedUrl | undefined {
  const parts = v.kind === 'str' ? [v.value] : v.parts;
  const head = typeof parts[0] === 'string' ? parts[0] : '';
  const at = head.indexOf('://');
  if (at < 0) return undefined;
  const scheme = head.slice(0, at).toLowerCase();
  const last = parts[parts.length - 1]!;
  if (isHole(last)) return { scheme, query: undefined };
  const q = last.indexOf('?');
  if (q < 0) {
    // With holes before the known tail, a `?` in known text before a hole starts a query that is not fully known.
    const anyQuestion = parts.some((p) => typeof p === 'string' && p.includes('?'));
    return { scheme, query: anyQuestion ? undefined : new Map() };
  }
  return { scheme, query: parseQuery(last.slice(q + 1).split('#')[0]!) };
}

function dictEntries(value: AbstractValue): Map<string, AbstractValue> | undefined {
  if (value.kind !== 'dict' || value.partial) return undefined;
  const out = new Map<string, AbstractValue>();
  for (const entry of (value as DictValue).entries) {
    if (entry.key.kind !== 'str') return undefined;
    out.set(entry.key.value, entry.value);
  }
  return out;
}

function appendSuggestion(context: RuleContext, binding: ConfiguredBinding, v: StrValue | TemplateValue, param: string): SuggestionDescriptor[] {
  if (v.kind !== 'str' || !editableLiteral(binding, v) || v.value.includes(';') || v.value.includes('#')) return [];
  const text = `${v.value}${v.value.includes('?') ? '&' : '?'}${param}`;
  const original = context.sourceText(v.span.file).slice(v.span.start, v.span.end);
  return [{ messageId: 'appendParam', data: { param }, fix: { file: v.span.file, edits: [{ start: v.span.start, end: v.span.end, text: stringLiteralLike(original, text) }] } }];
}

type SslOption = { kind: 'unset' } | { kind: 'dict'; entries: Map<string, AbstractValue> } | { kind: 'other'; value: AbstractValue } | { kind: 'unknown' };

function sslOption(context: RuleContext, setting: string): SslOption & { binding?: ConfiguredBinding } {
  const { binding, value } = context.get(setting);
  const all = possibilities(value);
  if (all.length !== 1) return { kind: 'unknown' };
  const only = all[0]!;
  const withBinding = binding ? { binding } : {};
  if (only.kind === 'none' || (only.kind === 'bool' && !only.value)) return { kind: 'unset', ...withBinding };
  if (only.kind === 'dict') {
    const entries = dictEntries(only);
    if (!entries) return { kind: 'unknown' };
    return entries.size === 0 ? { kind: 'unset', ...withBinding } : { kind: 'dict', entries, ...withBinding };
  }
  if (only.kind === 'bool' || only.kind === 'str' || only.kind === 'num' || only.kind === 'list' || only.kind === 'tuple') return { kind: 'other', value: only, ...withBinding };
  return { kind: 'unknown' };
}

function checkBackend(context: RuleContext): void {
  const { binding, value } = context.get('result_backend');
  if (!binding) return;
  const all = possibilities(value);
  const urls = all
    .filter((v): v is StrValue | TemplateValue => v.kind === 'str' || v.kind === 'template')
    .map((v) => ({ v, url: parseUrl(v) }))
    .filter((u) => u.url?.scheme === 'redis' || u.url?.scheme === 'rediss');
  if (urls.length === 0) return;
  const ssl = sslOption(context, 'redis_backend_use_ssl');
  if (ssl.kind === 'unknown') return;
  if (ssl.kind === 'other') {
    // Merged into the connection options with dict.update(): a bool or string fails.
    if (ssl.binding && !(ssl.value.kind === 'str' && ssl.value.value === '')) {
      context.report({ at: ssl.binding, messageId: 'backendSslNotDict', data: { value: describeValue(ssl.value) } });
    }
    return;
  }
  const dict = ssl.kind === 'dict' ? ssl.entries : undefined;
  const stillMismatches = knowledge.resolveRelease(context.celeryVersion) !== knowledge.MAIN;
  for (const { v, url } of urls) {
    const certainty = urls.length === all.length ? 'is' : 'may be';
    const at = reportSpan(binding, [v]);
    const common = { certainty, value: describeValue(v), version: context.celeryVersion };
    const related = definedElsewhere(binding, [v]);
    const query = url!.query;
    if (url!.scheme === 'redis') {
      // Celery 5.2-5.6 refuse SSL options with redis://, from the URL or from redis_backend_use_ssl; main only from the URL.
      const inQuery = query ? BACKEND_SSL_KEYS.filter((k) => query.has(k)) : [];
      const inDict = dict && stillMismatches ? BACKEND_SSL_KEYS.filter((k) => dict.has(k)) : [];
      if (inQuery.length > 0 || inDict.length > 0) {
        const where = inQuery.length > 0 ? `${inQuery[0]} in the URL` : `${inDict[0]} in redis_backend_use_ssl`;
        context.report({ at, messageId: 'backendSchemeMismatch', data: { ...common, where }, related });
        continue;
      }
      if (!dict) continue;
    }
    // SSL is on (rediss://, or redis_backend_use_ssl given): ssl_cert_reqs must be there and valid.
    if (query === undefined) continue;
    const fromUrl = query.get('ssl_cert_reqs');
    const why = url!.scheme === 'rediss' ? 'a rediss:// URL' : 'redis_backend_use_ssl set';
    if (fromUrl) {
      if (!CERT_REQS.includes(fromUrl)) context.report({ at, messageId: 'backendInvalid', data: { ...common, reqs: fromUrl }, related });
      continue;
    }
    const fromDict = dict?.get('ssl_cert_reqs');
    if (fromDict) {
      const options = possibilities(fromDict);
      const bad = options.find((o) => o.kind === 'str' && !CERT_REQS.includes(o.value));
      if (bad && bad.kind === 'str' && options.length === 1) context.report({ at: bad.span && ssl.binding ? reportSpan(ssl.binding, [bad]) : at, messageId: 'backendInvalid', data: { ...common, reqs: bad.value } });
      continue;
    }
    context.report({
      at,
      messageId: 'backendMissing',
      data: { ...common, why },
      related,
      suggestions: appendSuggestion(context, binding, v, 'ssl_cert_reqs=CERT_REQUIRED'),
    });
  }
}

const BROKER_URL_SETTINGS = ['broker_url', 'broker_read_url', 'broker_write_url'] as const;

function checkBroker(context: RuleContext): void {
  const ssl = sslOption(context, 'broker_use_ssl');
  // True or a dict of options: kombu uses them and verifies as told.
  if (ssl.kind !== 'unset') return;
  const reported = new Set<number>();
  for (const setting of BROKER_URL_SETTINGS) {
    const { binding, value } = context.get(setting);
    if (!binding) continue;
    const all = possibilities(value);
    for (const v of all) {
      if (v.kind !== 'str' && v.kind !== 'template') continue;
      // Only the first of ';'-separated failover URLs decides at connection time; check every one that is known.
      const texts = v.kind === 'str' ? v.value.split(';') : [v];
      for (const part of texts) {
        const url = typeof part === 'string' ? parseUrl({ kind: 'str', value: part, literal: false }) : parseUrl(part);
        if (!url || url.scheme !== 'rediss' || url.query === undefined) continue;
        const at = reportSpan(binding, [v]);
        if (reported.has(at.start)) continue;
        const reqs = url.query.get('ssl_cert_reqs');
        const common = { setting, certainty: all.length === 1 ? 'is' : 'may be', value: describeValue(v) };
        if (reqs !== undefined && !CERT_REQS.includes(reqs)) {
          reported.add(at.start);
          context.report({ at, messageId: 'brokerInvalid', data: { ...common, reqs }, related: definedElsewhere(binding, [v]) });
        } else if (![...url.query.keys()].some((k) => k.startsWith('ssl_'))) {
          reported.add(at.start);
          context.report({
            at,
            messageId: 'brokerInsecure',
            data: common,
            related: definedElsewhere(binding, [v]),
            suggestions: appendSuggestion(context, binding, v, 'ssl_cert_reqs=CERT_REQUIRED'),
          });
        }
      }
    }
  }
}

/**
 * TLS to Redis configured in a way that fails or does not verify: a rediss://
 * result backend without (or with an invalid) ssl_cert_reqs raises ValueError
 * when the backend is built; a rediss:// broker without TLS options connects
 * with CERT_NONE (celery-semantics §7).
 */
export const redissSslCertReqs = createRule({
  meta: {
    id: 'celery/rediss-ssl-cert-reqs',
    description: 'rediss:// without ssl_cert_reqs: the result backend fails to start, the broker does not verify certificates',
    category: 'correctness',
    defaultSeverity: 'error',
    hasSuggestions: true,
    messages: {
      backendMissing:
        "result_backend {{certainty}} {{value}}: with {{why}} Celery needs ssl_cert_reqs (in the URL or in redis_backend_use_ssl), so building the backend (worker start, first delay()) raises ValueError ('A rediss:// URL must have parameter ssl_cert_reqs'). Add ssl_cert_reqs=CERT_REQUIRED.",
      backendInvalid:
        "ssl_cert_reqs is '{{reqs}}', which is none of CERT_REQUIRED, CERT_OPTIONAL, CERT_NONE (or required, optional, none): building the result backend raises ValueError ('A rediss:// URL must have parameter ssl_cert_reqs').",
      backendSchemeMismatch:
        "result_backend {{certainty}} {{value}}, a redis:// URL, but SSL options are given ({{where}}): Celery {{version}} raises ValueError ('SSL connection parameters have been provided but the specified URL scheme is redis://') when it builds the backend. Use rediss://.",
      backendSslNotDict:
        "redis_backend_use_ssl is {{value}}, but the Redis result backend merges it into its connection options as a dict: building the backend raises TypeError. Use a dict such as {'ssl_cert_reqs': ssl.CERT_REQUIRED}.",
      brokerInsecure:
        "{{setting}} {{certainty}} {{value}}, but neither broker_use_ssl nor the URL gives SSL options: kombu logs 'Secure redis scheme specified (rediss) with no ssl options, defaulting to insecure SSL behaviour' and connects with ssl_cert_reqs=CERT_NONE, so the server's certificate is never verified. Set broker_use_ssl or add ssl_cert_reqs=CERT_REQUIRED to the URL.",
      brokerInvalid: "ssl_cert_reqs is '{{reqs}}' in {{setting}}: kombu knows only CERT_REQUIRED, CERT_OPTIONAL, CERT_NONE (or required, optional, none), so the first broker connection raises KeyError: '{{reqs}}'.",
      appendParam: 'Add {{param}} to the URL',
    },
  },
  check(context) {
    checkBackend(context);
    checkBroker(context);
  },
});
