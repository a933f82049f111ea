// What print-config says about a rendered case (its JSON: refusal, bindings,
// effective settings), what Celery said, and where they differ.
import { knowledge, taggedValueJson, type AbstractValue } from '@celery-lint/core';
import { ENV_SETTINGS } from './cases';
import type { RenderedCase } from './render';
import { backendOutcome, brokerOutcome, predictAccept, predictBackend, predictBroker } from './predictions';
import { dependsOnEnvironment, mayBe, optionsOf, plain, sameValue, type Tagged } from './tagged-values';

export interface OracleError {
  readonly type: string;
  readonly message: string;
}

export interface OracleResult {
  readonly id: string;
  readonly raises?: OracleError | null;
  readonly keys?: Array<string[] | null>;
  readonly effective?: Readonly<Record<string, Tagged>>;
  readonly serializers?: {
    readonly task_serializer_encodes: true | OracleError;
    readonly task_accept: string[] | OracleError;
    readonly result_accept?: string[] | null;
    readonly result_backend_init: true | OracleError;
  };
  readonly backend?: { readonly value: unknown; readonly class?: string; readonly error?: OracleError };
  readonly broker?: { readonly transport?: unknown; readonly class?: string; readonly error?: OracleError };
  readonly harness_error?: OracleError;
}

/** The parts of print-config's JSON the comparison reads (docs/print-config.md has the whole shape). */
interface JsonPlace {
  readonly key: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
}
interface JsonSpan {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}
export interface JsonBinding {
  readonly key: string;
  readonly setting: string | null;
  readonly status: 'used' | 'ignored' | 'overridden';
  /** Used only by a Settings property's fallback. */
  readonly fallback?: boolean;
  readonly code?: string;
  readonly by?: JsonPlace | null;
  readonly value: Tagged;
  readonly keySpan: JsonSpan;
  readonly valueSpan: JsonSpan;
}
export interface JsonSetting {
  readonly value: Tagged;
  readonly from: string;
  readonly derivedFrom?: string;
}
export interface JsonConfiguration {
  readonly kind: string;
  readonly name: string;
  readonly file: string;
  readonly celery: { readonly version: string; readonly from: string };
  readonly refused: { readonly type: string; readonly message: string } | null;
  /** What loading may raise, depending on the deployment (Django's TIME_ZONE from the environment). */
  readonly mayRefuse?: { readonly type: string; readonly message: string } | null;
  readonly settings: Readonly<Record<string, JsonSetting>>;
  readonly bindings: readonly JsonBinding[];
  readonly opaqueSources: readonly unknown[];
}

export type Category = 'keys' | 'raises' | 'values' | 'serializers' | 'backend' | 'broker';

export interface Comparison {
  readonly caseId: string;
  readonly category: Category;
  /** What was compared: `key CELERY_ALWAYS_EAGER via source`, `value broker_url`, ... */
  readonly subject: string;
  readonly engine: string;
  readonly celery: string;
  readonly agree: boolean;
  /** Agreement on a value print-config gives as "may be" because the deployment's environment decides it. */
  readonly unknownByEnvironment?: boolean;
  /** Facts about the subject, for matching documented differences. */
  readonly facts: Readonly<Record<string, string | boolean | undefined>>;
}

const show = (x: unknown): string => JSON.stringify(x) ?? 'undefined';

/** For model-agreement.test.ts: A Python value as the oracle prints it (tuples and sets as lists), or undefined when the engine does not know it. */
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

/** 1-based line and column of an offset in a text. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

/** The value print-config reports for a setting: its settings entry, else the default (unknown past an opaque source). */
function effective(config: JsonConfiguration | undefined, setting: string, version: string): JsonSetting {
  const reported = config?.settings[setting];
  if (reported) return reported;
  if (config && config.opaqueSources.length > 0) return { value: { type: 'unknown', reason: 'opaque source' }, from: 'unknown' };
  return { value: taggedValueJson(knowledge.defaultValue(setting, version)) as Tagged, from: 'default' };
}

export function compareCase(rendered: RenderedCase, pathOf: (rel: string) => string, config: JsonConfiguration | undefined, oracle: OracleResult, version: string): Comparison[] {
  const id = rendered.case.id;
  const out: Comparison[] = [];
  // What print-config could not read, on every comparison: a class of disagreements of its own.
  const opaque = config?.opaqueSources.map((o) => (o as { reason: string }).reason).join('; ') || undefined;
  const add = (category: Category, subject: string, engine: unknown, celery: unknown, agree: boolean, facts: Comparison['facts'] = {}, unknownByEnvironment = false) =>
    out.push({
      caseId: id,
      category,
      subject,
      engine: typeof engine === 'string' ? engine : show(engine),
      celery: typeof celery === 'string' ? celery : show(celery),
      agree,
      ...(unknownByEnvironment ? { unknownByEnvironment } : {}),
      facts: { ...facts, opaque },
    });

  if (oracle.harness_error) {
    add('raises', 'harness', 'a configuration', `harness error ${show(oracle.harness_error)}`, false, { harness: true });
    return out;
  }

  const refused = config ? config.refused : undefined;
  const celeryRaises = oracle.raises != null;
  // What may raise depending on the deployment (Django loads the settings, and checks TIME_ZONE, before Celery's own
  // check): Celery's error of that type agrees (the unknown part of the message aside), and so does no error at all
  // where print-config says nothing else raises.
  const may = config?.mayRefuse ?? undefined;
  const raisedAsMay = may !== undefined && celeryRaises && oracle.raises!.type === may.type && oracle.raises!.message.startsWith(may.message.replace(/<[^>]*>$/, ''));
  const engineSays = config ? [refused ? `${refused.type}: ${refused.message}` : 'no error', ...(may ? [`may raise ${may.type}: ${may.message}`] : [])].join('; ') : 'no configuration';
  const sure = config !== undefined && (refused != null) === celeryRaises && (!refused || !celeryRaises || oracle.raises!.message === refused.message);
  add('raises', 'configuration raises', engineSays, oracle.raises ? `${oracle.raises.type}: ${oracle.raises.message}` : 'no error', sure || raisedAsMay, {
    engineRaises: config ? refused != null : undefined,
    celeryRaises,
    sameMessage: celeryRaises && refused ? oracle.raises!.message === refused.message : undefined,
  }, may !== undefined);
  if (celeryRaises || !oracle.keys) return out;

  // Which keys Celery uses.
  const bindingAt = (rel: string, offset: number): JsonBinding | undefined => {
    const where = lineColumn(rendered.files[rel]!, offset);
    return config?.bindings.find((b) => b.valueSpan.file === pathOf(rel) && b.valueSpan.line === where.line && b.valueSpan.column === where.column);
  };
  const bindingByKey = (p: JsonPlace) => config?.bindings.find((b) => b.keySpan.file === p.file && b.keySpan.line === p.line && b.keySpan.column === p.column);
  rendered.case.entries.forEach((entry, i) => {
    const span = rendered.spans[i]!;
    const binding = bindingAt(span.file, span.start);
    const found = oracle.keys![i];
    // A value the oracle could not mark (Django validates TIME_ZONE): only its effect on the settings is compared.
    if (found === null || found === undefined) return;
    let engine: string;
    let agree: boolean;
    let keyMayBe = false;
    if (!binding) {
      engine = 'no binding';
      agree = found.length === 0;
    } else if (binding.status === 'used' && binding.fallback) {
      // Read only by a Settings property, when the setting itself is None (broker_host behind broker_url). The property
      // returns the deployment's variable first when it is set and not empty, which the linter cannot see: "may be".
      engine = `used as ${binding.setting} (property fallback)`;
      keyMayBe = found.length === 0 && Object.entries(rendered.case.env ?? {}).some(([name, v]) => ENV_SETTINGS[name] === binding.setting && v !== '');
      agree = found.includes(`property:${binding.setting}`) || keyMayBe;
    } else if (binding.status === 'used') {
      engine = `used as ${binding.setting}`;
      agree = found.length === 1 && found[0] === binding.setting;
    } else if (binding.status === 'overridden') {
      // Follow the chain (a reassigned module global overridden in turn by conf.update) to the binding that decides.
      let winner = binding.by ? bindingByKey(binding.by) : undefined;
      for (let hops = 0; winner && winner.status === 'overridden' && winner.by && hops < 20; hops++) winner = bindingByKey(winner.by);
      const winnerIndex = rendered.spans.findIndex((s) => {
        const w = lineColumn(rendered.files[s.file]!, s.start);
        return winner !== undefined && pathOf(s.file) === winner.valueSpan.file && w.line === winner.valueSpan.line && w.column === winner.valueSpan.column;
      });
      engine = `overridden (${binding.setting}) by ${winner?.key ?? binding.by?.key ?? '?'}`;
      // Reassigned in the same module: the earlier value is gone whether or not Celery reads the name, and whether
      // or not the later one is deleted in turn (`X = a; X = b; del X`: neither reaches Celery).
      const winnerIgnored = winner !== undefined && winner.status === 'ignored' && (winner.setting === null || winner.code === 'discarded');
      // A winner the oracle could not mark (a None) cannot be seen winning; the effective value is compared below.
      const winnerUnmarked = winnerIndex >= 0 && oracle.keys![winnerIndex] === null;
      // A winner only a Settings property reads (a fallback key) shows in Celery as `property:<setting>`.
      const winnerFeeds = winner?.status === 'used' && winner.fallback ? `property:${binding.setting ?? ''}` : binding.setting ?? '';
      agree = found.length === 0 && (winnerIgnored || winnerUnmarked || (winnerIndex >= 0 && (oracle.keys![winnerIndex] ?? []).includes(winnerFeeds)));
    } else {
      engine = `ignored (${binding.code})`;
      agree = found.length === 0;
    }
    const setting = binding?.setting ?? found[0]?.replace('property:', '');
    add('keys', `key ${entry.key} via ${entry.via}${entry.after ? ' after the first read' : ''}`, engine, found.length ? `used as ${found.join(', ')}` : 'not used', agree, {
      key: entry.key,
      via: entry.via,
      source: rendered.case.source,
      namespace: rendered.case.namespace?.name ?? undefined,
      setting: setting ?? undefined,
      settingInVersion: setting ? knowledge.isSettingName(setting, version) : undefined,
      keyIsOldNameInVersion: knowledge.newNameForOld(entry.key, version) !== undefined,
      engineState: binding?.status ?? 'absent',
    }, keyMayBe);
  });

  // The value Celery uses for each setting the case touches, and for the ones print-config always reports.
  const celeryValues = oracle.effective ?? {};
  for (const [setting, celery] of Object.entries(celeryValues)) {
    if (typeof celery === 'object' && celery !== null && !Array.isArray(celery) && (celery.type === 'object' || celery.type === 'error')) continue;
    const mine = effective(config, setting, version);
    // print-config shows what a None falls back to; where Celery has no property doing it, the fallback is compared with what Celery holds there.
    const wanted = mine.from === 'derived' && celery === null && mine.derivedFrom && celeryValues[mine.derivedFrom] !== undefined ? celeryValues[mine.derivedFrom]! : celery;
    const exact = sameValue(mine.value, wanted);
    const maybe = !exact && dependsOnEnvironment(mine.value) && mayBe(mine.value, wanted);
    add('values', `value ${setting}`, `${show(mine.value)} (${mine.from}${mine.derivedFrom ? ` from ${mine.derivedFrom}` : ''})`, wanted, exact || maybe, { setting, from: mine.from }, maybe);
  }

  const value = (setting: string) => plain(effective(config, setting, version).value);
  // A serializer setting the deployment's environment may set ("may be" $X or 'json'): what each known option
  // gives is predicted, and the prediction agrees when every option gives Celery's answer, or "may be" agrees
  // when the environment decides (as for URLs below: a case's deployment may set the variable to anything).
  const choices = (setting: string) => optionsOf(effective(config, setting, version).value);
  const judge = (predicted: readonly unknown[], environment: boolean, real: unknown) => {
    const exact = predicted.length > 0 && predicted.every((p) => show(p) === show(real));
    const maybe = !exact && environment;
    const shown = predicted.length === 1 && !environment ? predicted[0] : `${predicted.map(show).join(' or ')}${environment ? " (or the deployment's environment)" : ''}`;
    return { exact, maybe, shown };
  };
  const ser = oracle.serializers;
  if (ser) {
    const task = choices('task_serializer');
    const encodes = task.known.map((v) => typeof v === 'string' && knowledge.isBuiltinSerializer(v));
    const encoded = judge(encodes, task.environment, ser.task_serializer_encodes === true);
    add('serializers', 'task_serializer encodes', encoded.shown, ser.task_serializer_encodes === true ? true : `${(ser.task_serializer_encodes as OracleError).type}`, encoded.exact || encoded.maybe, {
      setting: 'task_serializer',
      value: String(value('task_serializer')),
    }, encoded.maybe);
    const accept = choices('accept_content');
    const realAccept = Array.isArray(ser.task_accept) ? ser.task_accept : 'error';
    const accepted = judge(accept.known.map(predictAccept), accept.environment, realAccept);
    add('serializers', 'accepted content types (tasks)', accepted.shown, realAccept, accepted.exact || accepted.maybe, { setting: 'accept_content' }, accepted.maybe);
    // Building any result backend looks the result serializer up in kombu's registry and prepares the result accept list.
    const resultSerializer = choices('result_serializer');
    const resultAccept = choices('result_accept_content');
    const resultAccepts = resultAccept.known.map(predictAccept);
    const initOks = resultSerializer.known.flatMap((serializer) =>
      resultAccepts.map((a) => typeof serializer === 'string' && knowledge.isRegisteredSerializer(serializer) && a !== 'error' && a !== undefined),
    );
    const init = judge(initOks, resultSerializer.environment || resultAccept.environment, ser.result_backend_init === true);
    add('serializers', 'result backend accepts its settings', init.shown, ser.result_backend_init === true ? true : `${(ser.result_backend_init as OracleError).type}: ${(ser.result_backend_init as OracleError).message}`, init.exact || init.maybe, {
      setting: 'result_serializer',
    }, init.maybe);
    if (ser.result_backend_init === true && initOks.some((ok) => ok)) {
      const results = judge(resultAccepts.filter((a) => a !== 'error' && a !== undefined), resultAccept.environment, ser.result_accept);
      add('serializers', 'accepted content types (results)', results.shown, ser.result_accept, results.exact || results.maybe, { setting: 'result_accept_content' }, results.maybe);
    }
  }

  // A URL the deployment's environment may replace ("may be" $CELERY_BROKER_URL or ...): every known option is predicted,
  // and the outcome agrees when they all give Celery's, or "may be" agrees since the deployment decides.
  const predictOptions = (setting: string, predict: (v: unknown) => { outcome: 'loads' | 'fails'; name: string } | undefined, real: 'loads' | 'fails') => {
    const { known, environment } = optionsOf(effective(config, setting, version).value);
    const predicted = known.map(predict);
    const exact = predicted.length > 0 && predicted.every((p) => p?.outcome === real);
    const shown = predicted.map((p) => (p ? `${p.name}: ${p.outcome}` : 'unknown value')).join(' or ') + (environment ? " (or the deployment's environment)" : '');
    return { shown, name: predicted.length === 1 ? predicted[0]?.name : undefined, exact, maybe: !exact && environment };
  };
  if (oracle.backend) {
    const real = backendOutcome(oracle.backend);
    const p = predictOptions('result_backend', (v) => predictBackend(v, version), real);
    add('backend', 'result backend loads', p.shown, `${real}${oracle.backend.error ? ` (${oracle.backend.error.type}: ${oracle.backend.error.message})` : ` (${oracle.backend.class})`}`, p.exact || p.maybe, { backend: p.name }, p.maybe);
  }
  if (oracle.broker) {
    const real = brokerOutcome(oracle.broker);
    const transport = value('broker_transport');
    const p = predictOptions('broker_write_url', (v) => predictBroker(v, transport, version), real);
    add('broker', 'broker transport loads', p.shown, `${real}${oracle.broker.error ? ` (${oracle.broker.error.type}: ${oracle.broker.error.message})` : ` (${oracle.broker.class})`}`, p.exact || p.maybe, { transport: p.name }, p.maybe);
  }
  return out;
}
