// What a module binds to one top-level name, read from its text without
// running it: a setting that names a view by dotted path (Django's
// CSRF_FAILURE_VIEW) is checked against the function the project's module
// really defines. Only a plain answer counts: a name bound twice, inside a
// block, by an import, or by anything the module may do at run time (a star
// import, `globals()`, a module `__getattr__`) is 'unknown', never a guess.
import type { Node as SyntaxNode } from 'web-tree-sitter';
import { parse } from './parser';

export type ParameterKind = 'positional-only' | 'positional' | 'keyword-only' | 'var-positional' | 'var-keyword';

export interface Parameter {
  readonly name: string;
  readonly kind: ParameterKind;
  readonly hasDefault: boolean;
}

export type TopLevelCallable =
  /** One top-level `def` binds the name, and nothing else does. */
  | { readonly kind: 'function'; readonly parameters: readonly Parameter[]; readonly decorators: readonly string[] }
  /** Nothing in the module can bind it: the text never names it and has no dynamic namespace. */
  | { readonly kind: 'absent' }
  /** Anything else: a class, an assignment, an import, two bindings, a syntax error. */
  | { readonly kind: 'unknown' };

const DYNAMIC_NAMESPACE = /^[ \t]*from[ \t][^\n]*\bimport[ \t]*\*|\bglobals[ \t]*\(|\bvars[ \t]*\(|\b__getattr__\b|\bsetattr[ \t]*\(|\bexec[ \t]*\(/m;

function mentions(text: string, name: string): boolean {
  return new RegExp(`(?<![\\w.])${name.replace(/[^\w]/g, '')}(?!\\w)`).test(text);
}

/** `def` parameters in Python's own order of kinds. */
function parametersOf(node: SyntaxNode): Parameter[] | undefined {
  const out: Parameter[] = [];
  let kind: ParameterKind = 'positional';
  for (const child of node.namedChildren) {
    if (!child) continue;
    switch (child.type) {
      case 'positional_separator':
        // Everything before `/` is positional-only.
        for (let i = 0; i < out.length; i++) out[i] = { ...out[i]!, kind: 'positional-only' };
        break;
      case 'keyword_separator':
        kind = 'keyword-only';
        break;
      case 'identifier':
        out.push({ name: child.text, kind, hasDefault: false });
        break;
      case 'typed_parameter': {
        const inner = child.namedChildren.find((c) => c !== null && c.type !== 'type');
        if (!inner) return undefined;
        if (inner.type === 'list_splat_pattern') {
          out.push({ name: inner.text.replace(/^\*/, ''), kind: 'var-positional', hasDefault: false });
          kind = 'keyword-only';
        } else if (inner.type === 'dictionary_splat_pattern') out.push({ name: inner.text.replace(/^\*\*/, ''), kind: 'var-keyword', hasDefault: false });
        else out.push({ name: inner.text, kind, hasDefault: false });
        break;
      }
      case 'default_parameter':
      case 'typed_default_parameter':
        out.push({ name: child.childForFieldName('name')?.text ?? '', kind, hasDefault: true });
        break;
      case 'list_splat_pattern':
        out.push({ name: child.text.replace(/^\*/, ''), kind: 'var-positional', hasDefault: false });
        kind = 'keyword-only';
        break;
      case 'dictionary_splat_pattern':
        out.push({ name: child.text.replace(/^\*\*/, ''), kind: 'var-keyword', hasDefault: false });
        break;
      case 'comment':
        break;
      default:
        // A form this reader does not know (a tuple parameter of Python 2): no answer.
        return undefined;
    }
  }
  return out;
}

/** Names a top-level statement binds, as far as a plain reading goes; undefined when it may bind any name. */
function boundNames(node: SyntaxNode): string[] {
  switch (node.type) {
    case 'function_definition':
    case 'class_definition':
      return [node.childForFieldName('name')?.text ?? ''];
    case 'decorated_definition': {
      const inner = node.childForFieldName('definition');
      return inner ? boundNames(inner) : [];
    }
    default:
      return [];
  }
}

/**
 * What `text` binds to the top-level `name`. `function` only where one
 * top-level `def` (decorated or not) binds it and the name appears nowhere
 * else as an assignment or import target; `absent` only where the text never
 * names it at all and cannot bind names dynamically.
 */
export function topLevelCallable(text: string, name: string): TopLevelCallable {
  if (!/^[A-Za-z_]\w*$/.test(name)) return { kind: 'unknown' };
  if (!mentions(text, name)) return DYNAMIC_NAMESPACE.test(text) ? { kind: 'unknown' } : { kind: 'absent' };
  const tree = parse(text);
  try {
    const root = tree.rootNode;
    if (root.hasError) return { kind: 'unknown' };
    const defs = root.namedChildren.filter((n): n is SyntaxNode => n !== null && boundNames(n).includes(name));
    if (defs.length !== 1) return { kind: 'unknown' };
    const statement = defs[0]!;
    const definition = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    if (!definition || definition.type !== 'function_definition') return { kind: 'unknown' };
    // Any other mention that could rebind it (`name = ...`, `import x as name`, a `for name in`) makes it unknown.
    const rest = text.slice(0, statement.startIndex) + text.slice(statement.endIndex);
    if (new RegExp(`(?<![\\w.])${name}[ \\t]*(?::[^=\\n]*)?=(?!=)|\\bas[ \\t]+${name}\\b|\\bimport[ \\t]+(?:[^\\n]*,[ \\t]*)?${name}\\b|\\b(?:def|class|for)[ \\t]+${name}\\b`).test(rest)) {
      return { kind: 'unknown' };
    }
    const parameters = definition.childForFieldName('parameters');
    const shape = parameters ? parametersOf(parameters) : undefined;
    if (!shape) return { kind: 'unknown' };
    const decorators = statement.type === 'decorated_definition' ? statement.namedChildren.filter((c): c is SyntaxNode => c !== null && c.type === 'decorator').map((d) => d.text.replace(/^@\s*/, '')) : [];
    return { kind: 'function', parameters: shape, decorators };
  } finally {
    tree.delete();
  }
}

/**
 * Whether a function with these parameters accepts `f(value, keyword=value)`,
 * as `inspect.signature(f).bind(None, **{keyword: None})` asks: one
 * positional argument, the keyword by name, every other parameter defaulted.
 */
export function acceptsOnePositionalAndKeyword(parameters: readonly Parameter[], keyword: string): boolean {
  const first = parameters.find((p) => p.kind === 'positional-only' || p.kind === 'positional');
  const takesPositional = first !== undefined || parameters.some((p) => p.kind === 'var-positional');
  if (!takesPositional) return false;
  const named = parameters.find((p) => p.name === keyword && (p.kind === 'positional' || p.kind === 'keyword-only'));
  // The positional value already filled it: "got multiple values".
  if (named !== undefined && named === first) return false;
  if (!named && !parameters.some((p) => p.kind === 'var-keyword')) return false;
  return parameters.every((p) => p === first || p === named || p.kind === 'var-positional' || p.kind === 'var-keyword' || p.hasDefault);
}
