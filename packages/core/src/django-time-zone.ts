// Django checks TIME_ZONE when it loads a settings module: on a system with a
// zoneinfo database, a name that is no file there makes loading raise
// ValueError('Incorrect timezone setting: NAME') (Django 3.2, 4.2, 5.2; an
// empty value is not checked). An app configured from Django settings loads
// them at the first read of its configuration, so Celery 5.2.6 and 5.5.2 both
// raise that ValueError there. A TIME_ZONE the deployment's environment
// decides may be such a name: the configuration may be refused, and only the
// deployment can tell. A time zone Celery's own `timezone` names is not
// checked at that read (an unknown one raises when a worker or beat first
// asks the app for its time zone), so it is no refusal.
import type { FileAnalysis } from './analysis-model';
import { possibilities } from './values';
import type { AbstractValue, MayRaise } from './types';

/** The environment variables a value's possibilities depend on (unknown values read from one, templates with a `$VAR` hole). */
function environmentVariables(value: AbstractValue): string[] {
  const out = new Set<string>();
  for (const option of possibilities(value)) {
    if (option.kind === 'unknown' && option.envVar !== undefined) out.add(option.envVar);
    if (option.kind === 'template') for (const part of option.parts) if (typeof part !== 'string' && part.hole.startsWith('$')) out.add(part.hole.slice(1).replace(/\W.*$/, ''));
  }
  return [...out];
}

/** The refusal Django may make when it loads `module` as the settings, if its TIME_ZONE comes from the environment. */
export function timeZoneRefusal(module: FileAnalysis): MayRaise | undefined {
  const binding = [...module.moduleBindings].reverse().find((b) => b.key === 'TIME_ZONE');
  if (!binding || binding.deletedAt) return undefined;
  const variables = environmentVariables(binding.value);
  if (variables.length === 0) return undefined;
  const named = variables.map((v) => `$${v}`).join(' or ');
  return {
    type: 'ValueError',
    message: `Incorrect timezone setting: <TIME_ZONE from ${named}>`,
    when: `when the deployment's ${named} makes TIME_ZONE a name the system's time zone database does not have: Django raises it as it loads the settings, at the configuration's first read`,
    span: binding.valueSpan,
  };
}
