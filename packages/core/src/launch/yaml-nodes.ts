// Reading YAML (Compose files, Kubernetes manifests) through the `yaml`
// package's document model, which keeps every node's source range: lookups
// that follow anchors and merge keys (`<<: *common`), and scalars as mapped
// text so a word inside `command: >` lands on its source characters.
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { MappedBuilder, type MappedText } from './mapped-text';

export type YamlDocument = Document.Parsed;

/**
 * Every document of a YAML text. Errors are kept short and duplicate keys
 * are not searched for (a Compose file with one is Compose's to refuse):
 * both cost a third of the parse.
 */
export function parseYaml(text: string): YamlDocument[] {
  return parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false }) as YamlDocument[];
}

/** Follows an alias to the node it names. */
export function deref(node: unknown, doc: YamlDocument, depth = 0): Node | undefined {
  if (node === null || node === undefined) return undefined;
  if (isAlias(node)) return depth > 20 ? undefined : deref(node.resolve(doc), doc, depth + 1);
  return node as Node;
}

/** The pairs of a map, with merge keys (`<<: *base`, `<<: [*a, *b]`) expanded; own keys win. */
export function pairsOf(map: YAMLMap, doc: YamlDocument, depth = 0): Pair[] {
  const own: Pair[] = [];
  const merged: Pair[] = [];
  for (const pair of map.items) {
    const key = isScalar(pair.key) ? pair.key.value : pair.key;
    if (key === '<<' && depth < 10) {
      const target = deref(pair.value, doc);
      const sources = isSeq(target) ? target.items.map((i) => deref(i, doc)) : [target];
      for (const source of sources) if (isMap(source)) merged.push(...pairsOf(source, doc, depth + 1));
      continue;
    }
    own.push(pair);
  }
  const keys = new Set(own.map((p) => keyText(p)));
  return [...own, ...merged.filter((p) => !keys.has(keyText(p)))];
}

export function keyText(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String(pair.key.value) : undefined;
}

export function pairOf(map: unknown, key: string, doc: YamlDocument): Pair | undefined {
  const node = deref(map, doc);
  if (!isMap(node)) return undefined;
  return pairsOf(node, doc).find((p) => keyText(p) === key);
}

/** The value under `key` (aliases followed), or undefined. */
export function get(map: unknown, key: string, doc: YamlDocument): Node | undefined {
  return deref(pairOf(map, key, doc)?.value, doc);
}

/** Follows a path of keys. */
export function getPath(map: unknown, keys: readonly string[], doc: YamlDocument): Node | undefined {
  let node: Node | undefined = deref(map, doc);
  for (const key of keys) {
    node = get(node, key, doc);
    if (!node) return undefined;
  }
  return node;
}

/** A scalar's value as a string (numbers and booleans as written), or undefined for a non-scalar or null. */
export function scalarString(node: unknown): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  return typeof node.value === 'string' ? node.value : String(node.source ?? node.value);
}

export function scalarNumber(node: unknown): number | undefined {
  if (!isScalar(node)) return undefined;
  if (typeof node.value === 'number') return node.value;
  if (typeof node.value === 'string' && /^\d+$/.test(node.value.trim())) return Number(node.value.trim());
  return undefined;
}

export function rangeOf(node: Node | Pair['key'] | undefined): { start: number; end: number } | undefined {
  const range = (node as Node | undefined)?.range;
  return range ? { start: range[0], end: range[1] } : undefined;
}

/** The length of the escape at `j` in a double-quoted scalar's source (`\n`, `\x41`, `\u00e9`, `\U0001F600`, an escaped line break). */
function escapeLength(source: string, j: number): number {
  const c = source[j + 1];
  if (c === 'x') return 4;
  if (c === 'u') return 6;
  if (c === 'U') return 10;
  if (c === '\r' && source[j + 2] === '\n') return 3;
  return 2;
}

/**
 * A string scalar as mapped text. The value's characters appear in the
 * source in order, so they are aligned one by one: escapes and doubled quotes
 * map to where they are written, folded line breaks to the break, and
 * indentation is stepped over.
 */
export function scalarText(node: Node | undefined, text: string): MappedText | undefined {
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return undefined;
  const scalar = node as Scalar<string>;
  const [start, end] = scalar.range!;
  const source = text.slice(start, end);
  const value = scalar.value;
  const type = scalar.type;
  const quoted = type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE';
  let j = quoted ? 1 : type === 'BLOCK_LITERAL' || type === 'BLOCK_FOLDED' ? source.indexOf('\n') + 1 : 0;
  const out = new MappedBuilder();
  for (let i = 0; i < value.length; i++) {
    const v = value[i]!;
    if (type === 'QUOTE_DOUBLE' && source[j] === '\\') {
      out.push(v, start + j);
      j += escapeLength(source, j);
      continue;
    }
    if (type === 'QUOTE_SINGLE' && v === "'" && source.startsWith("''", j)) {
      out.push(v, start + j);
      j += 2;
      continue;
    }
    if (source[j] === v) {
      out.push(v, start + j);
      j++;
      continue;
    }
    if ((v === ' ' || v === '\n') && /[\r\n]/.test(source[j] ?? '')) {
      // A folded line break: the break and the next line's indentation.
      out.push(v, start + j);
      while (j < source.length && /[\r\n]/.test(source[j]!)) j++;
      while (j < source.length && (source[j] === ' ' || source[j] === '\t') && value[i + 1] !== source[j]) j++;
      continue;
    }
    const k = source.indexOf(v, j);
    const at = k === -1 ? j : k;
    out.push(v, start + at);
    j = at + 1;
  }
  return out.done(start + Math.min(j, quoted ? source.length - 1 : source.length));
}
