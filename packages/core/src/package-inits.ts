// Python runs a package's __init__.py before any module in it: importing
// `proj.tasks.core` runs proj/__init__.py, then proj/tasks/__init__.py, then
// core.py. The engine reads modules in that order too (project-read.ts), both the
// modules it starts from and those it reads because another imports them,
// whatever order the caller lists them in. Import cycles through a package
// are entered where Python enters them:
// - indico's __init__.py makes its app from core.py's Celery subclass, and
//   core.py imports back into the package. Read from core.py first, the
//   __init__.py saw nothing of core, and the app was lost whenever the caller
//   happened to list core.py first (a run over named files does).
// - jumpserver's settings/__init__.py star-imports base, ..., _xpack; a
//   module elsewhere imports one of them, whose imports come back to the
//   settings package. Entered at that module, the __init__.py met it
//   half-read, and every setting became "may be" (a later star import unread).

/** Where a path's directory part ends, either separator. */
function lastSeparator(path: string): number {
  return Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
}

/**
 * The `__init__.py` files of the packages above `path` that `has` knows,
 * outermost first (a package's own `__init__.py` is not above itself). The
 * walk goes up the whole path: a directory without one (a namespace package)
 * does not stop Python, and does not stop this.
 */
export function packageInitsAbove(path: string, has: (file: string) => boolean): string[] {
  const out: string[] = [];
  let end = lastSeparator(path);
  const own = path.slice(end + 1) === '__init__.py';
  if (own) end = lastSeparator(path.slice(0, end));
  while (end > 0) {
    const dir = path.slice(0, end);
    const init = `${dir}${path[end]}__init__.py`;
    if (has(init)) out.unshift(init);
    end = lastSeparator(dir);
  }
  return out;
}
