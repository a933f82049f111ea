// Turns what files contain into what Celery will see: one effective
// configuration per app (or per settings module no app reads), every binding
// marked used, ignored or overridden the way Celery's lookups decide
// (shared/reference/celery-semantics.md §2-§4).
import type { ModuleIndex } from './module-index';
import { isCeleryRelevantDjangoName, type AppModel, type ConfigSourceRef, type FileAnalysis, type RawBinding } from './extract';
import { isSettingName, newNameForOld } from './knowledge/settings';
import { settingsClassesLoaded } from './settings-classes';
import type { BindingStatus, ConfiguredBinding, EffectiveConfigurationInfo, IgnoredCode, KeySpelling, OpaqueSource, SourceSpan } from './types';

/** Where a binding sits in Celery's lookup order. */
type Layer = 'source' | 'changes';

interface Candidate {
  readonly raw: RawBinding;
  readonly layer: Layer;
  /** A Django settings object: Django copies only UPPERCASE names. */
  readonly fromDjango: boolean;
}

interface Resolution {
  readonly setting: string | undefined;
  /** 0 = the namespaced spelling, found first; 1 = the plain spelling. */
  readonly tier: 0 | 1;
  /** An old (pre-4.0) spelling; the new spelling wins over it in the same place. */
  readonly oldName: boolean;
  readonly spelling: KeySpelling;
  readonly ignored?: { readonly code: IgnoredCode; readonly reason: string };
}

export function resolveKey(key: string, namespace: string | null, layer: Layer, fromDjango: boolean, version: string, aliasOf?: string): Resolution {
  if (aliasOf) return { setting: aliasOf, tier: 1, oldName: false, spelling: 'alias' };
  const ignore = (code: IgnoredCode, reason: string, spelling: KeySpelling, oldName = false): Resolution => ({
    setting: undefined,
    tier: 1,
    oldName,
    spelling,
    ignored: { code, reason },
  });
  const plainSpelling = (): KeySpelling => (isSettingName(key, version) ? 'new' : newNameForOld(key, version) ? 'old' : 'unknown');
  if (fromDjango && key !== key.toUpperCase()) {
    return ignore('django-lowercase', 'Django settings only expose UPPERCASE names, so Celery never sees this one', plainSpelling());
  }
  if (namespace) {
    const prefix = `${namespace.replace(/_+$/, '')}_`;
    const upper = prefix === prefix.toUpperCase();
    if (key.startsWith(prefix)) {
      const rest = key.slice(prefix.length);
      const setting = upper ? rest.toLowerCase() : rest;
      const expected = upper ? (prefix + setting).toUpperCase() : (prefix + setting).toLowerCase();
      if (key === expected && isSettingName(setting, version)) return { setting, tier: 0, oldName: false, spelling: 'namespaced' };
    }
    if (isSettingName(key, version)) return { setting: key, tier: 1, oldName: false, spelling: 'new' };
    const renamed = newNameForOld(key, version);
    // Pending app.conf.update()/Celery() keys are converted from old names even under a namespace.
    if (renamed && layer === 'changes') return { setting: renamed, tier: 1, oldName: true, spelling: 'old' };
    if (renamed) {
      const want = upper ? `${prefix}${renamed.toUpperCase()}` : `${prefix}${renamed}`;
      return ignore('old-name-under-namespace', `old setting name ignored under namespace '${namespace}': Celery reads ${want}`, 'old', true);
    }
    if (!key.startsWith(prefix) && isSettingName(key.toLowerCase(), version)) {
      const want = upper ? `${prefix}${key.toUpperCase()}` : `${prefix}${key.toLowerCase()}`;
      return ignore('missing-namespace', `not under the '${namespace}' namespace: Celery reads ${want}`, 'unknown');
    }
    return ignore('unknown-key', 'not a Celery setting (Celery ignores unknown keys)', 'unknown');
  }
  if (isSettingName(key, version)) return { setting: key, tier: 1, oldName: false, spelling: 'new' };
  const renamed = newNameForOld(key, version);
  if (renamed) return { setting: renamed, tier: 1, oldName: true, spelling: 'old' };
  return ignore('unknown-key', 'not a Celery setting (Celery ignores unknown keys)', 'unknown');
}

function withOrigin(raw: RawBinding, origin: RawBinding['origin']): RawBinding {
  return { ...raw, origin, ...(raw.shadowed ? { shadowed: raw.shadowed.map((s) => ({ ...s, origin })) } : {}) };
}

function bindingId(span: SourceSpan): string {
  return `${span.file}:${span.start}`;
}

/** Decides every candidate's status; the order of `candidates` is Celery's application order. */
function decide(candidates: readonly Candidate[], namespace: string | null, version: string): ConfiguredBinding[] {
  const resolved = candidates.map((c) => ({ c, r: resolveKey(c.raw.key, namespace, c.layer, c.fromDjango, version, c.raw.aliasOf) }));
  // Rank: namespaced spelling first, then pending changes over the source, new names over old, later over earlier.
  const outranks = (i: number, j: number): boolean => {
    const a = resolved[i]!;
    const b = resolved[j]!;
    if (a.r.tier !== b.r.tier) return a.r.tier === 0;
    if (a.c.layer !== b.c.layer) return a.c.layer === 'changes';
    if (a.r.oldName !== b.r.oldName) return !a.r.oldName;
    return i > j;
  };
  const winner = new Map<string, number>();
  resolved.forEach(({ r }, i) => {
    if (!r.setting) return;
    const current = winner.get(r.setting);
    if (current === undefined || outranks(i, current)) winner.set(r.setting, i);
  });
  const out: Array<{ binding: ConfiguredBinding; layer: number; order: number }> = [];
  resolved.forEach(({ c, r }, i) => {
    let status: BindingStatus;
    if (!r.setting) status = { state: 'ignored', code: r.ignored?.code ?? 'unknown-key', reason: r.ignored?.reason ?? 'not read by Celery' };
    else if (winner.get(r.setting) === i) status = { state: 'used' };
    else status = { state: 'overridden', by: bindingId(resolved[winner.get(r.setting)!]!.c.raw.keySpan) };
    const layer = c.layer === 'source' ? 0 : 1;
    out.push({ binding: configured(c.raw, r.setting, status, r.spelling), layer, order: i });
    for (const old of c.raw.shadowed ?? []) {
      out.push({ binding: configured(old, r.setting, { state: 'overridden', by: bindingId(c.raw.keySpan) }, r.spelling), layer, order: i });
    }
  });
  // Celery's application order: the config source first (in source order, across
  // the files it spans), then pending changes in the order they are applied.
  const bySource = (a: ConfiguredBinding, b: ConfiguredBinding) =>
    (a.keySpan.file < b.keySpan.file ? -1 : a.keySpan.file > b.keySpan.file ? 1 : 0) || a.keySpan.start - b.keySpan.start;
  out.sort((a, b) => a.layer - b.layer || (a.layer === 0 ? bySource(a.binding, b.binding) : a.order - b.order));
  return out.map((o) => o.binding);
}

function compareRank(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

function configured(raw: RawBinding, setting: string | undefined, status: BindingStatus, spelling: KeySpelling): ConfiguredBinding {
  return {
    spelling,
    id: bindingId(raw.keySpan),
    key: raw.key,
    setting,
    value: raw.value,
    keySpan: raw.keySpan,
    valueSpan: raw.valueSpan,
    ...(raw.alternativeValueSpans ? { alternativeValueSpans: raw.alternativeValueSpans } : {}),
    origin: raw.origin,
    status,
  };
}

/** `config_from_object('django.conf:settings')` and its spellings: the Django settings module. */
function readsDjangoSettings(path: string): boolean {
  return /^django\.conf(:settings|\.settings)?$/.test(path);
}

/** Why settings may be missing: a star import (or a split-settings include) the linter could not follow. */
function unresolvedImportReason(imported: string): string {
  const what = imported.endsWith('.py') || imported.includes('/') ? `include('${imported}')` : `'from ${imported} import *'`;
  return `settings may come from ${what}, which is not among the linted files`;
}

interface ResolvedSource {
  readonly candidates: Candidate[];
  readonly opaque: OpaqueSource[];
  readonly module: FileAnalysis | undefined;
  /** Modules a config class was imported from: consumed like `module`. */
  readonly lenders?: readonly FileAnalysis[];
  /** Class-based Django settings: one configuration per class Django may load, each adding its attributes to `candidates`. */
  readonly variants?: readonly SettingsClassVariant[];
  /** `module` is read as Django settings. */
  readonly fromDjango?: boolean;
}

interface SettingsClassVariant {
  readonly settingsClass: string;
  readonly candidates: Candidate[];
}

function djangoCandidates(raws: readonly RawBinding[]): Candidate[] {
  return raws.filter((raw) => isCeleryRelevantDjangoName(raw.key)).map((raw) => ({ raw: withOrigin(raw, 'django-setting'), layer: 'source', fromDjango: true }));
}

/** The settings classes of a Django settings module, each as the settings it adds to the module's globals. */
function settingsClassVariants(module: FileAnalysis, reader: FileAnalysis | undefined, analyses: readonly FileAnalysis[]): SettingsClassVariant[] | undefined {
  if (module.settingsClasses.size === 0) return undefined;
  const loaded = settingsClassesLoaded(module, reader, analyses);
  if (loaded.length === 0) return undefined;
  return loaded.map((name) => ({ settingsClass: name, candidates: djangoCandidates(module.settingsClasses.get(name)!.bindings) }));
}

/**
 * The DJANGO_SETTINGS_MODULE another file of the project sets, for an app
 * file that does not set it in a way the linter can read. Several files may
 * name one (manage.py, wsgi.py, a stale legacy module): a name that resolves
 * to a linted module wins over one that does not, manage.py over the rest,
 * then the file nearest the app.
 */
function settingsModuleNamedElsewhere(appFile: FileAnalysis, analyses: readonly FileAnalysis[], index: ModuleIndex): string | undefined {
  const named = analyses.filter((a) => a.djangoSettingsModule);
  const shared = (file: string) => {
    const a = appFile.file.split(/[\\/]/);
    const b = file.split(/[\\/]/);
    let n = 0;
    while (n < a.length && n < b.length && a[n] === b[n]) n++;
    return n;
  };
  const rank = (a: FileAnalysis): number[] => {
    const target = index.resolveObject(a.file, a.djangoSettingsModule!);
    const resolves = target !== undefined && analyses.some((m) => m.file === target.file);
    return [resolves ? 0 : 1, /(^|[\\/])manage\.py$/.test(a.file) ? 0 : 1, -shared(a.file)];
  };
  const ranked = named.map((a) => ({ a, r: rank(a) })).sort((x, y) => compareRank(x.r, y.r));
  return ranked[0]?.a.djangoSettingsModule;
}

function resolveSource(app: AppModel, appFile: FileAnalysis, analyses: readonly FileAnalysis[], index: ModuleIndex): ResolvedSource {
  const ref: ConfigSourceRef | undefined = app.configSource;
  if (!ref) return { candidates: [], opaque: [], module: undefined };
  if (ref.kind === 'opaque') return { candidates: [], opaque: [{ span: ref.span, reason: ref.reason }], module: undefined };
  if (ref.kind === 'bindings') {
    // A class imported from other modules only lends them its attributes: their globals are read by no app.
    const lenders = analyses.filter((a) => a.file !== appFile.file && [...a.classes.values()].includes(ref.bindings));
    return { candidates: ref.bindings.map((raw) => ({ raw, layer: 'source', fromDjango: false })), opaque: [], module: undefined, lenders };
  }
  let dotted = ref.path;
  const django = readsDjangoSettings(ref.path);
  if (django) {
    const settingsModule = appFile.djangoSettingsModule ?? settingsModuleNamedElsewhere(appFile, analyses, index);
    if (!settingsModule) {
      return { candidates: [], opaque: [{ span: ref.span, reason: 'Django settings are read, but DJANGO_SETTINGS_MODULE is not set in the linted files' }], module: undefined };
    }
    dotted = settingsModule;
  }
  const target = index.resolveObject(appFile.file, dotted);
  const module = target && analyses.find((a) => a.file === target.file);
  if (!target || !module) {
    return { candidates: [], opaque: [{ span: ref.span, reason: `configuration is loaded from ${dotted}, which is not among the linted files` }], module: undefined };
  }
  if (target.attribute) {
    // 'proj.config:CeleryConfig' / 'proj.config.CeleryConfig': a class in that module.
    const cls = module.classes.get(target.attribute);
    if (!cls) {
      return { candidates: [], opaque: [{ span: ref.span, reason: `configuration is loaded from ${dotted}, which celery-lint cannot read` }], module: undefined };
    }
    // The module only lends its class: its own globals are read by no app, so it is not linted as settings alone.
    return { candidates: cls.map((raw) => ({ raw, layer: 'source', fromDjango: false })), opaque: [], module };
  }
  const fromDjango = django || module.kind === 'django-settings';
  const variants = fromDjango ? settingsClassVariants(module, appFile, analyses) : undefined;
  return {
    candidates: module.moduleBindings
      .filter((raw) => !fromDjango || isCeleryRelevantDjangoName(raw.key))
      .map((raw) => ({ raw: withOrigin(raw, fromDjango ? 'django-setting' : 'config-module'), layer: 'source', fromDjango })),
    opaque: module.unresolvedStarImports.map((m) => ({ span: ref.span, reason: unresolvedImportReason(m) })),
    module,
    fromDjango,
    ...(variants ? { variants } : {}),
  };
}

export function buildConfigurations(analyses: readonly FileAnalysis[], index: ModuleIndex, version: string): EffectiveConfigurationInfo[] {
  const configurations: EffectiveConfigurationInfo[] = [];
  const consumed = new Set<FileAnalysis>();
  // An app used where it is not created (`current_app`, `from proj.celery import app`) has the
  // namespace of the app it stands for: the project's own apps', when they agree.
  const created = new Set(analyses.flatMap((a) => a.apps.filter((app) => !app.implicit).map((app) => app.namespace ?? null)));
  const inferredNamespace = created.size === 1 ? [...created][0]! : null;
  /** The namespaces the project's apps read Django settings with. */
  const djangoNamespaces = new Set<string | null>();
  for (const analysis of analyses) {
    for (const app of analysis.apps) {
      const source = resolveSource(app, analysis, analyses, index);
      if (source.module) consumed.add(source.module);
      for (const lender of source.lenders ?? []) consumed.add(lender);
      const namespace = app.namespace ?? (app.implicit ? inferredNamespace : null);
      if (app.configSource?.kind === 'module-path' && readsDjangoSettings(app.configSource.path)) {
        djangoNamespaces.add(namespace);
      }
      const changes = app.changes.map((raw): Candidate => ({ raw, layer: 'changes', fromDjango: false }));
      const opaque = [...source.opaque, ...app.opaque];
      if (app.implicit) {
        opaque.push({ span: app.span, reason: `${app.name} is created in another module, whose configuration is not followed here` });
      }
      for (const variant of source.variants ?? [undefined]) {
        // A settings class sets its attributes on the module after its globals ran, so they come after (and win over) them.
        const candidates: Candidate[] = [...source.candidates, ...(variant?.candidates ?? []), ...changes];
        configurations.push({
          id: `app:${analysis.file}:${app.name}${variant ? `:${variant.settingsClass}` : ''}`,
          kind: 'app',
          name: app.name,
          file: analysis.file,
          namespace,
          bindings: decide(candidates, namespace, version),
          opaqueSources: opaque,
          ...(app.configSource ? { sourceSpan: app.configSource.span } : {}),
          ...(variant ? { settingsClass: variant.settingsClass } : {}),
          ...(source.module && source.fromDjango ? { djangoSettingsFile: source.module.file } : {}),
        });
      }
    }
  }
  // Read as the project's apps read Django settings when they all agree (a ci.py no app
  // links to is read like the dev.py one does), else as Celery's documented setup: namespace='CELERY'.
  // With apps in view and none reading Django settings (a Flask app passing its config to
  // conf.update), nothing says the module is read with a namespace: assume none.
  const agreed = djangoNamespaces.size === 1 ? [...djangoNamespaces][0]! : djangoNamespaces.size === 0 && created.size > 0 ? null : 'CELERY';
  // A settings module another settings module imports (base.py under dev.py/prod.py) is
  // never loaded alone: it is linted through the modules that import it.
  const included = includedSettingsModules(analyses);
  for (const analysis of analyses) {
    if (consumed.has(analysis) || included.has(analysis.file)) continue;
    if (analysis.kind !== 'django-settings' && analysis.kind !== 'celery-config') continue;
    const django = analysis.kind === 'django-settings';
    const namespace = django ? agreed : null;
    const globals = analysis.moduleBindings
      .filter((raw) => !django || isCeleryRelevantDjangoName(raw.key))
      .map((raw): Candidate => ({ raw: withOrigin(raw, django ? 'django-setting' : 'config-module'), layer: 'source', fromDjango: django }));
    const variants = django ? settingsClassVariants(analysis, undefined, analyses) : undefined;
    for (const variant of variants ?? [undefined]) {
      const candidates = [...globals, ...(variant?.candidates ?? [])];
      if (candidates.length === 0) continue;
      configurations.push({
        id: `module:${analysis.file}${variant ? `:${variant.settingsClass}` : ''}`,
        kind: 'module',
        name: analysis.file,
        file: analysis.file,
        namespace,
        bindings: decide(candidates, namespace, version),
        opaqueSources: analysis.unresolvedStarImports.map((m) => ({
          span: { file: analysis.file, start: 0, end: 0 },
          reason: unresolvedImportReason(m),
        })),
        ...(variant ? { settingsClass: variant.settingsClass } : {}),
        ...(django ? { djangoSettingsFile: analysis.file } : {}),
      });
    }
  }
  return configurations;
}

/**
 * Settings modules reached by importing from another settings module that is
 * itself an entry point. Modules that only import each other (a cycle with no
 * way in) stay entry points, so nothing goes unlinted.
 */
function includedSettingsModules(analyses: readonly FileAnalysis[]): Set<string> {
  const settings = analyses.filter((a) => a.kind === 'django-settings' || a.kind === 'celery-config');
  const byFile = new Map(settings.map((a) => [a.file, a]));
  const imported = new Set(settings.flatMap((a) => a.importedFiles));
  const included = new Set<string>();
  // A stack, not recursion: a chain of star imports may be thousands of modules long.
  const pending = settings.filter((entry) => !imported.has(entry.file)).map((entry) => entry.file);
  while (pending.length > 0) {
    for (const next of byFile.get(pending.pop()!)?.importedFiles ?? []) {
      if (included.has(next) || !byFile.has(next)) continue;
      included.add(next);
      pending.push(next);
    }
  }
  return included;
}
