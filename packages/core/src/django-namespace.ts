// The namespace a Django settings module is read with, when no app's
// configuration consumes it directly (ci.py beside the dev.py an app names, a
// settings module linted alone). A namespace is known only where an app (or
// django-celery's loader) is shown to read the module: its DJANGO_SETTINGS_MODULE
// names a module in the same settings package, the app lives in the package
// above it, or both are in the Django project of one manage.py. Otherwise
// the module is read in the reading its own keys fit, and the configuration
// says the namespace is unknown, so rules whose verdict depends on it stay
// quiet (issue 14).
import { isSettingName, newNameForOld } from './knowledge/settings';
import type { RawBinding } from './analysis-model';

/** Something that reads Django settings with a namespace: an app's config_from_object('django.conf:settings'), djcelery's loader. */
export interface DjangoSettingsReader {
  /** The file the reader is in. */
  readonly file: string;
  /** The settings module it is shown to read, when the linter resolved it. */
  readonly module?: string;
  readonly namespace: string | null;
}

function dirname(file: string): string {
  const forward = file.replace(/\\/g, '/');
  const i = forward.lastIndexOf('/');
  return i < 0 ? '' : forward.slice(0, i);
}

function isUnder(file: string, dir: string): boolean {
  return file.replace(/\\/g, '/').startsWith(`${dir}/`);
}

/** The directory of the nearest manage.py above `file`: the Django project it belongs to. */
function projectOf(file: string, projectRoots: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const root of projectRoots) if (isUnder(file, root) && (best === undefined || root.length > best.length)) best = root;
  return best;
}

/** Whether `reader` is shown to read the settings module `file`: beside the module it reads, below the reader's own package, or in its Django project. */
function reads(reader: DjangoSettingsReader, file: string, projectRoots: readonly string[]): boolean {
  if (reader.module !== undefined && isUnder(file, dirname(reader.module))) return true;
  if (isUnder(file, dirname(reader.file))) return true;
  const project = projectOf(reader.file, projectRoots);
  return project !== undefined && project === projectOf(file, projectRoots);
}

/** The Django projects in view: the directories that hold a manage.py. */
export function djangoProjectRoots(files: readonly string[]): string[] {
  return files.filter((f) => /(^|[\\/])manage\.py$/.test(f)).map(dirname);
}

export type SettingsNamespace = { readonly namespace: string | null; readonly known: boolean };

/**
 * The namespace the readers agree on for `file`; when none is shown to read
 * it (or they disagree), the reading its keys fit: with namespace='CELERY'
 * unless old names (BROKER_URL, CELERY_ALWAYS_EAGER) outnumber namespaced
 * ones (CELERY_BROKER_URL).
 */
export function settingsNamespace(file: string, bindings: readonly RawBinding[], readers: readonly DjangoSettingsReader[], projectRoots: readonly string[]): SettingsNamespace {
  const shown = new Set(readers.filter((r) => reads(r, file, projectRoots)).map((r) => r.namespace));
  if (shown.size === 1) return { namespace: [...shown][0]!, known: true };
  let namespaced = 0;
  let old = 0;
  for (const { key } of bindings) {
    const setting = key.startsWith('CELERY_') ? key.slice('CELERY_'.length).toLowerCase() : undefined;
    const renamed = newNameForOld(key);
    // CELERY_RESULT_BACKEND is the old name and the namespaced one alike: it says nothing.
    if (setting !== undefined && isSettingName(setting)) {
      if (renamed !== setting) namespaced++;
    } else if (renamed) old++;
  }
  return { namespace: old > namespaced ? null : 'CELERY', known: false };
}
