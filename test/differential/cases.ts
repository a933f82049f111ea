// Generates the differential test's configurations: keys in every spelling
// (new, old, UPPER(new), namespaced, typo'd, extension, unknown), values that
// matter (serializers, accept lists, backends, brokers), and every way
// configuration reaches an app. Deterministic: a seeded PRNG, so a failing
// case has a stable id.
import { knowledge } from '@celery-lint/core';

/** How the configuration source is given to the app. */
export type SourceKind =
  | 'module' // celeryconfig.py + app.config_from_object('celeryconfig')
  | 'module-config-source' // Celery(config_source='celeryconfig')
  | 'class' // class Config in the app module + config_from_object(Config)
  | 'class-path' // class Config in celeryconfig.py + config_from_object('celeryconfig:Config')
  | 'dict' // config = {...} + config_from_object(config)
  | 'django' // settings.py + config_from_object('django.conf:settings', ...)
  | 'none'; // no config source: only pending changes

/** Where one entry is written. */
export type Via =
  | 'source' // in the config source of the case
  | 'update-kwargs' // app.conf.update(key=value)
  | 'update-dict' // app.conf.update({'key': value})
  | 'attribute' // app.conf.key = value
  | 'item' // app.conf['key'] = value
  | 'kwarg' // Celery('case', key=value)
  | 'changes' // Celery('case', changes={'key': value})
  | 'replaced'; // in an earlier config_from_object() source that the case's own source replaces

export interface Entry {
  readonly key: string;
  /** A Python expression. */
  readonly value: string;
  readonly via: Via;
}

export interface Case {
  readonly id: string;
  readonly source: SourceKind;
  /** The namespace and where it is given, or null. */
  readonly namespace: { readonly name: string; readonly where: 'config_from_object' | 'Celery' } | null;
  readonly entries: readonly Entry[];
}

/** mulberry32: small, fast, deterministic. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const py = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

const SERIALIZERS = ['json', 'json', 'pickle', 'yaml', 'msgpack', 'raw', 'auth', 'jsno', 'JSON', 'application/json', 'application/x-python-serialize'];
const ACCEPT_VALUES = [
  "['json']",
  "['json', 'pickle']",
  "('json', 'msgpack')",
  "'json'",
  "['application/json']",
  "['application/jsno']",
  "['jsn']",
  '[]',
  "['yaml']",
  "['pickle']",
  "['application/x-python-serialize', 'json']",
  "['auth']",
  "{'json', 'yaml'}",
  "['raw']",
  "['application/data']",
];
export const BACKENDS = [
  'redis://localhost:6379/0',
  'rediss://localhost:6380/0?ssl_cert_reqs=required',
  'rpc://',
  'rpc',
  'db+sqlite:///results.db',
  'database',
  'amqp://',
  'amqp://guest@localhost//',
  'amqps://h',
  'cache+memory://',
  'cache',
  'file:///tmp/celery-results',
  'foo://bar',
  'redis+socket:///tmp/redis.sock',
  'django-db',
  'disabled',
  'mongodb://localhost:27017/',
  's3',
  'riak://h',
  'elasticsearch://h:9200',
  'socket://x',
  'sentinel://h:26379',
  'cassandra://',
  'consul://h',
  'dynamodb://',
  'azureblockblob://',
  'couchdb://h',
  'couchbase://h',
  'arangodb://h',
  'cosmosdbsql://',
  'gs://bucket',
  'Redis://localhost',
  'celery.backends.redis:RedisBackend',
];
export const BROKERS = [
  'redis://localhost:6379/0',
  'amqp://guest:guest@localhost:5672//',
  'pyamqp://',
  'amqps://h',
  'memory://',
  'sqla+sqlite:///broker.db',
  'sqlalchemy+sqlite:///broker.db',
  'filesystem://',
  'kafka://localhost:9092',
  'confluentkafka://h',
  'rpc://',
  'foo://h',
  'broker.example:5672',
  'redis://a;redis://b',
  'SQS://',
  'sqs://',
  'sentinel://h:26379',
  'rediss://h:6380',
  'mongodb://h',
  'zookeeper://h',
  'consul://h',
  'etcd://h',
  'qpid://h',
  'azurestoragequeues://',
  'azureservicebus://',
  'pyro://',
  'gcpubsub://p',
  'librabbitmq://',
  'django://',
  'slmq://',
  'REDIS://h',
  'redis+socket:///tmp/r.sock',
];

/** Settings the comparisons look at, drawn often; the rest of the table is drawn at random. */
const FOCUS = [
  'task_serializer',
  'result_serializer',
  'accept_content',
  'result_accept_content',
  'event_serializer',
  'result_backend',
  'broker_url',
  'task_always_eager',
  'worker_concurrency',
  'timezone',
  'enable_utc',
  'task_default_queue',
  'task_routes',
  'beat_schedule',
  'result_expires',
  'task_acks_late',
  'worker_prefetch_multiplier',
  'broker_connection_retry_on_startup',
  'broker_transport_options',
  'task_time_limit',
  'imports',
  'include',
];

/** Celery() parameters that are not settings: never used as keys of a kwarg entry. */
const CELERY_PARAMETERS = new Set([
  'main', 'loader', 'amqp', 'events', 'log', 'control', 'set_as_current', 'tasks', 'changes',
  'config_source', 'fixups', 'task_cls', 'autofinalize', 'namespace', 'strict_typing',
]);

const EXTENSION_AND_UNKNOWN_KEYS = [
  'redbeat_redis_url',
  'REDBEAT_REDIS_URL',
  'CELERY_DB_REUSE_MAX',
  'redis_backend_health_check_interval',
  'my_custom_option',
  'DJANGO_CELERY_BEAT_TZ_AWARE',
  'SECRET_KEY',
  'CELERY',
  'CELERY_',
  'celery_',
];

function valueFor(setting: string, pick: <T>(xs: readonly T[]) => T, rnd: () => number): string {
  if (setting.endsWith('_serializer')) return py(pick(SERIALIZERS));
  if (setting === 'accept_content' || setting === 'result_accept_content') return pick(ACCEPT_VALUES);
  if (setting === 'result_backend') return py(pick(BACKENDS));
  if (setting === 'broker_url' || setting === 'broker_read_url' || setting === 'broker_write_url') return py(pick(BROKERS));
  const type = knowledge.settingInfo(setting)?.type ?? 'string';
  const r = rnd();
  switch (type) {
    case 'bool':
      return r < 0.4 ? 'True' : r < 0.8 ? 'False' : "'false'";
    case 'int':
      return r < 0.8 ? String(1 + Math.floor(rnd() * 8)) : "'4'";
    case 'float':
      return r < 0.5 ? '1.5' : '30';
    case 'dict':
      return r < 0.5 ? '{}' : "{'visibility_timeout': 3600}";
    case 'list':
    case 'tuple':
      return r < 0.5 ? "['proj.tasks']" : "('proj.tasks',)";
    case 'any':
      return r < 0.5 ? 'None' : "{'proj.tasks.add': {'queue': 'q'}}";
    default:
      return r < 0.5 ? "'celery'" : "'Europe/Paris'";
  }
}

/** A one-edit typo of a name: drop, swap or double a letter. */
function typo(name: string, rnd: () => number): string {
  const i = 1 + Math.floor(rnd() * (name.length - 2));
  const r = rnd();
  if (r < 0.34) return name.slice(0, i) + name.slice(i + 1);
  if (r < 0.67) return name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2);
  return name.slice(0, i) + name[i] + name.slice(i);
}

type Spelling = 'new' | 'old' | 'upper' | 'namespaced' | 'namespaced-lower' | 'typo' | 'other';

function spell(setting: string, spelling: Spelling, rnd: () => number, pick: <T>(xs: readonly T[]) => T): string {
  switch (spelling) {
    case 'new':
      return setting;
    case 'old':
      return knowledge.oldNameFor(setting)!;
    case 'upper':
      return setting.toUpperCase();
    case 'namespaced':
      return `CELERY_${setting.toUpperCase()}`;
    case 'namespaced-lower':
      return `celery_${setting}`;
    case 'typo': {
      const base = rnd() < 0.5 ? setting : rnd() < 0.5 ? knowledge.oldNameFor(setting)! : `CELERY_${setting.toUpperCase()}`;
      const t = typo(base, rnd);
      return knowledge.isSettingName(t) || knowledge.newNameForOld(t) ? `${t}x` : t;
    }
    case 'other':
      return pick(EXTENSION_AND_UNKNOWN_KEYS);
  }
}

const SOURCES: readonly SourceKind[] = ['module', 'module', 'module-config-source', 'class', 'class-path', 'dict', 'django', 'django', 'django', 'none'];
/** Sources given by config_from_object(), which a second call replaces. */
const REPLACEABLE: ReadonlySet<SourceKind> = new Set(['module', 'class', 'class-path', 'dict', 'django']);
const CHANGE_VIAS: readonly Via[] = ['update-kwargs', 'update-dict', 'attribute', 'item', 'kwarg', 'changes'];

function isIdentifier(key: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key);
}

const e = (key: string, value: string, via: Via = 'source'): Entry => ({ key, value, via });
const NS_CELERY = { name: 'CELERY', where: 'config_from_object' } as const;

/**
 * Hand-picked cases for behaviour celery-semantics.md documents (§2-§4), so
 * each is compared on every run whatever the random draw.
 */
export const DIRECTED_CASES: readonly Case[] = [
  // A Celery() keyword argument is applied after changes=, whatever their order in the call.
  { id: 'd-kwarg-beats-changes', source: 'none', namespace: null, entries: [e('worker_concurrency', '8', 'kwarg'), e('worker_concurrency', '7', 'changes')] },
  // The namespace given to Celery() applies to a celeryconfig module read later.
  { id: 'd-celery-namespace-module', source: 'module', namespace: { name: 'CELERY', where: 'Celery' }, entries: [e('CELERY_RESULT_ACCEPT_CONTENT', "['json', 'yaml']"), e('CELERY_BROKER_URL', "'memory://'"), e('CELERY_ALWAYS_EAGER', 'True')] },
  // Under a namespace the prefixed key in any map beats the plain one anywhere.
  { id: 'd-namespaced-beats-broker-kwarg', source: 'django', namespace: NS_CELERY, entries: [e('CELERY_BROKER_URL', "'redis://settings/0'"), e('broker', "'redis://kwarg/0'", 'kwarg')] },
  { id: 'd-namespaced-beats-update', source: 'django', namespace: NS_CELERY, entries: [e('CELERY_BROKER_URL', "'redis://settings/0'"), e('broker_url', "'redis://update/0'", 'update-kwargs')] },
  { id: 'd-namespaced-update-wins', source: 'django', namespace: NS_CELERY, entries: [e('CELERY_BROKER_URL', "'redis://settings/0'"), e('CELERY_BROKER_URL', "'redis://update/0'", 'update-dict')] },
  // Old names given to conf.update() before the first read are honored even under a namespace.
  { id: 'd-old-name-update-under-namespace', source: 'django', namespace: NS_CELERY, entries: [e('CELERY_TASK_SERIALIZER', "'json'"), e('CELERY_ALWAYS_EAGER', 'True', 'update-kwargs'), e('CELERY_ALWAYS_EAGER', 'False')] },
  // The mixing rule: a tie keeps the new format and raises for the old key.
  { id: 'd-mix-tie', source: 'module', namespace: null, entries: [e('CELERY_ALWAYS_EAGER', 'True'), e('task_serializer', "'json'")] },
  { id: 'd-mix-old-majority', source: 'module', namespace: null, entries: [e('BROKER_URL', "'memory://'"), e('CELERY_ALWAYS_EAGER', 'True'), e('task_serializer', "'json'")] },
  { id: 'd-mix-both-spellings', source: 'module', namespace: null, entries: [e('CELERY_TASK_SERIALIZER', "'yaml'"), e('task_serializer', "'json'"), e('broker_url', "'memory://'")] },
  { id: 'd-mix-enable-utc', source: 'class', namespace: null, entries: [e('ENABLE_UTC', 'False'), e('timezone', "'UTC'")] },
  { id: 'd-mix-dict', source: 'dict', namespace: null, entries: [e('CELERYD_CONCURRENCY', '2'), e('CELERY_ROUTES', '{}'), e('worker_prefetch_multiplier', '1')] },
  // changes= counts for the check only when there is no config source; Celery() kwargs never count.
  { id: 'd-mix-changes-only', source: 'none', namespace: null, entries: [e('CELERY_ALWAYS_EAGER', 'True', 'changes'), e('task_serializer', "'json'", 'changes')] },
  { id: 'd-mix-changes-with-source', source: 'module', namespace: null, entries: [e('task_serializer', "'json'"), e('CELERY_ALWAYS_EAGER', 'True', 'changes')] },
  { id: 'd-mix-kwargs-excluded', source: 'none', namespace: null, entries: [e('CELERY_ALWAYS_EAGER', 'True', 'kwarg'), e('task_serializer', "'json'", 'update-kwargs')] },
  { id: 'd-broker-kwarg-not-counted', source: 'module', namespace: null, entries: [e('broker', "'memory://'", 'kwarg'), e('broker_url', "'redis://'"), e('CELERY_ALWAYS_EAGER', 'True'), e('CELERYD_CONCURRENCY', '3')] },
  // Lower-case namespace: the lower-case prefixed name is read, the upper-case one is not.
  { id: 'd-lowercase-namespace', source: 'module', namespace: { name: 'celery', where: 'config_from_object' }, entries: [e('celery_task_serializer', "'pickle'"), e('CELERY_TASK_ACKS_LATE', 'True'), e('task_acks_late', 'False')] },
  // Django without a namespace: old names work, namespaced new names are ignored, lower case never reaches Celery.
  { id: 'd-django-no-namespace', source: 'django', namespace: null, entries: [e('CELERY_BROKER_URL', "'redis://'"), e('BROKER_URL', "'memory://'"), e('CELERYD_CONCURRENCY', '2'), e('CELERY_RESULT_BACKEND', "'rpc://'"), e('task_serializer', "'pickle'")] },
  { id: 'd-django-namespace-lowercase', source: 'django', namespace: NS_CELERY, entries: [e('celery_task_serializer', "'pickle'"), e('CELERY_TASK_SERIALIZER', "'json'"), e('CELERY_ACCEPT_CONTENT', "['json']"), e('CELERY_ROUTES', '{}')] },
  // A second config_from_object() replaces the first source.
  { id: 'd-source-replaced', source: 'dict', namespace: null, entries: [e('task_serializer', "'pickle'", 'replaced'), e('result_backend', "'rpc://'", 'replaced'), e('task_serializer', "'json'")] },
  // Celery(config_source=...) is config_from_object().
  { id: 'd-config-source-kwarg', source: 'module-config-source', namespace: null, entries: [e('result_backend', "'rpc://'"), e('accept_content', "['json', 'msgpack']")] },
  // Serializer and accept-list shapes.
  { id: 'd-accept-string', source: 'module', namespace: null, entries: [e('accept_content', "'json'")] },
  { id: 'd-accept-mime-typo', source: 'module', namespace: null, entries: [e('accept_content', "['application/jsno']"), e('result_accept_content', '[]')] },
  { id: 'd-raw-serializers', source: 'module', namespace: null, entries: [e('task_serializer', "'raw'"), e('result_serializer', "'raw'"), e('accept_content', "['raw']")] },
  // broker_transport wins over the URL's scheme unless the URL says transport+url.
  { id: 'd-broker-transport', source: 'module', namespace: null, entries: [e('broker_url', "'redis://localhost'"), e('broker_transport', "'memory'")] },
  { id: 'd-broker-transport-prefix', source: 'module', namespace: null, entries: [e('broker_url', "'sqla+sqlite:///b.db'"), e('broker_transport', "'nope'")] },
  { id: 'd-amqp-backend', source: 'module', namespace: null, entries: [e('result_backend', "'amqp://'")] },
];

export function generateCases(count: number, seed = 20260823): Case[] {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  // main's table, not every release's: settings Celery 5.0 dropped (in the table since it reaches back to 4.4) would only change the draw.
  const everySetting = knowledge.allSettings('main').map((s) => s.name);
  const cases: Case[] = [];
  for (let n = 0; n < count; n++) {
    const source = SOURCES[n % SOURCES.length]!;
    const django = source === 'django';
    let namespace: Case['namespace'] = null;
    const r = rnd();
    if (django) namespace = r < 0.75 ? { name: 'CELERY', where: r < 0.6 ? 'config_from_object' : 'Celery' } : null;
    else if (r < 0.12) namespace = { name: r < 0.08 ? 'CELERY' : 'celery', where: r < 0.05 ? 'Celery' : 'config_from_object' };

    // Mostly one spelling family per case (as real projects are), sometimes a deliberate mix.
    const family: Spelling[] = django
      ? namespace ? ['namespaced', 'namespaced', 'namespaced', 'old', 'new', 'upper', 'namespaced-lower', 'typo', 'other']
                  : ['old', 'old', 'namespaced', 'upper', 'new', 'typo', 'other']
      : namespace ? ['namespaced', 'namespaced-lower', 'new', 'old', 'typo', 'other']
      : rnd() < 0.5 ? ['new', 'new', 'new', 'typo', 'other', 'upper'] : ['old', 'old', 'old', 'new', 'upper', 'typo'];
    const size = 1 + Math.floor(rnd() * 6);
    const entries: Entry[] = [];
    const used = new Map<Via, Set<string>>();
    for (let i = 0; i < size; i++) {
      const setting = rnd() < 0.6 ? pick(FOCUS) : pick(everySetting);
      const spelling = pick(family);
      let key = spell(setting, spelling, rnd, pick);
      let via: Via = source === 'none' || rnd() < 0.2 ? pick(CHANGE_VIAS) : 'source';
      if (via === 'source' && REPLACEABLE.has(source) && rnd() < 0.05) via = 'replaced';
      if (via === 'kwarg') {
        if (rnd() < 0.4 && (setting === 'broker_url' || setting === 'result_backend' || setting === 'include')) {
          key = setting === 'broker_url' ? 'broker' : setting === 'result_backend' ? 'backend' : 'include';
        }
        if (CELERY_PARAMETERS.has(key)) via = 'update-dict';
      }
      if ((via === 'update-kwargs' || via === 'attribute' || via === 'kwarg' || via === 'source' || via === 'replaced') && !isIdentifier(key)) via = 'item';
      if (via === 'source' && (source === 'class' || source === 'class-path') && key.startsWith('__')) via = 'item';
      // Keyword arguments and literal dict keys cannot repeat in one call; assignments may (the later wins).
      const taken = used.get(via) ?? new Set<string>();
      if (taken.has(key) && via !== 'source' && via !== 'attribute' && via !== 'item') continue;
      taken.add(key);
      used.set(via, taken);
      entries.push({ key, value: valueFor(setting, pick, rnd), via });
    }
    if (entries.length === 0) entries.push({ key: 'task_serializer', value: "'json'", via: source === 'none' ? 'update-kwargs' : 'source' });
    cases.push({ id: `c${String(n).padStart(4, '0')}`, source, namespace, entries });
  }
  return [...DIRECTED_CASES, ...cases];
}
