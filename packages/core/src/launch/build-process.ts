// Turns what a reader found (the command a container, program or unit runs,
// with its user, replicas and environment) into processes: the Celery command
// line inside it, read through wrappers and entrypoint scripts.
import * as path from 'node:path';
import { parseCeleryCommandLine } from './command-line';
import { findCelery, type EnvAssignment, type FoundCelery } from './find-celery';
import { verbatim } from './mapped-text';
import type { LaunchEnvVar, LaunchFileKind, LaunchProcess, LaunchReplicas, LaunchUser } from './process';
import { splitCommands, type ShellCommand, type ShellWord } from './shell-words';
import type { SourceSpan } from '../types';

/** What a reader hands over for one thing that runs. */
export interface LaunchDraft {
  readonly file: string;
  readonly origin: LaunchFileKind;
  readonly name: string;
  readonly definedAt: SourceSpan;
  /** The simple commands it runs (one for an exec form; several for `a && b` in a shell form). */
  readonly commands: ReadonlyArray<readonly ShellWord[]>;
  /** The file the command words are written in, when not `file` (a Dockerfile CMD used by a Compose service). */
  readonly commandFile?: string;
  readonly user: LaunchUser;
  readonly replicas: LaunchReplicas;
  readonly environment: readonly LaunchEnvVar[];
  readonly inContainer: boolean;
  readonly siblings: LaunchProcess['siblings'];
  /** False for what only may run (an image's default command, a script on its own): counting rules skip it. */
  readonly deployed?: boolean;
  /** Files a script path may stand for, most likely first (a Dockerfile's COPY, the build context). */
  readonly scriptCandidates?: (scriptPath: string) => readonly string[];
}

export interface BuildContext {
  readonly celeryVersion: string;
  /** Reads a file the launch file refers to (an entrypoint script); undefined when it cannot be read. */
  readonly readFile: (file: string) => string | undefined;
  /** Records a file read for a launch file, so findings in it can be shown with its text. */
  readonly noteRead: (file: string, text: string) => void;
  /** Linted scripts by base name: where a path inside an image (`/entrypoint.sh`) most likely comes from. */
  readonly scriptsByName?: ReadonlyMap<string, readonly string[]>;
  /** Scripts already split in this run (several services run one entrypoint). */
  readonly scripts?: Map<string, ShellCommand[]>;
}

const SCRIPT_ARGS = new Set(['$@', '$*']);

export function buildProcesses(draft: LaunchDraft, context: BuildContext): LaunchProcess[] {
  const out: LaunchProcess[] = [];
  const commandFile = draft.commandFile ?? draft.file;
  const variables = new Map(draft.environment.flatMap((v) => (v.value === undefined ? [] : [[v.name, v.value] as const])));
  for (const words of draft.commands) {
    const found = findCelery(words, 0, variables);
    if (found.kind === 'celery') out.push(process(draft, context, found.found, commandFile, []));
    else if (found.kind === 'script') out.push(...fromScript(draft, context, found.call.path, found.call.args, found.environment, found.user, commandFile));
  }
  return out;
}

function envFrom(assignments: readonly EnvAssignment[], file: string): LaunchEnvVar[] {
  return assignments.map((a) => ({ name: a.name, value: a.expands ? undefined : a.value, span: { file, ...a.span }, via: 'a NAME=value prefix' }));
}

/** Template placeholders (Jinja, Django, Helm, Ansible: `{{ x }}`, `{% if %}`): the file is rendered before anything runs it. */
const TEMPLATE = /\{\{|\{%/;

function process(draft: LaunchDraft, context: BuildContext, found: FoundCelery, file: string, extraEnv: readonly LaunchEnvVar[]): LaunchProcess {
  // A placeholder's word is known only once rendered: like `$X`, it is read but never judged.
  const words = found.words.map((w) => (!w.expands && TEMPLATE.test(w.value) ? { ...w, expands: true } : w));
  const invocation = parseCeleryCommandLine(words, context.celeryVersion);
  const user: LaunchUser = found.user
    ? {
        state: found.user.name === 'root' || found.user.name === '0' ? 'root' : 'non-root',
        reason: `${found.user.via} ${found.user.name}`,
        span: { file, ...found.user.span },
        name: found.user.name,
      }
    : draft.user;
  return {
    file,
    origin: file === draft.file ? draft.origin : 'script',
    name: draft.name,
    definedAt: draft.definedAt,
    invocation,
    command: invocation.commandName,
    user,
    replicas: draft.replicas,
    environment: [...draft.environment, ...extraEnv, ...envFrom(found.environment, file)],
    inContainer: draft.inContainer,
    siblings: draft.siblings,
    wrappers: found.wrappers,
    deployed: draft.deployed !== false,
  };
}

/**
 * The celery commands of an entrypoint script, with `"$@"` standing for the
 * arguments the launch file passes (`exec "$@"` runs them as they are).
 */
function fromScript(
  draft: LaunchDraft,
  context: BuildContext,
  scriptPath: string,
  args: readonly ShellWord[],
  environment: readonly EnvAssignment[],
  user: FoundCelery['user'],
  callerFile: string,
): LaunchProcess[] {
  const sameName = context.scriptsByName?.get(path.basename(scriptPath)) ?? [];
  const candidates = [...(draft.scriptCandidates?.(scriptPath) ?? [path.resolve(path.dirname(draft.file), scriptPath)]), ...(sameName.length === 1 ? sameName : [])];
  const afterSeparator = args.findIndex((w) => w.value === '--');
  for (const candidate of candidates) {
    const text = context.readFile(candidate);
    if (text === undefined) continue;
    let commands = context.scripts?.get(candidate);
    if (!commands) {
      commands = splitCommands(verbatim(text, 0));
      context.scripts?.set(candidate, commands);
    }
    const found: FoundCelery[] = [];
    const passed = args.map((w) => (w.file ? w : { ...w, file: callerFile }));
    for (const command of commands) {
      const expanded = command.words.flatMap((w) => (SCRIPT_ARGS.has(w.value) ? passed : [w]));
      const result = findCelery(expanded);
      if (result.kind === 'celery') found.push(result.found);
    }
    if (found.length === 0) break;
    context.noteRead(candidate, text);
    const callerEnv = envFrom(environment, callerFile);
    // Words from the caller keep their file: findings about them point there.
    return found.map((f) => {
      // Words passed in from the caller keep their file; the rest are the script's.
      const file = f.words[0]!.file ?? candidate;
      const p = process(draft, context, user && !f.user ? { ...f, user } : f, file, callerEnv);
      return { ...p, file, origin: file === candidate ? ('script' as const) : draft.origin };
    });
  }
  // A waiting wrapper (`wait-for-it.sh host:5432 -- /entrypoint.sh`) runs what follows `--`.
  if (afterSeparator >= 0) {
    const rest = args.slice(afterSeparator + 1);
    const found = findCelery(rest);
    if (found.kind === 'celery') return [process(draft, context, user && !found.found.user ? { ...found.found, user } : found.found, callerFile, envFrom(environment, callerFile))];
    if (found.kind === 'script') return fromScript(draft, context, found.call.path, found.call.args, [...environment, ...found.environment], found.user ?? user, callerFile);
  }
  return [];
}
