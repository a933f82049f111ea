// Binding for the statements that bring names in from other modules:
// `import x`, `from x import NAME`, `from x import *`, and django-split-settings'
// include(), which runs files in the module's namespace like star imports of
// them. A name imported from a linted module shares that module's slot (same
// value, same location). What an imported class or app means is the
// interpreters' business: they hear of each import here.
import type { Importer, ModuleExports } from './analysis-model';
import { unknown, type Evaluator } from './evaluator';
import { ImportedSlot, type ModuleScope, type Slot } from './module-scope';
import type { SyntaxNode } from './parser';
import type { SourceSpan } from './types';

/** A linted module an import names, and what it exports (undefined while it is being read: a cycle). */
export type ImportTarget = NonNullable<ReturnType<Importer>>;

/** What an interpreter hears of the imports the binder reads (see StatementInterpreter, python-binder.ts). */
export interface ImportInterpreter {
  /** `from x import name as local`, where x is linted and exports `name`. */
  nameImported(local: string, name: string, file: string, exports: ModuleExports): void;
  /** `from x import *` or an include(); `target` is undefined when x is not linted. */
  starImported(target: ImportTarget | undefined): void;
}

/** What import binding needs of the binder (python-binder.ts). */
export interface ImportWalker {
  /** The names on the path being read. */
  readonly scope: ModuleScope;
  readonly evaluator: Evaluator;
  span(node: SyntaxNode): SourceSpan;
}

export class ImportBinder {
  /** Linted files this module imports from. */
  readonly importedFiles = new Set<string>();
  /** Star imports (and includes) of modules that are not linted. */
  readonly unresolvedStarImports: string[] = [];

  constructor(
    private readonly file: string,
    private readonly walker: ImportWalker,
    private readonly interpreter: ImportInterpreter,
    private readonly importer: Importer | undefined,
  ) {}

  importStatement(node: SyntaxNode): void {
    const set = (local: SyntaxNode, path: string) => {
      const value = unknown(`${local.text} is imported from ${path}`);
      this.walker.scope.assign({ name: local.text, kind: 'import', compute: () => value, keySpan: this.walker.span(local), valueSpan: this.walker.span(node) });
      this.walker.scope.setImport(local.text, path);
    };
    if (node.type === 'import_statement') {
      for (const name of node.childrenForFieldName('name')) {
        if (!name) continue;
        if (name.type === 'aliased_import') {
          const real = name.childForFieldName('name');
          const alias = name.childForFieldName('alias');
          if (real && alias) set(alias, real.text);
        } else {
          const head = name.text.split('.')[0]!;
          this.walker.scope.setImport(head, head);
        }
      }
      return;
    }
    const moduleNode = node.childForFieldName('module_name');
    const moduleText = moduleNode?.text ?? '';
    const level = /^\.*/.exec(moduleText)![0].length;
    const moduleName = moduleText.slice(level);
    const target = this.resolve(moduleName, level);
    const exported = target?.exports;
    if (node.namedChildren.some((c) => c?.type === 'wildcard_import')) {
      this.starImport(moduleText, target);
      return;
    }
    for (const name of node.childrenForFieldName('name')) {
      if (!name) continue;
      const real = name.type === 'aliased_import' ? name.childForFieldName('name') : name;
      const local = name.type === 'aliased_import' ? name.childForFieldName('alias') : name;
      if (!real || !local) continue;
      const slot = exported?.scope.get(real.text);
      if (slot && slot.kind !== 'import') {
        this.importSlot(local.text, slot);
        this.interpreter.nameImported(local.text, real.text, target!.file, exported!);
        this.walker.scope.setImport(local.text, `${moduleText}.${real.text}`);
      } else {
        set(local, `${moduleText}.${real.text}`);
      }
    }
  }

  /** `from .base import *`: every public name of the other module, lazily, with its own location. */
  private starImport(moduleText: string, target: ImportTarget | undefined): void {
    this.interpreter.starImported(target);
    const exported = target?.exports;
    if (!exported) {
      this.unresolvedStarImports.push(moduleText);
      return;
    }
    for (const slot of exported.scope.slots()) {
      if (slot.name.startsWith('_') || slot.kind === 'import') continue;
      this.importSlot(slot.name, slot);
    }
  }

  /**
   * django-split-settings: `include('components/base.py', optional('local.py'))`
   * runs those files, in order, in this module's namespace; read like star
   * imports of them. Globs and file names that are no module name are left
   * unresolved (reported as such).
   */
  splitSettingsInclude(node: SyntaxNode): void {
    for (const arg of node.childForFieldName('arguments')?.namedChildren ?? []) {
      if (!arg) continue;
      const inner = arg.type === 'call' && /(^|\.)optional$/.test(this.walker.evaluator.dottedPath(arg.childForFieldName('function')!) ?? '') ? arg.childForFieldName('arguments')?.namedChildren[0] : arg;
      const value = inner ? this.walker.evaluator.evaluate(inner) : undefined;
      if (value?.kind !== 'str') continue;
      const parts = value.value.replace(/\.py$/, '').split('/').filter((p) => p !== '.');
      if (/[*?[]/.test(value.value) || parts.some((p) => !/^[A-Za-z_]\w*$/.test(p))) {
        this.unresolvedStarImports.push(value.value);
        continue;
      }
      this.starImport(value.value, this.resolve(parts.join('.'), 1));
    }
  }

  /** The linted module an import names (a file this one imports), if it is one. */
  private resolve(moduleName: string, level: number): ImportTarget | undefined {
    const target = this.importer?.(this.file, moduleName, level);
    if (target) this.importedFiles.add(target.file);
    return target;
  }

  /** Binds a name to a slot of another module: same value (computed there), same location. */
  private importSlot(name: string, slot: Slot): void {
    this.walker.scope.assignSlot(new ImportedSlot(name, slot, this.walker.scope.shadowedBy(name)));
  }
}

/** The dotted path of an imported name: the scope records `from . import celery` as `..celery`, a dot more than its level. */
export function importedPath(recorded: string): string {
  return /^\.{2,}\w+$/.test(recorded) ? recorded.slice(1) : recorded;
}
