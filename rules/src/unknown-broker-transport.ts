import {
  closestMatch,
  createRule,
  describeValue,
  knowledge,
  knownPrefix,
  possibilities,
  stringLiteralLike,
  type ConfiguredBinding,
  type RuleContext,
  type SourceSpan,
  type StrValue,
  type SuggestionDescriptor,
  type TemplateValue,
} from '@celery-lint/core';
import { definedElsewhere, editableLiteral, reportSpan } from './value-sites';

const URL_SETTINGS = ['broker_url', 'broker_read_url', 'broker_write_url'] as const;

/** Names people write for a broker that kombu has no transport for, and what they meant. */
const NOT_BROKERS: Readonly<Record<string, string>> = {
  rpc: "'rpc' is a result backend, not a broker transport: results travel over the broker you already have",
  db: "'db+' is how result_backend names SQLAlchemy; kombu's SQLAlchemy transport is 'sqla+' (or 'sqlalchemy+')",
  database: "'database' is a result backend alias; kombu's SQLAlchemy transport is 'sqla+' (or 'sqlalchemy+')",
  django: 'kombu no longer has a Django ORM transport',
};

interface Transport {
  /** The transport name kombu resolves. */
  readonly name: string;
  /** Offset of the name inside the string value, for a suggestion. */
  readonly offset: number;
}

/**
 * The transports kombu resolves for each `;`-separated URL, as
 * `kombu.Connection` reads them: a `transport+` prefix as written, otherwise
 * the lower-cased scheme, unless broker_transport names the transport. A URL
 * without `://` is a host name for the default transport.
 */
function transportsOf(v: StrValue | TemplateValue, brokerTransportSet: boolean): Transport[] {
  const known = knownPrefix(v);
  const out: Transport[] = [];
  let offset = 0;
  for (const part of known.split(';')) {
    const at = part.indexOf('://');
    if (at >= 0) {
      const scheme = part.slice(0, at);
      const plus = scheme.indexOf('+');
      if (plus >= 0) out.push({ name: scheme.slice(0, plus), offset });
      else if (!brokerTransportSet) out.push({ name: scheme.toLowerCase(), offset });
    }
    offset += part.length + 1;
  }
  return out;
}

/** kombu's aliases by target version: the table is rebuilt on every knowledge call, and asked for every URL of every configuration. */
const aliasesByVersion = new Map<string, Readonly<Record<string, string>>>();

function aliasesFor(version: string): Readonly<Record<string, string>> {
  let aliases = aliasesByVersion.get(version);
  if (!aliases) aliasesByVersion.set(version, (aliases = knowledge.transportAliases(version)));
  return aliases;
}

function isKnown(name: string, version: string): boolean {
  return name in aliasesFor(version) || name.includes('.') || name.includes(':');
}

function suggestionFor(context: RuleContext, binding: ConfiguredBinding, value: StrValue | TemplateValue, transport: Transport, replacement: string): SuggestionDescriptor[] {
  if (value.kind !== 'str' || !editableLiteral(binding, value)) return [];
  const span = value.span;
  const text = value.value.slice(0, transport.offset) + replacement + value.value.slice(transport.offset + transport.name.length);
  const original = context.sourceText(span.file).slice(span.start, span.end);
  return [{ messageId: 'replace', data: { replacement: text }, fix: { file: span.file, edits: [{ start: span.start, end: span.end, text: stringLiteralLike(original, text) }] } }];
}

interface Finding {
  readonly at: SourceSpan;
  readonly messageId: string;
  readonly data: Record<string, string>;
  readonly related: ReturnType<typeof definedElsewhere>;
  readonly suggestions: SuggestionDescriptor[];
}

function judge(context: RuleContext, name: string): { messageId: string; data: Record<string, string>; suggestion?: string } | undefined {
  const version = context.celeryVersion;
  if (isKnown(name, version)) return undefined;
  const kombu = knowledge.kombuReleaseFor(version);
  if (NOT_BROKERS[name]) return { messageId: 'notABroker', data: { why: NOT_BROKERS[name]!, kombu } };
  const since = knowledge.CELERY_RELEASES.find((release) => name in aliasesFor(release));
  if (since && knowledge.compareReleases(since, knowledge.resolveRelease(version)!) > 0) {
    return { messageId: 'newer', data: { since: knowledge.lineOf(since), kombu } };
  }
  const suggestion = closestMatch(name, Object.keys(aliasesFor(version)));
  return suggestion ? { messageId: 'unknownDidYouMean', data: { suggestion, kombu }, suggestion } : { messageId: 'unknown', data: { kombu } };
}

function checkUrlSetting(context: RuleContext, setting: string, brokerTransportSet: boolean, out: Finding[]): void {
  const { binding, value } = context.get(setting);
  if (!binding) return;
  const all = possibilities(value);
  const hits = all.flatMap((v) =>
    v.kind === 'str' || v.kind === 'template' ? transportsOf(v, brokerTransportSet).map((transport) => ({ v, transport })) : [],
  );
  for (const { v, transport } of hits) {
    const verdict = judge(context, transport.name);
    if (!verdict) continue;
    const holders = new Set(hits.filter((h) => h.transport.name === transport.name).map((h) => h.v));
    // Only the first URL is connected to at start; a later one is loaded when kombu fails over to it.
    const when = transport.offset === 0 ? 'the first broker connection (worker start, first delay())' : 'failing over to that URL';
    out.push({
      at: reportSpan(binding, [v]),
      messageId: verdict.messageId,
      data: { ...verdict.data, when, setting, certainty: holders.size === all.length ? 'is' : 'may be', value: describeValue(v), name: transport.name, version: context.celeryVersion },
      related: definedElsewhere(binding, [v]),
      suggestions: verdict.suggestion ? suggestionFor(context, binding, v, transport, verdict.suggestion) : [],
    });
  }
}

/**
 * A broker URL whose transport kombu does not know. Celery stores the URL
 * without looking at it; kombu raises `KeyError: 'No such transport: X'` when
 * the first connection is made: at worker start, or at the first delay()
 * (celery-semantics §6).
 */
export const unknownBrokerTransport = createRule({
  meta: {
    id: 'celery/unknown-broker-transport',
    description: 'A broker URL whose scheme is no kombu transport',
    category: 'correctness',
    defaultSeverity: 'error',
    hasSuggestions: true,
    messages: {
      unknown:
        "{{setting}} {{certainty}} {{value}}: '{{name}}' is not a kombu transport (kombu {{kombu}} for Celery {{version}}), so {{when}} raises KeyError: 'No such transport: {{name}}'.",
      unknownDidYouMean:
        "{{setting}} {{certainty}} {{value}}: '{{name}}' is not a kombu transport (kombu {{kombu}} for Celery {{version}}), so {{when}} raises KeyError: 'No such transport: {{name}}'. Did you mean '{{suggestion}}'?",
      newer:
        "{{setting}} {{certainty}} {{value}}: the '{{name}}' transport comes with the kombu of Celery {{since}} and later; with kombu {{kombu}} (Celery {{version}}) {{when}} raises KeyError: 'No such transport: {{name}}'.",
      notABroker:
        "{{setting}} {{certainty}} {{value}}: {{why}}, and {{when}} raises KeyError: 'No such transport: {{name}}'.",
      transportSetting:
        "broker_transport is '{{name}}', which is not a kombu transport (kombu {{kombu}} for Celery {{version}}): the first broker connection raises KeyError: 'No such transport: {{name}}'.",
      replace: "Replace with '{{replacement}}'",
    },
  },
  check(context) {
    const transport = context.get('broker_transport');
    const transportValues = possibilities(transport.value);
    const brokerTransportSet = !(transport.isDefault || transportValues.every((v) => v.kind === 'none' || (v.kind === 'str' && v.value === '')));
    if (transport.binding && transportValues.length === 1 && transportValues[0]!.kind === 'str' && transportValues[0]!.value !== '') {
      const name = transportValues[0]!.value;
      if (!isKnown(name, context.celeryVersion)) {
        context.report({
          at: transport.binding,
          messageId: 'transportSetting',
          data: { name, kombu: knowledge.kombuReleaseFor(context.celeryVersion), version: context.celeryVersion },
        });
      }
    }
    const findings: Finding[] = [];
    for (const setting of URL_SETTINGS) checkUrlSetting(context, setting, brokerTransportSet, findings);
    const seen = new Set<string>();
    for (const f of findings) {
      const key = `${f.at.file}:${f.at.start}:${f.data.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      context.report({ at: f.at, messageId: f.messageId, data: f.data, related: f.related, suggestions: f.suggestions });
    }
  },
});
