// Which assignments of a local name may reach a point in a function: simple
// reaching definitions over Python's structured statements. It knows Python
// and nothing of Celery; json-hazards.ts asks it about the names passed to
// tasks. It never guesses: anything it cannot follow (a loop target,
// unpacking, `global`, a closure) is an opaque definition, so callers can
// tell "only this value can arrive here" from "this value may arrive here".
import type { SyntaxNode } from '../parser';
import { mayMentionName } from '../python-tokens';

export type Definition =
  /** `name = <node>` (also `name: T = <node>`, `a = name = <node>`). */
  | { readonly kind: 'assigned'; readonly value: SyntaxNode }
  /** A parameter of the function the point is in. */
  | { readonly kind: 'parameter'; readonly parameter: SyntaxNode; readonly index: number }
  /** `except E as name`: `types` is the caught expression. */
  | { readonly kind: 'caught'; readonly types: SyntaxNode | undefined }
  /** Bound some other way (loop target, unpacking, `with ... as`, import, walrus, `global`). */
  | { readonly kind: 'opaque'; readonly why: string };

/** Scopes of their own: names bound inside them do not reach the enclosing function. */
const NESTED_SCOPES = new Set(['function_definition', 'class_definition', 'lambda', 'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);

const MAX_BLOCK_DEPTH = 60;

function contains(outer: SyntaxNode, inner: SyntaxNode): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

function children(node: SyntaxNode | null | undefined): SyntaxNode[] {
  return (node?.namedChildren ?? []).filter((c): c is SyntaxNode => !!c);
}

/** The innermost function (or the module) whose body holds `node`. */
export function enclosingScope(node: SyntaxNode): SyntaxNode {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === 'function_definition' || n.type === 'module') return n;
    if (n.type === 'lambda' || n.type === 'class_definition') return n;
  }
  return node;
}

/** Parameter names of a function, in order, with their nodes. */
export function parametersOf(fn: SyntaxNode): Array<{ name: string; node: SyntaxNode }> {
  const out: Array<{ name: string; node: SyntaxNode }> = [];
  for (const p of children(fn.childForFieldName('parameters'))) {
    const id = p.type === 'identifier' ? p : p.type === 'typed_parameter' ? children(p).find((c) => c.type === 'identifier') : (p.childForFieldName('name') ?? children(p).find((c) => c.type === 'identifier'));
    if (id && id.type === 'identifier') out.push({ name: id.text, node: p });
  }
  return out;
}

/**
 * The definitions of `name` that may reach `use` (a node inside `scope`, a
 * function or the module), or undefined when `use` is not in it. A name the
 * scope neither assigns nor takes as a parameter comes from outside: one
 * opaque definition.
 */
export function reachingDefinitions(scope: SyntaxNode, use: SyntaxNode, name: string): Definition[] | undefined {
  const walker = new Walker(name, use);
  let state: Definition[] = [];
  if (scope.type === 'function_definition') {
    const index = parametersOf(scope).findIndex((p) => p.name === name);
    if (index >= 0) state = [{ kind: 'parameter', parameter: parametersOf(scope)[index]!.node, index }];
  }
  const body = scope.type === 'module' ? scope : scope.childForFieldName('body');
  if (!body || !contains(body, use)) return undefined;
  const outcome = walker.block(body, state, 0);
  if (!outcome.found) return undefined;
  const reaching = outcome.state;
  return reaching.length > 0 ? reaching : [{ kind: 'opaque', why: `${name} is not assigned in this function` }];
}

interface Outcome {
  readonly state: Definition[];
  readonly found: boolean;
}

class Walker {
  constructor(
    private readonly name: string,
    private readonly use: SyntaxNode,
  ) {}

  /** Runs the statements of a block (or module) in order; stops at the statement holding the use. */
  block(block: SyntaxNode, state: Definition[], depth: number): Outcome {
    if (depth > MAX_BLOCK_DEPTH) return { state: [...state, { kind: 'opaque', why: 'nested too deeply' }], found: contains(block, this.use) };
    // Every binding of the name writes it (a target, a loop variable, an alias, `global name`, a case pattern):
    // a block that neither holds the use nor names it leaves the definitions as they are, unwalked.
    if (!contains(block, this.use) && !mayMentionName(block.text, this.name)) return { state, found: false };
    let current = state;
    for (const statement of children(block)) {
      if (statement.type === 'comment') continue;
      const outcome = this.statement(statement, current, depth);
      if (outcome.found) return outcome;
      current = outcome.state;
    }
    return { state: current, found: false };
  }

  private statement(node: SyntaxNode, state: Definition[], depth: number): Outcome {
    const holds = contains(node, this.use);
    // As for a block (see block()): a loop's target, a handler's `as` and a case pattern are in the statement's text.
    if (!holds && !mayMentionName(node.text, this.name)) return { state, found: false };
    switch (node.type) {
      case 'if_statement':
        return this.ifStatement(node, state, holds, depth);
      case 'for_statement':
      case 'while_statement':
        return this.loop(node, state, holds, depth);
      case 'try_statement':
        return this.tryStatement(node, state, holds, depth);
      case 'with_statement':
        return this.withStatement(node, state, holds, depth);
      case 'match_statement':
        return this.matchStatement(node, state, holds, depth);
      case 'decorated_definition':
      case 'function_definition':
      case 'class_definition': {
        if (holds) return { state, found: true };
        const definition = node.type === 'decorated_definition' ? node.childForFieldName('definition') : node;
        return { state: definition?.childForFieldName('name')?.text === this.name ? [{ kind: 'opaque', why: `${this.name} is a ${definition.type === 'class_definition' ? 'class' : 'function'}` }] : state, found: false };
      }
      default:
        // A simple statement: its right-hand sides run before its targets are bound.
        if (holds) return { state, found: true };
        return { state: this.simple(node, state), found: false };
    }
  }

  /** Bindings of the name in a simple statement (not inside nested scopes). */
  private simple(node: SyntaxNode, state: Definition[]): Definition[] {
    // Every binding below writes the name (a target, an alias, `global name`): a statement whose text never names it
    // binds nothing, and most statements of a long function are such, so they are not walked node by node.
    if (!mayMentionName(node.text, this.name)) return state;
    let result = state;
    const visit = (n: SyntaxNode): void => {
      if (NESTED_SCOPES.has(n.type)) return;
      switch (n.type) {
        case 'assignment': {
          const right = n.childForFieldName('right');
          // `a = b = value`: the inner assignment binds its own targets with the same value.
          let value = right;
          while (value?.type === 'assignment') value = value.childForFieldName('right');
          const left = n.childForFieldName('left');
          if (left && value) this.bindTarget(left, value, (d) => (result = d));
          if (right) visit(right);
          return;
        }
        case 'augmented_assignment': {
          const left = n.childForFieldName('left');
          if (left?.type === 'identifier' && left.text === this.name) result = [{ kind: 'opaque', why: `${this.name} is updated in place` }];
          for (const c of children(n.childForFieldName('right'))) visit(c);
          return;
        }
        case 'named_expression': {
          // The walrus may not run (short-circuit): the earlier definitions may still arrive.
          if (n.childForFieldName('name')?.text === this.name) result = [...result, { kind: 'opaque', why: `${this.name} is bound by :=` }];
          return;
        }
        case 'global_statement':
        case 'nonlocal_statement':
          if (children(n).some((c) => c.text === this.name)) result = [{ kind: 'opaque', why: `${this.name} is ${n.type === 'global_statement' ? 'global' : 'nonlocal'}` }];
          return;
        case 'import_statement':
        case 'import_from_statement':
          if (this.importsName(n)) result = [{ kind: 'opaque', why: `${this.name} is imported` }];
          return;
        case 'delete_statement':
          return;
        default:
          for (const c of children(n)) visit(c);
      }
    };
    visit(node);
    return result;
  }

  private importsName(node: SyntaxNode): boolean {
    for (const c of children(node)) {
      if (c.type === 'aliased_import' && c.childForFieldName('alias')?.text === this.name) return true;
      if (c.type === 'dotted_name' && c !== node.childForFieldName('module_name') && c.text.split('.')[0] === this.name) return true;
    }
    return false;
  }

  /** A target bound to `value`: the name itself, or the name inside an unpacking (opaque). */
  private bindTarget(target: SyntaxNode, value: SyntaxNode, set: (d: Definition[]) => void): void {
    if (target.type === 'identifier') {
      if (target.text === this.name) set([{ kind: 'assigned', value }]);
      return;
    }
    if (target.type === 'pattern_list' || target.type === 'tuple_pattern' || target.type === 'list_pattern' || target.type === 'tuple' || target.type === 'list') {
      if (target.descendantsOfType('identifier').some((id) => id?.text === this.name && id.parent?.type !== 'attribute' && id.parent?.type !== 'subscript')) {
        set([{ kind: 'opaque', why: `${this.name} is unpacked` }]);
      }
    }
  }

  private ifStatement(node: SyntaxNode, state: Definition[], holds: boolean, depth: number): Outcome {
    const condition = node.childForFieldName('condition');
    if (holds && condition && contains(condition, this.use)) return { state, found: true };
    const paths: SyntaxNode[] = [];
    const consequence = node.childForFieldName('consequence');
    if (consequence) paths.push(consequence);
    let hasElse = false;
    for (const clause of node.childrenForFieldName('alternative')) {
      if (!clause) continue;
      const clauseCondition = clause.childForFieldName('condition');
      if (holds && clauseCondition && contains(clauseCondition, this.use)) return { state, found: true };
      const body = clause.childForFieldName('consequence') ?? clause.childForFieldName('body');
      if (body) paths.push(body);
      if (clause.type === 'else_clause') hasElse = true;
    }
    return this.branches(paths, state, !hasElse, depth);
  }

  /** Each path from the same state; the use's path decides, else the union (with "none ran" when possible). */
  private branches(paths: readonly SyntaxNode[], state: Definition[], mayRunNone: boolean, depth: number): Outcome {
    const merged: Definition[][] = mayRunNone ? [state] : [];
    for (const path of paths) {
      const outcome = this.block(path, state, depth + 1);
      if (outcome.found) return outcome;
      merged.push(outcome.state);
    }
    return { state: union(merged), found: false };
  }

  private loop(node: SyntaxNode, state: Definition[], holds: boolean, depth: number): Outcome {
    const body = node.childForFieldName('body');
    const header = node.type === 'for_statement' ? node.childForFieldName('right') : node.childForFieldName('condition');
    if (holds && header && contains(header, this.use)) return { state, found: true };
    const target = node.childForFieldName('left');
    const bound = target?.descendantsOfType('identifier').some((id) => id?.text === this.name) || (target?.type === 'identifier' && target.text === this.name);
    const targetDefs: Definition[] = bound ? [{ kind: 'opaque', why: `${this.name} is a loop variable` }] : [];
    if (holds && body && contains(body, this.use)) {
      // A later iteration sees what an earlier one bound, unless the loop rebinds the name first.
      return this.block(body, bound ? targetDefs : union([state, this.definitionsIn(body)]), depth + 1);
    }
    const once = body ? this.block(body, bound ? targetDefs : state, depth + 1) : { state, found: false };
    const after = union([state, targetDefs, once.state]);
    const alternative = node.childForFieldName('alternative');
    if (alternative) {
      const outcome = this.block(alternative.childForFieldName('body') ?? alternative, after, depth + 1);
      return outcome;
    }
    return { state: after, found: false };
  }

  /** Every definition of the name anywhere in a block, for loop-carried values. */
  private definitionsIn(block: SyntaxNode): Definition[] {
    const all: Definition[][] = [];
    const collect = (b: SyntaxNode): void => {
      if (!mayMentionName(b.text, this.name)) return;
      for (const s of children(b)) {
        if (NESTED_SCOPES.has(s.type)) continue;
        const simple = this.simple(s, []);
        if (simple.length > 0) all.push(simple);
        for (const inner of children(s)) if (inner.type === 'block' || inner.type.endsWith('_clause')) collect(inner);
      }
    };
    collect(block);
    return union(all);
  }

  private tryStatement(node: SyntaxNode, state: Definition[], holds: boolean, depth: number): Outcome {
    const body = node.childForFieldName('body');
    const bodyOutcome = body ? this.block(body, state, depth + 1) : { state, found: false };
    if (bodyOutcome.found) return bodyOutcome;
    // A handler may run after any part of the body.
    const handlerEntry = union([state, body ? this.definitionsIn(body) : [], bodyOutcome.state]);
    const ends: Definition[][] = [bodyOutcome.state];
    let finallyBlock: SyntaxNode | undefined;
    for (const clause of children(node)) {
      if (clause.type === 'except_clause' || clause.type === 'except_group_clause') {
        const alias = clause.descendantsOfType('as_pattern_target')[0];
        const pattern = children(clause).find((c) => c.type === 'as_pattern');
        const entry: Definition[] = alias?.text === this.name ? [{ kind: 'caught', types: pattern ? children(pattern)[0] : undefined }] : handlerEntry;
        const block = children(clause).find((c) => c.type === 'block');
        if (!block) continue;
        if (holds && !contains(block, this.use) && contains(clause, this.use)) return { state: handlerEntry, found: true };
        const outcome = this.block(block, entry, depth + 1);
        if (outcome.found) return outcome;
        // Python unbinds `as` names when the handler ends.
        ends.push(alias?.text === this.name ? [{ kind: 'opaque', why: `${this.name} was an exception name` }] : outcome.state);
      } else if (clause.type === 'else_clause') {
        const block = clause.childForFieldName('body');
        if (!block) continue;
        const outcome = this.block(block, bodyOutcome.state, depth + 1);
        if (outcome.found) return outcome;
        ends[0] = outcome.state;
      } else if (clause.type === 'finally_clause') {
        finallyBlock = children(clause).find((c) => c.type === 'block');
      }
    }
    const after = union(ends);
    if (finallyBlock) return this.block(finallyBlock, union([after, handlerEntry]), depth + 1);
    return { state: after, found: false };
  }

  private withStatement(node: SyntaxNode, state: Definition[], holds: boolean, depth: number): Outcome {
    const body = node.childForFieldName('body');
    if (holds && (!body || !contains(body, this.use))) return { state, found: true };
    let entry = state;
    for (const target of node.descendantsOfType('as_pattern_target')) {
      if (target && (!body || !contains(body, target)) && target.descendantsOfType('identifier').some((id) => id?.text === this.name)) {
        entry = [{ kind: 'opaque', why: `${this.name} is bound by with … as` }];
      }
    }
    return body ? this.block(body, entry, depth + 1) : { state: entry, found: false };
  }

  private matchStatement(node: SyntaxNode, state: Definition[], holds: boolean, depth: number): Outcome {
    const cases = children(node.childForFieldName('body')).filter((c) => c.type === 'case_clause');
    if (holds && !cases.some((c) => contains(c, this.use))) return { state, found: true };
    // Capture patterns bind names too: a case that binds ours makes it opaque in that case.
    const paths = cases.map((c) => c.childForFieldName('consequence')).filter((c): c is SyntaxNode => !!c);
    const outcome = this.branches(paths, state, true, depth);
    if (outcome.found) return outcome;
    const binds = cases.some((c) => children(c).some((p) => p.type === 'case_pattern' && p.descendantsOfType('identifier').some((id) => id?.text === this.name)));
    return binds ? { state: [...outcome.state, { kind: 'opaque', why: `${this.name} is bound by a case pattern` }], found: false } : outcome;
  }
}

/** Definitions from several paths, each once. */
function union(lists: readonly Definition[][]): Definition[] {
  const out: Definition[] = [];
  const seen = new Set<string>();
  for (const list of lists) {
    for (const d of list) {
      const key = d.kind === 'assigned' ? `a${d.value.startIndex}:${d.value.endIndex}` : d.kind === 'parameter' ? `p${d.index}` : d.kind === 'caught' ? `c${d.types?.startIndex ?? -1}` : `o${d.why}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(d);
    }
  }
  return out;
}
