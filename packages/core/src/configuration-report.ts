// The answer to "what will Celery actually see?", for `celery-lint
// print-config` and the editor's "Show effective configuration".
import * as path from 'node:path';
import { LineIndex } from './text';
import { describeValue, valueToJson } from './values';
import type { ConfiguredBinding, EffectiveConfigurationInfo } from './types';

/** The text of a linted file, to turn offsets into line numbers. */
export type SourceOf = (file: string) => string | undefined;

function lineIndexes(sourceOf: SourceOf): (file: string, offset: number) => number {
  const cache = new Map<string, LineIndex | null>();
  return (file, offset) => {
    let index = cache.get(file);
    if (index === undefined) {
      const text = sourceOf(file);
      index = text === undefined ? null : new LineIndex(text);
      cache.set(file, index);
    }
    return index === null ? 0 : index.position(offset).line + 1;
  };
}

function byId(config: EffectiveConfigurationInfo): Map<string, ConfiguredBinding> {
  return new Map(config.bindings.map((b) => [b.id, b]));
}

export function configurationsToJson(configurations: readonly EffectiveConfigurationInfo[], sourceOf: SourceOf) {
  const lineOf = lineIndexes(sourceOf);
  return configurations.map((config) => {
    const ids = byId(config);
    return {
      kind: config.kind,
      name: config.name,
      file: config.file,
      namespace: config.namespace,
      ...(config.settingsClass ? { settingsClass: config.settingsClass } : {}),
      bindings: config.bindings.map((b) => {
        const status =
          b.status.state === 'used'
            ? { status: 'used' }
            : b.status.state === 'ignored'
              ? { status: 'ignored', reason: b.status.reason, code: b.status.code }
              : (() => {
                  const winner = ids.get((b.status as { by: string }).by);
                  return { status: 'overridden', by: winner ? { key: winner.key, file: winner.keySpan.file, line: lineOf(winner.keySpan.file, winner.keySpan.start) } : null };
                })();
        return {
          key: b.key,
          setting: b.setting ?? null,
          ...status,
          origin: b.origin,
          spelling: b.spelling,
          value: valueToJson(b.value),
          file: b.keySpan.file,
          line: lineOf(b.keySpan.file, b.keySpan.start),
        };
      }),
      opaqueSources: config.opaqueSources.map((o) => ({ reason: o.reason, file: o.span.file, line: lineOf(o.span.file, o.span.start) })),
    };
  });
}

export function formatConfigurations(configurations: readonly EffectiveConfigurationInfo[], sourceOf: SourceOf, cwd: string): string {
  const lineOf = lineIndexes(sourceOf);
  if (configurations.length === 0) return 'No Celery or Django configuration found.\n';
  const rel = (file: string) => path.relative(cwd, file) || file;
  const out: string[] = [];
  for (const config of configurations) {
    const ids = byId(config);
    const title = config.kind === 'app' ? `app '${config.name}' in ${rel(config.file)}` : `module ${rel(config.file)}`;
    out.push(`${title}  (namespace: ${config.namespace ?? 'none'}${config.settingsClass ? `; settings class: ${config.settingsClass}` : ''})`);
    for (const b of config.bindings) {
      const where = `${rel(b.keySpan.file)}:${lineOf(b.keySpan.file, b.keySpan.start)}`;
      let status: string;
      if (b.status.state === 'used') status = `used as ${b.setting}`;
      else if (b.status.state === 'ignored') status = `ignored: ${b.status.reason}`;
      else {
        const winner = ids.get(b.status.by);
        status = `overridden by ${winner ? `${winner.key} (${rel(winner.keySpan.file)}:${lineOf(winner.keySpan.file, winner.keySpan.start)})` : 'a later binding'}`;
      }
      out.push(`  ${b.key} = ${describeValue(b.value)}`);
      out.push(`      ${status}  [${b.origin}, ${where}]`);
    }
    for (const o of config.opaqueSources) out.push(`  ? ${o.reason}  [${rel(o.span.file)}:${lineOf(o.span.file, o.span.start)}]`);
    out.push('');
  }
  return `${out.join('\n')}`;
}
