// The binder: what a Python module's names may hold, statement by statement,
// through branches, loops, try and imports, without running it. It knows
// Python and nothing of Celery, Django or Flask: each statement that may mean
// more (a call, an attribute or item written, a class, a decorated function,
// an import) is offered to a StatementInterpreter, which asks the binder back
// what names hold (its evaluator and scope). Speed lives here too: settings
// files are mostly `NAME = value` lines, read from the text and a reused
// cursor without making Nodes, and evaluated only if something asks.
import type { Importer } from './analysis-model';
import { expressionAt, simpleAssignmentShape } from './assignment-shape';
import { BranchReader, type BranchWalker } from './branch-reading';
import { methodCall, type MethodCall } from './call-shape';
import { DeferredAssignmentSlot } from './deferred-assignment';
import { Evaluator, unknown } from './evaluator';
import { ImportBinder, type ImportInterpreter, type ImportWalker } from './import-binding';
import { ModuleScope } from './module-scope';
import { NameBinder, type AssignmentInterpreter, type NameWalker } from './name-binding';
import type { SyntaxNode, Tree, TreeCursor } from './parser';
import type { AbstractValue, SourceSpan } from './types';

/** A mapping the interpreters follow that no Python name holds (a Flask app's `app.config`), as it was at an offset. */
export type MappingsAt = (path: string, at: number) => AbstractValue | undefined;

/** The function of a call, as written, with its node type. */
export interface CalledFunction {
  readonly text: string;
  readonly type: string;
}

/**
 * What the statements the binder reads mean beyond Python. The binder offers
 * each statement that may mean more; a hook returning true took it over.
 */
export interface StatementInterpreter extends AssignmentInterpreter, ImportInterpreter {
  /**
   * Whether `NAME = fn(...)` must be read from the tree as a statement: the
   * call may make an object the interpreters follow. Judged from the text, so
   * that `env.int(...)` lines, common in settings, stay plain assignments.
   * Asked again on every later read of a remembered top level: an import
   * elsewhere may have changed the answer (`from flask import Flask as make`).
   */
  readsAssignedCall(fn: CalledFunction): boolean;
  classDefined(node: SyntaxNode): void;
  decoratedFunction(decorated: SyntaxNode, definition: SyntaxNode): void;
  /** A call statement whose function is not an attribute (`fn(...)`). */
  functionCall(node: SyntaxNode, fn: SyntaxNode | null): void;
  /** `receiver.method(...)`: true when an interpreter took it. */
  methodCall(call: MethodCall): boolean;
  /** A method call no interpreter took and that changed no module-level list or dict. */
  otherMethodCall(node: SyntaxNode): void;
}

/**
 * An evaluator that sees module names as they were at `at` (a line already
 * read), for values computed later. `source`: the file's text when its tree
 * has no syntax error (see Evaluator).
 */
function evaluatorAt(file: string, scope: ModuleScope, at: number, source: string | undefined, mappingAt?: MappingsAt): Evaluator {
  return new Evaluator(
    file,
    { valueOf: (name) => scope.valueOf(name, at), importOf: (name) => scope.importOf(name), mappingOf: (path) => mappingAt?.(path, at) },
    source,
  );
}

/** Reads a plain assignment's value when first asked: its expression, as the names were at its line. */
function deferredReader(source: string | undefined, mappingAt: MappingsAt | undefined): (slot: DeferredAssignmentSlot) => AbstractValue {
  return (slot) => {
    const { file, valueStart, valueEnd } = slot;
    const node = expressionAt(slot.container, valueStart, valueEnd);
    return node ? evaluatorAt(file, slot.scope, slot.at, source, mappingAt).evaluate(node) : unknown('celery-lint could not find this expression in the syntax tree', slot.valueSpan);
  };
}

/** A top-level statement as a later read needs it: a plain assignment's offsets, or the child to read again. */
type TopLevelEntry =
  | (PlainAssignment & { readonly index: number })
  | { readonly name: undefined; readonly index: number };

/**
 * `NAME = value` where the tree need not be asked more; `call`: the value is
 * a call of this function, as written (`callType`: its node type).
 */
interface PlainAssignment {
  readonly name: string;
  readonly keyStart: number;
  readonly keyEnd: number;
  readonly valueStart: number;
  readonly valueEnd: number;
  readonly call?: string;
  readonly callType?: string;
}

/** Offsets are as they were when the tree's root started at rootStart. */
const topLevelByTree = new WeakMap<Tree, { readonly rootStart: number; readonly entries: readonly TopLevelEntry[] }>();

export class PythonBinder implements BranchWalker, NameWalker, ImportWalker {
  /** The names on the path being read; replaced by a fork while reading a branch (branch-reading.ts). */
  scope = new ModuleScope();
  /** >0 while walking a path that may not run (a branch, a loop body). */
  conditionalDepth = 0;
  readonly evaluator: Evaluator;
  readonly roots: readonly SyntaxNode[];
  /** The first tree root with a syntax error under it, if any. */
  readonly brokenRoot: SyntaxNode | undefined;
  /** Statements already read, by start offset (see handled in NameWalker). */
  readonly handled = new Set<number>();
  /**
   * Where each `NAME = value` statement read lazily starts: no interpreter
   * wants anything of one (its value is no call they read, readsAssignedCall),
   * so the walk for nested operations passes over them without making a Node
   * (a settings module is mostly these).
   */
  readonly plainAssignments = new Set<number>();
  readonly imports: ImportBinder;
  /** The text, when its trees parsed without error (see Evaluator). */
  private readonly source: string | undefined;
  private readonly readDeferred: (slot: DeferredAssignmentSlot) => AbstractValue;
  private readonly names: NameBinder;
  private readonly branches: BranchReader;
  private readonly cursors: TreeCursor[] = [];
  /** The tree each of `cursors` was made on. */
  private readonly cursorTrees: Tree[] = [];
  private cursorDepth = 0;
  /** The root of the tree (or piece) being read. */
  private root: SyntaxNode | undefined;

  constructor(
    readonly file: string,
    readonly text: string,
    private readonly trees: readonly Tree[],
    private readonly interpreter: StatementInterpreter,
    importer: Importer | undefined,
    /** The trees outlive this read (the caller keeps them): remember their top levels. */
    private readonly rememberTrees: boolean,
    private readonly mappingAt?: MappingsAt,
  ) {
    this.roots = trees.map((tree) => tree.rootNode);
    this.brokenRoot = this.roots.find((root) => root.hasError);
    // Literals are read from the text only where the grammar accepted all of it.
    this.source = this.brokenRoot ? undefined : text;
    this.readDeferred = deferredReader(this.source, mappingAt);
    this.evaluator = new Evaluator(
      file,
      {
        valueOf: (name) => this.scope.valueOf(name),
        importOf: (name) => this.scope.importOf(name),
        mappingOf: (path) => mappingAt?.(path, Infinity),
      },
      this.source,
    );
    this.names = new NameBinder(this, interpreter);
    this.branches = new BranchReader(this);
    this.imports = new ImportBinder(file, this, interpreter, importer);
  }

  /** Reads the module's top level, every tree in order. */
  read(): void {
    try {
      for (const tree of this.trees) this.moduleBody(tree);
    } finally {
      for (const cursor of this.cursors) cursor.delete();
    }
  }

  span(node: SyntaxNode): SourceSpan {
    return { file: this.file, start: node.startIndex, end: node.endIndex };
  }

  /** True on a path that may not run. */
  get conditional(): boolean {
    return this.conditionalDepth > 0;
  }

  /** Runs `read` as a path that may not run (code inside functions, a class's methods). */
  conditionally(read: () => void): void {
    this.conditionalDepth++;
    try {
      read();
    } finally {
      this.conditionalDepth--;
    }
  }

  /** Binds an assignment target to a value already computed. */
  assignTarget(target: SyntaxNode, valueNode: SyntaxNode, value: AbstractValue): void {
    this.names.assignTarget(target, valueNode, value);
  }

  /**
   * A call statement: an interpreter's if one takes it, else a module-level
   * list or dict changed in place, else offered once more (otherMethodCall).
   */
  callStatement(node: SyntaxNode): void {
    this.handled.add(node.startIndex);
    const fn = node.childForFieldName('function');
    if (!fn || fn.type !== 'attribute') return this.interpreter.functionCall(node, fn);
    const call = methodCall(node, fn);
    if (this.interpreter.methodCall(call) || this.names.containerCall(call)) return;
    this.interpreter.otherMethodCall(node);
  }

  releaseCursor(): void {
    this.cursorDepth--;
  }

  /**
   * A module's top level (or one piece of it). A tree the caller keeps (the
   * language server's) remembers what its top level held, so reading it again
   * after a keystroke elsewhere asks WebAssembly nothing for its plain
   * assignments.
   */
  private moduleBody(tree: Tree): void {
    const root = tree.rootNode;
    this.root = root;
    const known = this.rememberTrees ? topLevelByTree.get(tree) : undefined;
    if (!known) {
      const entries: TopLevelEntry[] | undefined = this.rememberTrees ? [] : undefined;
      this.body(root, entries);
      if (entries) topLevelByTree.set(tree, { rootStart: root.startIndex, entries });
      return;
    }
    // Edits before this piece moved it without changing it.
    const shift = root.startIndex - known.rootStart;
    for (const entry of known.entries) {
      // A call the interpreters judged plain may not be now: an import elsewhere changed (`from celery import Celery as make`).
      if (entry.name === undefined || (entry.call !== undefined && this.interpreter.readsAssignedCall({ text: entry.call, type: entry.callType ?? '' }))) {
        const node = root.child(entry.index);
        if (node) this.statement(node);
      } else {
        const moved = shift === 0 ? entry : { ...entry, keyStart: entry.keyStart + shift, keyEnd: entry.keyEnd + shift, valueStart: entry.valueStart + shift, valueEnd: entry.valueEnd + shift };
        this.assignLazily(moved);
      }
    }
  }

  /**
   * Reads the statements of a module or block in order. Walks with a cursor:
   * settings files are mostly `NAME = value` lines, and those are read from
   * the text and the cursor's offsets without making a Node (see
   * simpleAssignmentShape). `record` collects what a top level held.
   */
  body(container: SyntaxNode | null, record?: TopLevelEntry[]): void {
    if (!container) return;
    if (container.type !== 'block' && container.type !== 'module') {
      this.statement(container);
      return;
    }
    const cursor = this.cursorAt(container);
    try {
      this.statementsUnder(cursor, record);
    } finally {
      this.releaseCursor();
    }
  }

  /** The statements under the cursor's node (a module or block), in order; the cursor ends where it started. */
  statementsUnder(cursor: TreeCursor, record?: TopLevelEntry[]): void {
    if (!cursor.gotoFirstChild()) return;
    let index = -1;
    do {
      index++;
      if (!cursor.nodeIsNamed) continue;
      const type = cursor.nodeType;
      if (type === 'comment') continue;
      if (type === 'expression_statement') {
        const assigned = this.plainAssignment(cursor);
        if (assigned) {
          this.assignLazily(assigned);
          record?.push({ ...assigned, index });
          continue;
        }
      }
      record?.push({ name: undefined, index });
      this.statement(cursor.currentNode, type);
    } while (cursor.gotoNextSibling());
    cursor.gotoParent();
  }

  /**
   * One cursor per nesting depth, reused across the blocks of one tree:
   * creating cursors costs WebAssembly allocations. Never across trees (the
   * pieces of a file): web-tree-sitter's reset() keeps a cursor bound to the
   * tree it was made on, and the nodes it then hands out answer from that
   * tree (their parent, their descendants). What a piece read would have
   * hung on which piece made the cursor first, and the editor, which skips
   * the pieces it remembers, read a broken file otherwise than the CLI
   * (issue 15, LSP campaign seeds 3354, 3367, 3389).
   */
  cursorAt(node: SyntaxNode): TreeCursor {
    const depth = this.cursorDepth;
    let cursor = this.cursors[depth];
    if (cursor && this.cursorTrees[depth] === node.tree) cursor.reset(node);
    else {
      cursor?.delete();
      cursor = node.walk();
      this.cursors[depth] = cursor;
      this.cursorTrees[depth] = node.tree;
    }
    this.cursorDepth++;
    return cursor;
  }

  /**
   * Binds `name` to the expression at [valueStart, valueEnd). Its node is
   * looked up only if something evaluates the name, which in a long settings
   * file most names never are; it is evaluated against the names as they are
   * at this line.
   */
  private assignLazily(assigned: PlainAssignment): void {
    const { name, keyStart, keyEnd, valueStart, valueEnd, call } = assigned;
    // The statement starts at its name.
    this.plainAssignments.add(keyStart);
    const scope = this.scope;
    // The expression is found from the root: holding the block's Node instead would keep one per branch alive.
    const root = this.root!;
    scope.assignSlot(new DeferredAssignmentSlot(name, this.file, keyStart, keyEnd, valueStart, valueEnd, call, scope.shadowedBy(name), scope, root, this.readDeferred));
  }

  /**
   * The offsets of `NAME = value` (or `NAME: T = value`) at the cursor, from
   * the text when it settles the question and from the cursor otherwise; the
   * cursor is left where it was. Undefined for anything else (chains,
   * calls the interpreter wants read as statements, such as `Celery(...)`).
   */
  private plainAssignment(cursor: TreeCursor): PlainAssignment | undefined {
    const start = cursor.startIndex;
    const end = cursor.endIndex;
    const shape = simpleAssignmentShape(this.text, start, end);
    if (shape) return { name: this.text.slice(start, shape.keyEnd), keyStart: start, keyEnd: shape.keyEnd, valueStart: shape.valueStart, valueEnd: end };
    if (!cursor.gotoFirstChild()) return undefined;
    try {
      if (cursor.nodeType !== 'assignment' || !cursor.gotoFirstChild()) return undefined;
      try {
        if ((cursor.nodeType as string) !== 'identifier') return undefined;
        const keyStart = cursor.startIndex;
        const keyEnd = cursor.endIndex;
        let value: { start: number; end: number; call?: { text: string; type: string } } | undefined;
        while (cursor.gotoNextSibling()) {
          if (cursor.currentFieldName === 'right') {
            const type = cursor.nodeType;
            if (type === 'assignment') return undefined;
            const call = type === 'call' ? this.calledFunction(cursor) : undefined;
            if (call !== undefined && this.interpreter.readsAssignedCall(call)) return undefined;
            value = { start: cursor.startIndex, end: cursor.endIndex, ...(call !== undefined ? { call } : {}) };
          }
        }
        if (!value) return undefined;
        const call = value.call ? { call: value.call.text, callType: value.call.type } : {};
        return { name: this.text.slice(keyStart, keyEnd), keyStart, keyEnd, valueStart: value.start, valueEnd: value.end, ...call };
      } finally {
        cursor.gotoParent();
      }
    } finally {
      cursor.gotoParent();
    }
  }

  /** The function of the call at the cursor, as written, with its node type; the cursor is left where it was. */
  private calledFunction(cursor: TreeCursor): { text: string; type: string } {
    if (!cursor.gotoFirstChild()) return { text: '', type: '' };
    try {
      return { text: this.text.slice(cursor.startIndex, cursor.endIndex), type: cursor.nodeType };
    } finally {
      cursor.gotoParent();
    }
  }

  /** `type`: the node's type when the caller already has it (each question to a Node is a WebAssembly call). */
  statement(node: SyntaxNode, type = node.type): void {
    switch (type) {
      case 'expression_statement':
        for (const child of node.namedChildren) if (child) this.expression(child);
        return;
      case 'if_statement':
        return this.branches.ifStatement(node);
      case 'try_statement':
        return this.branches.tryStatement(node);
      case 'for_statement':
      case 'while_statement':
        return this.branches.loop(node);
      case 'with_statement':
        return this.body(node.childForFieldName('body'));
      case 'function_definition':
        return this.names.define(node, 'function');
      case 'class_definition':
        this.interpreter.classDefined(node);
        return this.names.define(node, 'class');
      case 'decorated_definition': {
        const definition = node.childForFieldName('definition');
        if (definition?.type === 'function_definition') this.interpreter.decoratedFunction(node, definition);
        if (definition) this.statement(definition);
        return;
      }
      case 'import_statement':
      case 'import_from_statement':
        return this.imports.importStatement(node);
      case 'match_statement':
        return this.branches.matchStatement(node);
      case 'delete_statement':
        return this.names.deleteStatement(node);
      default:
        return;
    }
  }

  private expression(node: SyntaxNode): void {
    if (node.type === 'assignment') this.names.assignment(node);
    else if (node.type === 'augmented_assignment') this.names.augmentedAssignment(node);
    else if (node.type === 'call') this.callStatement(node);
  }

  /** Evaluates `node` later, against the names as they are at this line. */
  deferred(node: SyntaxNode): () => AbstractValue {
    const scope = this.scope;
    const at = scope.now;
    return () => evaluatorAt(this.file, scope, at, this.source, this.mappingAt).evaluate(node);
  }
}
