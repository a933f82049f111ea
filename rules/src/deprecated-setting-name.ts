import { renameEdit } from './key-edits';
import {
  createRule,
  knowledge,
  type ConfiguredBinding,
  type EffectiveConfigurationInfo,
  type FixDescriptor,
  identifierCounts,
  type TextEdit,
} from '@celery-lint/core';

/**
 * The assignment of a name that decides whether the module holds it: an earlier
 * one overridden by assigning the same name again in the same file follows the
 * later one (`X = 1; X = 2; del X` holds no X, and Django never shows a lowercase X).
 */
function lastAssignment(b: ConfiguredBinding, byId: ReadonlyMap<string, ConfiguredBinding>): ConfiguredBinding {
  let current = b;
  for (let hops = 0; current.status.state === 'overridden' && hops < 100; hops++) {
    const next = byId.get(current.status.by);
    if (!next || next.key !== current.key || next.keySpan.file !== current.keySpan.file) break;
    current = next;
  }
  return current;
}

/**
 * Counts by file text, shared across configurations: a base.py read by every
 * environment would otherwise be scanned again for each. Bounded, since a
 * language server lives long and sees many texts.
 */
const countsByText = new Map<string, Map<string, number>>();
const COUNTS_CACHE_SIZE = 64;

/** How often each name occurs as an identifier in a file: comments and strings do not count. */
function cachedIdentifierCounts(text: string): Map<string, number> {
  const cached = countsByText.get(text);
  if (cached) return cached;
  // A text scan, not a parse: it may over-count (f-string corners), which only withholds a fix.
  const counts = identifierCounts(text);
  if (countsByText.size >= COUNTS_CACHE_SIZE) countsByText.delete(countsByText.keys().next().value!);
  countsByText.set(text, counts);
  return counts;
}

/**
 * A module or class global is also a Python name: if the code reads it
 * anywhere (`CELERY_RESULT_BACKEND = BROKER_URL`, `Config.CELERY_IMPORTS`),
 * renaming the assignment alone would break that read.
 */
function readElsewhere(binding: ConfiguredBinding, where: () => Assignments, counts: (file: string) => Map<string, number>): boolean {
  if (binding.origin !== 'config-module' && binding.origin !== 'config-class') return false;
  const { files, byFileAndKey } = where();
  for (const file of files) {
    if ((counts(file).get(binding.key) ?? 0) > (byFileAndKey.get(`${file}\0${binding.key}`) ?? 0)) return true;
  }
  return false;
}

interface Assignments {
  readonly files: ReadonlySet<string>;
  /** How many bindings assign each old key in each file: occurrences beyond those are reads. */
  readonly byFileAndKey: ReadonlyMap<string, number>;
}

function assignmentsOf(config: EffectiveConfigurationInfo, old: readonly ConfiguredBinding[]): Assignments {
  const oldKeys = new Set(old.map((b) => b.key));
  const files = new Set([config.file]);
  const byFileAndKey = new Map<string, number>();
  for (const b of config.bindings) {
    files.add(b.keySpan.file);
    if (!oldKeys.has(b.key)) continue;
    const key = `${b.keySpan.file}\0${b.key}`;
    byFileAndKey.set(key, (byFileAndKey.get(key) ?? 0) + 1);
  }
  return { files, byFileAndKey };
}

/**
 * What Celery says about the end of old names, from its source: 5.0+ workers
 * warn that they go in 6.0; 4.4 reads them silently (its docs promised no date).
 */
function removalNote(version: string): string {
  const removal = knowledge.oldNameRemoval(version);
  if (removal) return `scheduled for removal in Celery ${removal.replace(/\.0$/, '')}, and celery worker warns about each at start-up`;
  const later = knowledge.oldNameRemoval('main');
  return `Celery ${version} reads them silently, but from Celery 5.0 the worker warns that they go in Celery ${later?.replace(/\.0$/, '') ?? 'a later release'}`;
}

/** The configuration as it would be after renaming some keys, for Celery's own mixing check. */
function renamed(config: EffectiveConfigurationInfo, keys: ReadonlyMap<ConfiguredBinding, string>): EffectiveConfigurationInfo {
  return { ...config, bindings: config.bindings.map((b) => (keys.has(b) ? { ...b, key: keys.get(b)!, spelling: 'new' as const } : b)) };
}

/**
 * Pre-4.0 names in a configuration where Celery still honours them: a
 * celeryconfig module or config object without a namespace, Django settings
 * read without one, and `app.conf.update()` / `Celery()` keywords, which
 * Celery converts even under a namespace (celery-semantics §2-§4).
 */
export const deprecatedSettingName = createRule({
  meta: {
    id: 'celery/deprecated-setting-name',
    description: 'A pre-4.0 setting name where Celery still honours it: rename it to the new name',
    category: 'deprecation',
    defaultSeverity: 'warning',
    fix: { safety: 'unsafe' },
    messages: {
      deprecated:
        '{{key}} is the pre-4.0 name of {{setting}}. Celery {{version}} still honours it here, but old names are deprecated: {{removal}}. Rename it to {{setting}}.',
      shadowed:
        '{{key}} is the pre-4.0 name of {{setting}}, which is also set in this configuration: Celery reads {{setting}} and ignores {{key}}. Remove {{key}}.',
      django:
        "{{key}} is the pre-4.0 name of {{setting}}: it works only because this app reads Django settings without a namespace. Old names are deprecated ({{removal}}); read settings with namespace='CELERY' and name it {{namespaced}}.",
      mixed:
        '{{key}} is the pre-4.0 name of {{setting}}, and this configuration mixes old and new names, so Celery raises ImproperlyConfigured at the first read of any setting instead of honouring it. Rename it to {{setting}}, with the rest of the old names.',
    },
  },
  check(context) {
    const { config } = context;
    // An old name in a mix is not read (Celery raises first), but renaming it is still the way out.
    const raises = (config.mixing?.mixed.length ?? 0) > 0;
    const byId = new Map(config.bindings.map((b) => [b.id, b]));
    const inForce = (b: ConfiguredBinding) => b.status.state !== 'ignored' || (raises && b.status.code === 'not-reached');
    const old = config.bindings.filter((b) => b.spelling === 'old' && b.setting && inForce(b) && inForce(lastAssignment(b, byId)));
    if (old.length === 0) return;
    const keys = new Set(config.bindings.map((b) => b.key));

    // Every key that can be renamed on its own, with its edit.
    const edits = new Map<ConfiguredBinding, TextEdit>();
    const perFile = new Map<string, Map<string, number>>();
    const counts = (file: string) => {
      let found = perFile.get(file);
      if (!found) perFile.set(file, (found = cachedIdentifierCounts(context.sourceText(file))));
      return found;
    };
    // Built only if some old name is a module or class global, the only kind a read can break.
    let assignments: Assignments | undefined;
    const where = () => (assignments ??= assignmentsOf(config, old));
    for (const binding of old) {
      const setting = binding.setting!;
      if (binding.origin === 'django-setting' || keys.has(setting) || readElsewhere(binding, where, counts)) continue;
      const edit = renameEdit(context, binding, setting);
      if (edit) edits.set(binding, edit);
    }

    // One fix per file, renaming the configuration's old names in that file together, offered
    // only when Celery's mixing check passes on the result: renaming one file of a configuration
    // that spans several would otherwise leave a mix, which raises ImproperlyConfigured. Keys
    // the linter cannot see (opaque sources) count too, so then nothing is renamed.
    const fixes = new Map<string, FixDescriptor>();
    if (config.opaqueSources.length === 0) {
      for (const file of new Set([...edits.keys()].map((b) => b.keySpan.file))) {
        const inFile = [...edits.keys()].filter((b) => b.keySpan.file === file);
        const after = knowledge.mixedSettingsOf(renamed(config, new Map(inFile.map((b) => [b, b.setting!]))), context.celeryVersion);
        if (after.mixed.length > 0) continue;
        fixes.set(file, { file, edits: inFile.map((b) => edits.get(b)!).sort((a, b) => a.start - b.start) });
      }
    }

    const removal = removalNote(context.celeryVersion);
    for (const binding of old) {
      const setting = binding.setting!;
      const data = { key: binding.key, setting, version: context.celeryVersion, removal };
      if (raises) {
        // Celery raises before it reads any name: never "still honours". The finding carries the rename fix.
        // CELERY_RESULT_BACKEND and the like keep their spelling under the namespace: nothing to rename.
        if (binding.origin === 'django-setting' && binding.key === `CELERY_${setting.toUpperCase()}`) continue;
        const fix = edits.has(binding) ? fixes.get(binding.keySpan.file) : undefined;
        context.report({ at: binding.keySpan, messageId: 'mixed', data, ...(fix ? { fix } : {}) });
        continue;
      }
      if (binding.origin === 'django-setting') {
        // CELERY_RESULT_BACKEND and the like keep their spelling under the namespace: nothing to rename.
        // With no app shown to read the module, whether the old name works at all is the namespace's doing.
        if (binding.key === `CELERY_${setting.toUpperCase()}` || config.namespaceUnknown) continue;
        context.report({ at: binding.keySpan, messageId: 'django', data: { ...data, namespaced: `CELERY_${setting.toUpperCase()}` } });
        continue;
      }
      const winner = binding.status.state === 'overridden' ? config.bindings.find((b) => b.id === (binding.status as { by: string }).by) : undefined;
      if (winner && winner.key === setting) {
        context.report({ at: binding.keySpan, messageId: 'shadowed', data, related: [{ span: winner.keySpan, message: `${setting} is set here` }] });
      } else {
        const fix = edits.has(binding) ? fixes.get(binding.keySpan.file) : undefined;
        context.report({ at: binding.keySpan, messageId: 'deprecated', data, ...(fix ? { fix } : {}) });
      }
    }
  },
});
