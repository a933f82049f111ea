// Code that rewrites a module's namespace wholesale, where no assignment
// names the settings it changes: `exec(open('local_settings.py').read(),
// globals())`, `vars().update(config_from_yaml)`, `globals().update(os.environ)`,
// `vars()[key] = value`, or `globals()` handed to a function that fills it.
// A setting assigned before such a line may hold something else when the
// module finishes loading, so its value is only one possibility.
import { forEachIdentifier } from './python-tokens';

/** Reading the namespace does not change it: `globals().get('X')`, `'X' in vars()`. */
const READS_ONLY = /^\s*\(\s*\)\s*\.\s*(get|keys|items|values|copy)\s*\(/;
/** `globals()` or `vars()` called with no arguments (`vars(obj)` reads another object). */
const CALLED_BARE = /^\s*\(\s*\)/;

/** Offsets in `text` where code may rewrite the module's namespace, in order. */
export function namespaceRewrites(text: string): number[] {
  const out: number[] = [];
  forEachIdentifier(text, (start, end) => {
    const name = text.slice(start, end);
    if (name !== 'globals' && name !== 'vars') return;
    if (start > 0 && text[start - 1] === '.') return;
    const rest = text.slice(end, end + 40);
    if (!CALLED_BARE.test(rest) || READS_ONLY.test(rest)) return;
    // `'X' in globals()`: a membership test.
    if (/\bin\s*$/.test(text.slice(Math.max(0, start - 8), start))) return;
    out.push(start);
  });
  return out;
}
