// Which Django settings modules a project deploys with: the ones Django's
// `check --deploy` is meant for. Deploy checks on a development module
// (DEBUG = True on purpose) are false alarms, so the evidence must be
// positive: a deployment entry point (wsgi.py, asgi.py) or a launch file
// only deployments use (Kubernetes, Procfile, supervisord, systemd:
// launch/settings-module.ts) that names the module in DJANGO_SETTINGS_MODULE,
// or a module whose own name says production.
// A module picked by its name alone must also set a setting only Django
// reads (INSTALLED_APPS, MIDDLEWARE, ROOT_URLCONF...): a Flask or Celery-only
// `production.py` is not Django settings.
// A module whose name says development, local or test never counts, even when
// an entry point names it (cookiecutter-style wsgi.py files default to the
// local settings and production sets the variable in its environment).
import type { FileAnalysis } from './analysis-model';
import type { ModuleIndex } from './module-index';
import type { LaunchedSettingsModule } from './launch/settings-module';

export interface DeploymentSettings {
  readonly file: string;
  /** The module as findings name it: the DJANGO_SETTINGS_MODULE that names it, else its last directory and file. */
  readonly module: string;
  /** Why it counts, in words a finding can quote. */
  readonly because: string;
}

const ENTRY_POINT = /(?:^|[\\/])(wsgi|asgi)\.py$/;
const DEPLOYING_ORIGINS: ReadonlySet<LaunchedSettingsModule['origin']> = new Set(['kubernetes', 'procfile', 'supervisor', 'systemd']);
const PRODUCTION_NAME = /(?:^|[._])(prod|production|live|deploy|deployment)(?:[._]|$)/i;
// `compose` (readthedocs' settings/docker_compose.py): the settings of a Compose stack, which runs on a laptop as
// often as in production; the Compose files themselves are no deployment evidence either (DEPLOYING_ORIGINS).
const DEVELOPMENT_NAME = /(?:^|[._])(dev|devel|develop|development|local|test|tests|testing|ci|debug|sandbox|compose)(?:[._]|$)/i;

/**
 * How a module picked by its name is shown: its last directory and file
 * (`settings/production.py`). Not a dotted name: that depends on which
 * packages' __init__.py files a run reads, and a pre-commit run over one file
 * must say the same as a whole-project run.
 */
function shortPath(file: string): string {
  return file.split(/[\\/]/).slice(-2).join('/');
}

/** The path's last directories and the file's stem, as the name test reads them (`config/settings/production`). */
function nameParts(file: string): string {
  return file.replace(/\.pyi?$/, '').split(/[\\/]/).slice(-3).join('.');
}

/** Settings no other framework's config uses: a module that sets one is Django settings. */
export const DJANGO_ONLY_SETTINGS = ['INSTALLED_APPS', 'MIDDLEWARE', 'ROOT_URLCONF', 'WSGI_APPLICATION', 'ASGI_APPLICATION', 'TEMPLATES', 'DATABASES', 'AUTH_PASSWORD_VALIDATORS'];

/**
 * `setsName(file, name)`: whether the module, or what it star-imports,
 * assigns `name`; `setsAnySetting(file)`: whether it assigns any Django setting.
 */
export function deploymentSettingsModules(
  analyses: readonly FileAnalysis[],
  index: ModuleIndex,
  setsName: (file: string, name: string) => boolean,
  setsAnySetting: (file: string) => boolean,
  launched: readonly LaunchedSettingsModule[] = [],
): DeploymentSettings[] {
  // A module of django-configurations classes keeps its settings in a class the environment picks, not in its globals.
  const settings = new Map(analyses.filter((a) => a.kind === 'django-settings' && a.settingsClasses.size === 0).map((a) => [a.file, a]));
  if (settings.size === 0) return [];
  const out = new Map<string, DeploymentSettings>();
  for (const a of analyses) {
    const entry = ENTRY_POINT.exec(a.file);
    if (!entry || !a.djangoSettingsModule) continue;
    const target = index.resolveObject(a.file, a.djangoSettingsModule);
    if (!target || target.attribute !== undefined || !settings.has(target.file) || DEVELOPMENT_NAME.test(a.djangoSettingsModule)) continue;
    // A package's empty __init__ (the deployment names a submodule in its environment) is not what runs.
    if (!setsAnySetting(target.file)) continue;
    if (!out.has(target.file)) out.set(target.file, { file: target.file, module: a.djangoSettingsModule, because: `${entry[1]}.py sets DJANGO_SETTINGS_MODULE to '${a.djangoSettingsModule}'` });
  }
  // A launch file only production uses (Kubernetes, a Procfile, supervisord, systemd) names what production reads;
  // Compose files, images and scripts run as often on a laptop (runserver, the source mounted in), so they say nothing.
  for (const named of launched) {
    if (!DEPLOYING_ORIGINS.has(named.origin)) continue;
    const target = index.resolveObject(named.span.file, named.module);
    if (!target || target.attribute !== undefined || !settings.has(target.file) || out.has(target.file) || DEVELOPMENT_NAME.test(named.module)) continue;
    if (!setsAnySetting(target.file)) continue;
    out.set(target.file, { file: target.file, module: named.module, because: `${named.where} sets DJANGO_SETTINGS_MODULE to '${named.module}'` });
  }
  for (const file of settings.keys()) {
    const parts = nameParts(file);
    if (out.has(file) || !PRODUCTION_NAME.test(parts) || DEVELOPMENT_NAME.test(parts)) continue;
    if (!DJANGO_ONLY_SETTINGS.some((name) => setsName(file, name))) continue;
    const module = shortPath(file);
    out.set(file, { file, module, because: `its path says it is for production` });
  }
  return [...out.values()].sort((x, y) => (x.file < y.file ? -1 : x.file > y.file ? 1 : 0));
}
