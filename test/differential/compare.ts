// What the engine says about a rendered case, what Celery said, and where
// they differ. The engine's answers come from its effective configuration
// (binding status, effective values) and the knowledge base (serializer
// table, backend and transport aliases, the mixing check), all for the Celery
// version the oracle ran.
import { knowledge, type AbstractValue, type ConfiguredBinding, type EffectiveConfigurationInfo } from '@celery-lint/core';
import type { RenderedCase } from './render';

export interface OracleError {
  readonly type: string;
  readonly message: string;
}

export interface OracleResult {
  readonly id: string;
  readonly raises?: OracleError | null;
  readonly keys?: string[][];
  readonly serializers?: {
    readonly task_serializer: unknown;
    readonly result_serializer: unknown;
    readonly accept_content: unknown;
    readonly result_accept_content: unknown;
    readonly event_serializer: unknown;
    readonly task_serializer_encodes: true | OracleError;
    readonly task_accept: string[] | OracleError;
    readonly result_accept?: string[] | null;
    readonly result_backend_init: true | OracleError;
  };
  readonly backend?: { readonly value: unknown; readonly class?: string; readonly error?: OracleError };
  readonly broker?: { readonly transport?: unknown; readonly class?: string; readonly error?: OracleError };
  readonly harness_error?: OracleError;
}

export type Category = 'keys' | 'raises' | 'serializers' | 'backend' | 'broker';

export interface Comparison {
  readonly caseId: string;
  readonly category: Category;
  /** What was compared: `key CELERY_ALWAYS_EAGER`, `accept_content`, ... */
  readonly subject: string;
  readonly engine: string;
  readonly celery: string;
  readonly agree: boolean;
  /** Facts about the subject, for matching documented differences. */
  readonly facts: Readonly<Record<string, string | boolean | undefined>>;
}

const show = (x: unknown): string => JSON.stringify(x) ?? 'undefined';

/** A Python value as the oracle prints it (tuples and sets as lists), or undefined when the engine does not know it. */
export function pythonJson(v: AbstractValue): unknown {
  switch (v.kind) {
    case 'str':
      return v.value;
    case 'num':
    case 'bool':
      return v.value;
    case 'none':
      return null;
    case 'list':
    case 'tuple':
    case 'set': {
      if (v.partial) return undefined;
      const items = v.items.map(pythonJson);
      if (items.some((i) => i === undefined)) return undefined;
      return v.kind === 'set' ? [...items].sort((a, b) => (show(a) < show(b) ? -1 : 1)) : items;
    }
    case 'dict': {
      if (v.partial) return undefined;
      const out: Record<string, unknown> = {};
      for (const e of v.entries) {
        const value = pythonJson(e.value);
        if (e.key.kind !== 'str' || value === undefined) return undefined;
        out[e.key.value] = value;
      }
      return out;
    }
    default:
      return undefined;
  }
}

/** The engine's binding for a case entry: the one whose value starts where the entry's value was written. */
function bindingAt(config: EffectiveConfigurationInfo | undefined, file: string, start: number): ConfiguredBinding | undefined {
  return config?.bindings.find((b) => b.valueSpan.file === file && b.valueSpan.start === start);
}

/** The value Celery would read for a setting, per the engine: the used binding, else the table default. */
function effective(config: EffectiveConfigurationInfo | undefined, setting: string, version: string): AbstractValue {
  const used = config?.bindings.find((b) => b.setting === setting && b.status.state === 'used');
  return used ? used.value : knowledge.defaultValue(setting, version);
}

/** kombu's prepare_accept_content as the knowledge base predicts it: MIME types pass, names must be known. */
function predictAccept(value: unknown): string[] | 'error' | undefined {
  if (value === undefined) return undefined;
  const items = typeof value === 'string' ? [...value] : Array.isArray(value) ? value : undefined;
  if (!items) return undefined;
  const out = new Set<string>();
  for (const item of items) {
    if (typeof item !== 'string') return undefined;
    // The generated apps never call setup_security(), so `auth` is not registered there.
    const type = item === 'auth' ? undefined : knowledge.contentTypeOf(item);
    if (type === undefined) return 'error';
    out.add(type);
  }
  return [...out].sort();
}

/** How a backend load went in Celery: the alias loads (maybe missing a driver library), or it is unknown/broken. */
function backendOutcome(b: NonNullable<OracleResult['backend']>): 'loads' | 'fails' {
  if (b.class) return 'loads';
  const e = b.error!;
  // The class exists but imports a library that is not installed here (sqlalchemy, pymongo, ...).
  const missing = /^No module named '([^']+)'/.exec(e.message)?.[1];
  if ((e.type === 'ModuleNotFoundError' || e.type === 'ImportError') && missing && !missing.startsWith('celery.') && !isAliasLike(b.value, missing)) return 'loads';
  if (e.type === 'ImproperlyConfigured' && /install/i.test(e.message)) return 'loads';
  return 'fails';
}

function isAliasLike(value: unknown, module: string): boolean {
  return typeof value === 'string' && knowledge.resultBackendName(value).split(/[.:]/)[0] === module.split('.')[0];
}

function predictBackend(value: AbstractValue, version: string): { outcome: 'loads' | 'fails'; name: string } | undefined {
  if (value.kind === 'none') return { outcome: 'loads', name: 'disabled' };
  if (value.kind !== 'str') return undefined;
  const name = knowledge.resultBackendName(value.value);
  if (name === '') return { outcome: 'loads', name: 'disabled' };
  const alias = knowledge.backendAliasInfo(name, version);
  if (alias) return { outcome: alias.targetMissing ? 'fails' : 'loads', name };
  // `pkg.module:Class` / `pkg.module.Class` class paths load if they name a real class; only Celery's own are predictable.
  if (/^celery\.backends\.[a-z_]+[:.][A-Za-z]+$/.test(name)) return { outcome: 'loads', name };
  return { outcome: 'fails', name };
}

function brokerOutcome(b: NonNullable<OracleResult['broker']>): 'loads' | 'fails' {
  if (b.class) return 'loads';
  const e = b.error!;
  if (e.type === 'KeyError' && /No such transport/.test(e.message)) return 'fails';
  // A known transport whose client library is missing here (boto3, kazoo, ...).
  if (e.type === 'ModuleNotFoundError' || e.type === 'ImportError' || e.type === 'ImproperlyConfigured') return 'loads';
  return 'fails';
}

function predictBroker(url: AbstractValue, transport: AbstractValue, version: string): { outcome: 'loads' | 'fails'; name: string } | undefined {
  if ((url.kind !== 'none' && url.kind !== 'str') || (transport.kind !== 'none' && transport.kind !== 'str')) return undefined;
  const name = knowledge.brokerTransportName(url.kind === 'str' ? url.value : null, transport.kind === 'str' ? transport.value : null);
  return { outcome: knowledge.isKnownTransport(name, version) ? 'loads' : 'fails', name };
}

/** The app configuration of a case (the app module creates `app`). */
export function appConfiguration(configs: readonly EffectiveConfigurationInfo[], appFile: string): EffectiveConfigurationInfo | undefined {
  return configs.find((c) => c.kind === 'app' && c.file === appFile && c.name === 'app');
}

export function compareCase(
  rendered: RenderedCase,
  pathOf: (rel: string) => string,
  config: EffectiveConfigurationInfo | undefined,
  oracle: OracleResult,
  version: string,
): Comparison[] {
  const id = rendered.case.id;
  const out: Comparison[] = [];
  const add = (category: Category, subject: string, engine: unknown, celery: unknown, agree: boolean, facts: Comparison['facts'] = {}) =>
    out.push({ caseId: id, category, subject, engine: typeof engine === 'string' ? engine : show(engine), celery: typeof celery === 'string' ? celery : show(celery), agree, facts });

  if (oracle.harness_error) {
    add('raises', 'harness', 'a configuration', `harness error ${show(oracle.harness_error)}`, false, { harness: true });
    return out;
  }

  const mix = config ? knowledge.mixedSettingsOf(config, version) : undefined;
  const engineRaises = mix ? mix.mixed.length > 0 : undefined;
  const celeryRaises = oracle.raises != null;
  add('raises', 'configuration raises', mix ? knowledge.mixedSettingsMessage(mix) ?? 'no error' : 'no configuration', oracle.raises ? `${oracle.raises.type}: ${oracle.raises.message}` : 'no error', engineRaises === celeryRaises, {
    engineRaises,
    celeryRaises,
    sameMessage: celeryRaises && engineRaises ? oracle.raises!.message === knowledge.mixedSettingsMessage(mix!) : undefined,
  });
  if (celeryRaises || !oracle.keys) return out;

  // Which keys Celery uses.
  rendered.case.entries.forEach((entry, i) => {
    const span = rendered.spans[i]!;
    const binding = bindingAt(config, pathOf(span.file), span.start);
    const found = oracle.keys![i]!;
    const status = binding?.status;
    let engine: string;
    let agree: boolean;
    if (!binding || !status) {
      engine = 'no binding';
      agree = found.length === 0;
    } else if (status.state === 'used') {
      engine = `used as ${binding.setting}`;
      agree = found.length === 1 && found[0] === binding.setting;
    } else if (status.state === 'overridden') {
      // Follow the chain (a reassigned module global overridden in turn by conf.update) to the binding that decides.
      let winner = config!.bindings.find((b) => b.id === status.by);
      for (let hops = 0; winner && winner.status.state === 'overridden' && hops < 20; hops++) {
        const next: string = winner.status.by;
        winner = config!.bindings.find((b) => b.id === next);
      }
      const winnerIndex = rendered.spans.findIndex((s) => winner && pathOf(s.file) === winner.valueSpan.file && s.start === winner.valueSpan.start);
      engine = `overridden (${binding.setting}) by ${winner?.key ?? status.by}`;
      // Reassigned in the same module: the earlier value is gone whether or not Celery reads the name.
      const winnerIgnored = winner !== undefined && winner.status.state === 'ignored' && winner.setting === undefined;
      agree = found.length === 0 && (winnerIgnored || (winnerIndex >= 0 && (oracle.keys![winnerIndex] ?? []).includes(binding.setting ?? '')));
    } else {
      engine = `ignored (${status.code})`;
      agree = found.length === 0;
    }
    const setting = binding?.setting ?? found[0];
    add('keys', `key ${entry.key} via ${entry.via}`, engine, found.length ? `used as ${found.join(', ')}` : 'not used', agree, {
      key: entry.key,
      via: entry.via,
      source: rendered.case.source,
      namespace: rendered.case.namespace?.name ?? undefined,
      setting,
      settingInVersion: setting ? knowledge.isSettingName(setting, version) : undefined,
      keyIsOldNameInVersion: knowledge.newNameForOld(entry.key, version) !== undefined,
      keyIsOldNameAnywhere: knowledge.newNameForOld(entry.key) !== undefined,
      engineState: binding?.status.state ?? 'absent',
    });
  });

  const ser = oracle.serializers;
  if (ser) {
    for (const name of ['task_serializer', 'result_serializer', 'accept_content', 'result_accept_content', 'event_serializer'] as const) {
      const value = pythonJson(effective(config, name, version));
      add('serializers', name, value, ser[name], value !== undefined && show(value) === show(ser[name]), { setting: name });
    }
    const taskSerializer = pythonJson(effective(config, 'task_serializer', version));
    const encodes = typeof taskSerializer === 'string' && knowledge.isBuiltinSerializer(taskSerializer);
    add('serializers', 'task_serializer encodes', encodes, ser.task_serializer_encodes === true ? true : `${(ser.task_serializer_encodes as OracleError).type}`, encodes === (ser.task_serializer_encodes === true), {
      setting: 'task_serializer',
      value: String(taskSerializer),
    });
    const accept = predictAccept(pythonJson(effective(config, 'accept_content', version)));
    const realAccept = Array.isArray(ser.task_accept) ? ser.task_accept : 'error';
    add('serializers', 'accepted content types (tasks)', accept, realAccept, show(accept) === show(realAccept), { setting: 'accept_content' });
    // Building any result backend looks the result serializer up in kombu's registry and prepares the result accept list.
    const resultSerializer = pythonJson(effective(config, 'result_serializer', version));
    const resultAcceptValue = pythonJson(effective(config, 'result_accept_content', version));
    const resultAccept = predictAccept(resultAcceptValue === null ? pythonJson(effective(config, 'accept_content', version)) : resultAcceptValue);
    const initOk = typeof resultSerializer === 'string' && knowledge.isRegisteredSerializer(resultSerializer) && resultAccept !== 'error' && resultAccept !== undefined;
    add('serializers', 'result backend accepts its settings', initOk, ser.result_backend_init === true ? true : `${(ser.result_backend_init as OracleError).type}: ${(ser.result_backend_init as OracleError).message}`, initOk === (ser.result_backend_init === true), {
      setting: 'result_serializer',
    });
    if (ser.result_backend_init === true && initOk) {
      add('serializers', 'accepted content types (results)', resultAccept, ser.result_accept, show(resultAccept) === show(ser.result_accept), { setting: 'result_accept_content' });
    }
  }

  if (oracle.backend) {
    const predicted = predictBackend(effective(config, 'result_backend', version), version);
    const real = backendOutcome(oracle.backend);
    add('backend', 'result backend loads', predicted ? `${predicted.name}: ${predicted.outcome}` : 'unknown value', `${real}${oracle.backend.error ? ` (${oracle.backend.error.type}: ${oracle.backend.error.message})` : ` (${oracle.backend.class})`}`, predicted?.outcome === real, {
      backend: predicted?.name,
      value: typeof oracle.backend.value === 'string' ? oracle.backend.value : undefined,
    });
  }
  if (oracle.broker) {
    const predicted = predictBroker(effective(config, 'broker_url', version), effective(config, 'broker_transport', version), version);
    const real = brokerOutcome(oracle.broker);
    add('broker', 'broker transport loads', predicted ? `${predicted.name}: ${predicted.outcome}` : 'unknown value', `${real}${oracle.broker.error ? ` (${oracle.broker.error.type}: ${oracle.broker.error.message})` : ` (${oracle.broker.class})`}`, predicted?.outcome === real, {
      transport: predicted?.name,
    });
  }
  return out;
}
