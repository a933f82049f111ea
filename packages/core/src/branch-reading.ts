// Control flow for the binder: which paths of an if/elif/else, try, loop or
// match may run, each read on its own fork of the module's names and merged
// after, so a name holds every value some path leaves in it. A condition the
// module decides (`DEBUG = False` ... `if DEBUG:`) picks its path; one it does
// not decide still narrows names inside each branch (narrowing.ts). It knows
// Python only; what a statement means to Celery is the interpreters' business.
import type { Evaluator } from './evaluator';
import { FailedTests, type ModuleScope } from './module-scope';
import { narrowingsFor } from './narrowing';
import type { SyntaxNode, TreeCursor } from './parser';
import type { AbstractValue } from './types';
import { truthiness } from './values';

const DECIDABLE_CONDITIONS = new Set(['identifier', 'true', 'false', 'none', 'integer', 'string', 'parenthesized_expression', 'boolean_operator']);
/** Conditions never decided but read for what they say about a name inside each branch (narrowing.ts). */
const NARROWING_CONDITIONS = new Set(['comparison_operator', 'not_operator']);
/** Calls the evaluator can fold to a value whose truth may be known (Evaluator.call): the rest stay calls or unknowns. */
const FOLDED_CALL = /^(str|int|float|bool|dict|list|tuple|set)$|\.format$/;
const NARROWING_OPERATOR = /==|!=|\bin\b|\bis\b/;

/** What branch reading needs of the binder (python-binder.ts): its walk, and the path it is on. */
export interface BranchWalker {
  /** The names on the path being read; a branch replaces it with a fork while it is read. */
  scope: ModuleScope;
  /** >0 while walking a path that may not run. */
  conditionalDepth: number;
  readonly text: string;
  readonly evaluator: Evaluator;
  /** A cursor on `node`, held until releaseCursor(). */
  cursorAt(node: SyntaxNode): TreeCursor;
  releaseCursor(): void;
  statementsUnder(cursor: TreeCursor): void;
  statement(node: SyntaxNode): void;
  body(container: SyntaxNode | null): void;
  /** Evaluates `node` later, against the names as they are at this line. */
  deferred(node: SyntaxNode): () => AbstractValue;
}

export class BranchReader {
  constructor(private readonly walker: BranchWalker) {}

  /**
   * Reads an if statement with one cursor: settings files have hundreds, and
   * each Node made or field looked up is a WebAssembly call. A path is read as
   * soon as the cursor reaches its body, in the path's own fork: a condition
   * the module decides picks its path (or drops it); otherwise every path is
   * possible and the forks are merged.
   */
  ifStatement(node: SyntaxNode): void {
    const outer = this.walker.scope;
    const cursor = this.walker.cursorAt(node);
    const forks: ModuleScope[] = [];
    let certain = false;
    let hasElse = false;
    let direct = false;
    const condition = (): SyntaxNode | undefined => {
      const type = cursor.nodeType;
      if (DECIDABLE_CONDITIONS.has(type)) return cursor.currentNode;
      if (!NARROWING_CONDITIONS.has(type)) return undefined;
      // `LIMITS['burst'] > 10` narrows nothing: only ==, !=, in and is do, and the text says whether one is there.
      if (type === 'comparison_operator' && !NARROWING_OPERATOR.test(this.walker.text.slice(cursor.startIndex, cursor.endIndex))) return undefined;
      return cursor.currentNode;
    };
    // The cursor is on the path's body.
    const failed = new FailedTests(outer);
    const path = (pathCondition: SyntaxNode | null | undefined): void => {
      try {
        readPath(pathCondition);
      } finally {
        // Later paths run only when this test failed.
        if (pathCondition) for (const { name, narrow } of narrowingsFor(pathCondition, false, (operand) => this.walker.deferred(operand))) failed.fail(name, narrow);
      }
    };
    // A path's condition: `undefined` when never decided nor narrowed on, `null` for else.
    const readPath = (pathCondition: SyntaxNode | null | undefined): void => {
      const test = pathCondition === null ? true : pathCondition === undefined ? undefined : this.decide(pathCondition);
      if (test === false) return;
      certain = test === true;
      if (certain && forks.length === 0) {
        // The only path that can run: read it as the module itself.
        direct = true;
        this.pathBody(cursor);
        return;
      }
      this.walker.scope = outer.fork();
      this.walker.conditionalDepth++;
      try {
        failed.applyTo(this.walker.scope);
        if (pathCondition) for (const { name, narrow } of narrowingsFor(pathCondition, true, (operand) => this.walker.deferred(operand))) this.walker.scope.narrow(name, narrow);
        this.pathBody(cursor);
        forks.push(this.walker.scope);
      } finally {
        this.walker.conditionalDepth--;
        this.walker.scope = outer;
      }
    };
    try {
      if (!cursor.gotoFirstChild()) return;
      let pending: SyntaxNode | undefined;
      do {
        const field = cursor.currentFieldName;
        if (field === 'condition') pending = condition();
        else if (field === 'consequence') path(pending);
        else if (field === 'alternative') {
          const isElse = cursor.nodeType === 'else_clause';
          hasElse ||= isElse;
          let clauseCondition: SyntaxNode | undefined;
          if (cursor.gotoFirstChild()) {
            do {
              const inner = cursor.currentFieldName;
              if (inner === 'condition') clauseCondition = condition();
              else if (inner === 'consequence' || inner === 'body') {
                path(isElse ? null : clauseCondition);
                break;
              }
            } while (cursor.gotoNextSibling());
            cursor.gotoParent();
          }
        }
      } while (!certain && cursor.gotoNextSibling());
    } finally {
      this.walker.releaseCursor();
      this.walker.scope = outer;
    }
    if (direct) return;
    // No else: the path that runs no branch still knows every condition failed (`if not X: X = default`).
    if (!certain && !hasElse) {
      this.walker.scope = outer.fork();
      try {
        failed.applyTo(this.walker.scope);
        forks.push(this.walker.scope);
      } finally {
        this.walker.scope = outer;
      }
    }
    outer.merge(forks);
  }

  /** A branch's block at the cursor (anything else, after a syntax error, read as one statement). */
  private pathBody(cursor: TreeCursor): void {
    if (cursor.nodeType === 'block') this.walker.statementsUnder(cursor);
    else this.walker.statement(cursor.currentNode);
  }

  /** A branch condition's truth, when the module decides it (`DEBUG = False` ... `if DEBUG:`). */
  private decide(condition: SyntaxNode): boolean | undefined {
    // Comparisons and calls are never folded; skipping them avoids evaluating names for nothing.
    const type = condition.type;
    if (!DECIDABLE_CONDITIONS.has(type)) return undefined;
    // `if FEATURE:` after `FEATURE = env.bool(...)`: a call the evaluator does not fold has no known truth.
    if (type === 'identifier') {
      const call = this.walker.scope.get(condition.text)?.call;
      if (call !== undefined && !FOLDED_CALL.test(call)) return undefined;
    }
    return truthiness(this.walker.evaluator.evaluate(condition));
  }

  /** Runs each alternative on a fork of the scope, then merges (optionally with "none ran"). */
  private alternatives(paths: Array<() => void>, mayRunNone: boolean): void {
    const outer = this.walker.scope;
    const forks: ModuleScope[] = [];
    this.walker.conditionalDepth++;
    try {
      for (const run of paths) {
        this.walker.scope = outer.fork();
        run();
        forks.push(this.walker.scope);
      }
    } finally {
      this.walker.conditionalDepth--;
      this.walker.scope = outer;
    }
    if (mayRunNone) forks.push(outer.fork());
    outer.merge(forks);
  }

  tryStatement(node: SyntaxNode): void {
    const body = node.childForFieldName('body');
    const handlers: SyntaxNode[] = [];
    let elseBody: SyntaxNode | null = null;
    let finallyBody: SyntaxNode | null = null;
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'except_clause' || child.type === 'except_group_clause') handlers.push(child);
      else if (child.type === 'else_clause') elseBody = child.childForFieldName('body');
      else if (child.type === 'finally_clause') finallyBody = child.namedChildren.find((c) => c?.type === 'block') ?? null;
    }
    const paths: Array<() => void> = [
      () => {
        this.walker.body(body);
        this.walker.body(elseBody);
      },
      ...handlers.map((h) => () => this.walker.body(h.namedChildren.find((c) => c?.type === 'block') ?? null)),
    ];
    if (handlers.length === 0) paths[0]!();
    else this.alternatives(paths, false);
    this.walker.body(finallyBody);
  }

  loop(node: SyntaxNode): void {
    const body = node.childForFieldName('body');
    const alternative = node.childForFieldName('alternative');
    this.alternatives([() => this.walker.body(body)], true);
    if (alternative) this.walker.body(alternative.childForFieldName('body'));
  }

  matchStatement(node: SyntaxNode): void {
    const body = node.childForFieldName('body');
    const cases = (body?.namedChildren ?? []).filter((c): c is SyntaxNode => c?.type === 'case_clause');
    this.alternatives(cases.map((c) => () => this.walker.body(c.childForFieldName('consequence'))), true);
  }
}
