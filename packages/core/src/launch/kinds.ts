// Which files are launch files, by name, and for YAML and INI by what they
// hold. Discovery (project-files.ts) asks by name only; the engine asks with
// the text. One table per kind, so a new kind is one more entry.
import type { LaunchFileKind } from './process';

interface KindRule {
  readonly kind: LaunchFileKind;
  /** Matches the file's base name. */
  readonly name: RegExp;
  /** When present, the text must pass too (YAML and INI files are launch files only by content). */
  readonly content?: (text: string) => boolean;
}

const RULES: readonly KindRule[] = [
  { kind: 'dockerfile', name: /^(?:Dockerfile|Containerfile)(?:\.[\w.-]+)?$|\.(?:Dockerfile|dockerfile|Containerfile)$/ },
  { kind: 'compose', name: /^(?:docker-)?compose(?:[.-][\w.-]+)?\.ya?ml$/, content: (t) => /^services\s*:/m.test(t) },
  { kind: 'kubernetes', name: /\.ya?ml$/, content: (t) => /^apiVersion\s*:/m.test(t) && /^kind\s*:/m.test(t) },
  { kind: 'compose', name: /\.ya?ml$/, content: (t) => /^services\s*:/m.test(t) },
  { kind: 'procfile', name: /^Procfile(?:\.[\w.-]+)?$/ },
  { kind: 'supervisor', name: /\.(?:conf|ini)$/, content: (t) => /^\[program:[^\]]+\]/m.test(t) },
  { kind: 'systemd', name: /\.service$/, content: (t) => /^\[Service\]/m.test(t) },
  { kind: 'script', name: /\.(?:sh|bash)$/ },
];

/** File-watcher globs for every name a launch file may have (the table above). */
export const LAUNCH_FILE_GLOBS: readonly string[] = [
  '**/Dockerfile',
  '**/Dockerfile.*',
  '**/Containerfile',
  '**/Containerfile.*',
  '**/*.{Dockerfile,dockerfile,Containerfile}',
  '**/*.{yml,yaml}',
  '**/Procfile',
  '**/Procfile.*',
  '**/*.{conf,ini,service,sh,bash}',
];

/**
 * Larger files are not launch files (a Compose file or a manifest is a few
 * KB; a YAML test cassette or data dump is megabytes): a directory walk does
 * not read them. A file named on the command line is always read.
 */
export const MAX_LAUNCH_FILE_BYTES = 256 * 1024;

export function baseName(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}

/** How much of a YAML or INI file tells what it is: a Compose file's `services:` and a manifest's `apiVersion:` come first. */
export const LAUNCH_HEAD_BYTES = 8 * 1024;

/**
 * Whether a file whose kind its name does not settle (YAML, INI) may still be
 * a launch file, from its first LAUNCH_HEAD_BYTES: a directory walk reads the
 * rest only then (a YAML test cassette is never read whole).
 */
export function headMayBeLaunchFile(file: string, head: string): boolean {
  const name = baseName(file);
  if (/\.ya?ml$/.test(name)) return /^(?:services|apiVersion|kind)\s*:/m.test(head);
  if (/\.(?:conf|ini)$/.test(name)) return /^\[program:/m.test(head);
  return true;
}

/** Whether a file may be a launch file, judged by its name (discovery reads it only then). */
export function mayBeLaunchFile(file: string): boolean {
  const name = baseName(file);
  if (name.endsWith('.py')) return false;
  return RULES.some((r) => r.name.test(name));
}

/** The kind of launch file, or undefined for any other file (Python). */
export function launchFileKind(file: string, text: string): LaunchFileKind | undefined {
  const name = baseName(file);
  if (name.endsWith('.py')) return undefined;
  return RULES.find((r) => r.name.test(name) && (!r.content || r.content(text)))?.kind;
}

/**
 * Whether a launch file is worth reading in a whole-tree run: it names
 * celery, or it may define what a Celery process runs in (a Compose file's
 * broker service, a Dockerfile's USER), which only matters when it is read
 * anyway. Scripts are read when a launch file runs them.
 */
export function mayLaunchCelery(kind: LaunchFileKind, text: string): boolean {
  if (kind === 'script') return /\bcelery\b/.test(text);
  return /celery/i.test(text);
}
