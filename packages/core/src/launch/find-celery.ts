// Finds the Celery command line inside what a launch file runs: behind
// `exec`, `env X=1`, init shims (tini, dumb-init), user switches (gosu,
// su-exec, runuser), instrumentation (newrelic-admin, ddtrace-run),
// `watchmedo auto-restart -- ...`, `python -m celery`, `sh -c "..."`, or an
// entrypoint script that passes its arguments on.
import { splitCommands, type ShellWord } from './shell-words';

export interface EnvAssignment {
  readonly name: string;
  readonly value: string;
  readonly expands: boolean;
  /** The whole `NAME=value` word. */
  readonly span: { readonly start: number; readonly end: number };
}

export interface FoundCelery {
  /** From the word that names celery on (`celery`, or `celery` after `python -m`). */
  readonly words: ShellWord[];
  /** `X=1 celery ...`, `env X=1 celery ...`. */
  readonly environment: EnvAssignment[];
  /** A wrapper that switches user before celery starts (`gosu app celery ...`). */
  readonly user?: { readonly name: string; readonly span: { readonly start: number; readonly end: number }; readonly via: string };
  /** Wrappers seen before celery, by name (`watchmedo`, `tini`). */
  readonly wrappers: readonly string[];
}

/** A program run by path that celery-lint may read (`./entrypoint.sh`), with the arguments it receives. */
export interface ScriptCall {
  readonly path: string;
  readonly word: ShellWord;
  readonly args: readonly ShellWord[];
}

export type FindResult = { readonly kind: 'celery'; readonly found: FoundCelery } | { readonly kind: 'script'; readonly call: ScriptCall; readonly environment: EnvAssignment[]; readonly user?: FoundCelery['user'] } | { readonly kind: 'none' };

const ASSIGNMENT = /^([A-Za-z_]\w*)=/;
const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh']);
const PYTHON = /^python(\d+(\.\d+)?)?$/;
const PLAIN_WRAPPERS = new Set(['exec', 'nohup', 'ddtrace-run', 'opentelemetry-instrument', 'pipenv', 'poetry', 'uv', 'pdm', 'hatch', 'rye']);
/** Words that wrappers take before the program (`poetry run`, `newrelic-admin run-program`). */
const WRAPPER_VERBS = new Set(['run', 'run-program', 'run-python']);
/** Wrappers whose options may take a value: a word after such an option is its value, not the program. */
const OPTION_VALUES: Readonly<Record<string, ReadonlySet<string>>> = {
  env: new Set(['-u', '--unset', '-C', '--chdir', '-S', '--split-string']),
  nice: new Set(['-n', '--adjustment']),
  ionice: new Set(['-c', '-n', '-t']),
  tini: new Set(['-p', '-e']),
  'dumb-init': new Set(['-r', '--rewrite']),
  watchmedo: new Set(['-d', '--directory', '-p', '--patterns', '--pattern', '-i', '--ignore-patterns', '--ignore-pattern', '--signal', '--kill-after', '--interval', '--debounce-interval', '--restart-on-command-exit']),
  stdbuf: new Set(['-i', '-o', '-e']),
  timeout: new Set(['-s', '--signal', '-k', '--kill-after']),
};
/** Wrappers that run the program as another user, and how they name it. */
const USER_SWITCHES = new Set(['gosu', 'su-exec', 's6-setuidgid', 'setuidgid']);

export function basename(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

function assignment(word: ShellWord): EnvAssignment | undefined {
  const m = ASSIGNMENT.exec(word.value);
  if (!m) return undefined;
  return { name: m[1]!, value: word.value.slice(m[0].length), expands: word.expands, span: { start: word.start, end: word.end } };
}

/** Skips a wrapper's options (and their values) from `i`; returns the index of its program. */
function skipOptions(words: readonly ShellWord[], i: number, wrapper: string): number {
  const valued = OPTION_VALUES[wrapper] ?? new Set<string>();
  while (i < words.length && words[i]!.value.startsWith('-')) {
    const w = words[i]!.value;
    i++;
    if (w === '--') break;
    if (valued.has(w) && !w.includes('=')) i++;
  }
  return i;
}

/**
 * What `words` (one simple command) runs: celery (with what stands before it),
 * a script that may run celery with the arguments it is given, or neither.
 */
export function findCelery(words: readonly ShellWord[], depth = 0, variables: ReadonlyMap<string, string> = new Map()): FindResult {
  const environment: EnvAssignment[] = [];
  const wrappers: string[] = [];
  let user: FoundCelery['user'];
  let i = 0;
  while (i < words.length) {
    const word = words[i]!;
    const set = assignment(word);
    if (set && (i === 0 || wrappers.length > 0 || environment.length > 0)) {
      environment.push(set);
      i++;
      continue;
    }
    // `${CELERY_BIN} -A proj worker` (Celery's documented systemd unit): the variable the launch file sets.
    const variable = /^\$\{?(\w+)\}?$/.exec(word.value);
    const name = basename(variable ? (variables.get(variable[1]!) ?? word.value) : word.value);
    if (name === 'celery') return { kind: 'celery', found: { words: words.slice(i), environment, ...(user ? { user } : {}), wrappers } };
    if (PYTHON.test(name)) {
      const m = words.findIndex((w, k) => k > i && w.value === '-m');
      if (m === i + 1 || (m > i && words.slice(i + 1, m).every((w) => w.value.startsWith('-')))) {
        const module = words[m + 1];
        if (module?.value === 'celery') return { kind: 'celery', found: { words: words.slice(m + 1), environment, ...(user ? { user } : {}), wrappers: [...wrappers, 'python'] } };
        if (module?.value === 'watchdog.watchmedo' && words[m + 2]?.value === 'auto-restart') {
          wrappers.push('watchmedo');
          i = skipOptions(words, m + 3, 'watchmedo');
          continue;
        }
      }
      return { kind: 'none' };
    }
    if (SHELLS.has(name)) {
      const c = words.findIndex((w, k) => k > i && /^-[a-z]*c[a-z]*$/.test(w.value));
      const script = c === -1 ? undefined : words[c + 1];
      if (script && depth < 3) {
        // The script's own commands: the first that runs celery (`migrate && celery ...`).
        for (const command of splitCommands(script.mapped)) {
          const inner = findCelery(command.words, depth + 1, variables);
          if (inner.kind === 'celery') {
            return { kind: 'celery', found: { ...inner.found, environment: [...environment, ...inner.found.environment], ...(user && !inner.found.user ? { user } : {}), wrappers: [...wrappers, name, ...inner.found.wrappers] } };
          }
        }
        return { kind: 'none' };
      }
      const file = words.slice(i + 1).find((w) => !w.value.startsWith('-'));
      if (file && !file.expands) return { kind: 'script', call: { path: file.value, word: file, args: words.slice(words.indexOf(file) + 1) }, environment, ...(user ? { user } : {}) };
      return { kind: 'none' };
    }
    if (USER_SWITCHES.has(name) && words[i + 1]) {
      const target = words[i + 1]!;
      user = { name: target.value.split(':')[0]!, span: { start: target.start, end: target.end }, via: name };
      wrappers.push(name);
      i += 2;
      continue;
    }
    if (name === 'chpst' || name === 'runuser' || name === 'sudo' || name === 'setpriv') {
      const switched = userOption(words, i + 1, name);
      if (switched.user) user = switched.user;
      wrappers.push(name);
      i = switched.next;
      continue;
    }
    if (name === 'newrelic-admin' && words[i + 1]?.value === 'run-program') {
      wrappers.push(name);
      i += 2;
      continue;
    }
    if (name in OPTION_VALUES) {
      wrappers.push(name);
      i = skipOptions(words, i + 1, name);
      if (name === 'watchmedo' && words[i]?.value === 'auto-restart') i = skipOptions(words, i + 1, name);
      if (name === 'timeout' && words[i]) i++; // the duration
      continue;
    }
    if (PLAIN_WRAPPERS.has(name)) {
      wrappers.push(name);
      i++;
      if (WRAPPER_VERBS.has(words[i]?.value ?? '')) i++;
      i = skipOptions(words, i, name);
      continue;
    }
    if (name === 'tini' || name === 'dumb-init' || name === 'catatonit') {
      wrappers.push(name);
      i = skipOptions(words, i + 1, name);
      continue;
    }
    if (/\.(sh|bash)$/.test(name) || (word.value.includes('/') && !word.expands)) {
      return { kind: 'script', call: { path: word.value, word, args: words.slice(i + 1) }, environment, ...(user ? { user } : {}) };
    }
    return { kind: 'none' };
  }
  return { kind: 'none' };
}

/** `chpst -u app`, `runuser -u app --`, `sudo -u app`, `setpriv --reuid=app`: the user, and where the program starts. */
function userOption(words: readonly ShellWord[], i: number, wrapper: string): { user?: FoundCelery['user']; next: number } {
  let user: FoundCelery['user'];
  while (i < words.length && words[i]!.value.startsWith('-')) {
    const w = words[i]!;
    if (w.value === '--') return { ...(user ? { user } : {}), next: i + 1 };
    const long = /^--(?:reuid|user)=(.+)$/.exec(w.value);
    if (long) {
      user = { name: long[1]!.split(':')[0]!, span: { start: w.start, end: w.end }, via: wrapper };
      i++;
      continue;
    }
    if ((w.value === '-u' || w.value === '--user' || w.value === '--reuid') && words[i + 1]) {
      const target = words[i + 1]!;
      user = { name: target.value.split(':')[0]!, span: { start: target.start, end: target.end }, via: wrapper };
      i += 2;
      continue;
    }
    i++;
  }
  return { ...(user ? { user } : {}), next: i };
}
