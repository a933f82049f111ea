// What the knowledge base predicts kombu and Celery do with effective values
// print-config reports (accept lists, backend URLs, broker transports), and
// how the oracle's observed outcome reads, so the two can be compared.
import { knowledge } from '@celery-lint/core';
import type { OracleResult } from './compare';

/** kombu's prepare_accept_content as the knowledge base predicts it: MIME types pass, names must be known. */
export function predictAccept(value: unknown): string[] | 'error' | undefined {
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
export function backendOutcome(b: NonNullable<OracleResult['backend']>): 'loads' | 'fails' {
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

/** value: a plain value (string or null), undefined when print-config does not know it. */
export function predictBackend(value: unknown, version: string): { outcome: 'loads' | 'fails'; name: string } | undefined {
  if (value === null) return { outcome: 'loads', name: 'disabled' };
  if (typeof value !== 'string') return undefined;
  const name = knowledge.resultBackendName(value);
  if (name === '') return { outcome: 'loads', name: 'disabled' };
  const alias = knowledge.backendAliasInfo(name, version);
  if (alias) return { outcome: alias.targetMissing ? 'fails' : 'loads', name };
  // `pkg.module:Class` / `pkg.module.Class` class paths load if they name a real class; only Celery's own are predictable.
  if (/^celery\.backends\.[a-z_]+[:.][A-Za-z]+$/.test(name)) return { outcome: 'loads', name };
  return { outcome: 'fails', name };
}

export function brokerOutcome(b: NonNullable<OracleResult['broker']>): 'loads' | 'fails' {
  if (b.class) return 'loads';
  const e = b.error!;
  if (e.type === 'KeyError' && /No such transport/.test(e.message)) return 'fails';
  // A known transport whose client library is missing here (boto3, kazoo, ...).
  if (e.type === 'ModuleNotFoundError' || e.type === 'ImportError' || e.type === 'ImproperlyConfigured') return 'loads';
  // kombu 5.5.3's confluentkafka transport names KafkaException when confluent_kafka is not installed.
  if (e.type === 'NameError' && /KafkaException/.test(e.message)) return 'loads';
  return 'fails';
}

export function predictBroker(url: unknown, transport: unknown, version: string): { outcome: 'loads' | 'fails'; name: string } | undefined {
  if ((url !== null && typeof url !== 'string') || (transport !== null && typeof transport !== 'string')) return undefined;
  const name = knowledge.brokerTransportName(url, transport);
  return { outcome: knowledge.isKnownTransport(name, version) ? 'loads' : 'fails', name };
}
