// Kubernetes manifests (multi-document YAML): the containers of Deployment,
// StatefulSet, DaemonSet, ReplicaSet, Job, CronJob and Pod templates, with
// `command` / `args`, pod and container `securityContext` (`runAsUser`,
// `runAsNonRoot`), `replicas` (and the HorizontalPodAutoscaler that scales
// the workload), `env` and `envFrom` (ConfigMaps of the same files).
// Helm templates: a document holding `{{ }}` is not YAML until rendered; it
// is skipped whole, and said so, rather than half read.
import { isMap, isSeq, type Node, type YAMLMap } from 'yaml';
import type { SourceSpan } from '../../types';
import type { LaunchDraft } from '../build-process';
import type { LaunchFileProblem, LaunchEnvVar, LaunchReplicas, LaunchUser } from '../process';
import type { ShellWord } from '../shell-words';
import { deref, get, getPath, keyText, pairsOf, rangeOf, scalarNumber, scalarString, scalarText, parseYaml, type YamlDocument } from '../yaml-nodes';
import { isRootBaseImage } from './dockerfile';
import { hashComments } from '../hash-comments';

const POD_TEMPLATE: Readonly<Record<string, readonly string[]>> = {
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  Pod: ['spec'],
};

/** Whether a YAML text holds a Kubernetes object: `apiVersion:` and `kind:` at the top level. */
export function looksLikeKubernetes(text: string): boolean {
  return /^apiVersion\s*:/m.test(text) && /^kind\s*:/m.test(text);
}

interface ManifestDoc {
  readonly doc: YamlDocument;
  readonly kind: string;
  readonly name: string;
  readonly nameSpan: SourceSpan;
}

function words(node: Node | undefined, doc: YamlDocument, file: string, text: string): ShellWord[] | undefined {
  if (!isSeq(node)) return undefined;
  const out: ShellWord[] = [];
  for (const item of node.items) {
    const n = deref(item, doc);
    const mapped = scalarText(n, text);
    const r = rangeOf(n);
    const value = scalarString(n);
    if (value === undefined || !r) continue;
    // `$(VAR)` is expanded by the kubelet from the container's env.
    out.push({ value, start: r.start, end: r.end, mapped: mapped ?? { text: value, offsets: [...Array(value.length).fill(r.start), r.end] }, expands: value.includes('$('), quoted: true, file });
  }
  return out;
}

function securityUser(container: YAMLMap, pod: Node | undefined, doc: YamlDocument, file: string, image: string | undefined): LaunchUser {
  const at = (node: Node | undefined): SourceSpan | undefined => {
    const r = rangeOf(node);
    return r ? { file, ...r } : undefined;
  };
  for (const [where, context] of [
    ['container', get(container, 'securityContext', doc)],
    ['pod', get(pod, 'securityContext', doc)],
  ] as const) {
    const runAsUser = get(context, 'runAsUser', doc);
    if (runAsUser) {
      const uid = scalarNumber(runAsUser);
      const span = at(runAsUser);
      if (uid === 0) return { state: 'root', reason: `runAsUser: 0 in the ${where} securityContext`, ...(span ? { span } : {}), name: '0' };
      if (uid !== undefined) return { state: 'non-root', reason: `runAsUser: ${uid} in the ${where} securityContext`, ...(span ? { span } : {}), name: String(uid) };
    }
    const nonRoot = get(context, 'runAsNonRoot', doc);
    if (nonRoot && scalarString(nonRoot) === 'true') {
      const span = at(nonRoot);
      return { state: 'non-root', reason: `runAsNonRoot: true in the ${where} securityContext`, ...(span ? { span } : {}) };
    }
  }
  const imageNode = get(container, 'image', doc);
  const span = at(imageNode);
  if (image && isRootBaseImage(image)) return { state: 'root', reason: `no runAsUser or runAsNonRoot, and image ${image} runs as root`, ...(span ? { span } : {}) };
  return { state: 'unknown', reason: `no runAsUser or runAsNonRoot; the user comes from image ${image ?? '(unnamed)'}`, ...(span ? { span } : {}) };
}

function environment(container: YAMLMap, doc: YamlDocument, file: string, configMaps: ReadonlyMap<string, LaunchEnvVar[]>): LaunchEnvVar[] {
  const out: LaunchEnvVar[] = [];
  const envFrom = get(container, 'envFrom', doc);
  if (isSeq(envFrom)) {
    for (const item of envFrom.items) {
      const name = scalarString(getPath(item, ['configMapRef', 'name'], doc));
      if (name) out.push(...(configMaps.get(name) ?? []));
    }
  }
  const env = get(container, 'env', doc);
  if (isSeq(env)) {
    for (const item of env.items) {
      const entry = deref(item, doc);
      const name = scalarString(get(entry, 'name', doc));
      if (!name) continue;
      const valueNode = get(entry, 'value', doc);
      const value = scalarString(valueNode);
      const fromConfigMap = getPath(entry, ['valueFrom', 'configMapKeyRef'], doc);
      let resolved = value;
      if (fromConfigMap) {
        const map = configMaps.get(scalarString(get(fromConfigMap, 'name', doc)) ?? '');
        const key = scalarString(get(fromConfigMap, 'key', doc));
        resolved = map?.find((v) => v.name === key)?.value;
      }
      const r = rangeOf(valueNode ?? (entry as Node));
      out.push({ name, value: resolved === undefined || resolved.includes('$(') ? undefined : resolved, span: { file, ...(r ?? { start: 0, end: 0 }) }, via: 'env' });
    }
  }
  return out;
}

export interface KubernetesRead {
  readonly drafts: LaunchDraft[];
  readonly comments: ReadonlyArray<{ start: number; end: number }>;
  readonly problems: ReadonlyArray<Omit<LaunchFileProblem, 'file'>>;
  /** Autoscalers by the workload they scale (`Deployment/worker`). */
  readonly autoscaled: ReadonlyMap<string, { max: number | undefined; span: SourceSpan; name: string }>;
}

/** Reads the manifests of one file. Autoscalers and ConfigMaps of other files are joined later (joinKubernetes). */
export function readKubernetes(file: string, text: string): KubernetesRead {
  const problems: Array<Omit<LaunchFileProblem, 'file'>> = [];
  const manifests: ManifestDoc[] = [];
  const autoscaled = new Map<string, { max: number | undefined; span: SourceSpan; name: string }>();
  const configMaps = new Map<string, LaunchEnvVar[]>();
  const drafts: LaunchDraft[] = [];
  const docs = parseYaml(withoutTemplates(file, text, problems));
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      const error = doc.errors[0]!;
      problems.push({ reason: 'syntax', span: { file, start: error.pos[0], end: error.pos[1] }, message: `not read: ${error.message.split('\n')[0]}` });
      continue;
    }
    const kind = scalarString(get(doc.contents, 'kind', doc));
    const nameNode = getPath(doc.contents, ['metadata', 'name'], doc);
    const name = scalarString(nameNode) ?? '';
    if (!kind) continue;
    if (kind === 'ConfigMap') {
      const data = get(doc.contents, 'data', doc);
      if (isMap(data)) {
        configMaps.set(
          name,
          pairsOf(data, doc).map((p) => {
            const r = rangeOf(p.value as Node);
            const value = scalarString(deref(p.value, doc));
            return { name: keyText(p) ?? '', value, span: { file, ...(r ?? { start: 0, end: 0 }) }, via: `ConfigMap ${name}` };
          }),
        );
      }
      continue;
    }
    if (kind === 'HorizontalPodAutoscaler') {
      const target = get(get(doc.contents, 'spec', doc), 'scaleTargetRef', doc);
      const maxNode = getPath(doc.contents, ['spec', 'maxReplicas'], doc);
      const r = rangeOf(maxNode ?? nameNode);
      autoscaled.set(`${scalarString(get(target, 'kind', doc))}/${scalarString(get(target, 'name', doc))}`, { max: scalarNumber(maxNode), span: { file, ...(r ?? { start: 0, end: 0 }) }, name });
      continue;
    }
    if (POD_TEMPLATE[kind]) manifests.push({ doc, kind, name, nameSpan: { file, ...(rangeOf(nameNode) ?? rangeOf(doc.contents as Node) ?? { start: 0, end: 0 }) } });
  }
  for (const manifest of manifests) drafts.push(...workloadDrafts(manifest, file, text, configMaps));
  return { drafts, comments: hashComments(text), problems, autoscaled };
}

/**
 * The text with every document that holds a Helm template (`{{ }}`) blanked
 * out, line breaks kept so offsets stay true: a template is not YAML until it
 * is rendered (and YAML's error recovery on one is slow); the other documents
 * of the file are read as they are.
 */
const TEMPLATE = /\{\{|\{%/;

function withoutTemplates(file: string, text: string, problems: Array<Omit<LaunchFileProblem, 'file'>>): string {
  if (!TEMPLATE.test(text)) return text;
  let out = '';
  let start = 0;
  for (const separator of [...text.matchAll(/^---[^\n]*$/gm), null]) {
    const end = separator ? separator.index : text.length;
    const doc = text.slice(start, end);
    if (TEMPLATE.test(doc)) {
      problems.push({ reason: 'skipped', span: { file, start, end: start }, message: 'a Helm template ({{ }}) is not read until it is rendered; this document was skipped' });
      out += doc.replace(/[^\n]/g, ' ');
    } else out += doc;
    if (separator) out += separator[0];
    start = separator ? separator.index + separator[0].length : text.length;
  }
  return out;
}

function replicasOf(manifest: ManifestDoc, file: string): LaunchReplicas {
  const { doc, kind } = manifest;
  if (kind === 'DaemonSet') return { count: undefined, autoscaled: true, reason: 'a DaemonSet runs one pod per node', span: manifest.nameSpan };
  if (kind === 'Job' || kind === 'CronJob' || kind === 'Pod') return { count: 1, reason: `one pod per ${kind}` };
  const node = getPath(doc.contents, ['spec', 'replicas'], doc);
  if (!node) return { count: 1, reason: 'replicas not set (1)' };
  const count = scalarNumber(node);
  const r = rangeOf(node);
  return { count, reason: `replicas: ${scalarString(node)}`, ...(r ? { span: { file, ...r } } : {}) };
}

function workloadDrafts(manifest: ManifestDoc, file: string, text: string, configMaps: ReadonlyMap<string, LaunchEnvVar[]>): LaunchDraft[] {
  const { doc } = manifest;
  const pod = getPath(doc.contents, POD_TEMPLATE[manifest.kind]!, doc);
  const containers = get(pod, 'containers', doc);
  if (!isSeq(containers)) return [];
  const out: LaunchDraft[] = [];
  for (const item of containers.items) {
    const container = deref(item, doc);
    if (!isMap(container)) continue;
    const containerName = scalarString(get(container, 'name', doc)) ?? manifest.name;
    const command = words(get(container, 'command', doc), doc, file, text);
    const args = words(get(container, 'args', doc), doc, file, text);
    // `command` replaces the image's ENTRYPOINT and `args` its CMD; args alone go to an entrypoint this file does not show.
    const argv = command ? [...command, ...(args ?? [])] : args;
    if (!argv || argv.length === 0) continue;
    const image = scalarString(get(container, 'image', doc));
    const nameRange = rangeOf(get(container, 'name', doc));
    out.push({
      file,
      origin: 'kubernetes',
      name: `${manifest.kind}/${manifest.name}${containerName !== manifest.name ? ` (${containerName})` : ''}`,
      definedAt: nameRange ? { file, ...nameRange } : manifest.nameSpan,
      commands: [argv],
      user: securityUser(container, pod, doc, file, image),
      replicas: replicasOf(manifest, file),
      environment: environment(container, doc, file, configMaps),
      inContainer: true,
      siblings: [],
    });
  }
  return out;
}

/** The workload key an autoscaler names (`Deployment/worker`) for a draft's name. */
export function workloadKey(draftName: string): string {
  return draftName.replace(/ \(.*\)$/, '');
}
