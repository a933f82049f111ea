// The Django settings module a launch file gives a process: Compose's
// `environment`, a Dockerfile's ENV, a Kubernetes `env` setting
// DJANGO_SETTINGS_MODULE. A worker started as `celery -A proj worker` runs
// no manage.py, and `os.environ.setdefault(...)` in the app module keeps
// what the environment already holds, so that module is the one the
// process's app reads; an assignment in the code (`os.environ[...] = ...`)
// still wins over it.
import type { SourceSpan } from '../types';
import type { LaunchModel, LaunchProcess } from './process';

export interface LaunchedSettingsModule {
  /** The dotted module the variable names. */
  readonly module: string;
  /** Where the variable is set. */
  readonly span: SourceSpan;
  /** The process that gets it, in words (`the Compose service worker`). */
  readonly where: string;
  /** What kind of launch file sets it: a Compose file is as often a laptop's as production's. */
  readonly origin: LaunchProcess['origin'];
}

const WHERE: Readonly<Record<LaunchProcess['origin'], string>> = {
  dockerfile: 'the image',
  compose: 'the Compose service',
  kubernetes: 'the Kubernetes',
  procfile: 'the Procfile process',
  supervisor: 'the supervisord program',
  systemd: 'the systemd unit',
  script: 'the script',
};

const DOTTED = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/;

/** The settings module the process's environment names, when it names one the linter can read. */
export function launchedSettingsModule(process: LaunchProcess): LaunchedSettingsModule | undefined {
  // The last assignment of a variable is the one the process gets.
  const variable = [...process.environment].reverse().find((v) => v.name === 'DJANGO_SETTINGS_MODULE');
  const module = variable?.value?.trim();
  if (!variable || !module || !DOTTED.test(module)) return undefined;
  return { module, span: variable.span, where: `${WHERE[process.origin]} ${process.name}`, origin: process.origin };
}

/** Every settings module the launch files name, each once (the first process to name it says where). */
export function launchedSettingsModules(launch: LaunchModel): LaunchedSettingsModule[] {
  const out = new Map<string, LaunchedSettingsModule>();
  for (const process of launch.processes) {
    const named = launchedSettingsModule(process);
    if (named && !out.has(named.module)) out.set(named.module, named);
  }
  return [...out.values()];
}
