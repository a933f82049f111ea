import { createRule, optionValue, possibilities, type LaunchProcess, type SourceSpan, type SuggestionDescriptor } from '@celery-lint/core';
import { at, distinctCommandLines } from './launch-sites';

const LOCAL_HOST = /^[a-z0-9+]+:\/\/(?:[^@/]*@)?(localhost|127\.0\.0\.1|\[::1\]|0\.0\.0\.0)(?=[:/?]|$)/i;

/** The sibling service that runs the broker a URL's scheme names. */
function brokerService(process: LaunchProcess, scheme: string): LaunchProcess['siblings'][number] | undefined {
  const kind = /^(redis|rediss|sentinel)$/.test(scheme) ? /redis|valkey|keydb|dragonfly/i : /^(amqp|amqps|pyamqp)$/.test(scheme) ? /rabbit|amqp/i : undefined;
  if (!kind) return undefined;
  return process.siblings.find((s) => s.name !== process.name && (kind.test(s.image ?? '') || kind.test(s.name)));
}

export const localhostBrokerInContainer = createRule({
  meta: {
    id: 'celery/localhost-broker-in-container',
    description: 'A containerized process whose broker or result backend URL points at localhost while Compose runs the broker as another service',
    category: 'correctness',
    defaultSeverity: 'error',
    hasSuggestions: true,
    messages: {
      localhost:
        "{{setting}} is {{url}} for the {{services}} service{{plural}}, but inside a container {{host}} is the container itself, not the '{{broker}}' service: the connection is refused. Use the service name: {{fixed}}.",
      useService: "Use '{{broker}}' as the host",
    },
  },
  checkLaunch(context) {
    // A URL written once (in the code, or an env file) may serve several services: one finding, naming them all.
    const found = new Map<string, { setting: string; url: string; span: SourceSpan; host: string; broker: LaunchProcess['siblings'][number]; services: string[] }>();
    for (const process of distinctCommandLines(context.processes())) {
      if (!process.inContainer || process.siblings.length === 0 || !process.command) continue;
      const cli = { broker_url: optionValue(process.invocation, '-b', '--broker'), result_backend: optionValue(process.invocation, '--result-backend') };
      for (const setting of ['broker_url', 'result_backend'] as const) {
        const option = cli[setting];
        let candidates: Array<{ url: string; span: SourceSpan | undefined }>;
        if (option?.value) candidates = option.value.expands ? [] : [{ url: option.value.text, span: at(process, option.value.span) }];
        else {
          const value = context.setting(process, setting);
          if (!value) continue;
          candidates = possibilities(value.value).flatMap((v) => (v.kind === 'str' ? [{ url: v.value, span: v.span ?? value.binding?.valueSpan }] : []));
          // Only when every way the value can go is known: a fallback default is not the URL in use.
          if (candidates.length === 0 || possibilities(value.value).length !== candidates.length) continue;
        }
        for (const { url, span } of candidates) {
          const m = LOCAL_HOST.exec(url);
          if (!m || !span) continue;
          const broker = brokerService(process, url.slice(0, url.indexOf(':')).toLowerCase());
          if (!broker) continue;
          const key = `${setting}|${span.file}|${span.start}|${broker.name}`;
          const entry = found.get(key) ?? { setting, url, span, host: m[1]!, broker, services: [] };
          if (!entry.services.includes(process.name)) entry.services.push(process.name);
          found.set(key, entry);
        }
      }
    }
    for (const { setting, url, span, host, broker, services } of found.values()) {
      const text = context.sourceText(span.file).slice(span.start, span.end);
      const offset = text.indexOf(host);
      const suggestions: SuggestionDescriptor[] =
        offset >= 0 && text.indexOf(host, offset + 1) === -1
          ? [{ messageId: 'useService', data: { broker: broker.name }, fix: { file: span.file, edits: [{ start: span.start + offset, end: span.start + offset + host.length, text: broker.name }] } }]
          : [];
      context.report({
        at: span,
        messageId: 'localhost',
        data: { setting, url: `'${url}'`, services: services.map((s) => `'${s}'`).join(', '), plural: services.length > 1 ? 's' : '', host, broker: broker.name, fixed: `'${url.replace(host, broker.name)}'` },
        related: [{ span: broker.span, message: `the ${broker.name} service` }],
        ...(suggestions.length ? { suggestions } : {}),
      });
    }
  },
});
