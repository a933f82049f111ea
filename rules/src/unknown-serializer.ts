import {
  callsName,
  closestMatch,
  createRule,
  knowledge,
  possibilities,
  pyRepr,
  stringLiteralLike,
  type AbstractValue,
  type ConfiguredBinding,
  type RuleContext,
  type StrValue,
  type SuggestionDescriptor,
} from '@celery-lint/core';
import { definedElsewhere, editableLiteral, reportSpan } from './value-sites';

type SerializerSetting = 'task_serializer' | 'result_serializer' | 'event_serializer';
type AcceptSetting = 'accept_content' | 'result_accept_content';

/** What fails, and when, for an unknown name in each setting (kombu serialization.py, celery backends/base.py). */
const CONSEQUENCE: Readonly<Record<SerializerSetting | AcceptSetting, string>> = {
  task_serializer: "the first delay() raises SerializerNotInstalled ('No encoder installed for {{name}}')",
  // The result backend looks the encoder up itself, without kombu's special case for 'raw'.
  result_serializer: "building the result backend raises KeyError: '{{name}}' (at worker start and at the first delay())",
  // The event dispatcher buffers what it fails to publish (buffer_while_offline), so the worker never says.
  event_serializer: "the worker cannot encode its events and keeps them buffered, never sent, and event monitors (celery events, Flower) raise SerializerNotInstalled ('No encoder/decoder installed for {{name}}')",
  accept_content: "kombu raises SerializerNotInstalled ('No encoder/decoder installed for {{name}}') when the worker starts consuming tasks",
  result_accept_content: "kombu raises SerializerNotInstalled ('No encoder/decoder installed for {{name}}') when the result backend is built",
};

interface Known {
  /** Serializer names usable in this setting. */
  readonly names: readonly string[];
  /** Content types some serializer produces (for MIME entries in accept lists). */
  readonly contentTypes: readonly string[];
  /** Whether `auth` may be used: only after app.setup_security(). */
  readonly authPossible: boolean;
}

const securityByCheck = new WeakMap<RuleContext, boolean>();

/**
 * Whether the app's own files call setup_security(), which registers 'auth'.
 * Undefined when the configuration is a settings module read alone: its app
 * is elsewhere.
 */
function setupSecurityCalled(context: RuleContext): boolean | undefined {
  const { config } = context;
  if (config.kind !== 'app') return undefined;
  // Asked for each serializer setting of one check: answer once.
  const known = securityByCheck.get(context);
  if (known !== undefined) return known;
  const files = new Set([config.file, ...config.bindings.map((b) => b.keySpan.file)]);
  const called = [...files].some((file) => callsName(context.sourceText(file), 'setup_security'));
  securityByCheck.set(context, called);
  return called;
}

function knownFor(context: RuleContext, setting: SerializerSetting | AcceptSetting): Known {
  const registered = context.registeredSerializers();
  const builtin = Object.keys(knowledge.SERIALIZER_CONTENT_TYPES).filter((name) =>
    setting === 'task_serializer' || setting === 'event_serializer' ? knowledge.isBuiltinSerializer(name) : knowledge.isRegisteredSerializer(name),
  );
  const contentTypes = new Set<string>([...Object.values(knowledge.SERIALIZER_CONTENT_TYPES), ...knowledge.TRUSTED_CONTENT_TYPES]);
  for (const r of registered) if (r.contentType) contentTypes.add(r.contentType);
  return {
    names: [...builtin, ...registered.map((r) => r.name)],
    contentTypes: [...contentTypes],
    authPossible: setupSecurityCalled(context) !== false,
  };
}

/** The serializer name a content type belongs to, for `task_serializer = 'application/json'`. */
function nameForContentType(type: string): string | undefined {
  return Object.entries(knowledge.SERIALIZER_CONTENT_TYPES).find(([name, t]) => t === type && name !== 'auth' && name !== 'raw')?.[0];
}

function fill(template: string, name: string): string {
  return template.replace(/\{\{name\}\}/g, name);
}

function replaceSuggestion(context: RuleContext, binding: ConfiguredBinding, value: StrValue, replacement: string): SuggestionDescriptor[] {
  if (!editableLiteral(binding, value)) return [];
  const span = value.span;
  const original = context.sourceText(span.file).slice(span.start, span.end);
  return [{ messageId: 'replace', data: { replacement }, fix: { file: span.file, edits: [{ start: span.start, end: span.end, text: stringLiteralLike(original, replacement) }] } }];
}

/**
 * Why kombu will not find a name, with the name to use instead when there
 * is one. A package may register serializers through kombu's
 * `kombu.serializers` entry points (kombu-fernet-serializers' `fernet_json`),
 * which the linter cannot see: the message says how to declare such a name
 * (`known-serializers`), and a declared name counts as registered.
 */
function verdict(name: string, known: Known): { messageId: string; suggestion?: string } | undefined {
  if (known.names.includes(name)) return undefined;
  if (name === 'auth') return known.authPossible ? undefined : { messageId: 'authWithoutSetup' };
  // kombu's dumps() special-cases 'raw' for task messages; the registry, which everything else asks, has no such name.
  if (name === 'raw') return { messageId: 'rawOutsideTasks' };
  if (name.includes('/')) {
    const suggestion = nameForContentType(name);
    return suggestion && known.names.includes(suggestion) ? { messageId: 'contentTypeAsName', suggestion } : undefined;
  }
  const suggestion = closestMatch(name, known.names.filter((n) => n !== 'raw'));
  return suggestion ? { messageId: 'typo', suggestion } : { messageId: 'unknown' };
}

function checkSerializer(context: RuleContext, setting: SerializerSetting): void {
  const { binding, value } = context.get(setting);
  if (!binding) return;
  const known = knownFor(context, setting);
  const all = possibilities(value);
  for (const v of all) {
    if (v.kind !== 'str') continue;
    const found = verdict(v.value, known);
    if (!found) continue;
    const holders = all.filter((o) => o.kind === 'str' && o.value === v.value).length;
    context.report({
      at: reportSpan(binding, [v]),
      messageId: found.messageId,
      data: {
        setting,
        subject: `${setting} ${holders === all.length ? 'is' : 'may be'} ${pyRepr(v.value)}`,
        name: v.value,
        consequence: fill(CONSEQUENCE[setting], v.value),
        ...(found.suggestion ? { suggestion: found.suggestion } : {}),
      },
      related: definedElsewhere(binding, [v]),
      suggestions: found.suggestion ? replaceSuggestion(context, binding, v, found.suggestion) : [],
    });
    return;
  }
}

function sequenceItems(value: AbstractValue): StrValue[] {
  return possibilities(value).flatMap((v) =>
    v.kind === 'list' || v.kind === 'tuple' || v.kind === 'set' ? v.items.flatMap(possibilities).filter((i): i is StrValue => i.kind === 'str') : [],
  );
}

function checkAccept(context: RuleContext, setting: AcceptSetting): void {
  const { binding, value } = context.get(setting);
  if (!binding) return;
  const known = knownFor(context, setting);
  const seen = new Set<string>();
  for (const item of sequenceItems(value)) {
    const key = `${item.value}@${item.span?.start}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const at = reportSpan(binding, [item]);
    if (item.value.includes('/')) {
      // kombu takes MIME types unchecked: an unknown one is only a problem when it is a typo of a known one.
      if (known.contentTypes.includes(item.value)) continue;
      const suggestion = closestMatch(item.value, known.contentTypes);
      if (!suggestion) continue;
      context.report({
        at,
        messageId: 'mimeTypo',
        data: { setting, name: item.value, suggestion },
        related: definedElsewhere(binding, [item]),
        suggestions: replaceSuggestion(context, binding, item, suggestion),
      });
      continue;
    }
    const found = verdict(item.value, known);
    if (!found) continue;
    context.report({
      at,
      messageId: found.messageId,
      data: {
        setting,
        subject: `${setting} lists ${pyRepr(item.value)}`,
        name: item.value,
        consequence: fill(CONSEQUENCE[setting], item.value),
        ...(found.suggestion ? { suggestion: found.suggestion } : {}),
      },
      related: definedElsewhere(binding, [item]),
      suggestions: found.suggestion ? replaceSuggestion(context, binding, item, found.suggestion) : [],
    });
  }
}

/**
 * Serializer names kombu does not know: neither built in nor registered by
 * the project (`kombu.serialization.register`). Celery accepts the setting
 * silently and fails later, when the name is first looked up
 * (celery-semantics §5, §7).
 */
export const unknownSerializer = createRule({
  meta: {
    id: 'celery/unknown-serializer',
    description: 'A serializer name that is neither built into kombu nor registered by the project',
    category: 'correctness',
    defaultSeverity: 'error',
    hasSuggestions: true,
    messages: {
      typo: "{{subject}}, which is neither a kombu serializer nor registered in the linted files: {{consequence}}. Did you mean '{{suggestion}}'?",
      unknown:
        "{{subject}}, which is neither a kombu serializer nor registered in the linted files: {{consequence}}. If a package registers it through kombu's entry points, list it in known-serializers under [tool.celery-lint].",
      contentTypeAsName:
        "{{subject}}, a content type: kombu looks serializers up by name, so {{consequence}}. Use '{{suggestion}}'.",
      rawOutsideTasks:
        "{{subject}}: kombu knows 'raw' only when it publishes task messages, not in its serializer registry, so {{consequence}}. Raw payloads (application/data) are accepted anyway; use a registered serializer such as 'json'.",
      authWithoutSetup: "{{subject}}, which exists only after app.setup_security(), and this app's files never call it: {{consequence}}.",
      mimeTypo:
        "'{{name}}' in {{setting}} is no serializer's content type: kombu accepts MIME types unchecked, so this entry matches no message. Did you mean '{{suggestion}}'?",
      replace: "Replace with '{{replacement}}'",
    },
  },
  check(context) {
    checkSerializer(context, 'task_serializer');
    checkSerializer(context, 'result_serializer');
    checkSerializer(context, 'event_serializer');
    checkAccept(context, 'accept_content');
    checkAccept(context, 'result_accept_content');
  },
});
