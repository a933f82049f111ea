// Class-based Django settings. With django-configurations the settings module
// defines classes (`class Prod(Base)`, `class Base(Configuration)`) and the
// one named by DJANGO_CONFIGURATION becomes the settings: its UPPERCASE
// attributes, inherited ones included, as if they were module globals.
import type { FileAnalysis } from './analysis-model';

export type { SettingsClass } from './analysis-model';

/** `configurations.Configuration` as a base class, however it was imported. */
export function isSettingsClassBase(dottedPath: string | undefined): boolean {
  return dottedPath !== undefined && /^configurations(\.base)?\.Configuration$/.test(dottedPath);
}

/** The attribute names a settings class hands to Django: Python's `name.isupper()`, not private. */
export function loadedBySettingsClass(name: string): boolean {
  return !name.startsWith('_') && name === name.toUpperCase() && name !== name.toLowerCase();
}

/**
 * The settings classes of `module` that Django may load, for a configuration
 * read from the file `reader` (an app's module, or none): the class the
 * reader's own DJANGO_CONFIGURATION names, else the ones the project's files
 * name, else every class no other class there extends (each is a deployment
 * of its own: Dev, Prod).
 */
export function settingsClassesLoaded(module: FileAnalysis, reader: FileAnalysis | undefined, analyses: readonly FileAnalysis[]): string[] {
  const classes = module.settingsClasses;
  const own = reader?.djangoConfiguration;
  if (own !== undefined && classes.has(own)) return [own];
  const named = [...new Set(analyses.flatMap((a) => (a.djangoConfiguration !== undefined && classes.has(a.djangoConfiguration) ? [a.djangoConfiguration] : [])))];
  if (named.length > 0) return named.sort();
  return [...classes].filter(([, c]) => !c.extended).map(([name]) => name);
}
