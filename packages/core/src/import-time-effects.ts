// What importing a project module does to an app while the app module is
// being imported. The app module may import a module (tasks.py, a signals
// module) whose own import reads `app.conf`: Celery finalizes the app there,
// at the import statement, so the app module's writes below it are made after
// the first read. It may also write the app's configuration (`from .celery
// import app; app.conf.update(...)`): those writes are the app's, applied at
// that import, before or after the first read as that module orders them.
import { byApplicationOrder, type AppModel, type ConfReadAtImport, type FileAnalysis } from './analysis-model';
import type { ImportSite } from './import-scan';
import type { ModuleIndex } from './module-index';

/** `current_app` is the app created last; for a module with one app, that app. */
const CURRENT_APP = new Set(['celery.current_app', 'celery._state.current_app']);

/** Keeps the writes of the modules one import runs in their order, between the statements around the import. */
const STEP = 1e-4;

/**
 * For each app, the first import-time import of its module whose import (its
 * own, or of the modules it imports in turn) reads the app's configuration
 * becomes its first read, and the writes such imports make to the app join
 * its pending changes (or its writes after the first read). `sitesOf`: where
 * a module imports which project modules while it is being imported.
 */
export function applyImportTimeImports(analyses: readonly FileAnalysis[], sitesOf: (file: string) => readonly ImportSite[], index: ModuleIndex): void {
  const byFile = new Map(analyses.map((a) => [a.file, a]));
  if (!analyses.some((a) => a.confReads.length > 0 || a.apps.some((app) => app.implicit && writes(app)))) return;
  for (const analysis of analyses) {
    const apps = analysis.apps.filter((app) => !app.implicit);
    if (apps.length === 0) continue;
    const sites = sitesOf(analysis.file);
    if (sites.length === 0) continue;
    for (const app of apps) {
      const isApp = (imported: string | undefined, file: string) => namesApp(imported, file, analysis.file, app, apps.length === 1, index, byFile);
      let merged = false;
      // Python runs a module once: a module an earlier import ran does not run again.
      const ran = new Set<string>([analysis.file]);
      for (const site of sites) {
        const modules = runByImport(site.target, ran, sitesOf);
        // An import above the Celery() call cannot reach the app (it does not exist yet).
        if (site.at < app.span.start) continue;
        let read = app.firstRead !== undefined && app.firstRead <= site.at;
        modules.forEach((file, k) => {
          const module = byFile.get(file);
          if (!module) return;
          const readsHere = module.confReads.filter((r: ConfReadAtImport) => isApp(r.imported, file)).map((r) => r.at);
          const firstHere = readsHere.length > 0 ? Math.min(...readsHere) : undefined;
          for (const writer of module.apps.filter((a) => a.implicit && writes(a) && isApp(a.importedAs, file))) {
            for (const change of writer.changes) {
              const after = read || (firstHere !== undefined && firstHere < (change.appliedAt ?? change.keySpan.start));
              app.changes.push({ ...change, appliedAt: site.at + Math.min(k, 4000) * STEP - (after ? 0 : 0.5) });
              merged = true;
            }
            if (writer.configSource) {
              app.opaque.push({ span: writer.configSource.span, reason: `configuration is loaded into ${app.name} by a module its module imports, which celery-lint does not follow`, layer: 'source' });
            }
            app.opaque.push(...writer.opaque);
          }
          if (firstHere !== undefined && !read) {
            read = true;
            if (app.firstRead === undefined || site.at < app.firstRead) {
              app.firstRead = site.at;
              app.firstReadBy = { span: { file: analysis.file, start: site.at, end: site.at }, how: `an import of a module that reads ${app.name}.conf`, reader: file };
            }
          }
        });
      }
      if (merged) app.changes.sort(byApplicationOrder);
    }
  }
}

function writes(app: AppModel): boolean {
  return app.changes.length > 0 || app.configSource !== undefined || app.opaque.length > 0;
}

/** The modules importing `target` runs for the first time, `target` first. */
function runByImport(target: string, ran: Set<string>, sitesOf: (file: string) => readonly ImportSite[]): string[] {
  const out: string[] = [];
  const pending = [target];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (ran.has(file)) continue;
    ran.add(file);
    out.push(file);
    pending.push(...sitesOf(file).map((s) => s.target).reverse());
  }
  return out;
}

/** How many modules re-exporting a name (`proj/__init__.py`: `from .celery import app as celery_app`) are followed. */
const MAX_REEXPORTS = 4;

/**
 * Whether a name `file` imported as `imported` is `app`, the app `appFile`
 * creates (or current_app, when it is the only one), directly or through
 * modules that import it and are imported from in turn.
 */
function namesApp(imported: string | undefined, file: string, appFile: string, app: AppModel, onlyApp: boolean, index: ModuleIndex, byFile: ReadonlyMap<string, FileAnalysis>): boolean {
  let path = imported;
  let from = file;
  for (let hop = 0; path !== undefined && hop <= MAX_REEXPORTS; hop++) {
    if (CURRENT_APP.has(path)) return onlyApp;
    const target = index.resolveObject(from, path);
    if (!target || target.attribute === undefined) return false;
    if (target.file === appFile) return target.attribute === app.name;
    path = byFile.get(target.file)?.imports.get(target.attribute);
    from = target.file;
  }
  return false;
}
