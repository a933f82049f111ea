// print-config's processes section: per app, the processes the launch files
// start with it (worker, beat, flower, ...), their command line, user,
// replicas and environment, each with the line that decides it. Text for
// people, JSON for tools; variables that look secret are masked in both.
import * as path from 'node:path';
import { LineIndex } from '../text';
import type { AbstractValue, EffectiveConfigurationInfo, SourceSpan } from '../types';
import { describeValue } from '../values';
import type { AppLink } from './app-link';
import { processEnvironment } from './environment';
import type { LaunchEnvVar, LaunchFileKind, LaunchProcess } from './process';

/** A process with the app it runs, as the linker links it. */
export interface RunningProcess {
  readonly process: LaunchProcess;
  /** Found through `-A`, the default app (no `-A`: the `celeryconfig` module), or why it is not known. */
  readonly app: AppLink | { readonly state: 'default' };
  /** The configurations it runs with (none when its app is not known). */
  readonly configurations: readonly EffectiveConfigurationInfo[];
  /** The settings its environment decides, as the process gets them. */
  readonly settings: readonly ProcessSettingChange[];
}

/** A setting whose value the process's environment decides. */
export interface ProcessSettingChange {
  readonly setting: string;
  /** The value the configuration gives (in code). */
  readonly configured: AbstractValue;
  /** The value in this process. */
  readonly value: AbstractValue;
  /** The variable that decides it. */
  readonly variable?: LaunchEnvVar;
}

/** A value as print-config shows it, with URL passwords masked. */
function shownValue(value: AbstractValue): string {
  return describeValue(value).replace(/(\/\/[^:/@\s'"]*:)[^@/\s'"]+@/g, '$1****@');
}

export type SourceOf = (file: string) => string | undefined;

const SECRET_NAME = /PASS|SECRET|TOKEN|CREDENTIAL|PRIVATE|API_?KEY|ACCESS_?KEY/i;

/** A value fit to print: secrets and URL passwords masked (print-config output ends up in bug reports). */
export function shownEnvValue(variable: LaunchEnvVar): string | null {
  if (variable.value === undefined) return null;
  if (SECRET_NAME.test(variable.name) && variable.value !== '') return '****';
  return variable.value.replace(/(\/\/[^:/@\s]*:)[^@/\s]+@/g, '$1****@');
}

const ORIGIN: Readonly<Record<LaunchFileKind, string>> = {
  dockerfile: 'image',
  compose: 'Compose service',
  kubernetes: 'Kubernetes',
  procfile: 'Procfile process',
  supervisor: 'supervisord program',
  systemd: 'systemd unit',
  script: 'script',
};

function locator(sourceOf: SourceOf): (span: SourceSpan | undefined) => { file: string; line: number } | null {
  const indexes = new Map<string, LineIndex | null>();
  return (span) => {
    if (!span) return null;
    let index = indexes.get(span.file);
    if (index === undefined) {
      const text = sourceOf(span.file);
      index = text === undefined ? null : new LineIndex(text);
      indexes.set(span.file, index);
    }
    return { file: span.file, line: index ? index.position(span.start).line + 1 : 0 };
  };
}

function appJson(app: RunningProcess['app']) {
  if (app.state === 'found') return { state: 'found', file: app.file, name: app.app };
  if (app.state === 'default') return { state: 'default' };
  return { state: app.state, reason: app.reason };
}

/** One process as JSON: every fact with the file and line that decides it. */
export function processToJson(running: RunningProcess, sourceOf: SourceOf) {
  const at = locator(sourceOf);
  const p = running.process;
  return {
    name: p.name,
    origin: p.origin,
    command: p.command ?? null,
    commandLine: p.invocation.words.map((w) => w.value),
    definedAt: at(p.definedAt),
    app: appJson(running.app),
    user: { state: p.user.state, name: p.user.name ?? null, reason: p.user.reason, at: at(p.user.span) },
    replicas: { count: p.replicas.count ?? null, autoscaled: p.replicas.autoscaled ?? false, reason: p.replicas.reason, at: at(p.replicas.span) },
    environment: [...processEnvironment(p.environment).vars.values()].map((v) => ({ name: v.name, value: shownEnvValue(v), via: v.via, at: at(v.span) })),
    settings: running.settings.map((c) => ({ setting: c.setting, value: shownValue(c.value), configured: shownValue(c.configured), variable: c.variable?.name ?? null, at: at(c.variable?.span) })),
    inContainer: p.inContainer,
    deployed: p.deployed,
    wrappers: [...p.wrappers],
  };
}

/** The processes that run one configuration, as JSON. */
export function processesOfJson(configuration: EffectiveConfigurationInfo, running: readonly RunningProcess[], sourceOf: SourceOf) {
  return running.filter((r) => r.configurations.includes(configuration)).map((r) => processToJson(r, sourceOf));
}

/** The text section: processes grouped by the app they run, then those whose app is not known. */
export function formatProcesses(running: readonly RunningProcess[], sourceOf: SourceOf, cwd: string): string {
  if (running.length === 0) return '';
  const at = locator(sourceOf);
  const where = (span: SourceSpan | undefined) => {
    const found = at(span);
    return found ? `${path.relative(cwd, found.file) || found.file}:${found.line}` : undefined;
  };
  const groups = new Map<string, RunningProcess[]>();
  for (const r of running) {
    const key =
      r.app.state === 'found'
        ? `app '${r.app.app}' in ${path.relative(cwd, r.app.file)}`
        : r.app.state === 'default'
          ? `the default app (no -A${r.configurations.length > 0 ? `; ${r.configurations.map((c) => path.relative(cwd, c.file)).join(', ')}` : ''})`
          : 'an app celery-lint cannot tell';
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const lines: string[] = ['Processes the launch files start'];
  // Apps first, then the default app, then processes whose app is not known.
  const rank = (members: readonly RunningProcess[]) => ({ found: 0, default: 1, missing: 2, unknown: 2 })[members[0]!.app.state];
  for (const [title, members] of [...groups].sort((a, b) => rank(a[1]) - rank(b[1]))) {
    lines.push(`  ${title}`);
    for (const r of members) {
      const p = r.process;
      const why = r.app.state === 'missing' || r.app.state === 'unknown' ? `  (${r.app.reason})` : '';
      lines.push(`    ${p.command ?? '?'}: ${ORIGIN[p.origin]} ${p.name} [${where(p.definedAt)}]${why}`);
      lines.push(`      command      ${p.invocation.words.map((w) => (/\s/.test(w.value) ? JSON.stringify(w.value) : w.value)).join(' ')}`);
      const userAt = where(p.user.span);
      lines.push(`      user         ${p.user.name ?? p.user.state}: ${p.user.reason}${userAt ? ` [${userAt}]` : ''}`);
      const replicasAt = where(p.replicas.span);
      const count = p.replicas.count ?? (p.replicas.autoscaled ? 'several' : 'not known');
      lines.push(`      replicas     ${count}: ${p.replicas.reason}${replicasAt ? ` [${replicasAt}]` : ''}`);
      // The value each variable ends with (a Compose `environment:` entry over the image's ENV).
      const environment = [...processEnvironment(p.environment).vars.values()];
      if (environment.length === 0) lines.push('      environment  (none from the launch files)');
      environment.forEach((v, i) => {
        const value = shownEnvValue(v);
        lines.push(`      ${i === 0 ? 'environment ' : '            '} ${v.name}${value === null ? ' (set elsewhere)' : `=${value}`}  [${v.via}, ${where(v.span)}]`);
      });
      // What that environment makes of the app's settings in this process.
      r.settings.forEach((c, i) => {
        const by = c.variable ? `  [${c.variable.name}, ${where(c.variable.span)}]` : '';
        lines.push(`      ${i === 0 ? 'settings    ' : '            '} ${c.setting} = ${shownValue(c.value)} (configured: ${shownValue(c.configured)})${by}`);
      });
    }
  }
  return `${lines.join('\n')}\n`;
}
