// The generated Celery knowledge base, cross-checked three ways: against the
// team's reference facts (computed by exec'ing defaults.py, a different method
// from the generator's ast reading), against the Celery installed here
// (Debian's 5.2.6, asked through /usr/bin/python3), and through the version
// model's answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { knowledge } from '../src';

interface Reference {
  setting_count: Record<string, number>;
  since: Record<string, string>;
  old_name_to_new: Record<string, Record<string, string>>;
  backend_aliases: Record<string, Record<string, string>>;
  transport_aliases: Record<string, Record<string, string>>;
  serializer_content_types: Record<string, string>;
  trusted_content_types: string[];
  keys_read_outside_table: Record<string, string[]>;
}

const SNAPSHOT = resolve(__dirname, '../../test/knowledge-reference.json');
/** Celery 4.4-5.1, computed the reference's way (exec'ing each tag's defaults.py): see its `_about`. */
const OLDER = JSON.parse(readFileSync(resolve(__dirname, '../../test/knowledge-reference-older.json'), 'utf8')) as {
  setting_count: Record<string, number>;
  new_to_old: Record<string, Record<string, string>>;
};
const SHARED = '/work/shared/reference/celery-settings.json';
const reference = JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as Reference;

function oldNameMap(version: string): Record<string, string> {
  return Object.fromEntries(knowledge.allSettings(version).map((s) => [s.oldName, s.name]));
}

test('the snapshot equals the shared reference where that is present', { skip: !existsSync(SHARED) && 'no /work/shared here' }, () => {
  const shared = JSON.parse(readFileSync(SHARED, 'utf8')) as Reference & { settings: Record<string, { since: string }> };
  assert.deepEqual(reference.old_name_to_new, shared.old_name_to_new);
  assert.deepEqual(reference.setting_count, shared.setting_count);
  assert.deepEqual(reference.backend_aliases, shared.backend_aliases);
  assert.deepEqual(reference.transport_aliases, shared.transport_aliases);
  assert.deepEqual(Object.fromEntries(Object.entries(shared.settings).map(([k, v]) => [k, v.since])), reference.since);
});

test('setting counts: 169 in 5.2.6, 194 in every 5.6.x, 198 on main', () => {
  assert.equal(knowledge.allSettings('5.2.6').length, 169);
  assert.equal(knowledge.allSettings('5.2').length, 169);
  for (const release of ['5.6.0', '5.6.1', '5.6.2', '5.6.3', '5.6']) assert.equal(knowledge.allSettings(release).length, 194, release);
  assert.equal(knowledge.allSettings('main').length, 198);
  // Without a target: every setting any scanned release has (main's 198, plus two 4.4 settings gone in 5.0).
  assert.equal(knowledge.allSettings().length, 200);
  assert.equal(knowledge.settingCount('5.2.6'), reference.setting_count['5.2.6']);
  assert.equal(knowledge.settingCount('main'), reference.setting_count['main']);
  // Counts per scanned release agree with the per-setting first releases.
  for (const release of knowledge.CELERY_RELEASES) {
    assert.equal(knowledge.allSettings(release).length, knowledge.settingCount(release), release);
  }
});

test('Celery 4.4 to 5.1 agree with their own defaults.py, exec\'d (setting counts, old names)', () => {
  for (const [release, count] of Object.entries(OLDER.setting_count)) assert.equal(knowledge.allSettings(release).length, count, release);
  for (const [release, map] of Object.entries(OLDER.new_to_old)) {
    assert.deepEqual(Object.fromEntries(knowledge.allSettings(release).map((s) => [s.name, s.oldName]).sort()), map, release);
  }
  // Gone since: riak_backend_settings left with 5.0.0, task_queue_ha_policy with 5.0.2.
  assert.equal(knowledge.settingInfo('riak_backend_settings')?.removedIn, '5.0.0');
  assert.equal(knowledge.isSettingName('task_queue_ha_policy', '5.0.1'), true);
  assert.equal(knowledge.isSettingName('task_queue_ha_policy', '5.0'), false);
  assert.equal(knowledge.settingInfo('task_queue_ha_policy')?.removedIn, '5.0.2');
});

test('old names: 5.0+ workers warn they go in 6.0; 4.4 reads them silently', () => {
  assert.equal(knowledge.oldNameRemoval('4.4'), undefined);
  for (const v of ['5.0', '5.2.6', '5.6', 'main']) assert.equal(knowledge.oldNameRemoval(v), '6.0.0', v);
});

test('what kombu\'s JSON encodes follows the kombu each Celery line runs with', () => {
  assert.equal(knowledge.kombuReleaseFor('4.4'), '4.6.11');
  for (const v of ['4.4', '5.2.6', '5.6']) {
    const types = knowledge.kombuJsonTypes(v);
    for (const t of ['datetime.datetime', 'datetime.date', 'decimal.Decimal', 'uuid.UUID', '__json__']) assert.ok(types.has(t), `${v} ${t}`);
    assert.ok(!types.has('set') && !types.has('frozenset'));
  }
  assert.equal(knowledge.kombuJsonTypes('5.2.6').has('bytes'), false);
  assert.equal(knowledge.kombuJsonTypes('5.3').has('bytes'), true);
  assert.equal(knowledge.kombuJsonEncodesSince('bytes'), '5.3.0');
});

/** A Debian suite's Celery unpacked by scripts/debian-python.sh (CI runs it; a developer may not have). */
function debianCelery(suite: string): string | undefined {
  const root = resolve(__dirname, '../../../../.cache/debian-python', suite);
  return existsSync(resolve(root, '.complete')) ? resolve(root, 'root/usr/lib/python3/dist-packages') : undefined;
}

for (const suite of ['trixie', 'sid']) {
  const site = debianCelery(suite);
  test(`the table matches Debian ${suite}'s Celery`, { skip: !site && `run scripts/debian-python.sh ${suite}` }, () => {
    const script = 'import json, celery\nfrom celery.app import defaults as d\nprint(json.dumps({"version": celery.__version__, "old": d._TO_OLD_KEY}))';
    const real = JSON.parse(execFileSync('/usr/bin/python3', ['-c', script], { encoding: 'utf8', env: { ...process.env, PYTHONPATH: site! } })) as {
      version: string;
      old: Record<string, string>;
    };
    const ours = knowledge.allSettings(real.version);
    assert.deepEqual(Object.fromEntries(ours.map((s) => [s.name, s.oldName]).sort()), Object.fromEntries(Object.entries(real.old).sort()), real.version);
  });
}

test('old-name maps equal the reference for 5.2.6 and main', () => {
  assert.deepEqual(oldNameMap('5.2.6'), reference.old_name_to_new['5.2.6']);
  assert.deepEqual(oldNameMap('main'), reference.old_name_to_new['main']);
});

test('first versions agree with the reference', () => {
  // The reference says '<=5.2.6' for what 5.2.6 has; the older snapshot splits those into 4.4, 5.0-5.1 and 5.2.
  const older = (name: string): string =>
    name in OLDER.new_to_old['4.4.7']! ? '4.4' : name in OLDER.new_to_old['5.1.2']! ? '5.1' : '5.2';
  const expected = (name: string, since: string): string =>
    since === '<=5.2.6' ? older(name) : since.startsWith('5.7') ? '5.7' : since.split('.').slice(0, 2).join('.');
  for (const s of knowledge.allSettings()) {
    const want = expected(s.name, reference.since[s.name] ?? '<=5.2.6');
    // A setting of 5.1.2 may have come in 5.0 or 5.1.
    if (want === '5.1') assert.ok(s.since === '5.0' || s.since === '5.1', `${s.name}: ${s.since}`);
    else assert.equal(s.since, want, s.name);
  }
  assert.equal(knowledge.settingInfo('broker_connection_retry_on_startup')!.sinceRelease, '5.3.0');
  assert.equal(knowledge.settingInfo('task_acks_on_timeout')!.sinceRelease, 'main');
});

test('old names follow _to_compat: explicit old, namespace pattern, else UPPER(new)', () => {
  assert.equal(knowledge.oldNameFor('task_always_eager'), 'CELERY_ALWAYS_EAGER');
  assert.equal(knowledge.oldNameFor('result_expires'), 'CELERY_TASK_RESULT_EXPIRES');
  assert.equal(knowledge.oldNameFor('worker_concurrency'), 'CELERYD_CONCURRENCY');
  assert.equal(knowledge.oldNameFor('beat_schedule'), 'CELERYBEAT_SCHEDULE');
  assert.equal(knowledge.oldNameFor('broker_url'), 'BROKER_URL');
  assert.equal(knowledge.oldNameFor('database_url'), 'CELERY_RESULT_DBURI');
  assert.equal(knowledge.oldNameFor('worker_soft_shutdown_timeout'), 'CELERYD_SOFT_SHUTDOWN_TIMEOUT');
  assert.equal(knowledge.newNameForOld('CELERYD_TASK_TIME_LIMIT'), 'task_time_limit');
  assert.equal(knowledge.oldNameIsNamespacedName('result_backend'), true);
  assert.equal(knowledge.oldNameIsNamespacedName('task_always_eager'), false);
  // 52 old names of 5.2.6 coincide with CELERY_ + UPPER(new) (celery-semantics.md section 3).
  assert.equal(knowledge.allSettings('5.2.6').filter((s) => knowledge.oldNameIsNamespacedName(s.name)).length, 52);
});

test('the version model: lines, releases, main, and versions outside the scanned range', () => {
  assert.equal(knowledge.DEFAULT_CELERY_VERSION, '5.6');
  assert.equal(knowledge.resolveRelease('5.6'), '5.6.3');
  assert.equal(knowledge.resolveRelease('5.2'), '5.2.7');
  assert.equal(knowledge.resolveRelease('5.2.6'), '5.2.6');
  assert.equal(knowledge.resolveRelease('5.3.2'), '5.3.1'); // no 5.3.2 tag: the newest release before it
  assert.equal(knowledge.resolveRelease('5.7'), 'main');
  assert.equal(knowledge.resolveRelease('main'), 'main');
  assert.equal(knowledge.resolveRelease('4.4'), '4.4.7');
  assert.equal(knowledge.resolveRelease('4.3'), '4.4.0'); // older than the table: its oldest release
  assert.equal(knowledge.resolveRelease(undefined), undefined);
  assert.equal(knowledge.isCeleryVersion('5.x'), false);
  assert.throws(() => knowledge.resolveRelease('latest'), /not a Celery version/);
  assert.equal(knowledge.isSettingName('broker_connection_retry_on_startup', '5.2'), false);
  assert.equal(knowledge.isSettingName('broker_connection_retry_on_startup', '5.3'), true);
  assert.equal(knowledge.isSettingName('task_acks_on_timeout', '5.6'), false);
  assert.equal(knowledge.isSettingName('task_acks_on_timeout', '5.7'), true);
  assert.equal(knowledge.isSettingName('task_acks_on_timeout'), true);
  assert.ok(knowledge.compareVersions('5.10', '5.9') > 0);
  assert.ok(knowledge.compareVersions('main', '5.6.3') > 0);
});

test('defaults follow the target version where Celery changed them', () => {
  assert.deepEqual(knowledge.defaultValue('accept_content', '5.2'), {
    kind: 'list',
    items: [{ kind: 'str', value: 'json', literal: false }],
    partial: false,
  });
  assert.equal(knowledge.defaultValue('accept_content', '5.6').kind, 'tuple');
  assert.equal(knowledge.defaultValue('database_engine_options', '5.6.2').kind, 'none');
  assert.equal(knowledge.defaultValue('database_engine_options', '5.6.3').kind, 'dict');
  const retries = knowledge.defaultValue('result_backend_max_retries');
  assert.ok(retries.kind === 'num' && retries.value === Infinity);
  const expires = knowledge.defaultValue('result_expires');
  assert.ok(expires.kind === 'call' && expires.callee === 'datetime.timedelta');
  assert.equal(knowledge.defaultValue('no_such_setting').kind, 'unknown');
});

test('every setting has our own one-line description', () => {
  for (const s of knowledge.allSettings()) {
    assert.ok(s.description.length > 10 && !s.description.includes('\n'), s.name);
  }
  assert.equal(new Set(knowledge.allSettings().map((s) => s.description)).size, knowledge.allSettings().length);
});

test('result backend aliases per version: amqp only in 5.2, gs from 5.4', () => {
  const at = (v: string): Record<string, string> => ({ ...knowledge.backendAliases(v) });
  assert.deepEqual(at('5.2.6'), reference.backend_aliases['5.2.6']);
  assert.deepEqual(at('main'), reference.backend_aliases['main']);
  assert.ok('amqp' in at('5.2') && !('amqp' in at('5.3')));
  assert.ok(!('gs' in at('5.3')) && 'gs' in at('5.4'));
});

test('transport aliases per kombu release, and the kombu a Celery line runs with', () => {
  assert.equal(knowledge.kombuReleaseFor('5.2.6'), '5.2.4');
  assert.equal(knowledge.kombuReleaseFor('main'), 'main');
  assert.deepEqual({ ...knowledge.kombuTransportAliases('5.2.4') }, reference.transport_aliases['kombu 5.2.4']);
  assert.deepEqual({ ...knowledge.kombuTransportAliases('main') }, reference.transport_aliases['kombu main']);
  assert.ok(!('kafka' in knowledge.transportAliases('5.2')));
  assert.ok('confluentkafka' in knowledge.transportAliases('5.3') && !('kafka' in knowledge.transportAliases('5.3')));
  assert.ok('kafka' in knowledge.transportAliases('5.4'));
  assert.ok('gcpubsub' in knowledge.transportAliases('5.6'));
});

test('URL helpers split schemes the way Celery and kombu do', () => {
  assert.equal(knowledge.resultBackendName('db+sqlite:///r.db'), 'db');
  assert.equal(knowledge.resultBackendName('redis://h:6379/0'), 'redis');
  assert.equal(knowledge.resultBackendName('rpc'), 'rpc');
  assert.deepEqual(knowledge.brokerTransportNames('sqla+postgresql://u@h/db'), ['sqla']);
  assert.deepEqual(knowledge.brokerTransportNames('redis://a;REDIS://b'), ['redis', 'redis']);
  assert.deepEqual(knowledge.brokerTransportNames('broker.example:5672'), ['amqp']);
});

test('serializers and trusted content types', () => {
  assert.deepEqual({ ...knowledge.SERIALIZER_CONTENT_TYPES }, reference.serializer_content_types);
  assert.deepEqual([...knowledge.TRUSTED_CONTENT_TYPES].sort(), reference.trusted_content_types);
  assert.equal(knowledge.contentTypeOf('msgpack'), 'application/x-msgpack');
  assert.equal(knowledge.contentTypeOf('application/jsno'), 'application/jsno');
  assert.equal(knowledge.contentTypeOf('toString'), undefined);
  assert.equal(knowledge.isBuiltinSerializer('auth'), false);
  assert.equal(knowledge.isBuiltinSerializer('yaml'), true);
  assert.ok(knowledge.isPickle('application/x-python-serialize'));
});

test('keys read outside the table and extension keys', () => {
  const names = (v: string): string[] => knowledge.extraKeys(v).map((k) => k.key).sort();
  const expected = (v: string): string[] =>
    reference.keys_read_outside_table[v]!.map((k) => k.split(' ')[0]!).sort();
  assert.deepEqual(names('5.2.6'), expected('5.2.6'));
  assert.deepEqual(names('main'), expected('main'));
  assert.equal(knowledge.extensionKeyInfo('redbeat_redis_url')?.package, 'celery-redbeat');
  assert.equal(knowledge.extensionKeyInfo('DJANGO_CELERY_BEAT_TZ_AWARE')?.kind, 'django-setting');
  assert.equal(knowledge.extensionKeyInfo('redbeat_redis_uri'), undefined);
  assert.equal(knowledge.extensionBackendAliases().get('django-db'), 'django-celery-results');
});

test('the table matches the Celery installed here (asked through /usr/bin/python3)', () => {
  // Reads Celery's own derived tables; nothing of the user's is executed.
  const script = [
    'import json, celery',
    'from celery.app import defaults as d',
    'print(json.dumps({"version": celery.__version__, "keys": sorted(d.SETTING_KEYS), "old": d._TO_OLD_KEY}))',
  ].join('\n');
  const real = JSON.parse(execFileSync('/usr/bin/python3', ['-c', script], { encoding: 'utf8' })) as {
    version: string;
    keys: string[];
    old: Record<string, string>;
  };
  const ours = knowledge.allSettings(real.version);
  assert.deepEqual(ours.map((s) => s.name).sort(), real.keys);
  assert.deepEqual(Object.fromEntries(ours.map((s) => [s.name, s.oldName])), Object.fromEntries(Object.entries(real.old)));
  const installedAliases = JSON.parse(
    execFileSync('/usr/bin/python3', ['-c', 'import json; from celery.app.backends import BACKEND_ALIASES as A; print(json.dumps(A))'], { encoding: 'utf8' }),
  ) as Record<string, string>;
  assert.deepEqual({ ...knowledge.backendAliases(real.version) }, installedAliases);
});

test('the generated files record where they came from', () => {
  const source = knowledge.KNOWLEDGE_SOURCE;
  assert.equal(source.celery.repository, 'https://github.com/celery/celery');
  for (const r of [...source.celery.releases, ...source.kombu.releases]) assert.match(r.commit, /^[0-9a-f]{40}$/);
  assert.equal(knowledge.sourceCommit('main'), source.celery.releases.at(-1)!.commit);
  assert.ok(knowledge.CELERY_RELEASES.includes('5.2.6') && knowledge.CELERY_RELEASES.at(-1) === 'main');
});

test('broker transport names follow kombu: transport+url, then broker_transport, then the scheme', () => {
  assert.equal(knowledge.brokerTransportName('redis://h'), 'redis');
  assert.equal(knowledge.brokerTransportName('redis://h', 'memory'), 'memory');
  assert.equal(knowledge.brokerTransportName('sqla+sqlite:///b.db', 'memory'), 'sqla');
  assert.equal(knowledge.brokerTransportName('SQS://'), 'sqs');
  assert.equal(knowledge.brokerTransportName(null), 'amqp');
  assert.equal(knowledge.brokerTransportName('host:5672', 'redis'), 'redis');
  assert.equal(knowledge.isKnownTransport('kafka', '5.2.6'), false);
  assert.equal(knowledge.isKnownTransport('kafka', '5.6'), true);
  assert.equal(knowledge.isKnownTransport('proj.transport.Custom', '5.2'), true);
});

test('aliases whose module is gone, and serializers kombu registers itself', () => {
  assert.equal(knowledge.backendAliasInfo('amqp', '5.2.6')?.targetMissing, true);
  assert.equal(knowledge.backendAliasInfo('amqp', '5.3'), undefined);
  assert.equal(knowledge.backendAliasInfo('riak', '5.6')?.targetMissing, true);
  assert.equal(knowledge.backendAliasInfo('redis', '5.6')?.targetMissing, false);
  // celery.backends.amqp existed until 5.0; the alias outlived it until 5.3.
  assert.equal(knowledge.backendAliasInfo('amqp', '4.4')?.targetMissing, false);
  assert.equal(knowledge.backendAliasInfo('amqp', '5.0')?.targetMissing, true);
  assert.equal(knowledge.isRegisteredSerializer('raw'), false);
  assert.equal(knowledge.isRegisteredSerializer('msgpack'), true);
  assert.equal(knowledge.contentTypeOf('raw'), undefined); // kombu's prepare_accept_content raises for it
  assert.equal(knowledge.contentTypeOf('auth'), 'application/data');
});

test('the mixing check reproduces the outcomes observed on real Celery (celery-semantics.md section 2)', () => {
  const check = (sourceKeys: string[] | null, pendingKeys: string[] = [], autoSetKeys: string[] = [], namespace: string | null = null) =>
    knowledge.detectMixedSettings({ sourceKeys, pendingKeys, autoSetKeys, namespace, version: '5.2.6' });
  // Tie: new format, the old key must be renamed.
  assert.deepEqual(check(['CELERY_ALWAYS_EAGER', 'task_serializer']), {
    format: 'new',
    mixed: [{ key: 'CELERY_ALWAYS_EAGER', renameTo: 'task_always_eager' }],
  });
  // Old majority: old format, the new key must be renamed.
  assert.deepEqual(check(['BROKER_URL', 'CELERY_ALWAYS_EAGER', 'task_serializer']).mixed, [{ key: 'task_serializer', renameTo: 'CELERY_TASK_SERIALIZER' }]);
  // Both spellings of one setting: no error.
  assert.deepEqual(check(['CELERY_TASK_SERIALIZER', 'task_serializer', 'broker_url']).mixed, []);
  // ENABLE_UTC is an old name too.
  assert.equal(check(['ENABLE_UTC', 'timezone']).mixed.length, 1);
  // A namespace never raises; pending keys count only without a source; auto-set keys never count.
  assert.deepEqual(check(['CELERY_ALWAYS_EAGER', 'task_serializer'], [], [], 'CELERY').mixed, []);
  assert.equal(check(null, ['CELERY_ALWAYS_EAGER', 'task_serializer']).mixed.length, 1);
  assert.equal(check(['task_serializer'], ['CELERY_ALWAYS_EAGER']).mixed.length, 0);
  assert.equal(check(null, ['task_serializer', 'CELERY_ALWAYS_EAGER'], ['CELERY_ALWAYS_EAGER']).mixed.length, 0);
  // Version-aware: BROKER_CONNECTION_RETRY_ON_STARTUP is an old name only from 5.3 on.
  assert.equal(knowledge.detectMixedSettings({ sourceKeys: ['BROKER_CONNECTION_RETRY_ON_STARTUP', 'task_serializer'], pendingKeys: [], autoSetKeys: [], namespace: null, version: '5.2.6' }).mixed.length, 0);
  assert.equal(knowledge.detectMixedSettings({ sourceKeys: ['BROKER_CONNECTION_RETRY_ON_STARTUP', 'task_serializer'], pendingKeys: [], autoSetKeys: [], namespace: null, version: '5.6' }).mixed.length, 1);
  assert.equal(
    knowledge.mixedSettingsMessage(check(['CELERY_ALWAYS_EAGER', 'task_serializer'])),
    'Cannot mix new and old setting keys, please rename the\nfollowing settings to the new format:\n\nCELERY_ALWAYS_EAGER                  -> task_always_eager',
  );
});
