// The first guess at what a module is to the project (Django settings, a
// Celery config module, an app's module, other): from its path, what it
// imports and which names it sets. roles.ts then decides from how the project
// uses it; this guess is what a module nobody names keeps.
import type { ModuleKind } from './analysis-model';
import { isSettingName, newNameForOld } from './knowledge/settings';
import type { Slot } from './module-scope';
import { isUpperCaseName } from './setting-names';

const DJANGO_MARKERS = /^(INSTALLED_APPS|DATABASES|SECRET_KEY|MIDDLEWARE|ROOT_URLCONF|WSGI_APPLICATION|TEMPLATES|ALLOWED_HOSTS|STATIC_URL)$/;

/**
 * What a module is, guessed from its path and names before the project says how it uses it (roles.ts
 * decides). `importPaths`: the modules it imports, asked only when the cheaper tests do not settle it.
 */
export function guessModuleKind(file: string, slots: readonly Slot[], hasApps: boolean, hasSettingsClasses: boolean, importPaths: () => readonly string[]): ModuleKind {
  if (hasApps) return 'app-module';
  const base = file.replace(/\\/g, '/').split('/').pop() ?? '';
  if (/celery_?config/i.test(base)) return 'celery-config';
  // The cheap tests first: a settings module's path or imports usually say it already.
  const pathLooksDjango = /(^|\/)settings(\.py$|\/)|(^|\/)settings_\w+\.py$|_settings\.py$/.test(file.replace(/\\/g, '/'));
  if (pathLooksDjango || hasSettingsClasses || importPaths().some((p) => p.startsWith('django'))) return 'django-settings';
  const names = slots.filter((slot) => slot.kind === 'value' && !slot.name.startsWith('_')).map((slot) => slot.name);
  const upper = names.filter(isUpperCaseName);
  if (upper.some((name) => DJANGO_MARKERS.test(name))) return 'django-settings';
  // Without Django markers, CELERY_-prefixed names read as namespaced settings
  // (CELERY_BROKER_URL) point at a Django-style module; old names (BROKER_URL) at a celeryconfig.
  let namespaced = 0;
  let oldStyle = 0;
  for (const name of upper) {
    const stripped = name.startsWith('CELERY_') ? name.slice(7).toLowerCase() : undefined;
    if (stripped && isSettingName(stripped)) namespaced++;
    else if (newNameForOld(name)) oldStyle++;
  }
  if (namespaced > 0 && namespaced >= oldStyle) return 'django-settings';
  if (oldStyle > 0) return 'celery-config';
  // Settings under a namespace of the project's own (MYAPP_BROKER_URL): a config module an app reads with it.
  if (upper.some((name) => { const m = /^[A-Z0-9]+_(.+)$/.exec(name); return m !== null && isSettingName(m[1]!.toLowerCase()); })) return 'celery-config';
  // A config module's lowercase names are Celery's (or typos of them): a text where they are the minority is a
  // plain module that happens to hold one (seuron's Slack bot keeps a broker_url beside its tokens and ids).
  const lower = names.filter((name) => name === name.toLowerCase());
  const settings = lower.filter((name) => isSettingName(name)).length;
  if (settings > 0 && settings * 2 >= lower.length) return 'celery-config';
  return 'other';
}
