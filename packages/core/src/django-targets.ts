// Which Django settings modules a project deploys with: the ones Django's
// `check --deploy` is meant for. Deploy checks on a development module
// (DEBUG = True on purpose) are false alarms, so the evidence must be
// positive: a deployment entry point (wsgi.py, asgi.py) that names the module
// in DJANGO_SETTINGS_MODULE, or a module whose own name says production.
// A module picked by its name alone must also set a setting only Django
// reads (INSTALLED_APPS, MIDDLEWARE, ROOT_URLCONF...): a Flask or Celery-only
// `production.py` is not Django settings.
// A module whose name says development, local or test never counts, even when
// an entry point names it (cookiecutter-style wsgi.py files default to the
// local settings and production sets the variable in its environment).
import type { FileAnalysis } from './extract';
import type { ModuleIndex } from './module-index';

export interface DeploymentSettings {
  readonly file: string;
  /** The module's dotted name as the project imports it. */
  readonly module: string;
  /** Why it counts, in words a finding can quote. */
  readonly because: string;
}

const ENTRY_POINT = /(?:^|[\\/])(wsgi|asgi)\.py$/;
const PRODUCTION_NAME = /(?:^|[._])(prod|production|live|deploy|deployment)(?:[._]|$)/i;
const DEVELOPMENT_NAME = /(?:^|[._])(dev|devel|develop|development|local|test|tests|testing|ci|debug|sandbox)(?:[._]|$)/i;

/** `proj/settings/production.py` → `proj.settings.production`, relative to the nearest directory without an __init__.py. */
export function dottedModuleName(file: string, isPackage: (dir: string) => boolean): string {
  const parts = file.replace(/\.pyi?$/, '').split(/[\\/]/);
  if (parts[parts.length - 1] === '__init__') parts.pop();
  let start = parts.length - 1;
  while (start > 0 && isPackage(parts.slice(0, start).join('/'))) start--;
  return parts.slice(start).join('.');
}

/** Settings no other framework's config uses: a module that sets one is Django settings. */
export const DJANGO_ONLY_SETTINGS = ['INSTALLED_APPS', 'MIDDLEWARE', 'ROOT_URLCONF', 'WSGI_APPLICATION', 'ASGI_APPLICATION', 'TEMPLATES', 'DATABASES', 'AUTH_PASSWORD_VALIDATORS'];

/** `setsName(file, name)`: whether the module, or what it star-imports, assigns `name`. */
export function deploymentSettingsModules(analyses: readonly FileAnalysis[], index: ModuleIndex, setsName: (file: string, name: string) => boolean): DeploymentSettings[] {
  const settings = new Map(analyses.filter((a) => a.kind === 'django-settings').map((a) => [a.file, a]));
  if (settings.size === 0) return [];
  const packages = new Set(analyses.filter((a) => /(^|[\\/])__init__\.py$/.test(a.file)).map((a) => a.file.replace(/[\\/]__init__\.py$/, '')));
  const nameOf = (file: string) => dottedModuleName(file, (dir) => packages.has(dir));
  const out = new Map<string, DeploymentSettings>();
  for (const a of analyses) {
    const entry = ENTRY_POINT.exec(a.file);
    if (!entry || !a.djangoSettingsModule) continue;
    const target = index.resolveObject(a.file, a.djangoSettingsModule);
    if (!target || target.attribute !== undefined || !settings.has(target.file) || DEVELOPMENT_NAME.test(a.djangoSettingsModule)) continue;
    if (!out.has(target.file)) out.set(target.file, { file: target.file, module: a.djangoSettingsModule, because: `${entry[1]}.py sets DJANGO_SETTINGS_MODULE to '${a.djangoSettingsModule}'` });
  }
  for (const file of settings.keys()) {
    const module = nameOf(file);
    if (out.has(file) || !PRODUCTION_NAME.test(module) || DEVELOPMENT_NAME.test(module)) continue;
    if (!DJANGO_ONLY_SETTINGS.some((name) => setsName(file, name))) continue;
    out.set(file, { file, module, because: `its name, '${module}', says it is for production` });
  }
  return [...out.values()].sort((x, y) => (x.file < y.file ? -1 : x.file > y.file ? 1 : 0));
}
