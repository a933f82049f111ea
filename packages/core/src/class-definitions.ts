// What the classes a module defines (or imports) hold for configuration:
// their attributes as bindings, inherited ones included in Python's order, for
// `config_from_object(Class)`, Flask's `from_object(Class)` and Superset's
// CELERY_CONFIG; and which are django-configurations settings classes, one of
// which Django loads as its settings (settings-classes.ts). A subclass of
// Celery is an app class instead (celery-apps.ts).
import type { ModuleExports, RawBinding, SettingsClass } from './analysis-model';
import { propertyFunction, propertyValue } from './class-properties';
import type { SyntaxNode } from './parser';
import type { PythonBinder } from './python-binder';
import { isSettingsClassBase, loadedBySettingsClass } from './settings-classes';

/** A class statement's name, body and base classes (keyword arguments left out). */
export interface ClassHeader {
  readonly name: string;
  readonly body: SyntaxNode;
  readonly bases: readonly SyntaxNode[];
}

export function classHeader(node: SyntaxNode): ClassHeader | undefined {
  const name = node.childForFieldName('name')?.text;
  const body = node.childForFieldName('body');
  if (!name || !body) return undefined;
  const bases = (node.childForFieldName('superclasses')?.namedChildren ?? []).filter((b): b is SyntaxNode => !!b && b.type !== 'keyword_argument');
  return { name, body, bases };
}

export class ClassDefinitions {
  /** Classes defined (or imported) here, with their attributes. */
  readonly classes = new Map<string, RawBinding[]>();
  /** django-configurations classes visible here, and those another such class here extends. */
  readonly settingsClasses = new Set<string>();
  private readonly extendedSettingsClasses = new Set<string>();

  constructor(private readonly binder: PythonBinder) {}

  /** A class's attributes, if it is one defined or imported here. */
  bindingsOf(name: string): RawBinding[] | undefined {
    return this.classes.get(name);
  }

  /** `from x import local`: true when it is a settings class (its module's settings are then this module's). */
  nameImported(local: string, name: string, exports: ModuleExports): boolean {
    const cls = exports.classes.get(name);
    if (cls) this.classes.set(local, cls);
    if (!exports.settingsClasses.has(name)) return false;
    this.settingsClasses.add(local);
    return true;
  }

  /** `from x import *`: its public classes. */
  starImported(exports: ModuleExports): void {
    for (const [name, bindings] of exports.classes) if (!name.startsWith('_')) this.classes.set(name, bindings);
    for (const name of exports.settingsClasses) if (!name.startsWith('_')) this.settingsClasses.add(name);
  }

  /** A class that is no Celery subclass: its attributes (inherited ones first), and whether it is a settings class. */
  read({ name, body, bases }: ClassHeader): void {
    const inherited: RawBinding[] = [];
    // Python's method resolution order: an attribute comes from the first base that has it (`class Prod(CeleryMixin, Base)`).
    const inheritedKeys = new Set<string>();
    for (const base of bases) {
      if (base.type !== 'identifier') continue;
      for (const binding of this.classes.get(base.text) ?? []) {
        if (inheritedKeys.has(binding.key)) continue;
        inheritedKeys.add(binding.key);
        inherited.push(binding);
      }
    }
    if (bases.some((b) => (b.type === 'identifier' && this.settingsClasses.has(b.text)) || isSettingsClassBase(this.binder.evaluator.dottedPath(b)))) {
      this.settingsClasses.add(name);
      for (const b of bases) if (b.type === 'identifier' && this.settingsClasses.has(b.text)) this.extendedSettingsClasses.add(b.text);
    }
    const own = new Map<string, RawBinding>();
    for (const statement of body.namedChildren) {
      if (statement?.type === 'decorated_definition') {
        this.readClassProperty(statement, name, own);
        continue;
      }
      const assignment = statement?.type === 'expression_statement' ? statement.namedChildren[0] : null;
      if (assignment?.type !== 'assignment') continue;
      const left = assignment.childForFieldName('left');
      const right = assignment.childForFieldName('right');
      if (left?.type !== 'identifier' || !right) continue;
      own.set(left.text, {
        key: left.text,
        value: this.binder.evaluator.evaluate(right),
        keySpan: this.binder.span(left),
        valueSpan: this.binder.span(right),
        origin: 'config-class',
      });
    }
    const merged = inherited.filter((b) => !own.has(b.key));
    this.classes.set(name, [...merged, ...own.values()]);
  }

  /** An UPPERCASE `@property` of a class: the setting Django gets from it (class-properties.ts). */
  private readClassProperty(decorated: SyntaxNode, className: string, own: Map<string, RawBinding>): void {
    const fn = propertyFunction(decorated);
    const nameNode = fn?.childForFieldName('name');
    if (!fn || !nameNode || !loadedBySettingsClass(nameNode.text)) return;
    const read = propertyValue(fn, className, (node) => this.binder.evaluator.evaluate(node), (node) => this.binder.span(node));
    if (!read) return;
    own.set(nameNode.text, { key: nameNode.text, value: read.value, keySpan: this.binder.span(nameNode), valueSpan: this.binder.span(read.valueNode), origin: 'config-class', fromProperty: true });
  }

  /**
   * readthedocs.org's settings: `ProdSettings.load_settings(__name__)` copies
   * the class's UPPERCASE attributes (inherited ones included) into the
   * module, so they are module settings, written where the class sets them.
   */
  loadClassSettings(className: string): boolean {
    const bindings = this.classes.get(className);
    if (!bindings) return false;
    for (const binding of bindings) {
      if (!loadedBySettingsClass(binding.key)) continue;
      this.binder.scope.assign({ name: binding.key, kind: 'value', compute: () => binding.value, keySpan: binding.keySpan, valueSpan: binding.valueSpan });
    }
    return true;
  }

  /** The settings classes visible here, with their attributes. */
  settingsClassesFound(): Map<string, SettingsClass> {
    const found = new Map<string, SettingsClass>();
    for (const name of this.settingsClasses) {
      const bindings = this.classes.get(name);
      if (bindings) found.set(name, { bindings, extended: this.extendedSettingsClasses.has(name) });
    }
    return found;
  }
}
