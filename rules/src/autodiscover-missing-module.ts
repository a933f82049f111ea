import { createRule, possibilities, type AbstractValue, type DefinedTask, type ProjectUsage, type RuleContext, type SourceSpan } from '@celery-lint/core';

/** Module names a file may be imported as (every suffix of its path). */
function moduleNames(file: string): string[] {
  const parts = file.replace(/\\/g, '/').replace(/\.py$/, '').replace(/\/__init__$/, '').split('/').filter(Boolean);
  return parts.map((_, i) => parts.slice(i).join('.'));
}

/** The module names an `include`/`imports` value lists, each with where it is written. */
function listedModules(value: AbstractValue): Array<{ name: string; span: SourceSpan | undefined }> {
  const out: Array<{ name: string; span: SourceSpan | undefined }> = [];
  for (const v of possibilities(value)) {
    // Celery's maybe_list() takes a lone string as one module.
    if (v.kind === 'str') out.push({ name: v.value, span: v.span });
    if (v.kind === 'list' || v.kind === 'tuple' || v.kind === 'set') for (const i of v.items) if (i.kind === 'str') out.push({ name: i.value, span: i.span });
  }
  return out;
}

/**
 * Tasks under a package that nothing makes Celery import: not the package's
 * own `__init__.py` (which the autodiscovery imports), not a module a linted
 * file imports, not one `include`/`imports` names.
 */
function strandedTasks(usage: ProjectUsage, context: RuleContext, pkg: string, listed: ReadonlySet<string>): DefinedTask[] | undefined {
  const init = usage.packageInit(pkg);
  // An __init__.py that imports anything may import the tasks' modules, and one not read may: no finding.
  if (init && (!init.linted || /^[ \t]*(?:from|import)[ \t]/m.test(context.sourceText(init.file)))) return undefined;
  return usage.tasksIn(pkg).filter((t) => t.file !== init?.file && !usage.isImported(t.file) && !moduleNames(t.file).some((n) => listed.has(n)));
}

/** A file's path from its package's directory on: `billing/tasks/invoices.py`. */
function fromPackage(file: string, pkg: string): string {
  const path = file.replace(/\\/g, '/');
  const at = path.lastIndexOf(`/${pkg.replace(/\./g, '/')}/`);
  return at >= 0 ? path.slice(at + 1) : path.split('/').slice(-2).join('/');
}

function describeTasks(tasks: readonly DefinedTask[]): string {
  const names = tasks.slice(0, 3).map((t) => t.functionName);
  return names.join(', ') + (tasks.length > 3 ? `, and ${tasks.length - 3} more` : '');
}

/**
 * Celery's autodiscovery (loaders/base.py find_related_module) imports each
 * listed package, then `<package>.<related_name>`, and swallows the
 * ModuleNotFoundError when that module does not exist; a listed name that is
 * no module makes it fall back to the parent package. `include`/`imports`
 * modules are imported at worker start, and a missing one stops it. Checked
 * by running 5.2.6 and 5.6.3 on a sample project: `['core.tasks']` with a
 * core/tasks.py works (the module itself is imported), `['pkg.tasks']` with a
 * pkg/tasks/ package finds none of its submodules' tasks, `['core.nosuch']`
 * imports core.tasks, `include=['core.nosuch']` raises ModuleNotFoundError.
 */
export const autodiscoverMissingModule = createRule({
  meta: {
    id: 'celery/autodiscover-missing-module',
    description: 'autodiscover_tasks() looking for a module the package does not have, or include/imports naming a module the project does not have',
    category: 'correctness',
    defaultSeverity: 'warning',
    messages: {
      noTasksModule:
        "autodiscover_tasks() looks for {{target}}, which does not exist: Celery imports {{package}}, finds no {{related}} module, and says nothing, so the tasks in {{where}} ({{tasks}}) are never registered and workers reject them as unregistered. List the modules that define them in include, or import them from {{target}}.",
      fallsBack:
        "'{{name}}' is not a module of this project: autodiscover_tasks() then falls back to its parent and looks for {{parent}}.{{related}} instead{{outcome}}.",
      missingImport:
        "{{setting}} names '{{name}}', which is not a module of this project: the worker imports it at start-up and fails (ModuleNotFoundError: No module named '{{name}}').",
    },
  },
  check(context) {
    const usage = context.usage();
    const includes = (['include', 'imports'] as const).map((setting) => ({ setting, lookup: context.get(setting) }));
    const listed = new Set(includes.flatMap((i) => listedModules(i.lookup.value).map((m) => m.name)));
    for (const { setting, lookup } of includes) {
      if (!lookup.binding) continue;
      for (const module of listedModules(lookup.value)) {
        if (usage.moduleStatus(module.name) !== 'missing') continue;
        context.report({ at: module.span ?? lookup.binding.valueSpan, messageId: 'missingImport', data: { setting, name: module.name } });
      }
    }
    for (const discovery of usage.autodiscoveries) {
      const related = discovery.relatedName;
      if (!discovery.packages || !related) continue;
      for (const pkg of discovery.packages) {
        const status = usage.moduleStatus(pkg.name);
        if (status === 'missing') {
          const cut = pkg.name.lastIndexOf('.');
          const parent = cut > 0 ? pkg.name.slice(0, cut) : undefined;
          const parentStatus = parent ? usage.moduleStatus(parent) : 'unknown';
          if (!parent || (parentStatus !== 'package' && parentStatus !== 'module')) continue;
          const found = usage.moduleStatus(`${parent}.${related}`);
          const outcome = found === 'missing' ? ', which does not exist either: it finds nothing' : '';
          context.report({ at: pkg.span, messageId: 'fallsBack', data: { name: pkg.name, parent, related, outcome } });
          continue;
        }
        if (status !== 'package') continue;
        const target = `${pkg.name}.${related}`;
        if (usage.moduleStatus(target) !== 'missing') continue;
        const stranded = strandedTasks(usage, context, pkg.name, listed);
        if (!stranded || stranded.length === 0) continue;
        const files = [...new Set(stranded.map((t) => fromPackage(t.file, pkg.name)))];
        context.report({
          at: pkg.span,
          messageId: 'noTasksModule',
          data: { target, package: pkg.name, related, where: files.slice(0, 3).join(', '), tasks: describeTasks(stranded) },
        });
      }
    }
  },
});
