// `celery-lint print-config`: the answer to "what will Celery actually see?".
import * as path from 'node:path';
import { LineIndex, describeValue, valueToJson, type ConfiguredBinding, type EffectiveConfigurationInfo } from '@celery-lint/core';
import type { FileResult } from '../lint-run';

function lineOf(results: readonly FileResult[], file: string, offset: number): number {
  const source = results.find((r) => r.filePath === file)?.source;
  return source === undefined ? 0 : new LineIndex(source).position(offset).line + 1;
}

function byId(config: EffectiveConfigurationInfo): Map<string, ConfiguredBinding> {
  return new Map(config.bindings.map((b) => [b.id, b]));
}

export function configurationsToJson(configurations: readonly EffectiveConfigurationInfo[], results: readonly FileResult[]) {
  return configurations.map((config) => {
    const ids = byId(config);
    return {
      kind: config.kind,
      name: config.name,
      file: config.file,
      namespace: config.namespace,
      bindings: config.bindings.map((b) => {
        const status =
          b.status.state === 'used'
            ? { status: 'used' }
            : b.status.state === 'ignored'
              ? { status: 'ignored', reason: b.status.reason, code: b.status.code }
              : (() => {
                  const winner = ids.get((b.status as { by: string }).by);
                  return { status: 'overridden', by: winner ? { key: winner.key, file: winner.keySpan.file, line: lineOf(results, winner.keySpan.file, winner.keySpan.start) } : null };
                })();
        return {
          key: b.key,
          setting: b.setting ?? null,
          ...status,
          origin: b.origin,
          spelling: b.spelling,
          value: valueToJson(b.value),
          file: b.keySpan.file,
          line: lineOf(results, b.keySpan.file, b.keySpan.start),
        };
      }),
      opaqueSources: config.opaqueSources.map((o) => ({ reason: o.reason, file: o.span.file, line: lineOf(results, o.span.file, o.span.start) })),
    };
  });
}

export function formatConfigurations(configurations: readonly EffectiveConfigurationInfo[], results: readonly FileResult[], cwd: string): string {
  if (configurations.length === 0) return 'No Celery or Django configuration found.\n';
  const rel = (file: string) => path.relative(cwd, file) || file;
  const out: string[] = [];
  for (const config of configurations) {
    const ids = byId(config);
    const title = config.kind === 'app' ? `app '${config.name}' in ${rel(config.file)}` : `module ${rel(config.file)}`;
    out.push(`${title}  (namespace: ${config.namespace ?? 'none'})`);
    for (const b of config.bindings) {
      const where = `${rel(b.keySpan.file)}:${lineOf(results, b.keySpan.file, b.keySpan.start)}`;
      let status: string;
      if (b.status.state === 'used') status = `used as ${b.setting}`;
      else if (b.status.state === 'ignored') status = `ignored: ${b.status.reason}`;
      else {
        const winner = ids.get(b.status.by);
        status = `overridden by ${winner ? `${winner.key} (${rel(winner.keySpan.file)}:${lineOf(results, winner.keySpan.file, winner.keySpan.start)})` : 'a later binding'}`;
      }
      out.push(`  ${b.key} = ${describeValue(b.value)}`);
      out.push(`      ${status}  [${b.origin}, ${where}]`);
    }
    for (const o of config.opaqueSources) out.push(`  ? ${o.reason}  [${rel(o.span.file)}:${lineOf(results, o.span.file, o.span.start)}]`);
    out.push('');
  }
  return `${out.join('\n')}`;
}
