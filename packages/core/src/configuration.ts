// Turns what files contain into what Celery will see: one effective
// configuration per app (or per settings module no app reads), every binding
// marked used, ignored or overridden the way Celery's lookups decide
// (shared/reference/celery-semantics.md §2-§4).
import type { ModuleIndex } from './module-index';
import type { LaunchedSettingsModule } from './launch/settings-module';
import { isCeleryRelevantDjangoName } from './setting-names';
import type { AppModel, ConfigSourceRef, FileAnalysis, RawBinding } from './analysis-model';
import { allSettings, isSettingName, newNameForOld } from './knowledge/settings';
import { mixedSettingsMessage } from './knowledge/mixing';
import { derivedSettings } from './settings-properties';
import { buildView, SETTING_ENVIRONMENT, type Layer, type ViewKey } from './settings-view';
import { djangoDefault } from './knowledge/django';
import { timeZoneRefusal } from './django-time-zone';
import { possibilities, truthiness } from './values';
import { oneOf } from './evaluator';
import { settingsClassesLoaded } from './settings-classes';
import { djangoProjectRoots, settingsNamespace, type DjangoSettingsReader } from './django-namespace';
import type { AbstractValue, BindingStatus, ConfiguredBinding, DerivedSetting, EnvironmentOverride, MayRaise, MixingCheck, EffectiveConfigurationInfo, IgnoredCode, KeySpelling, OpaqueSource, SourceSpan } from './types';

interface Candidate {
  readonly raw: RawBinding;
  readonly layer: Layer;
  /** Which add_defaults() call a key comes from. */
  readonly group?: number;
  /** A `conf` write after the first read. */
  readonly afterRead?: boolean;
  /** Why Celery throws this write away, when it does. */
  readonly discarded?: string;
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

export function resolveKey(key: string, namespace: string | null, layer: 'source' | 'changes', fromDjango: boolean, version: string, aliasOf?: string): Resolution {
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

/** A module global as Celery finds it: gone when `del NAME` removed it. */
function sourceCandidate(raw: RawBinding, fromDjango: boolean): Candidate {
  return { raw, layer: 'source', fromDjango, ...(raw.deletedAt ? { discarded: 'removed from the module by `del` before Celery reads it' } : {}) };
}

function withOrigin(raw: RawBinding, origin: RawBinding['origin']): RawBinding {
  return { ...raw, origin, ...(raw.shadowed ? { shadowed: raw.shadowed.map((s) => ({ ...s, origin })) } : {}) };
}

function bindingId(span: SourceSpan): string {
  return `${span.file}:${span.start}`;
}

interface Decided {
  readonly bindings: ConfiguredBinding[];
  readonly derived: DerivedSetting[];
  readonly mixing: MixingCheck;
}

/** What the view sees of a candidate: Django shows Celery only its UPPERCASE names; a `Celery()` keyword alias stands for its setting. */
function viewKeyOf(c: Candidate, group: number): ViewKey | undefined {
  if (c.fromDjango && !/^[^a-z]*[A-Z][^a-z]*$/.test(c.raw.key)) return undefined;
  return {
    key: c.raw.aliasOf ?? c.raw.key,
    layer: c.layer,
    ...(c.raw.origin === 'celery-kwarg' ? { autoSet: true } : {}),
    ...(c.layer === 'add-defaults' ? { group } : {}),
    ...(c.afterRead ? { afterRead: true } : {}),
    ...(c.raw.origin === 'conf-setdefault' ? { setdefault: true } : {}),
  };
}

/**
 * Decides every candidate's status the way Celery's lookups do (settings-view.ts):
 * a binding is used when `app.conf[setting]` (or a Settings property's
 * fallback) returns it, overridden when the lookup of its setting returns
 * another, ignored otherwise. `candidates` are in Celery's application order.
 */
function decide(candidates: readonly Candidate[], context: DecideContext): Decided {
  const { namespace, version } = context;
  const viewKeys: ViewKey[] = [];
  const candidateOf: number[] = [];
  candidates.forEach((c, i) => {
    if (c.discarded) return;
    const key = viewKeyOf(c, c.group ?? 0);
    if (!key) return;
    viewKeys.push(key);
    candidateOf.push(i);
  });
  const view = buildView({ keys: viewKeys, hasSource: context.hasSource, namespace, version, ...(context.sourceDefaults ? { sourceDefaults: [...context.sourceDefaults.keys()] } : {}) });
  const usedAs = new Map<number, string>();
  const winner = new Map<string, number>();
  for (const setting of allSettings(version)) {
    const found = view.item(setting.name);
    if (found.kind !== 'key') continue;
    const index = candidateOf[found.index]!;
    winner.set(setting.name, index);
    if (!usedAs.has(index)) usedAs.set(index, setting.name);
  }
  const { derived, fallbackKeys } = derivedSettings({
    view,
    version,
    keyAt: (i) => ({ value: candidates[candidateOf[i]!]!.raw.value, id: bindingId(candidates[candidateOf[i]!]!.raw.keySpan) }),
    sourceDefault: (key) => context.sourceDefaults?.get(key),
    environment: context.environment,
  });
  const fallbackOnly = new Map<number, string>();
  for (const [viewIndex, setting] of fallbackKeys) {
    const index = candidateOf[viewIndex]!;
    if (!usedAs.has(index)) fallbackOnly.set(index, setting);
  }
  const out: Array<{ binding: ConfiguredBinding; layer: number; order: number }> = [];
  candidates.forEach((c, i) => {
    const r = resolveKey(c.raw.key, namespace, c.layer === 'source' ? 'source' : 'changes', c.fromDjango, version, c.raw.aliasOf);
    let status: BindingStatus;
    let setting = r.setting;
    const usedFor = usedAs.get(i);
    const fallbackFor = fallbackOnly.get(i);
    if (c.discarded) {
      status = { state: 'ignored', code: 'discarded', reason: c.discarded };
    } else if (usedFor !== undefined) {
      status = { state: 'used' };
      setting = usedFor;
    } else if (fallbackFor !== undefined) {
      status = { state: 'used', fallback: true };
      setting = fallbackFor;
    } else if (c.afterRead && r.oldName) {
      status = { state: 'ignored', code: 'not-reached', reason: 'written after the configuration was first read: Celery stores it under this old name, which it never reads' };
    } else if (r.setting && winner.has(r.setting)) {
      status = { state: 'overridden', by: bindingId(candidates[winner.get(r.setting)!]!.raw.keySpan) };
    } else if (r.ignored) {
      status = { state: 'ignored', code: r.ignored.code, reason: r.ignored.reason };
    } else if (c.raw.origin === 'conf-setdefault') {
      status = { state: 'ignored', code: 'discarded', reason: 'conf.setdefault() keeps the value this key already has' };
    } else if (r.setting) {
      status = { state: 'ignored', code: 'not-reached', reason: `Celery's lookup of ${r.setting} finds another spelling (or the default) before this key` };
    } else {
      status = { state: 'ignored', code: 'unknown-key', reason: 'not a Celery setting (Celery ignores unknown keys)' };
    }
    const layer = c.layer === 'source' ? 0 : 1;
    const binding = configured(c.raw, setting, status, r.spelling);
    out.push({ binding: c.afterRead ? { ...binding, afterFirstRead: true } : binding, layer, order: i });
    for (const old of c.raw.shadowed ?? []) {
      out.push({ binding: configured(old, setting, { state: 'overridden', by: bindingId(c.raw.keySpan) }, r.spelling), layer, order: i });
    }
  });
  // Celery's application order: the config source first (in source order, across
  // the files it spans), then pending changes in the order they are applied.
  const bySource = (a: ConfiguredBinding, b: ConfiguredBinding) =>
    (a.keySpan.file < b.keySpan.file ? -1 : a.keySpan.file > b.keySpan.file ? 1 : 0) || a.keySpan.start - b.keySpan.start;
  out.sort((a, b) => a.layer - b.layer || (a.layer === 0 ? bySource(a.binding, b.binding) : a.order - b.order));
  const message = mixedSettingsMessage(view.mixing);
  return {
    bindings: out.map((o) => o.binding),
    derived,
    mixing: { format: view.mixing.format, mixed: view.mixing.mixed, ...(message ? { message } : {}) },
  };
}

interface DecideContext {
  readonly namespace: string | null;
  readonly version: string;
  readonly hasSource: boolean;
  /** Keys the source holds that the project does not write, with their values (Django's TIME_ZONE). */
  readonly sourceDefaults?: ReadonlyMap<string, AbstractValue>;
  readonly environment: readonly EnvironmentOverride[];
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

/** `settingsModule`: the DJANGO_SETTINGS_MODULE a launch file gives the process, over what the code names. */
function resolveSource(app: AppModel, appFile: FileAnalysis, analyses: readonly FileAnalysis[], index: ModuleIndex, settingsModule?: string): ResolvedSource {
  const ref: ConfigSourceRef | undefined = app.configSource;
  if (!ref) return { candidates: [], opaque: [], module: undefined };
  if (ref.kind === 'alternatives') return resolveAlternatives(ref.options, appFile, analyses, index, settingsModule);
  return resolveRef(ref, appFile, analyses, index, settingsModule);
}

/**
 * Sources an `if` picks between: each one's settings may be what Celery
 * gets (a setting one of them leaves out keeps what it had), and every
 * module among them is read by this app, not linted alone.
 */
function resolveAlternatives(options: readonly ConfigSourceRef[], appFile: FileAnalysis, analyses: readonly FileAnalysis[], index: ModuleIndex, settingsModule?: string): ResolvedSource {
  const resolved = options.map((option) => (option.kind === 'alternatives' ? undefined : resolveRef(option, appFile, analyses, index, settingsModule)));
  const candidates: Candidate[] = [];
  const opaque: OpaqueSource[] = [];
  const modules: FileAnalysis[] = [];
  for (const source of resolved) {
    if (!source) continue;
    for (const c of source.candidates) candidates.push({ ...c, raw: { ...c.raw, value: oneOf([c.raw.value, { kind: 'unset' }]) } });
    opaque.push(...source.opaque);
    if (source.module) modules.push(source.module);
    modules.push(...(source.lenders ?? []));
  }
  return { candidates, opaque, module: modules[0], lenders: modules.slice(1) };
}

function resolveRef(ref: Exclude<ConfigSourceRef, { kind: 'alternatives' }>, appFile: FileAnalysis, analyses: readonly FileAnalysis[], index: ModuleIndex, settingsModule?: string): ResolvedSource {
  if (ref.kind === 'opaque') return { candidates: [], opaque: [{ span: ref.span, reason: ref.reason, layer: 'source' }], module: undefined };
  if (ref.kind === 'bindings') {
    // A class imported from other modules only lends them its attributes: their globals are read by no app.
    const lenders = analyses.filter((a) => a.file !== appFile.file && [...a.classes.values()].includes(ref.bindings));
    return { candidates: celeryClassAttributes(ref.bindings).map((raw) => ({ raw, layer: 'source', fromDjango: false })), opaque: [], module: undefined, lenders };
  }
  let dotted = ref.path;
  const django = readsDjangoSettings(ref.path);
  if (django) {
    settingsModule ??= appFile.djangoSettingsModule ?? settingsModuleNamedElsewhere(appFile, analyses, index);
    if (!settingsModule) {
      return { candidates: [], opaque: [{ span: ref.span, reason: 'Django settings are read, but DJANGO_SETTINGS_MODULE is not set in the linted files', layer: 'source' }], module: undefined };
    }
    dotted = settingsModule;
  }
  const target = index.resolveObject(appFile.file, dotted);
  const module = target && analyses.find((a) => a.file === target.file);
  if (!target || !module) {
    return { candidates: [], opaque: [{ span: ref.span, reason: `configuration is loaded from ${dotted}, which is not among the linted files`, layer: 'source' }], module: undefined };
  }
  if (target.attribute) {
    // 'proj.config:CeleryConfig' / 'proj.config.CeleryConfig': a class in that module.
    const cls = module.classes.get(target.attribute);
    if (!cls) {
      // `proj.celeryconfig` with no such module resolves to `proj` and an attribute `celeryconfig`: unless `proj`
      // binds that name, what is missing is the module.
      const bound = module.moduleBindings.some((b) => b.key === target.attribute);
      const why = bound ? 'which celery-lint cannot read' : 'which is not among the linted files';
      return { candidates: [], opaque: [{ span: ref.span, reason: `configuration is loaded from ${dotted}, ${why}`, layer: 'source' }], module: undefined };
    }
    // The module only lends its class: its own globals are read by no app, so it is not linted as settings alone.
    return { candidates: celeryClassAttributes(cls).map((raw) => ({ raw, layer: 'source', fromDjango: false })), opaque: [], module };
  }
  const fromDjango = django || module.kind === 'django-settings';
  const variants = fromDjango ? settingsClassVariants(module, appFile, analyses) : undefined;
  return {
    candidates: module.moduleBindings
      .filter((raw) => !fromDjango || isCeleryRelevantDjangoName(raw.key))
      .map((raw) => sourceCandidate(withOrigin(raw, fromDjango ? 'django-setting' : 'config-module'), fromDjango)),
    opaque: module.unresolvedStarImports.map((m) => ({ span: ref.span, reason: unresolvedImportReason(m), layer: 'source' as const })),
    module,
    fromDjango,
    ...(variants ? { variants } : {}),
  };
}

/**
 * Whether a config_from_object() after the first read throws away what was applied at `at`: it builds a
 * fresh configuration from the source and the pending changes, without the conf writes made between the
 * read and the reload, and without any add_defaults() given before the reload (Celery applies each once:
 * one before the first read is consumed by it, one after goes into the configuration of that moment).
 */
function lostToReload(at: number, app: AppModel, addDefaults: boolean): boolean {
  const read = app.firstRead;
  if (read === undefined || app.sourceAt === undefined || app.sourceAt <= read || at >= app.sourceAt) return false;
  return addDefaults || at >= read;
}

/**
 * A `conf` write, `Celery()` keyword or add_defaults() entry as Celery holds it:
 * written after the first read it is no longer pending (stored as written), and
 * a reload may throw it away (lostToReload).
 */
function pendingCandidate(raw: RawBinding, app: AppModel): Candidate {
  const at = raw.appliedAt ?? raw.keySpan.start;
  const read = app.firstRead;
  if (raw.origin === 'add-defaults') {
    return {
      raw,
      layer: 'add-defaults',
      fromDjango: false,
      ...(raw.group !== undefined ? { group: raw.group } : {}),
      ...(lostToReload(at, app, true) ? { discarded: 'given to add_defaults() before config_from_object() reloaded the configuration after its first read; the reload does not apply it again' } : {}),
    };
  }
  if (read === undefined || at < read || raw.origin === 'celery-kwarg' || raw.origin === 'celery-changes') return { raw, layer: 'changes', fromDjango: false };
  if (lostToReload(at, app, false)) {
    return { raw, layer: 'changes', fromDjango: false, discarded: 'written after the configuration was first read and before config_from_object() reloaded it, which throws such writes away' };
  }
  return { raw, layer: 'changes', fromDjango: false, afterRead: true };
}

/** An unreadable conf write or add_defaults() in the app's module that a reload throws away hides nothing. */
function keptOpaque(o: OpaqueSource, app: AppModel, file: string): boolean {
  if (o.span.file !== file || (o.layer !== 'add-defaults' && o.layer !== 'pending')) return true;
  return !lostToReload(o.span.start, app, o.layer === 'add-defaults');
}

/** Django's settings object holds its global defaults too: TIME_ZONE is there (5.3+ reads it) even when the module leaves it out. */
function djangoSourceDefaults(module: FileAnalysis): ReadonlyMap<string, AbstractValue> {
  const value: AbstractValue =
    module.unresolvedStarImports.length > 0 ? { kind: 'unknown', reason: 'TIME_ZONE may be set in a module celery-lint does not read' } : djangoDefault('TIME_ZONE')!;
  return new Map([['TIME_ZONE', value]]);
}

/**
 * The variables of Settings' properties that the code run with the app sets
 * (its module and its config source); a later write replaces an earlier one,
 * and `setdefault` does not replace a value the code set already.
 */
function environmentOverrides(files: readonly FileAnalysis[]): EnvironmentOverride[] {
  const out: EnvironmentOverride[] = [];
  for (const file of files) {
    for (const write of file.environmentWrites) {
      const setting = SETTING_ENVIRONMENT.get(write.name);
      if (!setting) continue;
      const earlier = out.find((o) => o.variable === write.name);
      if (write.isDefault && earlier && earlier.certainty === 'is') continue;
      const options = possibilities(write.value);
      const certain = options.every((v) => v.kind !== 'unset' && truthiness(v) === true);
      out.push({ variable: write.name, setting, value: write.value, span: write.span, isDefault: write.isDefault, certainty: certain ? 'is' : 'may' });
    }
  }
  return out;
}

/**
 * The settings modules launch files name that an app reading Django settings
 * would read in that process instead of the one its code names: none where
 * the app's module assigns DJANGO_SETTINGS_MODULE outright (that beats the
 * environment), and only modules the run has read.
 */
function launchedSources(app: AppModel, appFile: FileAnalysis, launched: readonly LaunchedSettingsModule[], defaultModule: FileAnalysis | undefined, analyses: readonly FileAnalysis[], index: ModuleIndex) {
  if (launched.length === 0 || app.configSource?.kind !== 'module-path' || !readsDjangoSettings(app.configSource.path)) return [];
  const written = appFile.environmentWrites.filter((w) => w.name === 'DJANGO_SETTINGS_MODULE');
  if (written.some((w) => !w.isDefault)) return [];
  const out: Array<{ launch: LaunchedSettingsModule; source: ResolvedSource }> = [];
  for (const launch of launched) {
    const source = resolveSource(app, appFile, analyses, index, launch.module);
    if (source.module && source.module !== defaultModule) out.push({ launch, source });
  }
  return out;
}

export function buildConfigurations(analyses: readonly FileAnalysis[], index: ModuleIndex, version: string, launched: readonly LaunchedSettingsModule[] = []): EffectiveConfigurationInfo[] {
  const configurations: EffectiveConfigurationInfo[] = [];
  const consumed = new Set<FileAnalysis>();
  // An app used where it is not created (`current_app`, `from proj.celery import app`) has the
  // namespace of the app it stands for: the project's own apps', when they agree.
  const created = new Set(analyses.flatMap((a) => a.apps.filter((app) => !app.implicit).map((app) => app.namespace ?? null)));
  const inferredNamespace = created.size === 1 ? [...created][0]! : null;
  /** What reads Django settings, and with which namespace: apps, and django-celery's loader (no namespace). */
  const djangoReaders: DjangoSettingsReader[] = analyses.filter((a) => a.djceleryLoader).map((a) => ({ file: a.file, namespace: null }));
  for (const analysis of analyses) {
    for (const app of analysis.apps) {
      const source = resolveSource(app, analysis, analyses, index);
      if (source.module) consumed.add(source.module);
      for (const lender of source.lenders ?? []) consumed.add(lender);
      const namespace = app.namespace ?? (app.implicit ? inferredNamespace : null);
      if (app.configSource?.kind === 'module-path' && readsDjangoSettings(app.configSource.path)) {
        djangoReaders.push({ file: analysis.file, namespace, ...(source.module ? { module: source.module.file } : {}) });
      }
      const changes = app.changes.map((raw) => pendingCandidate(raw, app));
      // What the code names, then each settings module a launch file gives a process running this app instead.
      const launchedHere = launchedSources(app, analysis, launched, source.module, analyses, index);
      for (const { source: other } of launchedHere) {
        consumed.add(other.module!);
        djangoReaders.push({ file: analysis.file, namespace, module: other.module!.file });
      }
      for (const { source: chosen, launch } of [{ source, launch: undefined }, ...launchedHere]) {
        const opaque = [...chosen.opaque, ...app.opaque.filter((o) => keptOpaque(o, app, analysis.file))];
        if (app.implicit) {
          opaque.push({ span: app.span, reason: `${app.name} is created in another module (or by a function), whose configuration is not followed here` });
        }
        for (const variant of chosen.variants ?? [undefined]) {
          // A settings class sets its attributes on the module after its globals ran, so they come after (and win over) them.
          const candidates: Candidate[] = [...chosen.candidates, ...(variant?.candidates ?? []), ...changes];
          const environment = environmentOverrides([analysis, ...(chosen.module && chosen.module !== analysis ? [chosen.module] : [])]);
          const decided = decide(candidates, {
            namespace,
            version,
            hasSource: app.configSource !== undefined,
            environment,
            ...(chosen.fromDjango && chosen.module ? { sourceDefaults: djangoSourceDefaults(chosen.module) } : {}),
          });
          configurations.push({
            id: `app:${analysis.file}:${app.name}${variant ? `:${variant.settingsClass}` : ''}${launch ? `@${launch.module}` : ''}`,
            kind: 'app',
            name: app.name,
            file: analysis.file,
            namespace,
            bindings: decided.bindings,
            opaqueSources: opaque,
            ...(app.configSource ? { sourceSpan: app.configSource.span } : {}),
            ...(variant ? { settingsClass: variant.settingsClass } : {}),
            ...(chosen.module && chosen.fromDjango ? { djangoSettingsFile: chosen.module.file } : {}),
            ...(launch ? { launchedSettingsModule: launch } : {}),
            environment,
            derived: decided.derived,
            mixing: decided.mixing,
            ...(app.raises ? { raises: app.raises } : {}),
            ...(app.firstReadBy ? { firstRead: app.firstReadBy } : {}),
            ...mayRaiseOf(chosen.fromDjango ? chosen.module : undefined),
          });
        }
      }
    }
  }
  // A settings module another settings module imports (base.py under dev.py/prod.py) is
  // never loaded alone: it is linted through the modules that import it.
  const included = includedSettingsModules(analyses);
  const projectRoots = djangoProjectRoots(analyses.map((a) => a.file));
  for (const analysis of analyses) {
    if (consumed.has(analysis) || included.has(analysis.file)) continue;
    if (analysis.kind !== 'django-settings' && analysis.kind !== 'celery-config') continue;
    const django = analysis.kind === 'django-settings';
    const globals = analysis.moduleBindings
      .filter((raw) => !django || isCeleryRelevantDjangoName(raw.key))
      .map((raw) => sourceCandidate(withOrigin(raw, django ? 'django-setting' : 'config-module'), django));
    // A ci.py no app links to is read as the app that reads its siblings reads them; nothing else says what the namespace is.
    const read = django ? settingsNamespace(analysis.file, analysis.moduleBindings, djangoReaders, projectRoots) : { namespace: null, known: true };
    const namespace = read.namespace;
    const variants = django ? settingsClassVariants(analysis, undefined, analyses) : undefined;
    for (const variant of variants ?? [undefined]) {
      const candidates = [...globals, ...(variant?.candidates ?? [])];
      if (candidates.length === 0) continue;
      const environment = environmentOverrides([analysis]);
      const decided = decide(candidates, { namespace, version, hasSource: true, environment, ...(django ? { sourceDefaults: djangoSourceDefaults(analysis) } : {}) });
      configurations.push({
        id: `module:${analysis.file}${variant ? `:${variant.settingsClass}` : ''}`,
        kind: 'module',
        name: analysis.file,
        file: analysis.file,
        namespace,
        ...(read.known ? {} : { namespaceUnknown: true as const }),
        bindings: decided.bindings,
        opaqueSources: analysis.unresolvedStarImports.map((m) => ({
          span: { file: analysis.file, start: 0, end: 0 },
          reason: unresolvedImportReason(m),
          layer: 'source' as const,
        })),
        ...(variant ? { settingsClass: variant.settingsClass } : {}),
        ...(django ? { djangoSettingsFile: analysis.file } : {}),
        ...mayRaiseOf(django ? analysis : undefined),
        environment,
        derived: decided.derived,
        mixing: decided.mixing,
      });
    }
  }
  configurations.push(...supersetConfigurations(analyses, version));
  configurations.push(...airflowConfigurations(analyses, version));
  return configurations;
}

/** A class given to config_from_object() as it is: Celery's getattr() on the class sees a property object, not a setting value. */
function celeryClassAttributes(bindings: readonly RawBinding[]): readonly RawBinding[] {
  return bindings.some((b) => b.fromProperty) ? bindings.filter((b) => !b.fromProperty) : bindings;
}

/** Django refuses a TIME_ZONE the deployment may set to no zone it knows, when it loads the settings module. */
function mayRaiseOf(djangoSettings: FileAnalysis | undefined): { mayRaise?: MayRaise } {
  const refusal = djangoSettings ? timeZoneRefusal(djangoSettings) : undefined;
  return refusal ? { mayRaise: refusal } : {};
}

/**
 * A dict made from Airflow's DEFAULT_CELERY_CONFIG: Airflow's CeleryExecutor
 * gives it to its app's config_from_object(), without a namespace. Airflow's
 * own entries (from airflow.cfg) are left unknown, said once.
 */
function airflowConfigurations(analyses: readonly FileAnalysis[], version: string): EffectiveConfigurationInfo[] {
  const out: EffectiveConfigurationInfo[] = [];
  for (const analysis of analyses) {
    for (const dict of analysis.airflowCeleryDicts ?? []) {
      const environment = environmentOverrides([analysis]);
      const decided = decide(dict.bindings.map((raw): Candidate => ({ raw, layer: 'source', fromDjango: false })), { namespace: null, version, hasSource: true, environment });
      out.push({
        id: `airflow:${analysis.file}:${dict.name}`,
        kind: 'module',
        name: analysis.file,
        file: analysis.file,
        namespace: null,
        bindings: decided.bindings,
        opaqueSources: [{ span: dict.span, reason: "the rest comes from Airflow's DEFAULT_CELERY_CONFIG, whose values airflow.cfg's [celery] section decides", layer: 'source' }],
        environment,
        derived: decided.derived,
        mixing: decided.mixing,
      });
    }
  }
  return out;
}

/** Superset's `CELERY_CONFIG = CeleryConfig`: Superset gives the class to its app's config_from_object(), without a namespace. */
function supersetConfigurations(analyses: readonly FileAnalysis[], version: string): EffectiveConfigurationInfo[] {
  const out: EffectiveConfigurationInfo[] = [];
  for (const analysis of analyses) {
    const name = analysis.celeryConfigClass;
    const bindings = name !== undefined ? celeryClassAttributes(analysis.classes.get(name) ?? []) : undefined;
    if (!bindings || bindings.length === 0) continue;
    const environment = environmentOverrides([analysis]);
    const decided = decide(bindings.map((raw): Candidate => ({ raw, layer: 'source', fromDjango: false })), { namespace: null, version, hasSource: true, environment });
    out.push({
      id: `class:${analysis.file}:${name}`,
      kind: 'module',
      name: analysis.file,
      file: analysis.file,
      namespace: null,
      bindings: decided.bindings,
      opaqueSources: [],
      environment,
      derived: decided.derived,
      mixing: decided.mixing,
    });
  }
  return out;
}

/**
 * Settings modules whose settings another settings module, itself an entry
 * point, takes in (`from .base import *`, split-settings' include(), an
 * imported django-configurations class).
 * Importing one name (`from proj.settings import get_file_md5`) leaves a
 * module what it is. Modules that only import each other (a cycle with no
 * way in) stay entry points, so nothing goes unlinted.
 */
function includedSettingsModules(analyses: readonly FileAnalysis[]): Set<string> {
  const settings = analyses.filter((a) => a.kind === 'django-settings' || a.kind === 'celery-config');
  const byFile = new Map(settings.map((a) => [a.file, a]));
  const imported = new Set(settings.flatMap((a) => a.settingsFromFiles));
  const included = new Set<string>();
  // A stack, not recursion: a chain of star imports may be thousands of modules long.
  const pending = settings.filter((entry) => !imported.has(entry.file)).map((entry) => entry.file);
  while (pending.length > 0) {
    for (const next of byFile.get(pending.pop()!)?.settingsFromFiles ?? []) {
      if (included.has(next) || !byFile.has(next)) continue;
      included.add(next);
      pending.push(next);
    }
  }
  return included;
}
