// The Djangos the tests run, each through /usr/bin/python3: Debian's own
// python3-django (3.2) and the newer ones scripts/debian-python.sh unpacks
// from Debian's newer suites (CI runs it; so does this, idempotently).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../../..');
export const PYTHON = '/usr/bin/python3';

export interface DjangoSite {
  /** A PYTHONPATH entry that holds the django package, or undefined for the system's own. */
  readonly site: string | undefined;
  readonly label: string;
}

export function djangoSites(): DjangoSite[] {
  const sites: DjangoSite[] = [{ site: undefined, label: 'bookworm' }];
  for (const suite of ['trixie', 'sid']) {
    const done = spawnSync(resolve(ROOT, 'scripts', 'debian-python.sh'), [suite], { encoding: 'utf8' });
    assert.equal(done.status, 0, `scripts/debian-python.sh ${suite}: ${done.stderr}`);
    sites.push({ site: done.stdout.trim().split('\n').pop()!, label: suite });
  }
  return sites;
}

/** The environment that makes /usr/bin/python3 import a site's Django. */
export function envFor(site: DjangoSite, extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  return site.site ? { ...process.env, ...extra, PYTHONPATH: site.site } : { ...process.env, ...extra };
}

const ORACLE = resolve(__dirname, '../../django/oracle.py');

export interface OracleResult {
  readonly id: string;
  readonly ids?: readonly string[];
  readonly loadError?: string;
  readonly crash?: string;
}

/** Real Django's security checks (deploy ones included) on each case (oracle.py). */
export function runOracle(site: DjangoSite, cases: ReadonlyArray<{ readonly id: string; readonly files: Readonly<Record<string, string>>; readonly module: string; readonly env?: Readonly<Record<string, string>> }>): { django: string; results: OracleResult[] } {
  const done = spawnSync(PYTHON, [ORACLE], { input: JSON.stringify(cases), encoding: 'utf8', env: envFor(site), maxBuffer: 64 * 1024 * 1024 });
  assert.equal(done.status, 0, `oracle on ${site.label}: ${done.stderr}`);
  return JSON.parse(done.stdout) as { django: string; results: OracleResult[] };
}
