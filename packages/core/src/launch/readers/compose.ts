// Compose files: each service's command (`command` / `entrypoint` as a string
// or a list, else the CMD of the Dockerfile it builds), user, replicas
// (`deploy.replicas`, `scale`), environment (`environment` as a map or a
// list, `env_file`, the image's ENV) and its sibling services, through YAML
// anchors, merge keys and `extends`.
import * as path from 'node:path';
import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import type { SourceSpan } from '../../types';
import type { LaunchDraft } from '../build-process';
import type { LaunchFileProblem, LaunchEnvVar, LaunchProcess, LaunchReplicas, LaunchUser } from '../process';
import { splitWords, type ShellWord } from '../shell-words';
import { deref, get, keyText, pairsOf, rangeOf, scalarNumber, scalarString, scalarText, parseYaml, type YamlDocument } from '../yaml-nodes';
import { copiedFrom, effectiveStage, imageCommands, isRootBaseImage, readDockerfile, stageUser, type ImageCommand, type ImageStage } from './dockerfile';
import { readEnvFile } from './env-file';
import { hashComments } from '../hash-comments';

export interface ReadFile {
  (file: string): string | undefined;
}

/** What one run has read already: a Dockerfile several services build, a file several services extend. */
export type ReadMemo = Map<string, unknown>;

export function memoized<T>(memo: ReadMemo, key: string, make: () => T): T {
  if (memo.has(key)) return memo.get(key) as T;
  const value = make();
  memo.set(key, value);
  return value;
}

/** A service's keys as written, in one file (an `extends` chain spans several). */
interface ServiceSource {
  readonly map: YAMLMap;
  readonly doc: YamlDocument;
  readonly file: string;
  readonly text: string;
}

interface Located {
  readonly node: Node;
  readonly source: ServiceSource;
}

/** The first source of the chain that sets `key` (the service's own keys first). */
function lookup(chain: readonly ServiceSource[], key: string): Located | undefined {
  for (const source of chain) {
    const node = get(source.map, key, source.doc);
    if (node !== undefined && !(isScalar(node) && node.value === null)) return { node, source };
  }
  return undefined;
}

function span(source: ServiceSource, node: Node | undefined): SourceSpan {
  const r = rangeOf(node) ?? { start: 0, end: 0 };
  return { file: source.file, ...r };
}

/** A scalar or list item as one word. */
function itemWord(node: Node | undefined, source: ServiceSource): ShellWord | undefined {
  const mapped = scalarText(node, source.text);
  const r = rangeOf(node);
  if (mapped && r) return { value: mapped.text, start: r.start, end: r.end, mapped, expands: mapped.text.includes('$'), quoted: true, file: source.file };
  const value = scalarString(node);
  if (value !== undefined && r) return { value, start: r.start, end: r.end, mapped: { text: value, offsets: [...Array(value.length).fill(r.start), r.end] }, expands: value.includes('$'), quoted: false, file: source.file };
  return undefined;
}

/** `command:` / `entrypoint:` as words: a list is taken item by item, a string split as Compose splits it (no shell). */
function commandWords(found: Located | undefined): ShellWord[] | undefined {
  if (!found) return undefined;
  const { node, source } = found;
  if (isSeq(node)) return node.items.map((i) => itemWord(deref(i, source.doc), source)).filter((w): w is ShellWord => w !== undefined);
  const mapped = scalarText(node, source.text);
  if (!mapped) return undefined;
  return splitWords(mapped).map((w) => ({ ...w, file: source.file }));
}

function environmentOf(found: Located | undefined): LaunchEnvVar[] {
  if (!found) return [];
  const { node, source } = found;
  const out: LaunchEnvVar[] = [];
  if (isMap(node)) {
    for (const pair of pairsOf(node, source.doc)) {
      const name = keyText(pair);
      if (!name) continue;
      const value = scalarString(deref(pair.value, source.doc));
      out.push({ name, value: value === undefined || value.includes('$') ? undefined : value, span: span(source, (pair.value ?? pair.key) as Node), via: 'environment' });
    }
  } else if (isSeq(node)) {
    for (const item of node.items) {
      const text = scalarString(deref(item, source.doc));
      if (text === undefined) continue;
      const eq = text.indexOf('=');
      const name = eq === -1 ? text : text.slice(0, eq);
      const value = eq === -1 ? undefined : text.slice(eq + 1);
      out.push({ name, value: value === undefined || value.includes('$') ? undefined : value, span: span(source, item as Node), via: 'environment' });
    }
  }
  return out;
}

function envFiles(found: Located | undefined, readFile: ReadFile, noteRead: (file: string, text: string) => void, memo: ReadMemo): LaunchEnvVar[] {
  if (!found) return [];
  const { node, source } = found;
  const items = isSeq(node) ? node.items.map((i) => deref(i, source.doc)) : [node];
  const out: LaunchEnvVar[] = [];
  for (const item of items) {
    const name = isMap(item) ? scalarString(get(item, 'path', source.doc)) : scalarString(item);
    if (!name) continue;
    const file = path.resolve(path.dirname(source.file), name);
    const text = readFile(file);
    if (text === undefined) continue;
    noteRead(file, text);
    out.push(...memoized(memo, `env:${file}`, () => readEnvFile(file, text)));
  }
  return out;
}

function replicasOf(chain: readonly ServiceSource[]): LaunchReplicas {
  const deploy = lookup(chain, 'deploy');
  if (deploy) {
    const mode = scalarString(get(deploy.node, 'mode', deploy.source.doc));
    if (mode === 'global') return { count: undefined, autoscaled: true, reason: 'deploy.mode: global (one per node)', span: span(deploy.source, get(deploy.node, 'mode', deploy.source.doc)) };
    const replicas = get(deploy.node, 'replicas', deploy.source.doc);
    if (replicas) {
      const count = scalarNumber(replicas);
      return { count, reason: count === undefined ? `deploy.replicas: ${scalarString(replicas)}` : `deploy.replicas: ${count}`, span: span(deploy.source, replicas) };
    }
  }
  const scale = lookup(chain, 'scale');
  if (scale) {
    const count = scalarNumber(scale.node);
    return { count, reason: `scale: ${scalarString(scale.node)}`, span: span(scale.source, scale.node) };
  }
  return { count: 1, reason: 'one container (no deploy.replicas or scale)' };
}

/** The service's `extends` chain: itself, then what it extends, in the same or another file. */
function serviceChain(first: ServiceSource, services: YAMLMap, readFile: ReadFile, noteRead: (file: string, text: string) => void, memo: ReadMemo): ServiceSource[] {
  const chain = [first];
  let current = first;
  let currentServices = services;
  for (let guard = 0; guard < 5; guard++) {
    const ext = get(current.map, 'extends', current.doc);
    if (!ext) break;
    const target = isMap(ext) ? scalarString(get(ext, 'service', current.doc)) : scalarString(ext);
    const otherFile = isMap(ext) ? scalarString(get(ext, 'file', current.doc)) : undefined;
    if (!target) break;
    let doc = current.doc;
    let file = current.file;
    let text = current.text;
    if (otherFile) {
      file = path.resolve(path.dirname(current.file), otherFile);
      const read = readFile(file);
      if (read === undefined) break;
      noteRead(file, read);
      text = read;
      doc = memoized(memo, `yaml:${file}`, () => parseYaml(read)[0]!);
      const other = get(doc?.contents, 'services', doc);
      if (!isMap(other)) break;
      currentServices = other;
    }
    const map = get(currentServices, target, doc);
    if (!isMap(map) || chain.some((c) => c.map === map)) break;
    current = { map, doc, file, text };
    chain.push(current);
  }
  return chain;
}

interface BuiltImage {
  readonly stage: ImageStage;
  readonly dockerfile: string;
  readonly context: string;
}

/** Where a run keeps a Dockerfile it has read (an absolute path): read-launch.ts reads one that is also a launch file under the same key. */
export function dockerfileKey(absolute: string): string {
  return `dockerfile:${absolute}`;
}

function builtImage(chain: readonly ServiceSource[], readFile: ReadFile, noteRead: (file: string, text: string) => void, memo: ReadMemo): BuiltImage | undefined {
  const build = lookup(chain, 'build');
  if (!build) return undefined;
  const dir = path.dirname(build.source.file);
  const contextName = isMap(build.node) ? scalarString(get(build.node, 'context', build.source.doc)) ?? '.' : scalarString(build.node);
  if (contextName === undefined || /^[a-z]+:\/\//.test(contextName)) return undefined;
  const context = path.resolve(dir, contextName);
  const dockerfileName = (isMap(build.node) ? scalarString(get(build.node, 'dockerfile', build.source.doc)) : undefined) ?? 'Dockerfile';
  const target = isMap(build.node) ? scalarString(get(build.node, 'target', build.source.doc)) : undefined;
  const dockerfile = path.resolve(context, dockerfileName);
  const text = readFile(dockerfile);
  if (text === undefined) return undefined;
  noteRead(dockerfile, text);
  const stage = effectiveStage(memoized(memo, dockerfileKey(dockerfile), () => readDockerfile(dockerfile, text)), target);
  return stage ? { stage, dockerfile, context } : undefined;
}

function userOf(chain: readonly ServiceSource[], image: BuiltImage | undefined): LaunchUser {
  const user = lookup(chain, 'user');
  if (user) {
    const value = scalarString(user.node) ?? '';
    const where = span(user.source, user.node);
    if (/^(root|0)(:.*)?$/.test(value)) return { state: 'root', reason: `user: ${value}`, span: where, name: value };
    if (value.includes('$')) return { state: 'unknown', reason: `user: ${value} is set when the service starts`, span: where };
    return { state: 'non-root', reason: `user: ${value}`, span: where, name: value };
  }
  if (image) return stageUser(image.stage, image.dockerfile);
  const named = lookup(chain, 'image');
  const imageName = named ? scalarString(named.node) : undefined;
  if (imageName && isRootBaseImage(imageName)) return { state: 'root', reason: `no user: and image ${imageName} runs as root`, span: span(named!.source, named!.node) };
  return { state: 'unknown', reason: imageName ? `no user:; the user comes from image ${imageName}` : 'no user: and no image celery-lint can read' };
}

function tagged(command: ImageCommand | undefined, file: string): ImageCommand | undefined {
  if (!command) return undefined;
  return { ...command, commands: command.commands.map((c) => c.map((w) => ({ ...w, file }))) };
}

/** Whether a YAML text is a Compose file: a top-level `services:` map. */
export function looksLikeCompose(text: string): boolean {
  return /^services\s*:/m.test(text);
}

export interface ComposeRead {
  readonly drafts: LaunchDraft[];
  readonly comments: ReadonlyArray<{ start: number; end: number }>;
  readonly problems: ReadonlyArray<Omit<LaunchFileProblem, 'file'>>;
}

export function readCompose(file: string, text: string, readFile: ReadFile, noteRead: (file: string, text: string) => void, memo: ReadMemo = new Map()): ComposeRead {
  const docs = parseYaml(text);
  const drafts: LaunchDraft[] = [];
  const problems: Array<Omit<LaunchFileProblem, 'file'>> = [];
  for (const doc of docs) {
    // A template (`image: {{ registry }}/app`, Jinja or Helm) is YAML only once rendered: skipped, not a syntax error.
    const template = /\{\{|\{%/.test(text);
    for (const error of doc.errors.slice(0, 1)) {
      problems.push(
        template
          ? { reason: 'skipped', span: { file, start: error.pos[0], end: error.pos[1] }, message: 'a template ({{ }}) is not read until it is rendered' }
          : { reason: 'syntax', span: { file, start: error.pos[0], end: error.pos[1] }, message: `not read: ${error.message.split('\n')[0]}` },
      );
    }
    if (doc.errors.length > 0) continue;
    const services = get(doc.contents, 'services', doc);
    if (!isMap(services)) continue;
    const siblings: Array<LaunchProcess['siblings'][number]> = [];
    const entries: Array<{ name: string; map: YAMLMap; key: SourceSpan }> = [];
    for (const pair of pairsOf(services, doc)) {
      const name = keyText(pair);
      const map = deref(pair.value, doc);
      if (!name || !isMap(map)) continue;
      const key = { file, ...(rangeOf(pair.key as Node) ?? { start: 0, end: 0 }) };
      const image = scalarString(get(map, 'image', doc));
      siblings.push({ name, ...(image ? { image } : {}), span: key });
      entries.push({ name, map, key });
    }
    for (const { name, map, key } of entries) {
      const chain = serviceChain({ map, doc, file, text }, services, readFile, noteRead, memo);
      const image = builtImage(chain, readFile, noteRead, memo);
      const entrypoint = lookup(chain, 'entrypoint');
      const command = lookup(chain, 'command');
      const entrypointWords = commandWords(entrypoint);
      const commandWordsFound = commandWords(command);
      let commands: ReadonlyArray<readonly ShellWord[]>;
      if (entrypointWords) commands = [[...entrypointWords, ...(commandWordsFound ?? [])]];
      else if (commandWordsFound) {
        const imageEntrypoint = tagged(image?.stage.entrypoint, image?.dockerfile ?? file);
        commands = imageEntrypoint?.form === 'exec' ? [[...(imageEntrypoint.commands[0] ?? []), ...commandWordsFound]] : [commandWordsFound];
      } else if (image) commands = imageCommands(tagged(image.stage.entrypoint, image.dockerfile), tagged(image.stage.cmd, image.dockerfile));
      else commands = [];
      if (commands.length === 0) continue;
      const environment = [...(image?.stage.environment ?? []), ...envFiles(lookup(chain, 'env_file'), readFile, noteRead, memo), ...environmentOf(lookup(chain, 'environment'))];
      drafts.push({
        file,
        origin: 'compose',
        name,
        definedAt: key,
        commands,
        user: userOf(chain, image),
        replicas: replicasOf(chain),
        environment,
        inContainer: true,
        siblings,
        ...(image ? { scriptCandidates: (p: string) => copiedFrom(image.stage, p, image.context) } : {}),
      });
    }
  }
  return { drafts, comments: hashComments(text), problems };
}
