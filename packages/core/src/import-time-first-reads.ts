// An app's configuration is finalized at its first read, wherever that read
// is: importing the app module may import a project module (tasks.py, a
// signals module) whose own import reads `app.conf`. Celery finalizes the app
// then, in the middle of the app module, at the import statement: writes
// below it are made after the first read. This pass finds such imports.
import type { AppModel, ConfReadAtImport, FileAnalysis } from './extract';
import type { ImportSite } from './import-scan';
import type { ModuleIndex } from './module-index';

/** `current_app` is the app created last; for a module with one app, that app. */
const CURRENT_APP = new Set(['celery.current_app', 'celery._state.current_app']);

/**
 * Moves each app's first read up to the first import-time import of its
 * module whose import (its own, or of the modules it imports in turn) reads
 * that app's configuration. `sitesOf`: where a module imports which project
 * modules while it is being imported.
 */
export function markFirstReadsThroughImports(analyses: readonly FileAnalysis[], sitesOf: (file: string) => readonly ImportSite[], index: ModuleIndex): void {
  const byFile = new Map(analyses.map((a) => [a.file, a]));
  const readers = analyses.filter((a) => a.confReads.length > 0);
  if (readers.length === 0) return;
  for (const analysis of analyses) {
    const apps = analysis.apps.filter((app) => !app.implicit);
    if (apps.length === 0) continue;
    const sites = sitesOf(analysis.file);
    if (sites.length === 0) continue;
    for (const app of apps) {
      const reads = (read: ConfReadAtImport, reader: string) => readsApp(read, reader, analysis.file, app, apps.length === 1, index);
      // Python runs a module once: a module an earlier import ran does not run again.
      const ran = new Set<string>([analysis.file]);
      for (const site of sites) {
        if (app.firstRead !== undefined && site.at >= app.firstRead) break;
        const modules = runByImport(site.target, ran, sitesOf);
        // An import above the Celery() call cannot reach the app (it does not exist yet).
        if (site.at < app.span.start) continue;
        const reader = modules.find((file) => byFile.get(file)?.confReads.some((read) => reads(read, file)));
        if (reader !== undefined) {
          app.firstRead = site.at;
          app.firstReadBy = { span: { file: analysis.file, start: site.at, end: site.at }, how: `an import of a module that reads ${app.name}.conf`, reader };
          break;
        }
      }
    }
  }
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

/** Whether a read in `reader` is of `app`, the app `appFile` creates: its receiver is imported from there (or is current_app). */
function readsApp(read: ConfReadAtImport, reader: string, appFile: string, app: AppModel, onlyApp: boolean, index: ModuleIndex): boolean {
  if (read.imported === undefined) return false;
  if (CURRENT_APP.has(read.imported)) return onlyApp;
  const target = index.resolveObject(reader, read.imported);
  return target?.file === appFile && target.attribute === app.name;
}

