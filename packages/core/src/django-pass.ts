// Runs the Django rules (Rule.checkDjango) once per Django settings module
// the project deploys with (django-targets.ts), over the settings that module
// leaves: what it or its star imports set, else Django's default for the
// target Django version. A value the linter cannot see (a star import of a
// module it did not read) is unknown, and a rule stays quiet on unknowns.
import type { DjangoSettingValue } from './app-usage/model';
import type { DeploymentSettings } from './django-targets';
import type { FileAnalysis } from './analysis-model';
import { djangoAtLeast, djangoDefaultIn } from './knowledge/django-model';
import { namespaceRewrites } from './namespace-rewrites';
import { STAR_IMPORT } from './pull-ins';
import type { AbstractValue } from './types';
import type { DjangoRuleContext, DjangoSettingState, ProjectModule, ReportDescriptor, Rule } from './rule';

export interface DjangoPassInput {
  readonly targets: readonly DeploymentSettings[];
  readonly settings: ReadonlyMap<string, ReadonlyMap<string, DjangoSettingValue>>;
  readonly analyses: ReadonlyMap<string, FileAnalysis>;
  readonly djangoVersion: string | undefined;
  readonly sourceText: (file: string) => string;
  readonly projectModule: (dotted: string) => ProjectModule;
}

const SYNTAX_ERROR_RULE = 'celery-lint/syntax-error';

const rewritesByFile = new WeakMap<DjangoPassInput, Map<string, readonly number[]>>();

/**
 * Where `file` may replace names wholesale, worked out once per pass: a
 * namespace rewrite (namespace-rewrites.ts), or a star import of a module
 * celery-lint does not read (`from .local_settings import *` in a `try`).
 */
function rewritesIn(input: DjangoPassInput, file: string): readonly number[] {
  let byFile = rewritesByFile.get(input);
  if (!byFile) rewritesByFile.set(input, (byFile = new Map()));
  let offsets = byFile.get(file);
  if (!offsets) {
    const text = input.sourceText(file);
    const unread = new Set(input.analyses.get(file)?.unresolvedStarImports ?? []);
    const starImports = [...text.matchAll(STAR_IMPORT)].filter((m) => unread.has(m[1]! + m[2]!)).map((m) => m.index!);
    offsets = [...namespaceRewrites(text), ...starImports].sort((a, b) => a - b);
    byFile.set(file, offsets);
  }
  return offsets;
}

/**
 * The value a binding leaves once the deployment module has loaded: its own,
 * or one possibility among others when a later line rewrites the namespace
 * (`exec(..., globals())` in the module that assigns it, or anywhere in the
 * deployment module that inherits it).
 */
function valueAfterRewrites(input: DjangoPassInput, target: DeploymentSettings, name: string, binding: DjangoSettingValue): AbstractValue {
  const file = binding.keySpan.file;
  const later = rewritesIn(input, file).find((offset) => offset > binding.keySpan.start);
  const rewrite = later !== undefined ? { file, offset: later } : file !== target.file && rewritesIn(input, target.file).length > 0 ? { file: target.file, offset: rewritesIn(input, target.file)[0]! } : undefined;
  if (!rewrite) return binding.value;
  return { kind: 'oneOf', options: [binding.value, { kind: 'unknown', reason: `${name} may be replaced at ${rewritePlace(input, rewrite.file, rewrite.offset)}` }] };
}

/** `line 12 of settings.py, which rewrites ...`: where a value may change that the linter cannot follow (django-facts.ts shown() reads the first part). */
function rewritePlace(input: DjangoPassInput, file: string, offset: number): string {
  const line = input.sourceText(file).slice(0, offset).split(/\r\n|\r|\n/).length;
  return `line ${line} of ${file.split(/[\\/]/).slice(-1)[0]}, which rewrites the module's names or star-imports a module celery-lint does not read`;
}

/**
 * Whether part of what the module leaves set was not read: the module or a
 * module it imports from does not parse (a Jinja template of a settings
 * module), so a setting the linter did not see may still be set there.
 */
function unreadable(input: DjangoPassInput, module: FileAnalysis): boolean {
  return [module.file, ...module.importedFiles].some((file) => input.analyses.get(file)?.diagnostics.some((d) => d.ruleId === SYNTAX_ERROR_RULE));
}

/** A setting of one deployment module, as DjangoRuleContext.setting answers it. */
export function deploymentSetting(input: DjangoPassInput, target: DeploymentSettings, name: string): DjangoSettingState {
  const binding = input.settings.get(target.file)?.get(name);
  if (binding) return { binding, value: valueAfterRewrites(input, target, name, binding), isDefault: false, exists: true };
  if (name === 'MIDDLEWARE' && !djangoAtLeast(input.djangoVersion, '2.0')) {
    // Before 2.0 Django falls back to MIDDLEWARE_CLASSES when MIDDLEWARE is not set (None).
    const old = input.settings.get(target.file)?.get('MIDDLEWARE_CLASSES');
    if (old) return { binding: old, value: valueAfterRewrites(input, target, 'MIDDLEWARE_CLASSES', old), isDefault: false, exists: true };
  }
  const module = input.analyses.get(target.file);
  if (!module || module.unresolvedStarImports.length > 0 || unreadable(input, module)) {
    return { binding: undefined, value: { kind: 'unknown', reason: `${name} may be set in a module celery-lint does not read` }, isDefault: false, exists: true };
  }
  const fallback = djangoDefaultIn(name, input.djangoVersion);
  const rewrites = rewritesIn(input, target.file);
  if (fallback && rewrites.length > 0) {
    // Django's default unless the rewrite sets it (an optional /etc file, a YAML config): one possibility of two, so rules say "may be".
    const unknown: AbstractValue = { kind: 'unknown', reason: `${name} may be set at ${rewritePlace(input, target.file, rewrites[0]!)}` };
    return { binding: undefined, value: { kind: 'oneOf', options: [fallback, unknown] }, isDefault: true, exists: true };
  }
  if (fallback) return { binding: undefined, value: fallback, isDefault: true, exists: true };
  return { binding: undefined, value: { kind: 'unset' }, isDefault: true, exists: false };
}

/**
 * Calls each rule's checkDjango for each target; `report(rule, descriptor)`
 * turns reports into diagnostics (one per rule, message and place: the first
 * deployment module to reach an inherited line names it), `crashed(rule, target, error)` a rule bug
 * into one finding instead of a dead run.
 */
export function runDjangoRules(
  rules: readonly Rule[],
  input: DjangoPassInput,
  report: (rule: Rule, descriptor: ReportDescriptor) => void,
  crashed: (rule: Rule, target: DeploymentSettings, error: unknown) => void,
): void {
  // A base module two deployment modules inherit would otherwise get the same finding once per module.
  const reported = new Set<string>();
  const once = (rule: Rule, descriptor: ReportDescriptor): void => {
    const span = 'valueSpan' in descriptor.at ? descriptor.at.valueSpan : descriptor.at;
    const key = `${rule.meta.id}\0${descriptor.messageId}\0${span.file}\0${span.start}\0${span.end}`;
    if (reported.has(key)) return;
    reported.add(key);
    report(rule, descriptor);
  };
  for (const target of input.targets) {
    const cache = new Map<string, DjangoSettingState>();
    const setting = (name: string): DjangoSettingState => {
      let state = cache.get(name);
      if (!state) {
        state = deploymentSetting(input, target, name);
        cache.set(name, state);
      }
      return state;
    };
    for (const rule of rules) {
      if (!rule.checkDjango) continue;
      const context: DjangoRuleContext = {
        settingsFile: target.file,
        settingsModule: target.module,
        deployedBecause: target.because,
        djangoVersion: input.djangoVersion,
        setting,
        sourceText: input.sourceText,
        projectModule: input.projectModule,
        report: (descriptor) => once(rule, descriptor),
      };
      try {
        rule.checkDjango(context);
      } catch (error) {
        crashed(rule, target, error);
      }
    }
  }
}
