// Hand-written cases: behaviour celery-semantics.md documents, and one case
// per item of issue 13, so each is compared on every run whatever the draw.
import type { Case, Entry, Via } from './cases';

const e = (key: string, value: string, via: Via = 'source'): Entry => ({ key, value, via });
const NS_CELERY = { name: 'CELERY', where: 'config_from_object' } as const;

/**
 * Hand-picked cases for behaviour celery-semantics.md documents (§2-§4), so
 * each is compared on every run whatever the random draw.
 */
const LEGACY: readonly Case[] = [
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

const after = (x: Entry): Entry => ({ ...x, after: true });
const NS = (name: string, where: 'config_from_object' | 'Celery' | 'Celery+None' = 'config_from_object') => ({ name, where });

/** One case (or a few) per item of issue 13. */
const ISSUE_13: readonly Case[] = [
  // 1. os.environ written by the app module beats every configured value; an empty string does not.
  { id: 'i01-env-write', source: 'module', namespace: null, entries: [e('broker_url', "'redis://configured/0'")], envWrites: [{ name: 'CELERY_BROKER_URL', value: 'memory://', setdefault: false }] },
  { id: 'i01-env-setdefault', source: 'module', namespace: null, entries: [e('result_backend', "'rpc://'")], envWrites: [{ name: 'CELERY_RESULT_BACKEND', value: 'redis://env/1', setdefault: true }] },
  { id: 'i01-env-empty', source: 'module', namespace: null, entries: [e('broker_url', "'redis://configured/0'")], envWrites: [{ name: 'CELERY_BROKER_URL', value: '', setdefault: false }] },
  { id: 'i01-env-read-url', source: 'none', namespace: null, entries: [e('broker_url', "'redis://configured/0'", 'update-kwargs')], envWrites: [{ name: 'CELERY_BROKER_READ_URL', value: 'redis://replica/0', setdefault: false }] },
  // 2. Fallback keys; an explicit None does not stop them.
  { id: 'i02-broker-host', source: 'module', namespace: null, entries: [e('broker_url', 'None'), e('broker_host', "'redis://fallback/0'")] },
  { id: 'i02-time-zone', source: 'module', namespace: null, entries: [e('timezone', 'None'), e('time_zone', "'Asia/Tokyo'")] },
  { id: 'i02-celery-result-backend', source: 'django', namespace: NS('MYAPP'), entries: [e('MYAPP_RESULT_BACKEND', 'None'), e('CELERY_RESULT_BACKEND', "'rpc://'")] },
  // 3. Namespaces: custom in Django settings, mixed case, namespace=None keeps the earlier one.
  { id: 'i03-custom-namespace', source: 'django', namespace: NS('MYAPP'), entries: [e('MYAPP_TASK_SERIALIZER', "'pickle'"), e('MYAPP_BROKER_URL', "'memory://'")] },
  { id: 'i03-mixed-case-namespace', source: 'module', namespace: NS('Celery'), entries: [e('celery_task_serializer', "'yaml'"), e('Celery_task_acks_late', 'True'), e('CELERY_TASK_SERIALIZER', "'pickle'")] },
  { id: 'i03-namespace-none-keeps', source: 'module', namespace: NS('CELERY', 'Celery+None'), entries: [e('CELERY_TASK_SERIALIZER', "'pickle'"), e('task_serializer', "'yaml'")] },
  // 4. Celery(x=None) sets nothing and does not count in the mixing check.
  { id: 'i04-kwarg-none', source: 'module', namespace: null, entries: [e('broker', 'None', 'kwarg'), e('broker_url', "'redis://module/0'"), e('CELERY_ALWAYS_EAGER', 'None', 'kwarg')] },
  // 5. Order of pending changes: the later insertion wins whatever its spelling.
  { id: 'i05-later-spelling-wins', source: 'none', namespace: null, entries: [e('task_serializer', "'json'", 'update-kwargs'), e('CELERY_TASK_SERIALIZER', "'pickle'", 'item')] },
  { id: 'i05-reassign-keeps-position', source: 'none', namespace: null, entries: [e('CELERY_TASK_SERIALIZER', "'pickle'", 'item'), e('task_serializer', "'json'", 'attribute'), e('CELERY_TASK_SERIALIZER', "'yaml'", 'item')] },
  { id: 'i05-namespace-pending-loses', source: 'django', namespace: NS('CELERY'), entries: [e('CELERY_TASK_SERIALIZER', "'json'"), e('CELERY_TASK_SERIALIZER', "'pickle'", 'item')] },
  { id: 'i05-old-format-pending', source: 'module', namespace: null, entries: [e('CELERY_ALWAYS_EAGER', 'True'), e('CELERYD_CONCURRENCY', '2'), e('task_serializer', "'yaml'"), e('task_serializer', "'pickle'", 'update-kwargs')] },
  // 6. After the first read.
  { id: 'i06-old-name-after-read', source: 'module', namespace: null, entries: [e('task_serializer', "'json'"), after(e('CELERY_TASK_SERIALIZER', "'pickle'", 'update-kwargs'))], firstRead: true },
  { id: 'i06-after-read-not-counted', source: 'module', namespace: null, entries: [e('task_serializer', "'json'"), after(e('CELERY_ALWAYS_EAGER', 'True', 'attribute'))], firstRead: true },
  { id: 'i06-reconfigure-drops', source: 'module', namespace: null, entries: [e('task_serializer', "'json'"), after(e('task_serializer', "'pickle'", 'update-kwargs'))], firstRead: true, reconfigure: true },
  // The first read made where importing the app module runs it: a function its top level calls (through another
  // function, too), a project module it imports (that module's top level or its function, through a module between,
  // through current_app). Old names written after it are not counted by the mixing check, and a reload drops them.
  ...(['function', 'function-chain', 'imported', 'imported-function', 'imported-chain', 'imported-current-app', 'imported-reexport', 'finalize', 'app-member'] as const).flatMap((shape): Case[] => [
    { id: `i06-${shape}-not-counted`, source: 'module', namespace: null, entries: [e('task_serializer', "'json'"), after(e('CELERY_ALWAYS_EAGER', 'True', 'update-kwargs'))], firstRead: true, readShape: shape },
    { id: `i06-${shape}-reload`, source: 'django', namespace: NS('CELERY'), entries: [e('CELERY_TASK_SERIALIZER', "'json'"), e('CELERY_RESULT_SERIALIZER', "'json'", 'attribute'), after(e('task_serializer', "'pickle'", 'attribute'))], firstRead: true, readShape: shape, reconfigure: true },
  ]),
  // No read when the app module is imported: a function only defined, one called only from a function nothing calls,
  // a module imported only in such a function. The later writes are pending, so the old name makes Celery refuse the mix.
  ...(['defined-only', 'called-from-uncalled', 'imported-later', 'conf-changes'] as const).map((shape): Case => (
    { id: `i06-${shape}-pending`, source: 'module', namespace: null, entries: [e('task_serializer', "'json'"), after(e('CELERY_ALWAYS_EAGER', 'True', 'update-kwargs'))], firstRead: true, readShape: shape }
  )),
  // A module the app module imports writes the app's configuration as it is imported: before the first read a pending
  // change (an old name counted by the mixing check), after it stored as written; a reload after the read drops it.
  { id: 'i06-imported-write-pending', source: 'none', namespace: null, entries: [e('task_serializer', "'json'", 'update-kwargs'), e('CELERY_ALWAYS_EAGER', 'True', 'imported-update')] },
  { id: 'i06-imported-write-after-read', source: 'module', namespace: null, entries: [e('task_serializer', "'json'"), after(e('CELERY_ALWAYS_EAGER', 'True', 'imported-update')), after(e('result_serializer', "'pickle'", 'imported-update'))], firstRead: true, readShape: 'imported' },
  { id: 'i06-imported-write-reloaded', source: 'module', namespace: null, entries: [e('task_serializer', "'json'"), e('result_serializer', "'json'", 'imported-update'), after(e('task_serializer', "'pickle'", 'imported-update'))], firstRead: true, readShape: 'function', reconfigure: true },
  { id: 'i06-replaced-not-checked', source: 'module', namespace: null, entries: [e('CELERY_ALWAYS_EAGER', 'True', 'replaced'), e('task_serializer', "'json'")] },
  // 7. More ways in.
  { id: 'i07-update-mapping', source: 'module', namespace: null, entries: [e('task_serializer', "'json'", 'update-mapping'), e('task_serializer', "'pickle'", 'attribute')] },
  { id: 'i07-update-star', source: 'none', namespace: null, entries: [e('task_serializer', "'pickle'", 'attribute'), e('task_serializer', "'yaml'", 'update-star')] },
  { id: 'i07-update-pairs', source: 'none', namespace: null, entries: [e('result_serializer', "'pickle'", 'update-pairs')] },
  { id: 'i07-setdefault', source: 'module', namespace: null, entries: [e('task_serializer', "'json'"), e('task_serializer', "'pickle'", 'setdefault'), e('worker_concurrency', '3', 'setdefault')] },
  { id: 'i07-del', source: 'module', namespace: null, entries: [e('task_serializer', "'pickle'", 'del'), e('result_serializer', "'json'")] },
  { id: 'i07-add-defaults', source: 'module', namespace: null, entries: [e('task_serializer', "'json'"), e('task_serializer', "'pickle'", 'add-defaults'), e('CELERY_ALWAYS_EAGER', 'True', 'add-defaults')] },
  { id: 'i07-config-from-envvar', source: 'envvar', namespace: null, entries: [e('task_serializer', "'pickle'")], envWrites: [{ name: 'CL_CONFIG', value: 'celeryconfig', setdefault: true }] },
  { id: 'i07-config-source-dict', source: 'config-source-dict', namespace: null, entries: [e('result_backend', "'rpc://'")] },
  { id: 'i07-config-source-class', source: 'config-source-class', namespace: null, entries: [e('task_serializer', "'yaml'")] },
  // 8. Values in other forms than literals.
  {
    id: 'i08-value-forms',
    source: 'module',
    namespace: null,
    entries: [
      { key: 'task_always_eager', value: "os.environ.get('CL_FLAG', 'False') == 'True'", via: 'source', form: { preamble: ['import os'], consts: [], env: {}, form: 'env-comparison', literal: 'False' } },
      { key: 'worker_concurrency', value: "int('4')", via: 'source' },
      { key: 'result_expires', value: "float('30')", via: 'source' },
      { key: 'broker_url', value: "'redis://HOST/0'.replace('HOST', 'cache').rstrip('/')", via: 'source' },
      { key: 'result_backend', value: "'{}://'.format('rpc')", via: 'source' },
      { key: 'task_serializer', value: "'JSON'.lower()", via: 'source' },
      { key: 'task_default_queue', value: "os.environ.get('CL_QUEUE', 'base') + '-q'", via: 'source', form: { preamble: ['import os'], consts: [], env: {}, form: 'env-default-plus', literal: "'base-q'" } },
      { key: 'result_serializer', value: 'CL_A0', via: 'source', form: { preamble: ["CL_A0, CL_B0 = 'json', 'x'"], consts: [], env: {}, form: 'tuple-unpacking', literal: "'json'" } },
      { key: 'event_serializer', value: 'CL_C0', via: 'source', form: { preamble: ['from consts import CL_C0'], consts: ["CL_C0 = 'json'"], env: {}, form: 'imported-constant', literal: "'json'" } },
    ],
  },
  // 9. The pre-filter keeps a named module whatever its text.
  { id: 'i09-plain-module', source: 'module', namespace: null, entries: [e('broker_host', "'redis://only-fallback/0'"), e('my_custom_option', '1')] },
  // 10. The mixing check counts what Celery counts.
  { id: 'i10-add-defaults-not-counted', source: 'module', namespace: null, entries: [e('task_serializer', "'json'"), e('CELERY_ALWAYS_EAGER', 'True', 'add-defaults')] },
  { id: 'i10-pending-without-source', source: 'none', namespace: null, entries: [e('CELERY_ALWAYS_EAGER', 'True', 'update-kwargs'), e('task_serializer', "'json'", 'attribute')] },
];

const constant = (key: string, name: string, literal: string): Entry => ({
  key,
  value: name,
  via: 'source',
  form: { preamble: [`from consts import ${name}`], consts: [`${name} = ${literal}`], env: {}, form: 'imported-constant', literal },
});
const fromEnvironment = (key: string, variable: string, fallback: string): Entry => ({
  key,
  value: `os.environ.get('${variable}', '${fallback}')`,
  via: 'source',
  form: { preamble: ['import os'], consts: [], env: {}, form: 'env-get-default', literal: `'${fallback}'` },
});

/** The engine bug classes the generated suite found once, one case each, so each stays fixed whatever the draw. */
const FOUND: readonly Case[] = [
  // add_defaults() before a config_from_object() that reloads after the first read: the reload does not apply it again.
  { id: 'f-add-defaults-reloaded', source: 'module', namespace: null, entries: [e('task_serializer', "'json'"), e('result_serializer', "'pickle'", 'add-defaults'), after(e('task_default_queue', "'later'", 'add-defaults'))], firstRead: true, reconfigure: true },
  { id: 'f-add-defaults-reloaded-django', source: 'django', namespace: NS('CELERY'), entries: [e('CELERY_TASK_SERIALIZER', "'json'"), e('CELERY_BROKER_READ_URL', "'memory://'", 'add-defaults')], firstRead: true, reconfigure: true },
  // str('x') in a dict, a mapping given to conf.update() or to conf.update(**...): the binding is the str() call.
  { id: 'f-str-in-dict-source', source: 'dict', namespace: null, entries: [e('CELERY_DEFAULT_QUEUE', "str('work')"), e('CELERY_RESULT_BACKEND', "'rpc://'")] },
  // Issue 14 item 6: a Flask-style config passed through a prefix filter gives Celery the rewritten keys, in the order conf.update() runs.
  { id: 'f-flask-prefix-filter', source: 'module', namespace: null, entries: [e('task_serializer', "'json'"), e('task_serializer', "'pickle'", 'update-prefixed'), e('result_backend', "'rpc://'", 'update-prefixed'), e('CELERY_DEFAULT_QUEUE', "'q'", 'update-prefixed')] },
  { id: 'f-str-in-mappings', source: 'none', namespace: null, entries: [e('result_serializer', "str('json')", 'update-mapping'), e('task_serializer', "str('pickle')", 'update-star'), e('task_default_queue', "str('q')", 'update-dict')] },
  // A module only config_from_object() names, whose settings no pre-filter pattern knows: the constants it imports are read.
  { id: 'f-named-module-constant', source: 'module', namespace: null, entries: [constant('cassandra_servers', 'CL_HOSTS', "('h1', 'h2')"), constant('cassandra_keyspace', 'CL_SPACE', "'ks'")] },
  // A key a Settings property falls back to, under a custom namespace (5.2 reads MYAPP_TIME_ZONE as time_zone, 5.3+ as TIME_ZONE).
  { id: 'f-namespaced-time-zone-django', source: 'django', namespace: NS('MYAPP'), entries: [e('MYAPP_TIMEZONE', 'None'), e('MYAPP_TIME_ZONE', "'Asia/Tokyo'")] },
  { id: 'f-namespaced-time-zone-module', source: 'module', namespace: NS('MYAPP'), entries: [e('MYAPP_TIME_ZONE', "'Asia/Tokyo'"), e('MYAPP_BROKER_HOST', "'redis://fallback/0'")] },
  // A reassigned key whose later value only a property's fallback reads.
  { id: 'f-reassigned-fallback-key', source: 'module', namespace: NS('MYAPP'), entries: [e('CELERY_RESULT_BACKEND', "'foo://bar'"), e('MYAPP_RESULT_BACKEND', 'None'), e('CELERY_RESULT_BACKEND', "'rpc://'")] },
  // A module global assigned twice and then deleted: neither value reaches Celery.
  { id: 'f-reassigned-then-deleted', source: 'module', namespace: null, entries: [e('task_default_queue', "'first'"), e('task_default_queue', "'second'", 'del'), e('result_serializer', "'json'")] },
  // A name assigned twice is counted by the mixing check as its last assignment says: Django hides a lowercase one, `del` removes one.
  { id: 'f-lowercase-reassigned-django', source: 'django', namespace: null, entries: [e('broker_transport_options', '{}'), e('BROKER_URL', "'memory://'"), e('broker_transport_options', "{'visibility_timeout': 3600}")] },
  { id: 'f-old-name-reassigned-deleted', source: 'module', namespace: null, entries: [e('CELERY_ALWAYS_EAGER', 'True'), e('CELERY_ALWAYS_EAGER', 'False', 'del'), e('task_serializer', "'json'")] },
  // A fallback key behind a None, where the deployment sets the property's variable: the key is read only when it is unset ("may be").
  { id: 'f-fallback-behind-deployment-variable', source: 'class-path', namespace: null, entries: [e('CELERY_RESULT_BACKEND', "'rpc://'"), e('result_backend', 'None', 'add-defaults')], env: { CELERY_RESULT_BACKEND: 'redis://deployment/1' } },
  // Django's TIME_ZONE from the deployment's environment: a name the time zone database lacks makes Django raise
  // ValueError as it loads the settings (Celery's first read), so print-config says the configuration may be refused.
  { id: 'f-django-time-zone-from-environment-invalid', source: 'django', namespace: NS('CELERY'), entries: [fromEnvironment('TIME_ZONE', 'CL_TZ', 'Europe/Berlin'), e('CELERY_TASK_SERIALIZER', "'json'")], env: { CL_TZ: 'No/Such_Zone' } },
  { id: 'f-django-time-zone-from-environment-unset', source: 'django', namespace: NS('CELERY'), entries: [fromEnvironment('TIME_ZONE', 'CL_TZ', 'Europe/Berlin'), e('CELERY_TASK_SERIALIZER', "'json'")] },
  // The settings loaded by a module the app module imports (the first read there): importing the app module raises.
  { id: 'f-django-time-zone-from-environment-imported-read', source: 'django', namespace: NS('CELERY'), entries: [fromEnvironment('TIME_ZONE', 'CL_TZ', 'Europe/Berlin'), e('CELERY_TASK_SERIALIZER', "'json'"), after(e('task_serializer', "'pickle'", 'attribute'))], env: { CL_TZ: 'No/Such_Zone' }, firstRead: true, readShape: 'imported' },
  // Celery's own timezone from the environment is not checked at the first read (a worker or beat raises when it asks).
  { id: 'f-celery-timezone-from-environment-invalid', source: 'django', namespace: NS('CELERY'), entries: [fromEnvironment('CELERY_TIMEZONE', 'CL_CTZ', 'Europe/Berlin')], env: { CL_CTZ: 'No/Such_Zone' } },
  // Serializers the deployment's environment may set: print-config says "may be", and its default is Celery's value.
  { id: 'f-serializers-from-environment', source: 'module', namespace: null, entries: [fromEnvironment('task_serializer', 'CL_TASK_SER', 'json'), fromEnvironment('result_serializer', 'CL_RESULT_SER', 'msgpack')] },
];

export const DIRECTED_CASES: readonly Case[] = [...LEGACY, ...ISSUE_13, ...FOUND];
