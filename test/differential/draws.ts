// What the differential generator draws from: serializers, accept lists,
// backends and brokers that matter, the settings comparisons look at, keys
// that are not settings, and a seeded PRNG so a failing case keeps its id.
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

export const py = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export const SERIALIZERS = ['json', 'json', 'pickle', 'yaml', 'msgpack', 'raw', 'auth', 'jsno', 'JSON', 'application/json', 'application/x-python-serialize'];
export const ACCEPT_VALUES = [
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
export const FOCUS = [
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
export const CELERY_PARAMETERS = new Set([
  'main', 'loader', 'amqp', 'events', 'log', 'control', 'set_as_current', 'tasks', 'changes',
  'config_source', 'fixups', 'task_cls', 'autofinalize', 'namespace', 'strict_typing',
]);

export const EXTENSION_AND_UNKNOWN_KEYS = [
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

/** A one-edit typo of a name: drop, swap or double a letter. */
export function typo(name: string, rnd: () => number): string {
  const i = 1 + Math.floor(rnd() * (name.length - 2));
  const r = rnd();
  if (r < 0.34) return name.slice(0, i) + name.slice(i + 1);
  if (r < 0.67) return name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2);
  return name.slice(0, i) + name[i] + name.slice(i);
}

