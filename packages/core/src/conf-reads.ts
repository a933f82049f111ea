// Which reads of an app's `conf` run while a module is being imported. Celery
// finalizes an app's configuration at its first read (detect_settings and the
// mixing check run then), so a read that runs at import time splits the app
// module's writes into pending changes and writes made after it. A read runs
// at import time when it sits in the module's top level (class bodies,
// decorators and default values included) or in a module-level function that
// a top-level call reaches, directly or through other module-level functions.
// A function only defined, or called only from code that never runs at import
// time, reads nothing then.
import type { SyntaxNode } from './parser';

/** A read of some object's `conf` that runs when the module is imported. */
export interface ImportTimeRead {
  /** The expression whose `conf` is read, as written without spaces: `app`, `proj.celery.app`, `current_app`. */
  readonly receiver: string;
  /** Where the module's import performs it: the read itself, or the top-level call whose functions perform it. */
  readonly at: number;
}

/**
 * The name an app bound to `node` goes by: a variable (`app`), or an attribute
 * or subscript as written without spaces (`self.app`, `registry['celery.app']`),
 * through which the module configures it too.
 */
export function appTargetName(node: SyntaxNode): string | undefined {
  if (node.type === 'identifier') return node.text;
  if (node.type !== 'attribute' && node.type !== 'subscript') return undefined;
  const text = node.text.replace(/\s+/g, '');
  return /^[\w.]+(\[(?:'[^']*'|"[^"]*"|\w+)\])?(\.\w+)*$/.test(text) ? text : undefined;
}

/** `conf` methods that write without finalizing the configuration. */
const CONF_WRITE_METHODS = new Set(['update', 'setdefault']);

/** True when the `X.conf` node is read from (finalizing the configuration), not written to. */
export function isConfRead(conf: SyntaxNode): boolean {
  const parent = conf.parent;
  if (!parent) return false;
  const isTarget = (n: SyntaxNode) => (n.parent?.type === 'assignment' || n.parent?.type === 'augmented_assignment') && n.parent.childForFieldName('left')?.startIndex === n.startIndex;
  if (parent.type === 'attribute' && parent.childForFieldName('object')?.startIndex === conf.startIndex) {
    const call = parent.parent;
    if (call?.type === 'call' && call.childForFieldName('function')?.startIndex === parent.startIndex) {
      return !CONF_WRITE_METHODS.has(parent.childForFieldName('attribute')?.text ?? '');
    }
    return !isTarget(parent) || parent.parent?.type === 'augmented_assignment';
  }
  if (parent.type === 'subscript' && parent.childForFieldName('value')?.startIndex === conf.startIndex) {
    return !isTarget(parent) || parent.parent?.type === 'augmented_assignment';
  }
  return false;
}

/** Where a node's code runs: on import, when a function runs (the innermost one whose body holds it), or not on import at all. */
type Place = { readonly kind: 'import' } | { readonly kind: 'function'; readonly def: SyntaxNode } | { readonly kind: 'later' };

const within = (node: SyntaxNode, outer: SyntaxNode | null): boolean => !!outer && outer.startIndex <= node.startIndex && node.endIndex <= outer.endIndex;

/** `if __name__ == '__main__':` runs when the file is a script, never when it is imported. */
function isMainGuard(node: SyntaxNode): boolean {
  const condition = node.childForFieldName('condition');
  return !!condition && /^__name__\s*==\s*(['"])__main__\1$/.test(condition.text);
}

function placeOf(node: SyntaxNode): Place {
  for (let n = node.parent; n; n = n.parent) {
    // Decorators and default values belong to the enclosing code; only the body waits for a call.
    if (n.type === 'function_definition' && within(node, n.childForFieldName('body'))) return { kind: 'function', def: n };
    if (n.type === 'lambda' && within(node, n.childForFieldName('body'))) return { kind: 'later' };
    if (n.type === 'if_statement' && isMainGuard(n) && within(node, n.childForFieldName('consequence'))) return { kind: 'later' };
  }
  return { kind: 'import' };
}

/** A function a top-level call can name: defined by the module's own code, not as a method or inside another function. */
function isModuleFunction(def: SyntaxNode): boolean {
  for (let n = def.parent; n; n = n.parent) {
    if (n.type === 'function_definition' || n.type === 'class_definition' || n.type === 'lambda') return false;
  }
  return placeOf(def).kind === 'import';
}

/** Names a function binds for itself (parameters and assignments in its own body, less those it declares global). */
function localNames(def: SyntaxNode): Set<string> {
  const names = new Set<string>();
  const globals = new Set<string>();
  const parameters = def.childForFieldName('parameters');
  for (const p of parameters?.namedChildren ?? []) {
    const name = p?.type === 'identifier' ? p : p?.namedChildren.find((c) => c?.type === 'identifier');
    if (name) names.add(name.text);
  }
  const body = def.childForFieldName('body');
  const visit = (n: SyntaxNode) => {
    for (const child of n.namedChildren) {
      if (!child) continue;
      if (child.type === 'function_definition' || child.type === 'class_definition' || child.type === 'lambda') continue;
      if (child.type === 'global_statement' || child.type === 'nonlocal_statement') {
        for (const g of child.namedChildren) if (g?.type === 'identifier') globals.add(g.text);
      }
      if (child.type === 'assignment' || child.type === 'augmented_assignment' || child.type === 'for_statement') {
        const left = child.childForFieldName('left');
        if (left?.type === 'identifier') names.add(left.text);
        else for (const id of left?.descendantsOfType('identifier') ?? []) if (id && id.parent?.type !== 'attribute' && id.parent?.type !== 'subscript') names.add(id.text);
      }
      visit(child);
    }
  };
  if (body) visit(body);
  for (const g of globals) names.delete(g);
  return names;
}

/**
 * The reads of `X.conf` that importing the module performs, the earliest per
 * receiver, in the module's order. `roots`: the module's tree (or the trees
 * of its parts, for a file parsed in pieces).
 */
export function importTimeConfReads(roots: readonly SyntaxNode[]): ImportTimeRead[] {
  const earliest = new Map<string, number>();
  const note = (receiver: string, at: number) => {
    const seen = earliest.get(receiver);
    if (seen === undefined || at < seen) earliest.set(receiver, at);
  };
  /** Receivers read in each module-level function's body, by the function's start. */
  const readsIn = new Map<number, Set<string>>();
  const locals = new Map<number, Set<string>>();
  for (const root of roots) {
    for (const node of root.descendantsOfType('attribute')) {
      if (!node || node.childForFieldName('attribute')?.text !== 'conf') continue;
      const object = node.childForFieldName('object');
      const receiver = object ? appTargetName(object) : undefined;
      if (receiver === undefined || !isConfRead(node)) continue;
      const place = placeOf(node);
      if (place.kind === 'import') note(receiver, node.startIndex);
      else if (place.kind === 'function' && isModuleFunction(place.def)) {
        const key = place.def.startIndex;
        if (!locals.has(key)) locals.set(key, localNames(place.def));
        // A name the function binds for itself is not the module's app (Flask's make_celery builds its own).
        if (locals.get(key)!.has(receiver.split(/[.[]/)[0]!)) continue;
        const set = readsIn.get(key) ?? new Set<string>();
        set.add(receiver);
        readsIn.set(key, set);
      }
    }
  }
  if (readsIn.size > 0) for (const [receiver, at] of readsThroughCalls(roots, readsIn)) note(receiver, at);
  return [...earliest].map(([receiver, at]) => ({ receiver, at })).sort((a, b) => a.at - b.at);
}

/** The reads that top-level calls of module-level functions perform, each at its call. */
function readsThroughCalls(roots: readonly SyntaxNode[], readsIn: ReadonlyMap<number, ReadonlySet<string>>): Array<[string, number]> {
  const functions = new Map<string, number[]>();
  for (const root of roots) {
    for (const def of root.descendantsOfType('function_definition')) {
      const name = def?.childForFieldName('name')?.text;
      if (!def || name === undefined || !isModuleFunction(def)) continue;
      functions.set(name, [...(functions.get(name) ?? []), def.startIndex]);
    }
  }
  const calls = new Map<number, Set<string>>();
  const topLevel: Array<{ name: string; at: number }> = [];
  for (const root of roots) {
    for (const call of root.descendantsOfType('call')) {
      const callee = call?.childForFieldName('function');
      if (!call || callee?.type !== 'identifier' || !functions.has(callee.text)) continue;
      const place = placeOf(call);
      if (place.kind === 'import') topLevel.push({ name: callee.text, at: call.startIndex });
      else if (place.kind === 'function' && isModuleFunction(place.def)) {
        const set = calls.get(place.def.startIndex) ?? new Set<string>();
        set.add(callee.text);
        calls.set(place.def.startIndex, set);
      }
    }
  }
  const out: Array<[string, number]> = [];
  for (const { name, at } of topLevel) {
    const seen = new Set<number>();
    const pending = [...functions.get(name)!];
    while (pending.length > 0) {
      const def = pending.pop()!;
      if (seen.has(def)) continue;
      seen.add(def);
      for (const receiver of readsIn.get(def) ?? []) out.push([receiver, at]);
      for (const callee of calls.get(def) ?? []) pending.push(...functions.get(callee)!);
    }
  }
  return out;
}
