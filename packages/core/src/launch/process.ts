// What the launch files say runs: processes, each a Celery command line with
// the user it runs as, how many copies run, and the environment it gets.
// Readers (readers/*) produce them; rules and print-config read them.
import type { SourceSpan } from '../types';
import type { CeleryInvocation } from './command-line';

export type LaunchFileKind = 'dockerfile' | 'compose' | 'kubernetes' | 'procfile' | 'supervisor' | 'systemd' | 'script';

/** One variable the launch file sets for the process. */
export interface LaunchEnvVar {
  readonly name: string;
  /** Undefined when the launch file takes it from elsewhere (`${X}`, a secret, a key with no value). */
  readonly value: string | undefined;
  readonly span: SourceSpan;
  /** How it is set: `ENV`, `environment`, `env_file`, `env`, `Environment=`, a `X=1` prefix. */
  readonly via: string;
}

/** Who the process runs as, and how sure that is. */
export interface LaunchUser {
  /** `root` (or uid 0) for sure, a named non-root user, or not known from the files. */
  readonly state: 'root' | 'non-root' | 'unknown';
  /** Why, in words: `no USER in the final stage of Dockerfile`, `runAsUser: 0`. */
  readonly reason: string;
  /** Where the deciding line is, if one is written. */
  readonly span?: SourceSpan;
  /** The user as written (`app`, `1000`), if written. */
  readonly name?: string;
}

export interface LaunchReplicas {
  /** How many copies run; undefined when an autoscaler or a variable decides. */
  readonly count: number | undefined;
  readonly reason: string;
  readonly span?: SourceSpan;
  /** More than one copy may run, but how many is decided at run time (an autoscaler, one per node). */
  readonly autoscaled?: boolean;
}

export interface LaunchProcess {
  /** The file whose command line runs celery (a Compose file, a script). */
  readonly file: string;
  readonly origin: LaunchFileKind;
  /** The service, program, process type or container name. */
  readonly name: string;
  /** Where the process is defined (service key, `[program:x]`, `CMD`). */
  readonly definedAt: SourceSpan;
  readonly invocation: CeleryInvocation;
  /** The Celery command (`worker`, `beat`, `flower`, ...), or undefined when unknown. */
  readonly command: string | undefined;
  readonly user: LaunchUser;
  readonly replicas: LaunchReplicas;
  readonly environment: readonly LaunchEnvVar[];
  /** Runs in a container (Docker, Compose, Kubernetes): localhost is the container itself. */
  readonly inContainer: boolean;
  /** Services of the same Compose project (name and where defined), for pointing at a broker by name. */
  readonly siblings: ReadonlyArray<{ readonly name: string; readonly image?: string; readonly span: SourceSpan }>;
  /** Wrappers the command runs behind (`watchmedo`, `gosu`). */
  readonly wrappers: readonly string[];
  /** False for what only may run (an image's default command, a script on its own): counting rules skip it. */
  readonly deployed: boolean;
}

/** A launch file that could not be read fully: a clear one-line reason, never a crash. */
export interface LaunchFileProblem {
  /** `syntax`: the file does not parse (it is not read); `skipped`: a part is left out on purpose (a Helm template); `crashed`: a reader bug. */
  readonly reason: 'syntax' | 'skipped' | 'crashed';
  readonly file: string;
  readonly span: SourceSpan;
  readonly message: string;
}

/** Everything the launch files of one run say. */
export interface LaunchModel {
  readonly processes: readonly LaunchProcess[];
  readonly problems: readonly LaunchFileProblem[];
  /** Comments of each launch file read (for suppressions). */
  readonly comments: ReadonlyMap<string, ReadonlyArray<{ start: number; end: number }>>;
  /** Files read because a launch file refers to them (Dockerfiles, env files, scripts), with their text. */
  readonly referenced: ReadonlyMap<string, string>;
  readonly kinds: ReadonlyMap<string, LaunchFileKind>;
}

/** A run without launch files: the readers (and the YAML and Dockerfile parsers) are never loaded. */
export const EMPTY_LAUNCH: LaunchModel = { processes: [], problems: [], comments: new Map(), referenced: new Map(), kinds: new Map() };
