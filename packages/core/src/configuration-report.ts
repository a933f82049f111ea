// The answer to "what will Celery actually see?", for `celery-lint
// print-config` and the editor's "Show effective configuration".
import * as path from 'node:path';
import { LineIndex } from './text';
import type { AssumedVersion, SourceOf } from './configuration-json';
import { effectiveSettings } from './effective-settings';
import { mixedSettingsMessage, mixedSettingsOf } from './knowledge/mixing';
import { describeValue } from './values';
import type { ConfiguredBinding, EffectiveConfigurationInfo } from './types';

export { configurationsToJson, type AssumedVersion, type SourceOf } from './configuration-json';

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

/**
 * The human-readable report. With `versionOf` (print-config) it also says
 * which Celery release it assumed, whether Celery refuses the configuration,
 * and the value Celery ends up with for the settings rules depend on.
 */
export function formatConfigurations(
  configurations: readonly EffectiveConfigurationInfo[],
  sourceOf: SourceOf,
  cwd: string,
  versionOf?: (config: EffectiveConfigurationInfo) => AssumedVersion,
  djangoVersionOf?: (config: EffectiveConfigurationInfo) => AssumedVersion | undefined,
): string {
  const lineOf = lineIndexes(sourceOf);
  if (configurations.length === 0) return 'No Celery or Django configuration found.\n';
  const rel = (file: string) => path.relative(cwd, file) || file;
  const out: string[] = [];
  for (const config of configurations) {
    const ids = byId(config);
    const title = config.kind === 'app' ? `app '${config.name}' in ${rel(config.file)}` : `module ${rel(config.file)}`;
    const assumed = versionOf?.(config);
    const launched = config.launchedSettingsModule;
    const settingsFrom = launched
      ? `; settings: ${launched.module}, as ${launched.where} sets DJANGO_SETTINGS_MODULE (${rel(launched.span.file)}:${lineOf(launched.span.file, launched.span.start)})`
      : '';
    out.push(`${title}  (namespace: ${config.namespaceUnknown ? `unknown, read as ${config.namespace ?? 'none'}` : config.namespace ?? 'none'}${config.settingsClass ? `; settings class: ${config.settingsClass}` : ''}${settingsFrom})`);
    const refused = assumed ? mixedSettingsMessage(mixedSettingsOf(config, assumed.version)) : undefined;
    if (config.raises) {
      out.push(`  ! importing ${rel(config.file)} raises before Celery reads any configuration (${rel(config.raises.span.file)}:${lineOf(config.raises.span.file, config.raises.span.start)}):`);
      out.push(`  !   ${config.raises.type}: ${config.raises.message}`);
    } else if (refused) {
      out.push('  ! Celery refuses to load this configuration (ImproperlyConfigured at the first read):');
      for (const line of refused.split('\n')) out.push(line ? `  !   ${line}` : '  !');
    }
    if (config.mayRaise && !config.raises && !refused) {
      const may = config.mayRaise;
      out.push(`  ? loading this configuration may raise ${may.type} (${may.message}) ${may.when}  [${rel(may.span.file)}:${lineOf(may.span.file, may.span.start)}]`);
    }
    if (config.firstRead) {
      const read = config.firstRead;
      const how = read.reader ? `an import that runs ${rel(read.reader)}, which reads ${config.name}.conf` : read.how;
      out.push(`  first read at ${rel(read.span.file)}:${lineOf(read.span.file, read.span.start)} (${how}): later writes are stored as written, not checked for mixed names`);
    }
    for (const b of config.bindings) {
      const where = `${rel(b.keySpan.file)}:${lineOf(b.keySpan.file, b.keySpan.start)}`;
      let status: string;
      if (b.status.state === 'used') status = b.status.fallback ? `used as ${b.setting}'s fallback (read while ${b.setting} is None)` : `used as ${b.setting}`;
      else if (b.status.state === 'ignored') status = `ignored: ${b.status.reason}`;
      else {
        const winner = ids.get(b.status.by);
        status = `overridden by ${winner ? `${winner.key} (${rel(winner.keySpan.file)}:${lineOf(winner.keySpan.file, winner.keySpan.start)})` : 'a later binding'}`;
      }
      out.push(`  ${b.key} = ${describeValue(b.value)}`);
      out.push(`      ${status}  [${b.origin}, ${where}]`);
    }
    for (const e of config.environment ?? []) {
      const how = e.isDefault ? 'os.environ.setdefault' : 'set';
      const sure = e.certainty === 'is' ? 'overrides' : 'may override';
      out.push(`  $${e.variable} = ${describeValue(e.value)}  (${how}; ${sure} ${e.setting})  [${rel(e.span.file)}:${lineOf(e.span.file, e.span.start)}]`);
    }
    for (const o of config.opaqueSources) out.push(`  ? ${o.reason}  [${rel(o.span.file)}:${lineOf(o.span.file, o.span.start)}]`);
    if (assumed) {
      out.push(`  what Celery ${assumed.version} uses (${assumed.from}):`);
      for (const s of effectiveSettings(config, assumed.version)) {
        const where = s.binding ? `  [${rel(s.binding.keySpan.file)}:${lineOf(s.binding.keySpan.file, s.binding.keySpan.start)}]` : '';
        const how = s.from === 'derived' ? `derived from ${s.derivedFrom}` : s.from === 'environment' ? `environment: $${s.environment!.variable}` : s.from;
        const e = s.environment;
        // Derived from another property (broker_read_url from broker_url): the variable is that property's.
        const env = !e || s.from === 'environment' ? '' : e.setting !== s.setting ? `, which $${e.variable} ${e.certainty === 'is' ? 'sets' : 'may set'}` : `; may be overridden by $${e.variable}`;
        const envAt = s.environment ? `  [$${s.environment.variable} set at ${rel(s.environment.span.file)}:${lineOf(s.environment.span.file, s.environment.span.start)}]` : '';
        out.push(`    ${s.setting} = ${describeValue(s.value)}  (${how}${env})${where}${envAt}`);
      }
    }
    const django = djangoVersionOf?.(config);
    if (django) out.push(`  Django ${django.version} for the django/ rules (${django.from})`);
    out.push('');
  }
  return `${out.join('\n')}`;
}
