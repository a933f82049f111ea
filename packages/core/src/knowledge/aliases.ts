// Result backend and broker transport names Celery and kombu know, per target
// version, and the keys Celery (or a well-known extension) reads outside the
// settings table. Data: celery-aliases.data.ts (generated).
import {
  BACKEND_ALIAS_DATA,
  EXTENSION_DATA,
  EXTRA_KEY_DATA,
  KOMBU_FOR_CELERY_LINE,
  TRANSPORT_ALIAS_DATA,
} from './celery-aliases.data';
import type { AliasData, ExtensionData, ExtensionKeyData, ExtraKeyData } from './model';
import { MAIN, lineOf, presentIn, resolveRelease } from './versions';

function table(rows: readonly AliasData[], version: string | undefined): Readonly<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const row of rows) if (presentIn(row.since, row.removedIn, version)) out[row.alias] = row.target;
  return out;
}

/** `BACKEND_ALIASES` of the target Celery version (alias -> class path); without a version, every release's. */
export function backendAliases(version?: string): Readonly<Record<string, string>> {
  return table(BACKEND_ALIAS_DATA, version);
}

/** A backend alias as the target version has it. */
export interface BackendAliasInfo extends AliasData {
  /** The alias names a module the target version does not have (`amqp` in 5.0-5.2, `riak`): loading it fails. */
  readonly targetMissing: boolean;
}

/** The alias row for the target version, with `targetMissing` for aliases whose module is gone there (without a version: gone in the newest release that has the alias). */
export function backendAliasInfo(alias: string, version?: string): BackendAliasInfo | undefined {
  const row = BACKEND_ALIAS_DATA.find((r) => r.alias === alias && presentIn(r.since, r.removedIn, version));
  if (!row) return undefined;
  return { ...row, targetMissing: row.targetMissingSince !== undefined && presentIn(row.targetMissingSince, undefined, version) };
}

/** The kombu release a Celery target is taken to run with (the newest of the same line; main with main). */
export function kombuReleaseFor(version: string): string {
  const release = resolveRelease(version)!;
  const line = release === MAIN ? MAIN : lineOf(release);
  return KOMBU_FOR_CELERY_LINE[line] ?? KOMBU_FOR_CELERY_LINE[MAIN]!;
}

/** kombu's `TRANSPORT_ALIASES` for the target Celery version; without a version, every release's. */
export function transportAliases(version?: string): Readonly<Record<string, string>> {
  return version === undefined ? table(TRANSPORT_ALIAS_DATA, undefined) : kombuTransportAliases(kombuReleaseFor(version));
}

/** `TRANSPORT_ALIASES` of one kombu release (`5.2.4`, `main`). */
export function kombuTransportAliases(kombuRelease: string): Readonly<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const row of TRANSPORT_ALIAS_DATA) {
    if (releaseHas(row, kombuRelease)) out[row.alias] = row.target;
  }
  return out;
}

function releaseHas(row: AliasData, release: string): boolean {
  // kombu releases are compared like Celery's: main last.
  const cmp = (a: string, b: string): number => {
    if (a === b) return 0;
    if (a === MAIN) return 1;
    if (b === MAIN) return -1;
    const pa = a.split('.').map(Number);
    const pb = b.split('.').map(Number);
    for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
    return 0;
  };
  return cmp(row.since, release) <= 0 && (row.removedIn === undefined || cmp(row.removedIn, release) > 0);
}

/**
 * The backend name Celery looks up for a `result_backend` value, as
 * `celery.app.backends.by_url` splits it: `db+sqlite:///x` -> `db`,
 * `redis://h` -> `redis`, `rpc` (no `://`) -> `rpc`. Empty means disabled.
 */
export function resultBackendName(value: string): string {
  const at = value.indexOf('://');
  if (at < 0) return value;
  const scheme = value.slice(0, at);
  const plus = scheme.indexOf('+');
  return plus >= 0 ? value.slice(0, plus) : scheme;
}

/**
 * The transport names kombu resolves for a broker URL, one per failover URL
 * (`;`-separated): `sqla+postgresql://` -> `sqla`, `redis://` -> `redis`.
 * A URL without `://` is a host name for the default transport, `amqp`.
 */
export function brokerTransportNames(url: string): string[] {
  return url.split(';').map((part) => {
    const at = part.indexOf('://');
    if (at < 0) return 'amqp';
    const scheme = part.slice(0, at);
    const plus = scheme.indexOf('+');
    // `transport+url` keeps its spelling; a plain scheme goes through urlparse, which lower-cases it.
    return plus >= 0 ? scheme.slice(0, plus) : scheme.toLowerCase();
  });
}

/**
 * The transport kombu loads for a connection, as `kombu.Connection` decides:
 * a `transport+url` prefix wins; otherwise Celery's `broker_transport`
 * setting, when set, wins over the URL's scheme; otherwise the scheme
 * (lower-cased); a URL without `://` (a host name) or no URL means `amqp`.
 * Only the first of `;`-separated failover URLs counts.
 */
export function brokerTransportName(url: string | null, brokerTransport: string | null = null): string {
  const first = url === null ? '' : url.split(';')[0]!;
  const at = first.indexOf('://');
  if (at >= 0) {
    const scheme = first.slice(0, at);
    const plus = scheme.indexOf('+');
    if (plus >= 0) return scheme.slice(0, plus);
    return brokerTransport || scheme.toLowerCase();
  }
  return brokerTransport || 'amqp';
}

/** Whether kombu knows a transport name for the target version: an alias, or a `module.Class` path. */
export function isKnownTransport(name: string, version?: string): boolean {
  return name in transportAliases(version) || name.includes('.');
}

/** Keys Celery reads outside its settings table, in the target version (`CELERY_DB_REUSE_MAX`, ...). */
export function extraKeys(version?: string): readonly ExtraKeyData[] {
  return EXTRA_KEY_DATA.filter((k) => presentIn(k.since, k.removedIn, version));
}

export function extraKeyInfo(key: string, version?: string): ExtraKeyData | undefined {
  return extraKeys(version).find((k) => k.key === key);
}

/** The well-known extensions and the settings they read. */
export function extensions(): readonly ExtensionData[] {
  return EXTENSION_DATA;
}

/** The extension setting a key is, if any: `redbeat_redis_url` -> celery-redbeat's. */
export function extensionKeyInfo(key: string): (ExtensionKeyData & { readonly package: string }) | undefined {
  for (const ext of EXTENSION_DATA) {
    const hit = ext.keys.find((k) => k.key === key);
    if (hit) return { ...hit, package: ext.package };
  }
  return undefined;
}

/** Result backend aliases that extensions register through entry points (`django-db`). */
export function extensionBackendAliases(): ReadonlyMap<string, string> {
  return new Map(EXTENSION_DATA.flatMap((ext) => ext.resultBackends.map((alias) => [alias, ext.package] as const)));
}
