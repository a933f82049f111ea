// Dockerfiles, read with dockerfile-ast (the parser behind the Dockerfile
// language server: every instruction and argument with its range, exec-form
// JSON strings, ARG/ENV properties, stages). What a container of the image
// runs: the final stage (or the `target` a Compose build names), following
// `FROM <earlier stage>` for what it inherits.
import * as path from 'node:path';
import { DockerfileParser, type Instruction, type JSONInstruction } from 'dockerfile-ast';
import { LineIndex } from '../../text';
import type { SourceSpan } from '../../types';
import { MappedBuilder, verbatim, type MappedText } from '../mapped-text';
import type { LaunchEnvVar, LaunchUser } from '../process';
import { splitCommands, type ShellWord } from '../shell-words';

/** A command as the image declares it: exec form (words) or shell form (run by `/bin/sh -c`). */
export interface ImageCommand {
  readonly form: 'exec' | 'shell';
  /** Exec form: the argv. Shell form: the simple commands the shell runs. */
  readonly commands: ReadonlyArray<readonly ShellWord[]>;
  readonly span: SourceSpan;
}

export interface ImageStage {
  readonly name: string | undefined;
  readonly from: string;
  readonly fromSpan: SourceSpan;
  readonly user?: { readonly value: string; readonly span: SourceSpan };
  readonly environment: LaunchEnvVar[];
  readonly entrypoint?: ImageCommand;
  readonly cmd?: ImageCommand;
  /** `COPY src dest` pairs, to find which file an entrypoint path is. */
  readonly copies: ReadonlyArray<{ readonly sources: readonly string[]; readonly dest: string }>;
}

export interface DockerImage {
  readonly file: string;
  readonly stages: readonly ImageStage[];
  readonly comments: ReadonlyArray<{ start: number; end: number }>;
}

/** Base images whose default user is root: with no USER of its own, an image built on them runs as root. */
const ROOT_BASE_IMAGES = /^(?:docker\.io\/)?(?:library\/)?(python|pypy|debian|ubuntu|alpine|buildpack-deps|centos|fedora|rockylinux|almalinux|amazonlinux|oraclelinux|busybox)(?::|@|$)|^ghcr\.io\/astral-sh\/uv(?::|@|$)/;

export function isRootBaseImage(image: string): boolean {
  return ROOT_BASE_IMAGES.test(image.trim());
}

function jsonWord(raw: string, start: number): MappedText {
  // raw is the JSON string without its quotes; escapes map to where they are written.
  if (!raw.includes('\\')) return verbatim(raw, start);
  const out = new MappedBuilder();
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] !== '\\') {
      out.push(raw[i]!, start + i);
      continue;
    }
    const c = raw[i + 1];
    if (c === 'u') {
      out.push(String.fromCharCode(parseInt(raw.slice(i + 2, i + 6), 16) || 0), start + i);
      i += 5;
      continue;
    }
    out.push(({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' } as Record<string, string>)[c ?? ''] ?? c ?? '', start + i);
    i++;
  }
  return out.done(start + raw.length);
}

export function readDockerfile(file: string, text: string): DockerImage {
  const lines = new LineIndex(text);
  const offset = (p: { line: number; character: number }) => lines.offset(p);
  const spanOf = (range: { start: { line: number; character: number }; end: { line: number; character: number } }): SourceSpan => ({
    file,
    start: offset(range.start),
    end: offset(range.end),
  });
  const dockerfile = DockerfileParser.parse(text);
  const stages: Array<{ -readonly [K in keyof ImageStage]: ImageStage[K] } & { copies: Array<ImageStage['copies'][number]> }> = [];
  const command = (instruction: Instruction): ImageCommand | undefined => {
    const json = (instruction as JSONInstruction).getJSONStrings?.() ?? [];
    const range = instruction.getArgumentsRange();
    if (!range) return undefined;
    const span = spanOf(range);
    if (json.length > 0 && text.slice(span.start, span.end).trim().startsWith('[')) {
      const words = json.map((s): ShellWord => {
        const r = spanOf(s.getRange());
        const mapped = jsonWord(text.slice(r.start + 1, r.end - 1), r.start + 1);
        return { value: mapped.text, start: r.start, end: r.end, mapped, expands: false, quoted: true };
      });
      return { form: 'exec', commands: [words], span };
    }
    return { form: 'shell', commands: splitCommands(verbatim(text.slice(span.start, span.end), span.start)).map((c) => c.words), span };
  };
  for (const instruction of dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword();
    if (keyword === 'FROM') {
      const args = instruction.getArguments();
      const as = args.findIndex((a) => a.getValue().toUpperCase() === 'AS');
      stages.push({
        name: as >= 0 ? args[as + 1]?.getValue() : undefined,
        from: args.find((a) => !a.getValue().startsWith('--'))?.getValue() ?? '',
        fromSpan: spanOf(instruction.getRange()),
        environment: [],
        copies: [],
      });
      continue;
    }
    const stage = stages[stages.length - 1];
    if (!stage) continue;
    if (keyword === 'USER') {
      const range = instruction.getArgumentsRange();
      if (!range) continue;
      const span = spanOf(range);
      const written = text.slice(span.start, span.end).trim();
      const resolved = written.replace(/\$\{?(\w+)(?::-([^}]*))?\}?/g, (whole, name: string, fallback?: string) => {
        const value = dockerfile.resolveVariable(name, range.start.line);
        return value ?? fallback ?? whole;
      });
      stage.user = { value: resolved, span };
    } else if (keyword === 'ENV') {
      for (const property of (instruction as unknown as { getProperties(): Array<{ getName(): string; getValue(): string | null; getNameRange(): never; getRange(): never }> }).getProperties()) {
        const value = property.getValue();
        stage.environment.push({
          name: property.getName(),
          value: value === null || /\$/.test(value) ? undefined : value,
          span: spanOf(property.getRange()),
          via: 'ENV',
        });
      }
    } else if (keyword === 'CMD') {
      const cmd = command(instruction);
      if (cmd) stage.cmd = cmd;
    } else if (keyword === 'ENTRYPOINT') {
      const entrypoint = command(instruction);
      if (entrypoint) stage.entrypoint = entrypoint;
      // Docker: setting ENTRYPOINT resets a CMD inherited from the base image (not one of the same stage).
    } else if (keyword === 'COPY' || keyword === 'ADD') {
      const args = instruction.getArguments().map((a) => a.getValue()).filter((v) => !v.startsWith('--'));
      if (args.length >= 2) stage.copies.push({ sources: args.slice(0, -1), dest: args[args.length - 1]! });
    }
  }
  const comments = dockerfile.getComments().map((c) => spanOf(c.getRange()));
  return { file, stages, comments };
}

/**
 * The stage a container of the image runs (`target`, else the last), with
 * what it inherits from the earlier stage it is built `FROM`.
 */
export function effectiveStage(image: DockerImage, target?: string): ImageStage | undefined {
  const index = target ? image.stages.findIndex((s) => s.name === target) : image.stages.length - 1;
  const stage = image.stages[index];
  if (!stage) return undefined;
  const chain: ImageStage[] = [stage];
  for (let current = stage, guard = 0; guard < image.stages.length; guard++) {
    const parentIndex = image.stages.findIndex((s, k) => k < image.stages.indexOf(current) && s.name !== undefined && s.name === current.from);
    if (parentIndex === -1) break;
    current = image.stages[parentIndex]!;
    chain.push(current);
  }
  // Walk from the oldest ancestor: later stages override.
  let user: ImageStage['user'];
  let entrypoint: ImageCommand | undefined;
  let cmd: ImageCommand | undefined;
  const environment: LaunchEnvVar[] = [];
  const copies: Array<ImageStage['copies'][number]> = [];
  for (const s of [...chain].reverse()) {
    if (s.user) user = s.user;
    if (s.entrypoint) {
      entrypoint = s.entrypoint;
      if (!s.cmd) cmd = undefined;
    }
    if (s.cmd) cmd = s.cmd;
    environment.push(...s.environment);
    copies.push(...s.copies);
  }
  const root = chain[chain.length - 1]!;
  return { name: stage.name, from: root.from, fromSpan: stage.fromSpan, ...(user ? { user } : {}), environment, ...(entrypoint ? { entrypoint } : {}), ...(cmd ? { cmd } : {}), copies };
}

const ROOT_USER = /^(root|0)(:.*)?$/;

/** Who a container of the stage runs as. */
export function stageUser(stage: ImageStage, dockerfile: string): LaunchUser {
  const name = path.basename(dockerfile);
  if (stage.user) {
    const value = stage.user.value;
    if (ROOT_USER.test(value)) return { state: 'root', reason: `USER ${value} in ${name}`, span: stage.user.span, name: value };
    if (value.includes('$')) return { state: 'unknown', reason: `USER ${value} in ${name} is set at build time`, span: stage.user.span };
    return { state: 'non-root', reason: `USER ${value} in ${name}`, span: stage.user.span, name: value };
  }
  if (isRootBaseImage(stage.from)) {
    return { state: 'root', reason: `no USER in the final stage of ${name}; ${stage.from} runs as root`, span: stage.fromSpan };
  }
  return { state: 'unknown', reason: `no USER in ${name}; the user comes from the base image ${stage.from}`, span: stage.fromSpan };
}

/** The argv a container runs: ENTRYPOINT (exec form) followed by CMD, or a shell-form ENTRYPOINT alone. */
export function imageCommands(entrypoint: ImageCommand | undefined, cmd: ImageCommand | undefined): ReadonlyArray<readonly ShellWord[]> {
  if (entrypoint?.form === 'shell') return entrypoint.commands;
  if (entrypoint) {
    const head = entrypoint.commands[0] ?? [];
    if (!cmd) return [head];
    if (cmd.form === 'exec') return [[...head, ...(cmd.commands[0] ?? [])]];
    // A shell-form CMD after an exec ENTRYPOINT is passed as `/bin/sh -c "..."` arguments.
    return [head];
  }
  return cmd?.commands ?? [];
}

/** Files in the build context that a path inside the image may be, from COPY/ADD lines. */
export function copiedFrom(stage: ImageStage, imagePath: string, context: string): string[] {
  const out: string[] = [];
  const target = imagePath.replace(/^\.\//, '');
  for (const copy of stage.copies) {
    for (const source of copy.sources) {
      const dest = copy.dest.replace(/^\.\//, '');
      if (dest === target || dest === imagePath) out.push(path.resolve(context, source));
      else if (dest.endsWith('/') || copy.sources.length > 1 || dest === '.' || dest === '/app' || !path.extname(dest)) {
        // A directory: the path under it.
        const rel = path.posix.relative(dest.replace(/\/$/, '') || '/', target.startsWith('/') ? target : `/${target}`);
        if (!rel.startsWith('..')) out.push(path.resolve(context, source === '.' ? '' : source, rel === '' ? path.basename(target) : rel));
      }
    }
  }
  out.push(path.resolve(context, target.replace(/^\//, '')), path.resolve(context, path.basename(target)));
  return [...new Set(out)];
}
