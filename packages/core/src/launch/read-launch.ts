// The seam between readers and the rest: launch files in, processes out.
// Each reader knows one file kind; this module joins what spans files (a
// Compose service building a Dockerfile, an autoscaler scaling a Deployment,
// an entrypoint script) and runs every command line through Celery's table.
import * as path from 'node:path';
import { buildProcesses, type BuildContext, type LaunchDraft } from './build-process';
import { launchFileKind } from './kinds';
import { EMPTY_LAUNCH, type LaunchFileKind, type LaunchFileProblem, type LaunchModel, type LaunchProcess } from './process';
import { dockerfileKey, memoized, readCompose } from './readers/compose';
import { effectiveStage, imageCommands, readDockerfile, stageUser, copiedFrom } from './readers/dockerfile';
import { readKubernetes, workloadKey } from './readers/kubernetes';
import { readProcfile } from './readers/procfile';
import { readSupervisor } from './readers/supervisor';
import { readSystemdUnit } from './readers/systemd';
import { verbatim } from './mapped-text';
import { splitCommands } from './shell-words';
import { hashComments } from './hash-comments';

export interface LaunchInput {
  readonly path: string;
  readonly text: string;
}

export interface LaunchOptions {
  readonly celeryVersion: string;
  /** Reads a file a launch file refers to; files among `inputs` are served from there first. */
  readonly readFile?: (file: string) => string | undefined;
}

export function readLaunchFiles(inputs: readonly LaunchInput[], options: LaunchOptions): LaunchModel {
  if (inputs.length === 0) return EMPTY_LAUNCH;
  const texts = new Map(inputs.map((f) => [path.resolve(f.path), f.text]));
  const referenced = new Map<string, string>();
  const readFile = (file: string): string | undefined => texts.get(path.resolve(file)) ?? referenced.get(file) ?? options.readFile?.(file);
  const noteRead = (file: string, text: string) => {
    if (!texts.has(path.resolve(file))) referenced.set(file, text);
  };
  const scriptsByName = new Map<string, string[]>();
  for (const input of inputs) {
    if (!/\.(sh|bash)$/.test(input.path)) continue;
    const name = path.basename(input.path);
    scriptsByName.set(name, [...(scriptsByName.get(name) ?? []), input.path]);
  }
  const context: BuildContext = { celeryVersion: options.celeryVersion, readFile, noteRead, scriptsByName, scripts: new Map() };
  const drafts: LaunchDraft[] = [];
  const dockerfileDrafts: LaunchDraft[] = [];
  const problems: LaunchFileProblem[] = [];
  const comments = new Map<string, ReadonlyArray<{ start: number; end: number }>>();
  const kinds = new Map<string, LaunchFileKind>();
  const autoscaled = new Map<string, { max: number | undefined; span: LaunchFileProblem['span']; name: string }>();
  const usedDockerfiles = new Set<string>();
  const memo = new Map<string, unknown>();
  const trackingNoteRead = (file: string, text: string) => {
    usedDockerfiles.add(path.resolve(file));
    noteRead(file, text);
  };

  for (const input of inputs) {
    const kind = launchFileKind(input.path, input.text);
    if (!kind) continue;
    kinds.set(input.path, kind);
    try {
      switch (kind) {
        case 'dockerfile': {
          // A Dockerfile a Compose service builds is read once: the compose reader keeps it under its absolute path, with
          // the text readFile gives, which is this input's (spans name the file as given, so only an absolute path shares).
          const image = path.resolve(input.path) === input.path ? memoized(memo, dockerfileKey(input.path), () => readDockerfile(input.path, input.text)) : readDockerfile(input.path, input.text);
          comments.set(input.path, image.comments);
          const stage = effectiveStage(image);
          if (!stage) break;
          const context = path.dirname(input.path);
          dockerfileDrafts.push({
            file: input.path,
            origin: 'dockerfile',
            name: path.basename(input.path),
            definedAt: stage.cmd?.span ?? stage.entrypoint?.span ?? stage.fromSpan,
            commands: imageCommands(stage.entrypoint, stage.cmd),
            user: stageUser(stage, input.path),
            replicas: { count: undefined, reason: 'an image: how many containers run it is decided where it is deployed' },
            environment: stage.environment,
            inContainer: true,
            siblings: [],
            deployed: false,
            scriptCandidates: (p) => copiedFrom(stage, p, context),
          });
          break;
        }
        case 'compose': {
          const read = readCompose(input.path, input.text, readFile, trackingNoteRead, memo);
          drafts.push(...read.drafts);
          comments.set(input.path, read.comments);
          problems.push(...read.problems.map((p) => ({ file: input.path, ...p })));
          break;
        }
        case 'kubernetes': {
          const read = readKubernetes(input.path, input.text);
          drafts.push(...read.drafts);
          comments.set(input.path, read.comments);
          problems.push(...read.problems.map((p) => ({ file: input.path, ...p })));
          for (const [key, value] of read.autoscaled) autoscaled.set(key, value);
          break;
        }
        case 'procfile': {
          const read = readProcfile(input.path, input.text);
          drafts.push(...read.drafts);
          comments.set(input.path, read.comments);
          break;
        }
        case 'supervisor': {
          const read = readSupervisor(input.path, input.text);
          drafts.push(...read.drafts);
          comments.set(input.path, read.comments);
          break;
        }
        case 'systemd': {
          const read = readSystemdUnit(input.path, input.text, readFile, noteRead);
          drafts.push(...read.drafts);
          comments.set(input.path, read.comments);
          break;
        }
        case 'script': {
          const commands = splitCommands(verbatim(input.text, 0));
          context.scripts?.set(input.path, commands);
          comments.set(input.path, hashComments(input.text));
          drafts.push({
            file: input.path,
            origin: 'script',
            name: path.basename(input.path),
            definedAt: { file: input.path, start: 0, end: 0 },
            commands: commands.map((c) => c.words),
            user: { state: 'unknown', reason: 'a script runs as whoever starts it' },
            replicas: { count: undefined, reason: 'a script alone says nothing about how many copies run' },
            environment: [],
            inContainer: false,
            siblings: [],
            deployed: false,
          });
          break;
        }
      }
    } catch (error) {
      // A reader must never stop the run: the file is reported as not read.
      problems.push({ reason: 'crashed', file: input.path, span: { file: input.path, start: 0, end: 0 }, message: `could not be read as a ${kind} file: ${(error as Error).message}` });
    }
  }
  // An image a Compose file builds is linted as that service runs it, not also on its own.
  drafts.push(...dockerfileDrafts.filter((d) => !usedDockerfiles.has(path.resolve(d.file))));
  const processes: LaunchProcess[] = [];
  for (const draft of drafts) {
    const scaler = draft.origin === 'kubernetes' ? autoscaled.get(workloadKey(draft.name)) : undefined;
    const scaled: LaunchDraft = scaler
      ? { ...draft, replicas: { count: scaler.max === 1 ? 1 : undefined, autoscaled: scaler.max !== 1, reason: `scaled up to ${scaler.max ?? 'an unknown number of'} replicas by HorizontalPodAutoscaler ${scaler.name}`, span: scaler.span } }
      : draft;
    processes.push(...buildProcesses(scaled, context));
  }
  return { processes, problems, comments, referenced, kinds };
}
