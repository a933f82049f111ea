// What a module writes to its process environment: `os.environ[...] = ...`,
// `os.environ.setdefault(...)`, `os.putenv(...)`, `os.environ.update(...)`.
// Django reads DJANGO_SETTINGS_MODULE and DJANGO_CONFIGURATION from there, a
// Celery app's config_from_envvar() reads the variable it names, and rules
// read the rest (C_FORCE_ROOT, ...); launch files feed the same model.
import type { MethodCall } from './call-shape';
import { oneOf } from './evaluator';
import type { SyntaxNode } from './parser';
import type { PythonBinder } from './python-binder';
import type { AbstractValue, EnvironmentWrite } from './types';

export class EnvironmentWrites {
  readonly writes: EnvironmentWrite[] = [];
  /** `os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')`. */
  djangoSettingsModule: string | undefined;
  /** `os.environ.setdefault('DJANGO_CONFIGURATION', 'Prod')`: the settings class django-configurations loads. */
  djangoConfiguration: string | undefined;

  constructor(private readonly binder: PythonBinder) {}

  /** The last value this module wrote to `name`, so far. */
  lastWrite(name: string): EnvironmentWrite | undefined {
    return [...this.writes].reverse().find((w) => w.name === name);
  }

  /** `os.environ[key] = value`: true when `container` is os.environ. */
  itemAssigned(container: SyntaxNode, key: AbstractValue, value: AbstractValue, target: SyntaxNode): boolean {
    if (this.binder.evaluator.dottedPath(container) !== 'os.environ') return false;
    if (key.kind === 'str') this.write(key.value, value, target.parent ?? target, false);
    return true;
  }

  /** `os.environ.setdefault(...)`, `os.putenv(...)`, `os.environ.update(...)` (`path`: the called function's); true when the call is one. */
  methodCall(path: string | undefined, call: MethodCall): boolean {
    const { node, args, positional } = call;
    if (path === 'os.environ.setdefault' || path === 'os.putenv') {
      const key = positional[0] ? this.binder.evaluator.evaluate(positional[0]) : undefined;
      const value: AbstractValue = positional[1] ? this.binder.evaluator.evaluate(positional[1]) : { kind: 'none' };
      if (key?.kind === 'str') this.write(key.value, value, node, path === 'os.environ.setdefault');
      return true;
    }
    if (path === 'os.environ.update') {
      const mapping = positional[0] ? this.binder.evaluator.evaluate(positional[0]) : undefined;
      for (const entry of mapping?.kind === 'dict' ? mapping.entries : []) {
        if (entry.key.kind === 'str') this.write(entry.key.value, entry.value, node, false);
      }
      for (const arg of args) {
        const name = arg.type === 'keyword_argument' ? arg.childForFieldName('name')?.text : undefined;
        const valueNode = arg.childForFieldName('value');
        if (name && valueNode) this.write(name, this.binder.evaluator.evaluate(valueNode), node, false);
      }
      return true;
    }
    return false;
  }

  private write(name: string, value: AbstractValue, node: SyntaxNode, isDefault: boolean): void {
    const written = this.binder.conditional ? oneOf([value, { kind: 'unset' }]) : value;
    this.writes.push({ name, value: written, span: this.binder.span(node), isDefault });
    if (name === 'DJANGO_SETTINGS_MODULE' && value.kind === 'str') this.djangoSettingsModule = value.value;
    if (name === 'DJANGO_CONFIGURATION' && value.kind === 'str') this.djangoConfiguration = value.value;
  }
}
