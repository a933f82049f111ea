// What a module registers with Celery and kombu: tasks (functions decorated
// with `@shared_task` or `@app.task`) and serializers
// (`kombu.serialization.register(...)`). Rules compare them with the
// configuration (a beat entry naming no task, an accepted content type no
// serializer provides).
import { isExtra, type SyntaxNode } from './parser';
import type { PythonBinder } from './python-binder';
import type { RegisteredSerializer, TaskDefinition } from './types';

export class Registrations {
  readonly tasks: TaskDefinition[] = [];
  readonly serializers: RegisteredSerializer[] = [];

  constructor(private readonly binder: PythonBinder) {}

  /** `@shared_task`, `@app.task`, `@app.task(name='x')`, `@celery.task(...)`. */
  recordTask(decorated: SyntaxNode, definition: SyntaxNode): void {
    const functionName = definition.childForFieldName('name')?.text;
    if (!functionName) return;
    for (const decorator of decorated.namedChildren) {
      if (decorator?.type !== 'decorator') continue;
      const expression = decorator.namedChildren.find((c) => c && !isExtra(c));
      if (!expression) continue;
      const callee = expression.type === 'call' ? expression.childForFieldName('function') : expression;
      if (!callee) continue;
      const path = this.binder.evaluator.dottedPath(callee) ?? callee.text;
      if (!/(^|\.)(shared_task|task)$/.test(path)) continue;
      let name: string | undefined;
      if (expression.type === 'call') {
        for (const arg of expression.childForFieldName('arguments')?.namedChildren ?? []) {
          if (arg?.type !== 'keyword_argument' || arg.childForFieldName('name')?.text !== 'name') continue;
          const value = arg.childForFieldName('value');
          const evaluated = value ? this.binder.evaluator.evaluate(value) : undefined;
          if (evaluated?.kind === 'str') name = evaluated.value;
        }
      }
      this.tasks.push({ name, functionName, file: this.binder.file, span: this.binder.span(definition.childForFieldName('name') ?? definition) });
      return;
    }
  }

  /** `kombu.serialization.register(...)`, `registry.register(...)`: a serializer Celery may be configured to accept. */
  serializer(node: SyntaxNode): void {
    const fn = node.childForFieldName('function');
    if (!fn) return;
    const path = this.binder.evaluator.dottedPath(fn) ?? fn.text;
    if (!/(^|\.)(kombu\.serialization\.register|registry\.register)$/.test(path) && path !== 'kombu.serialization.register') return;
    const args = (node.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is SyntaxNode => !!a && !isExtra(a));
    const positional = args.filter((a) => a.type !== 'keyword_argument');
    const keyword = (name: string) => args.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === name)?.childForFieldName('value');
    const nameNode = positional[0] ?? keyword('name');
    const typeNode = keyword('content_type') ?? positional[3];
    const name = nameNode ? this.binder.evaluator.evaluate(nameNode) : undefined;
    if (name?.kind !== 'str') return;
    const contentType = typeNode ? this.binder.evaluator.evaluate(typeNode) : undefined;
    this.serializers.push({ name: name.value, ...(contentType?.kind === 'str' ? { contentType: contentType.value } : {}), span: this.binder.span(node) });
  }
}
