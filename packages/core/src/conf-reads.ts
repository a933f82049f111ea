// Which reads of an app's `conf` run while a module is being imported. Celery
// finalizes an app's configuration at its first read (detect_settings and the
// mixing check run then), so a read that runs at import time splits the app
// module's writes into pending changes and writes made after it. A read runs
// at import time when it sits in the module's top level (class bodies,
// decorators and default values included) or in a module-level function that
// a top-level call reaches, directly or through other module-level functions
// (a read through a parameter is of what the top-level call passes).
// A function only defined, or called only from code that never runs at import
// time, reads nothing then.
import type { SyntaxNode } from './parser';

/** A read of some object's `conf` that runs when the module is imported. */
export interface ImportTimeRead {
  /** The expression whose `conf` is read, as written without spaces: `app`, `proj.celery.app`, `current_app`. */
  readonly receiver: string;
  /** Where the module's import performs it: the read itself, or the top-level call whose functions perform it. */
  readonly at: number;
  /** The top-level call's end, when a function the call runs performs the read. */
  readonly callEnd?: number;
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

/**
 * `conf` members that do not finalize the configuration: writes, and what
 * Celery 5.2.6 and 5.5.2 answer from the pending changes or the defaults
 * (each checked by running them before a write the mixing check would refuse).
 */
const CONF_NON_READS = new Set(['update', 'setdefault', 'maps', 'changes', 'find_option', 'without_defaults', 'value_set_for', 'defaults']);
/** Builtins that read the whole configuration when given `app.conf` (its length, items, text). */
const WHOLE_CONF_READERS = new Set(['dict', 'str', 'repr', 'print', 'len', 'list']);
/** App members that finalize the configuration when used: properties built from it, and methods (called) that read it. */
const FINALIZING_PROPERTIES = new Set(['tasks', 'log', 'timezone', 'backend', 'pool', 'control']);
const FINALIZING_METHODS = new Set(['finalize', 'now', 'connection_for_write']);

/** True when the `X.conf` node is read from (finalizing the configuration), not written to. */
export function isConfRead(conf: SyntaxNode): boolean {
  const parent = conf.parent;
  if (!parent) return false;
  if (parent.type === 'argument_list' && parent.namedChildren.length === 1) {
    const callee = parent.parent?.childForFieldName('function');
    return callee?.type === 'identifier' && WHOLE_CONF_READERS.has(callee.text);
  }
  const isTarget = (n: SyntaxNode) => (n.parent?.type === 'assignment' || n.parent?.type === 'augmented_assignment') && n.parent.childForFieldName('left')?.startIndex === n.startIndex;
  if (parent.type === 'attribute' && parent.childForFieldName('object')?.startIndex === conf.startIndex) {
    const call = parent.parent;
    if (call?.type === 'call' && call.childForFieldName('function')?.startIndex === parent.startIndex) {
      return !CONF_NON_READS.has(parent.childForFieldName('attribute')?.text ?? '');
    }
    if (CONF_NON_READS.has(parent.childForFieldName('attribute')?.text ?? '')) return false;
    return !isTarget(parent) || parent.parent?.type === 'augmented_assignment';
  }
  if (parent.type === 'subscript' && parent.childForFieldName('value')?.startIndex === conf.startIndex) {
    return !isTarget(parent) || parent.parent?.type === 'augmented_assignment';
  }
  return false;
}

/** `app.finalize()`, `app.tasks`, `app.log`: the app member `node` names finalizes the configuration. */
function finalizesApp(node: SyntaxNode): boolean {
  const name = node.childForFieldName('attribute')?.text ?? '';
  if (FINALIZING_PROPERTIES.has(name)) {
    const parent = node.parent;
    // Assigning the member is no read of it.
    return !((parent?.type === 'assignment' || parent?.type === 'augmented_assignment') && parent.childForFieldName('left')?.startIndex === node.startIndex);
  }
  return FINALIZING_METHODS.has(name) && node.parent?.type === 'call' && node.parent.childForFieldName('function')?.startIndex === node.startIndex;
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

/** A function's parameters, in order (`*args` and `**kwargs` as null: no name a call binds by position or keyword). */
function parameterNames(def: SyntaxNode): Array<string | null> {
  const out: Array<string | null> = [];
  for (const p of def.childForFieldName('parameters')?.namedChildren ?? []) {
    if (!p || p.type === 'positional_separator' || p.type === 'keyword_separator') continue;
    const name = p.type === 'identifier' ? p : p.namedChildren.find((c) => c?.type === 'identifier');
    out.push(p.type.includes('splat') || !name ? null : name.text);
  }
  return out;
}

/** Names a function binds for itself (assignments in its own body, less those it declares global); parameters are apart. */
function assignedNames(def: SyntaxNode): Set<string> {
  const names = new Set<string>();
  const globals = new Set<string>();
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
  const earliest = new Map<string, ImportTimeRead>();
  const note = (read: ImportTimeRead) => {
    const seen = earliest.get(read.receiver);
    if (seen === undefined || read.at < seen.at) earliest.set(read.receiver, read);
  };
  /** Receivers read in each module-level function's body, by the function's start. */
  const readsIn = new Map<number, Set<string>>();
  /** Reads through a parameter (`def setup(app): app.conf.x`): the caller's argument decides whose conf it is. */
  const parameterReads = new Map<number, ParameterRead[]>();
  const locals = new Map<number, { readonly assigned: Set<string>; readonly parameters: Array<string | null> }>();
  for (const root of roots) {
    for (const node of root.descendantsOfType('attribute')) {
      if (!node) continue;
      const conf = node.childForFieldName('attribute')?.text === 'conf';
      if (!conf && !finalizesApp(node)) continue;
      const object = node.childForFieldName('object');
      const receiver = object ? appTargetName(object) : undefined;
      if (receiver === undefined || (conf && !isConfRead(node))) continue;
      const place = placeOf(node);
      if (place.kind === 'import') note({ receiver, at: node.startIndex });
      else if (place.kind === 'function' && isModuleFunction(place.def)) {
        const key = place.def.startIndex;
        if (!locals.has(key)) locals.set(key, { assigned: assignedNames(place.def), parameters: parameterNames(place.def) });
        const { assigned, parameters } = locals.get(key)!;
        const head = receiver.split(/[.[]/)[0]!;
        // A name the function binds for itself is not the module's app (Flask's make_celery builds its own).
        if (assigned.has(head)) continue;
        const index = parameters.indexOf(head);
        if (index >= 0) {
          parameterReads.set(key, [...(parameterReads.get(key) ?? []), { parameter: head, index, rest: receiver.slice(head.length) }]);
          continue;
        }
        const set = readsIn.get(key) ?? new Set<string>();
        set.add(receiver);
        readsIn.set(key, set);
      }
    }
  }
  if (readsIn.size > 0 || parameterReads.size > 0) for (const read of readsThroughCalls(roots, readsIn, parameterReads)) note(read);
  return [...earliest.values()].sort((a, b) => a.at - b.at);
}

interface ParameterRead {
  readonly parameter: string;
  readonly index: number;
  /** What the read adds to the parameter (`.app` in `owner.app.conf`). */
  readonly rest: string;
}

/** The receiver a top-level call hands a function's parameter: its argument by keyword or position, when it names something. */
function argumentFor(call: SyntaxNode, read: ParameterRead): string | undefined {
  const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is SyntaxNode => !!a && a.type !== 'comment');
  const keyword = args.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === read.parameter);
  const positional = args.filter((a) => a.type !== 'keyword_argument');
  // After a `*args` splat the positions are unknown.
  const splat = positional.findIndex((a) => a.type === 'list_splat' || a.type === 'dictionary_splat');
  const node = keyword?.childForFieldName('value') ?? (splat >= 0 && splat <= read.index ? undefined : positional[read.index]);
  const name = node ? appTargetName(node) : undefined;
  return name === undefined ? undefined : name + read.rest;
}

/** The reads that top-level calls of module-level functions perform, each at its call. */
function readsThroughCalls(roots: readonly SyntaxNode[], readsIn: ReadonlyMap<number, ReadonlySet<string>>, parameterReads: ReadonlyMap<number, readonly ParameterRead[]>): ImportTimeRead[] {
  const functions = new Map<string, number[]>();
  for (const root of roots) {
    for (const def of root.descendantsOfType('function_definition')) {
      const name = def?.childForFieldName('name')?.text;
      if (!def || name === undefined || !isModuleFunction(def)) continue;
      functions.set(name, [...(functions.get(name) ?? []), def.startIndex]);
    }
  }
  const calls = new Map<number, Set<string>>();
  const topLevel: Array<{ name: string; at: number; call: SyntaxNode }> = [];
  for (const root of roots) {
    for (const call of root.descendantsOfType('call')) {
      const callee = call?.childForFieldName('function');
      if (!call || callee?.type !== 'identifier' || !functions.has(callee.text)) continue;
      const place = placeOf(call);
      if (place.kind === 'import') topLevel.push({ name: callee.text, at: call.startIndex, call });
      else if (place.kind === 'function' && isModuleFunction(place.def)) {
        const set = calls.get(place.def.startIndex) ?? new Set<string>();
        set.add(callee.text);
        calls.set(place.def.startIndex, set);
      }
    }
  }
  const out: ImportTimeRead[] = [];
  for (const { name, at, call } of topLevel) {
    // What a parameter holds is followed into the called function only, not further down.
    for (const def of functions.get(name)!) {
      for (const read of parameterReads.get(def) ?? []) {
        const receiver = argumentFor(call, read);
        if (receiver !== undefined) out.push({ receiver, at, callEnd: call.endIndex });
      }
    }
    const seen = new Set<number>();
    const pending = [...functions.get(name)!];
    while (pending.length > 0) {
      const def = pending.pop()!;
      if (seen.has(def)) continue;
      seen.add(def);
      for (const receiver of readsIn.get(def) ?? []) out.push({ receiver, at, callEnd: call.endIndex });
      for (const callee of calls.get(def) ?? []) pending.push(...functions.get(callee)!);
    }
  }
  return out;
}
