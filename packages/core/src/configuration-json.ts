// `print-config --format json`: one object per configuration, the facts a
// tool needs first at its top (the Celery release assumed, and whether Celery
// refuses the configuration), then the settings Celery ends up with, then
// every binding. Values use the tagged encoding of value-json.ts. The shape
// is documented in docs/print-config.md.
import { mixedSettingsMessage, mixedSettingsOf } from './knowledge/mixing';
import { effectiveSettings } from './effective-settings';
import { LineIndex } from './text';
import type { ConfiguredBinding, EffectiveConfigurationInfo, EnvironmentOverride, SourceSpan } from './types';
import { taggedValueJson, type TaggedJson } from './value-json';

/** The text of a linted file, to turn offsets into lines and columns. */
export type SourceOf = (file: string) => string | undefined;

/** The Celery release a configuration was read for, and what decided it. */
export interface AssumedVersion {
  readonly version: string;
  /** `--celery-version`, `celery-version in /path/pyproject.toml`, the project's pin (`celery>=5.3 in requirements.txt:4`), or the default. */
  readonly from: string;
  /** When the project's pin decided it: the file (absolute), its 1-based line and what it says. */
  readonly pin?: { readonly file: string; readonly line: number; readonly text: string };
}

/** 1-based lines and columns (columns count UTF-16 code units, as editors do). */
export interface JsonSpan {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export function spanLocator(sourceOf: SourceOf): (span: SourceSpan) => JsonSpan {
  const cache = new Map<string, LineIndex | null>();
  const index = (file: string) => {
    let found = cache.get(file);
    if (found === undefined) {
      const text = sourceOf(file);
      found = text === undefined ? null : new LineIndex(text);
      cache.set(file, found);
    }
    return found;
  };
  return (span) => {
    const lines = index(span.file);
    if (!lines) return { file: span.file, line: 0, column: 0, endLine: 0, endColumn: 0 };
    const start = lines.position(span.start);
    const end = lines.position(span.end);
    return { file: span.file, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
  };
}

function refusal(config: EffectiveConfigurationInfo, version: string): TaggedJson {
  if (config.raises) return { type: config.raises.type, message: config.raises.message, keys: [] };
  const mix = mixedSettingsOf(config, version);
  const message = mixedSettingsMessage(mix);
  if (message === undefined) return null;
  return { type: 'ImproperlyConfigured', message, keys: mix.mixed.map((m) => ({ key: m.key, renameTo: m.renameTo })) };
}

function assumedJson(assumed: AssumedVersion) {
  return { version: assumed.version, from: assumed.from, ...(assumed.pin ? { pin: assumed.pin } : {}) };
}

export function configurationsToJson(
  configurations: readonly EffectiveConfigurationInfo[],
  sourceOf: SourceOf,
  versionOf: (config: EffectiveConfigurationInfo) => AssumedVersion,
  djangoVersionOf?: (config: EffectiveConfigurationInfo) => AssumedVersion,
) {
  const locate = spanLocator(sourceOf);
  const at = (b: ConfiguredBinding) => {
    const key = locate(b.keySpan);
    return { key: b.key, file: key.file, line: key.line, column: key.column };
  };
  /** A variable the project's code sets that Celery reads before the configured value. */
  const override = (e: EnvironmentOverride) => {
    const where = locate(e.span);
    return { variable: e.variable, setting: e.setting, value: taggedValueJson(e.value), setdefault: e.isDefault, certainty: e.certainty, file: where.file, line: where.line, column: where.column };
  };
  return configurations.map((config) => {
    const assumed = versionOf(config);
    const ids = new Map(config.bindings.map((b) => [b.id, b]));
    const settings: Record<string, TaggedJson> = {};
    for (const s of effectiveSettings(config, assumed.version)) {
      settings[s.setting] = {
        value: taggedValueJson(s.value),
        from: s.from,
        ...(s.derivedFrom ? { derivedFrom: s.derivedFrom } : {}),
        ...(s.binding ? { binding: at(s.binding) } : {}),
        ...(s.environment ? { environment: override(s.environment) } : {}),
        ...(s.deploymentVariables ? { deploymentVariables: [...s.deploymentVariables] } : {}),
      };
    }
    return {
      kind: config.kind,
      name: config.name,
      file: config.file,
      celery: assumedJson(assumed),
      refused: refusal(config, assumed.version),
      mayRefuse: config.mayRaise ? { type: config.mayRaise.type, message: config.mayRaise.message, when: config.mayRaise.when, ...locate(config.mayRaise.span) } : null,
      firstRead: config.firstRead ? { ...locate(config.firstRead.span), how: config.firstRead.how, ...(config.firstRead.reader ? { reader: config.firstRead.reader } : {}) } : null,
      ...(djangoVersionOf ? { django: assumedJson(djangoVersionOf(config)) } : {}),
      namespace: config.namespace,
      ...(config.namespaceUnknown ? { namespaceUnknown: true } : {}),
      ...(config.settingsClass ? { settingsClass: config.settingsClass } : {}),
      ...(config.launchedSettingsModule
        ? { launchedSettingsModule: { module: config.launchedSettingsModule.module, where: config.launchedSettingsModule.where, ...locate(config.launchedSettingsModule.span) } }
        : {}),
      settings,
      environment: (config.environment ?? []).map(override),
      bindings: config.bindings.map((b) => {
        const status =
          b.status.state === 'used'
            ? { status: 'used', ...(b.status.fallback ? { fallback: true } : {}) }
            : b.status.state === 'ignored'
              ? { status: 'ignored', reason: b.status.reason, code: b.status.code }
              : (() => {
                  const winner = ids.get((b.status as { by: string }).by);
                  return { status: 'overridden', by: winner ? at(winner) : null };
                })();
        const keySpan = locate(b.keySpan);
        return {
          key: b.key,
          setting: b.setting ?? null,
          ...status,
          origin: b.origin,
          spelling: b.spelling,
          value: taggedValueJson(b.value),
          file: keySpan.file,
          line: keySpan.line,
          column: keySpan.column,
          keySpan,
          valueSpan: locate(b.valueSpan),
        };
      }),
      opaqueSources: config.opaqueSources.map((o) => {
        const span = locate(o.span);
        return { reason: o.reason, file: span.file, line: span.line, column: span.column };
      }),
    };
  });
}
