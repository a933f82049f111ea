// Generates the differential test's projects: keys in every spelling (new,
// old, UPPER(new), namespaced under CELERY, lower-case, custom and mixed-case
// namespaces, typo'd, extension, unknown), values that matter (serializers,
// accept lists, backends, brokers, fallback keys, explicit None) in the forms
// projects write them, and every way configuration reaches an app (issue 13):
// config sources of each kind, pending changes in drawn order, writes after
// the first read, a source set again after it, add_defaults, the process
// environment and os.environ writes in the app module. Deterministic: a
// seeded PRNG, so a failing case has a stable id.
import { knowledge } from '@celery-lint/core';
import { CELERY_PARAMETERS, EXTENSION_AND_UNKNOWN_KEYS, FOCUS, prng, py, typo } from './draws';
import { DIRECTED_CASES } from './directed';
import { valueFor } from './setting-values';
import { valueForm, type ValueForm } from './value-forms';

/** How the configuration source is given to the app. */
export type SourceKind =
  | 'module' // celeryconfig.py + app.config_from_object('celeryconfig')
  | 'module-config-source' // Celery(config_source='celeryconfig')
  | 'class' // class Config in the app module + config_from_object(Config)
  | 'class-path' // class Config in celeryconfig.py + config_from_object('celeryconfig:Config')
  | 'dict' // config = {...} + config_from_object(config)
  | 'config-source-dict' // config = {...} + Celery(config_source=config)
  | 'config-source-class' // class Config + Celery(config_source=Config)
  | 'envvar' // os.environ['CL_CONFIG'] = 'celeryconfig' (or setdefault) + app.config_from_envvar('CL_CONFIG')
  | 'django' // settings.py + config_from_object('django.conf:settings', ...)
  | 'none'; // no config source: only pending changes

/** Where one entry is written. */
export type Via =
  | 'source' // in the config source of the case
  | 'del' // in a config module, then `del NAME` further down
  | 'update-kwargs' // app.conf.update(key=value)
  | 'update-dict' // app.conf.update({'key': value})
  | 'update-mapping' // MAPPING = {'key': value} at the top of the app module, app.conf.update(MAPPING) in order
  | 'update-star' // the same with app.conf.update(**MAPPING)
  | 'update-prefixed' // a Flask-style config {'CELERY_KEY': value, ...} passed to app.conf.update() through a prefix-filter comprehension
  | 'update-pairs' // app.conf.update([('key', value)])
  | 'setdefault' // app.conf.setdefault('key', value)
  | 'attribute' // app.conf.key = value
  | 'item' // app.conf['key'] = value
  | 'add-defaults' // app.add_defaults({'key': value})
  | 'imported-update' // `import clwriterN` in order; clwriterN.py imports the app from the app module and calls app.conf.update(key=value)
  | 'kwarg' // Celery('case', key=value)
  | 'changes' // Celery('case', changes={'key': value})
  | 'replaced'; // in an earlier config_from_object() source that the case's own source replaces

export interface Entry {
  readonly key: string;
  /** A Python expression. */
  readonly value: string;
  readonly via: Via;
  /** Written after the app module's first read of the configuration. */
  readonly after?: boolean;
  /** Set when the value is written in another form than a literal (item 8), with the literal it stands for. */
  readonly form?: Omit<ValueForm, 'expr'> & { readonly literal: string };
}

/** os.environ['NAME'] = 'value' (or setdefault) in the app module. */
export interface EnvironmentWrite {
  readonly name: string;
  readonly value: string;
  readonly setdefault: boolean;
}

export interface Case {
  readonly id: string;
  readonly source: SourceKind;
  /**
   * The namespace and where it is given, or null. `Celery+None`: given to
   * Celery() and config_from_object(..., namespace=None) after it.
   */
  readonly namespace: { readonly name: string; readonly where: 'config_from_object' | 'Celery' | 'Celery+None' } | null;
  readonly entries: readonly Entry[];
  /** The deployment's environment when the app is imported (the linter cannot see it). */
  readonly env?: Readonly<Record<string, string>>;
  /** Environment writes at the top of the app module. */
  readonly envWrites?: readonly EnvironmentWrite[];
  /** The app module reads its configuration (entries marked `after` come later). */
  readonly firstRead?: boolean;
  /** How it reads it (item 6); 'top-level' when unset. Some shapes read nothing at import time, so `after` entries stay pending. */
  readonly readShape?: FirstReadShape;
  /** The app module calls config_from_object() on its source again at its end, after the first read. */
  readonly reconfigure?: boolean;
}

/**
 * How importing the app module comes to read its configuration where a case's
 * `after` entries begin (render.ts writes each). The last four run no read
 * on import: Celery reads the configuration first when the oracle does.
 */
export const FIRST_READ_SHAPES = [
  'top-level', // CL_FIRST_READ = app.conf['task_serializer']
  'function', // a module-level function defined above the app reads it; a top-level call runs it
  'imported', // `import clreader`: clreader.py imports the app from the app module and reads it at its top level
  'top-level',
  'function-chain', // a top-level call of a function that calls the reading function
  'imported-function', // `from clreader import CL_FIRST_READ`: clreader.py reads in a function its top level calls
  'imported-chain', // `import clchain`, whose top level imports clreader
  'imported-current-app', // clreader.py reads celery.current_app's configuration
  'imported-reexport', // clreader.py imports the app from clreexport.py, which imports it from the app module under another name
  'finalize', // app.finalize()
  'app-member', // an app member built from the configuration (app.control)
  'defined-only', // the reading function is only referred to, never called
  'called-from-uncalled', // only a function nothing calls calls it
  'imported-later', // clreader is imported only inside a function nothing calls
  'conf-changes', // app.conf.changes and app.conf.find_option() answer without reading it
] as const;
export type FirstReadShape = (typeof FIRST_READ_SHAPES)[number];

export { DIRECTED_CASES };

type Spelling = 'new' | 'old' | 'upper' | 'namespaced' | 'namespaced-lower' | 'typo' | 'other';

/** Keys Celery's properties fall back to (item 2), with the setting whose None lets them through. */
const FALLBACKS: ReadonlyArray<{ readonly primary: string; readonly key: (ns: string | undefined) => string; readonly value: () => string }> = [
  { primary: 'broker_url', key: (ns) => (ns ? `${ns}_BROKER_HOST` : 'broker_host'), value: () => "'redis://fallback-host/0'" },
  { primary: 'timezone', key: (ns) => (ns ? `${ns}_TIME_ZONE` : 'time_zone'), value: () => "'Asia/Tokyo'" },
  { primary: 'timezone', key: () => 'TIME_ZONE', value: () => "'Europe/Berlin'" },
  { primary: 'result_backend', key: () => 'CELERY_RESULT_BACKEND', value: () => "'rpc://'" },
];

/** The four settings whose Settings property reads the environment first (item 1). */
export const ENV_SETTINGS: Readonly<Record<string, string>> = {
  CELERY_BROKER_URL: 'broker_url',
  CELERY_RESULT_BACKEND: 'result_backend',
  CELERY_BROKER_READ_URL: 'broker_read_url',
  CELERY_BROKER_WRITE_URL: 'broker_write_url',
};
const ENV_VALUES = ['redis://env-host/1', 'rpc://', 'memory://', '', 'amqp://env//'];

function spell(setting: string, spelling: Spelling, ns: string | undefined, rnd: () => number, pick: <T>(xs: readonly T[]) => T): string {
  const prefix = ns ?? 'CELERY';
  switch (spelling) {
    case 'new':
      return setting;
    case 'old':
      return knowledge.oldNameFor(setting)!;
    case 'upper':
      return setting.toUpperCase();
    case 'namespaced':
      return `${prefix}_${setting.toUpperCase()}`;
    case 'namespaced-lower':
      return pick([`${prefix.toLowerCase()}_${setting}`, `${prefix}_${setting}`]);
    case 'typo': {
      const base = rnd() < 0.5 ? setting : rnd() < 0.5 ? knowledge.oldNameFor(setting)! : `${prefix}_${setting.toUpperCase()}`;
      const t = typo(base, rnd);
      return knowledge.isSettingName(t) || knowledge.newNameForOld(t) ? `${t}x` : t;
    }
    case 'other':
      return pick(EXTENSION_AND_UNKNOWN_KEYS);
  }
}

const SOURCES: readonly SourceKind[] = [
  'module', 'module', 'module-config-source', 'class', 'class-path', 'dict', 'django', 'django', 'django', 'none',
  'config-source-dict', 'config-source-class', 'envvar', 'django', 'module',
];
/** Sources given by config_from_object(), which a second call replaces. */
export const REPLACEABLE: ReadonlySet<SourceKind> = new Set(['module', 'class', 'class-path', 'dict', 'django']);
/** Sources written as module globals, where `del NAME` means something. */
const MODULE_SOURCES: ReadonlySet<SourceKind> = new Set(['module', 'module-config-source', 'django', 'envvar']);
const CHANGE_VIAS: readonly Via[] = [
  'update-kwargs', 'update-dict', 'attribute', 'item', 'kwarg', 'changes',
  'update-mapping', 'update-star', 'update-pairs', 'setdefault', 'add-defaults',
];
/** Ways that still write after the first read (Celery() arguments cannot). */
const AFTER_VIAS: ReadonlySet<Via> = new Set(['imported-update', 'update-kwargs', 'update-dict', 'attribute', 'item', 'update-mapping', 'update-star', 'update-prefixed', 'update-pairs', 'setdefault', 'add-defaults']);
/** Ways whose key must be a Python identifier. */
const IDENTIFIER_VIAS: ReadonlySet<Via> = new Set(['imported-update', 'update-kwargs', 'update-star', 'attribute', 'kwarg', 'source', 'replaced', 'del']);

const isIdentifier = (key: string): boolean => /^[A-Za-z_][A-Za-z0-9_]*$/.test(key);

function drawNamespace(django: boolean, rnd: () => number, pick: <T>(xs: readonly T[]) => T): Case['namespace'] {
  const r = rnd();
  const where = (): 'config_from_object' | 'Celery' | 'Celery+None' => {
    const w = rnd();
    return w < 0.6 ? 'config_from_object' : w < 0.85 ? 'Celery' : 'Celery+None';
  };
  if (django) return r < 0.6 ? { name: 'CELERY', where: where() } : r < 0.8 ? { name: pick(['MYAPP', 'Celery', 'celery', 'TASKS']), where: where() } : null;
  if (r < 0.1) return { name: 'CELERY', where: where() };
  if (r < 0.2) return { name: pick(['celery', 'MYAPP', 'Celery']), where: where() };
  return null;
}

export function generateCases(count: number, seed = 20260823): Case[] {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  // main's table, not every release's: settings Celery 5.0 dropped (in the table since it reaches back to 4.4) would only change the draw.
  const everySetting = knowledge.allSettings('main').map((s) => s.name);
  const cases: Case[] = [];
  for (let n = 0; n < count; n++) {
    const source = SOURCES[n % SOURCES.length]!;
    const django = source === 'django';
    const namespace = drawNamespace(django, rnd, pick);
    const ns = namespace?.name;
    const firstRead = rnd() < 0.25;
    const reconfigure = firstRead && REPLACEABLE.has(source) && rnd() < 0.3;

    // Mostly one spelling family per case (as real projects are), sometimes a deliberate mix.
    const family: Spelling[] = django
      ? namespace ? ['namespaced', 'namespaced', 'namespaced', 'old', 'new', 'upper', 'namespaced-lower', 'typo', 'other']
                  : ['old', 'old', 'namespaced', 'upper', 'new', 'typo', 'other']
      : namespace ? ['namespaced', 'namespaced-lower', 'new', 'old', 'typo', 'other']
      : rnd() < 0.5 ? ['new', 'new', 'new', 'typo', 'other', 'upper'] : ['old', 'old', 'old', 'new', 'upper', 'typo'];
    const size = 1 + Math.floor(rnd() * 6);
    const entries: Entry[] = [];
    const env: Record<string, string> = {};
    const used = new Map<Via, Set<string>>();
    let forms = 0;
    const push = (key: string, literal: string, via: Via, after: boolean) => {
      // Keyword arguments and literal dict keys cannot repeat in one call; assignments may (the later wins).
      const taken = used.get(via) ?? new Set<string>();
      if (taken.has(key) && (via === 'kwarg' || via === 'changes' || via === 'add-defaults' || via === 'source' && source.includes('dict'))) return;
      taken.add(key);
      used.set(via, taken);
      let value = literal;
      let form: Entry['form'];
      if (rnd() < 0.15 && via !== 'kwarg' && via !== 'changes') {
        const f = valueForm(literal, n * 10 + forms++, rnd);
        if (f) {
          value = f.expr;
          form = { preamble: f.preamble, consts: f.consts, env: f.env, form: f.form, literal };
          Object.assign(env, f.env);
        }
      }
      entries.push({ key, value, via, ...(after ? { after: true } : {}), ...(form ? { form } : {}) });
    };
    const viaFor = (key: string): { via: Via; after: boolean } => {
      let via: Via = source === 'none' || rnd() < 0.25 ? pick(CHANGE_VIAS) : 'source';
      if (via === 'source' && REPLACEABLE.has(source) && rnd() < 0.05) via = 'replaced';
      if (via === 'source' && MODULE_SOURCES.has(source) && rnd() < 0.05) via = 'del';
      if (via === 'kwarg' && CELERY_PARAMETERS.has(key)) via = 'update-dict';
      if (IDENTIFIER_VIAS.has(via) && !isIdentifier(key)) via = 'item';
      if (via === 'source' && source.includes('class') && key.startsWith('__')) via = 'item';
      const after = firstRead && AFTER_VIAS.has(via) && rnd() < 0.5;
      return { via, after };
    };
    for (let i = 0; i < size; i++) {
      const setting = rnd() < 0.6 ? pick(FOCUS) : pick(everySetting);
      let key = spell(setting, pick(family), ns, rnd, pick);
      const drawn = viaFor(key);
      const after = drawn.after;
      // Some conf.update() calls are made by a module the app module imports (from the case's number: the draw stays as it was).
      const via: Via = drawn.via === 'update-kwargs' && (n + i) % 3 === 0 ? 'imported-update' : drawn.via;
      if (via === 'kwarg' && rnd() < 0.4 && (setting === 'broker_url' || setting === 'result_backend' || setting === 'include')) {
        key = setting === 'broker_url' ? 'broker' : setting === 'result_backend' ? 'backend' : 'include';
      }
      // Celery(x=None) sets nothing (item 4).
      push(key, via === 'kwarg' && rnd() < 0.15 ? 'None' : valueFor(setting, pick, rnd), via, after);
    }
    // Fallback keys, often with the primary setting explicitly None (item 2).
    if (rnd() < 0.15) {
      const f = pick(FALLBACKS);
      const primary = spell(f.primary, ns ? 'namespaced' : 'new', ns, rnd, pick);
      if (rnd() < 0.6) push(primary, 'None', viaFor(primary).via, false);
      const key = f.key(ns);
      push(key, f.value(), viaFor(key).via, false);
    }
    // The environment: what the deployment sets, and what the app module writes itself (item 1).
    const envWrites: EnvironmentWrite[] = [];
    if (rnd() < 0.15) {
      const name = pick(Object.keys(ENV_SETTINGS));
      envWrites.push({ name, value: pick(ENV_VALUES), setdefault: rnd() < 0.5 });
    }
    if (rnd() < 0.06) env[pick(Object.keys(ENV_SETTINGS))] = pick(ENV_VALUES);
    if (source === 'envvar') {
      envWrites.push({ name: 'CL_CONFIG', value: 'celeryconfig', setdefault: rnd() < 0.5 });
      if (rnd() < 0.1) env.CL_CONFIG = 'celeryconfig';
    }
    // Django's TIME_ZONE from the deployment's environment, sometimes a name no time zone database has (Django raises
    // as it loads the settings). Drawn from the case's number, so the rest of the draw stays as it was.
    if (django && n % 40 === 13) {
      const variable = `CL_TZ${n}`;
      entries.push({ key: 'TIME_ZONE', value: `os.environ.get('${variable}', 'Europe/Berlin')`, via: 'source', form: { preamble: ['import os'], consts: [], env: {}, form: 'env-get-default', literal: "'Europe/Berlin'" } });
      if (n % 80 === 13) env[variable] = 'No/Such_Zone';
    }
    if (entries.length === 0) entries.push({ key: 'task_serializer', value: "'json'", via: source === 'none' ? 'update-kwargs' : 'source' });
    cases.push({
      id: `c${String(n).padStart(4, '0')}`,
      source,
      namespace,
      entries,
      ...(Object.keys(env).length ? { env } : {}),
      ...(envWrites.length ? { envWrites } : {}),
      ...(firstRead ? { firstRead } : {}),
      // Drawn from the case's number, not the PRNG, so the rest of the draw stays as it was; every source meets every shape.
      ...(firstRead ? { readShape: FIRST_READ_SHAPES[Math.floor(n / SOURCES.length) % FIRST_READ_SHAPES.length]! } : {}),
      ...(reconfigure ? { reconfigure } : {}),
    });
  }
  return [...DIRECTED_CASES, ...cases];
}

/** What a case exercises, for the per-class agreement table and the known-bug classes. */
export function featuresOf(c: Case): string[] {
  const out = new Set<string>([`source:${c.source}`]);
  if (c.namespace) {
    const kind = c.namespace.name === 'CELERY' ? 'CELERY' : c.namespace.name === c.namespace.name.toUpperCase() ? 'custom' : c.namespace.name === c.namespace.name.toLowerCase() ? 'lower' : 'mixed-case';
    out.add(`namespace:${kind}`);
    if (c.namespace.where === 'Celery+None') out.add('namespace:None-keeps');
  }
  for (const e of c.entries) {
    out.add(`via:${e.via}`);
    if (e.after) out.add('after-first-read');
    if (e.form) out.add(`form:${e.form.form}`);
    if ((e.form?.literal ?? e.value) === 'None') out.add(e.via === 'kwarg' ? 'kwarg-None' : 'explicit-None');
    if (e.key === 'TIME_ZONE' && c.source === 'django' && e.form?.form.startsWith('env')) out.add('django-time-zone-from-environment');
    if (/^(broker_host|time_zone|TIME_ZONE|CELERY_RESULT_BACKEND|[A-Za-z]+_BROKER_HOST|[A-Za-z]+_TIME_ZONE)$/.test(e.key)) out.add('fallback-key');
  }
  for (const w of c.envWrites ?? []) out.add(w.name === 'CL_CONFIG' ? 'envvar-written' : `env-write${w.setdefault ? ':setdefault' : ''}${w.value === '' ? ':empty' : ''}`);
  for (const name of Object.keys(c.env ?? {})) out.add(ENV_SETTINGS[name] ? 'process-env' : 'process-env:value-form');
  if (c.reconfigure) out.add('reconfigure-after-read');
  if (c.firstRead) out.add(`first-read:${c.readShape ?? 'top-level'}`);
  return [...out].sort();
}

export { py };
