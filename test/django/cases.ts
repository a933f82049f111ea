// Generates Django projects for the deploy-check differential test: the
// settings that Django's security checks read, each left out or given a value
// that sits on one side or the other of a check's condition (truthiness vs
// `is True`, exact strings, defaults that changed between versions), written
// in one module or split between a base module and a production module that
// star-imports it, as literals, through names, or from the environment.
// Deterministic: a seeded PRNG, so a failing case has a stable id.
import { prng } from '../differential/draws';

export interface DjangoCase {
  readonly id: string;
  /** Relative path → text. */
  readonly files: Readonly<Record<string, string>>;
  /** The dotted settings module Django loads (DJANGO_SETTINGS_MODULE). */
  readonly module: string;
  /** The environment the oracle runs with (celery-lint sees only the code). */
  readonly env: Readonly<Record<string, string>>;
  /** Settings whose final value comes from the environment: celery-lint may only say "may be" about them. */
  readonly fromEnvironment: readonly string[];
}

const SECURITY = 'django.middleware.security.SecurityMiddleware';
const SESSIONS_MW = 'django.contrib.sessions.middleware.SessionMiddleware';
const CSRF = 'django.middleware.csrf.CsrfViewMiddleware';
const XFRAME = 'django.middleware.clickjacking.XFrameOptionsMiddleware';
const OTHER_MW = ['django.middleware.common.CommonMiddleware', 'myproj.middleware.SecurityMiddleware'];
const STRONG_KEY = "'q8Zp3vN1xK7rT2mW9bY4cH6jL0sD5fG8aE1uI3oP7yR2tQ9wZ4'";

/** Python expressions for one setting; undefined means "leave it out" (Django's default). */
const VALUES: Readonly<Record<string, readonly (string | undefined)[]>> = {
  DEBUG: [undefined, 'True', 'False', "'False'", '0', '1', "os.environ.get('DEBUG', False)", "os.environ.get('DEBUG') == 'True'"],
  SECRET_KEY: [undefined, "''", "'short'", STRONG_KEY, "'k' * 60", "'django-insecure-' + 'a1b2c3d4e5' * 5", "os.environ['SECRET_KEY']", "os.environ.get('SECRET_KEY', 'dev')"],
  ALLOWED_HOSTS: [undefined, '[]', "['*']", "['example.com']", "'example.com'", "os.environ.get('ALLOWED_HOSTS', '').split(',')", '()'],
  SECURE_HSTS_SECONDS: [undefined, '0', '3600', "'0'", '-1', "int(os.environ.get('HSTS', '0'))"],
  SECURE_HSTS_INCLUDE_SUBDOMAINS: [undefined, 'True', '1', 'False'],
  SECURE_HSTS_PRELOAD: [undefined, 'True', '1', 'False'],
  SECURE_CONTENT_TYPE_NOSNIFF: [undefined, 'True', 'False', '1'],
  SECURE_SSL_REDIRECT: [undefined, 'True', '1', 'False', "os.environ.get('SSL_REDIRECT', 'True') == 'True'"],
  SESSION_COOKIE_SECURE: [undefined, 'True', '1', 'False', "'yes'"],
  SESSION_COOKIE_HTTPONLY: [undefined, 'True', 'False', '1'],
  CSRF_COOKIE_SECURE: [undefined, 'True', 'False', "'yes'", '1'],
  CSRF_USE_SESSIONS: [undefined, undefined, 'True'],
  X_FRAME_OPTIONS: [undefined, "'DENY'", "'deny'", "'SAMEORIGIN'"],
  SECURE_REFERRER_POLICY: [undefined, 'None', "''", "'same-origin'", "'no-referrer, origin'", "['origin', 'unsafe-url']", "'bogus'", "('strict-origin', 'Origin')"],
  SECURE_CROSS_ORIGIN_OPENER_POLICY: [undefined, 'None', "'same-origin'", "'unsafe-none'", "'bogus'"],
  DEFAULT_HASHING_ALGORITHM: [undefined, undefined, "'sha1'", "'md5'"],
  CSRF_FAILURE_VIEW: [undefined, undefined, "'django.views.csrf.csrf_failure'", "'nope.views.fail'"],
};

/** Environments the oracle may run a case with: the code reads these names. */
const ENVIRONMENTS: readonly Readonly<Record<string, string>>[] = [
  { SECRET_KEY: 'w7Xk2pQ9rT4vN8mB3cZ6yH1jL5sD0fG2aE7uI9oP4yR6tQ1wZ3', ALLOWED_HOSTS: 'example.com', HSTS: '3600' },
  { DEBUG: 'True', SECRET_KEY: 'x', ALLOWED_HOSTS: '', SSL_REDIRECT: 'False' },
  {},
];

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

function middleware(random: () => number): string | undefined {
  if (random() < 0.08) return undefined;
  const items = [SECURITY, SESSIONS_MW, CSRF, XFRAME, ...OTHER_MW].filter(() => random() < 0.6);
  return `[\n${items.map((m) => `    '${m}',\n`).join('')}]`;
}

function installedApps(random: () => number): string | undefined {
  if (random() < 0.08) return undefined;
  const sessions = pick(random, ['django.contrib.sessions', 'django.contrib.sessions', 'django.contrib.sessions.apps.SessionsConfig', undefined]);
  const items = ['django.contrib.contenttypes', 'django.contrib.auth', sessions].filter((a): a is string => a !== undefined);
  return `[${items.map((a) => `'${a}'`).join(', ')}]`;
}

interface Assignment {
  readonly name: string;
  readonly value: string;
  /** Through a module-level name (`_VALUE = ...; NAME = _VALUE`) instead of directly. */
  readonly viaName: boolean;
}

function render(assignments: readonly Assignment[], header: string): string {
  const lines = [header];
  for (const a of assignments) {
    if (a.viaName) lines.push(`_${a.name.toLowerCase()} = ${a.value}`, `${a.name} = _${a.name.toLowerCase()}`);
    else lines.push(`${a.name} = ${a.value}`);
  }
  return `${lines.join('\n')}\n`;
}

function fromEnvironment(effective: readonly Assignment[]): string[] {
  return effective.filter((a) => a.value.includes('os.environ')).map((a) => a.name);
}

/** One project: settings in one module, or a base module plus a production module that overrides part of it. */
export function generateDjangoCase(index: number, seed: number): DjangoCase {
  const random = prng(seed + index * 7919);
  const assignments: Assignment[] = [];
  const add = (name: string, value: string | undefined): void => {
    if (value !== undefined) assignments.push({ name, value, viaName: random() < 0.15 });
  };
  add('MIDDLEWARE', middleware(random));
  add('INSTALLED_APPS', installedApps(random));
  for (const [name, values] of Object.entries(VALUES)) add(name, pick(random, values));
  const env = pick(random, ENVIRONMENTS);
  // os.environ['SECRET_KEY'] only where the environment has it: a KeyError is the environment's fault, not the settings'.
  const loadable = (value: string): string => (value === "os.environ['SECRET_KEY']" && env.SECRET_KEY === undefined ? STRONG_KEY : value);
  for (let i = 0; i < assignments.length; i++) assignments[i] = { ...assignments[i]!, value: loadable(assignments[i]!.value) };
  const id = `django-${seed}-${index}`;
  const single = random() < 0.5;
  const module = single ? 'proj.settings' : 'proj.settings.production';
  // The deployment entry point names the module, as startproject's wsgi.py does.
  const wsgi = `import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', '${module}')\n`;
  if (single) {
    return { id, module, env, fromEnvironment: fromEnvironment(assignments), files: { 'proj/__init__.py': '', 'proj/wsgi.py': wsgi, 'proj/settings.py': render(assignments, 'import os') } };
  }
  // Split settings: the production module star-imports the base and overrides some names (perhaps again).
  const base: Assignment[] = [];
  const prod: Assignment[] = [];
  for (const a of assignments) {
    const r = random();
    if (r < 0.45) base.push(a);
    else if (r < 0.8) prod.push(a);
    else {
      base.push({ ...a, value: loadable(pick(random, VALUES[a.name] ?? [a.value]) ?? a.value) });
      prod.push(a);
    }
  }
  return {
    id,
    module,
    env,
    fromEnvironment: fromEnvironment([...base.filter((b) => !prod.some((p) => p.name === b.name)), ...prod]),
    files: {
      'proj/__init__.py': '',
      'proj/wsgi.py': wsgi,
      'proj/settings/__init__.py': '',
      'proj/settings/base.py': render(base, 'import os'),
      'proj/settings/production.py': render(prod, 'import os\nfrom .base import *  # noqa'),
    },
  };
}

export function generateDjangoCases(count: number, seed = 20261202): DjangoCase[] {
  return Array.from({ length: count }, (_, i) => generateDjangoCase(i, seed));
}
