// The environment a launch file gives a process, applied to what the code
// reads: Celery's own variables (CELERY_BROKER_URL and friends override the
// settings, app/utils.py 5.2.6 :85-113), `os.environ.get('X', default)` in the
// settings, and `celery -b URL` (which Celery 5 puts in CELERY_BROKER_URL).
// One model with the variables the code writes (configuration.ts,
// EnvironmentOverride): the same table of variables, and the same order. The
// launch file sets the environment before the process starts, so an
// assignment in the code (`os.environ['CELERY_BROKER_URL'] = ...`) replaces
// it, while `setdefault` keeps it.
import type { AbstractValue, EnvironmentOverride, SourceSpan } from '../types';
import { SETTING_ENVIRONMENT } from '../settings-view';
import { surelyAssigned } from '../setting-lookup';
import type { LaunchEnvVar } from './process';

/** Settings Celery takes from an environment variable over any configured value (a non-empty one): setting -> variable. */
export const ENVIRONMENT_OVERRIDES: Readonly<Record<string, string>> = Object.fromEntries([...SETTING_ENVIRONMENT].map(([variable, setting]) => [setting, variable]));

export interface ProcessEnvironment {
  /** The last setting of each variable (later sources win: ENV, env_file, environment). */
  readonly vars: ReadonlyMap<string, LaunchEnvVar>;
}

export function processEnvironment(vars: readonly LaunchEnvVar[]): ProcessEnvironment {
  const map = new Map<string, LaunchEnvVar>();
  for (const v of vars) map.set(v.name, v);
  return { vars: map };
}

function known(env: ProcessEnvironment, name: string): LaunchEnvVar | undefined {
  const v = env.vars.get(name);
  return v && v.value !== undefined ? v : undefined;
}

function str(value: string, span: SourceSpan): AbstractValue {
  return { kind: 'str', value, literal: false, span };
}

/**
 * A value the code computes, with the process's environment filled in where
 * the code reads a variable the launch file sets: `os.environ.get('X', d)`
 * (unknown-or-default) becomes the variable's value.
 */
export function valueInEnvironment(value: AbstractValue, env: ProcessEnvironment): AbstractValue {
  switch (value.kind) {
    case 'unknown': {
      const v = value.envVar ? known(env, value.envVar) : undefined;
      return v ? str(v.value!, v.span) : value;
    }
    case 'oneOf': {
      const fromEnv = value.options.find((o) => o.kind === 'unknown' && o.envVar && known(env, o.envVar));
      // `os.environ.get('X', default)`: set, the variable's value is the only possibility.
      if (fromEnv && value.options.length === 2 && fromEnv.kind === 'unknown') {
        const v = known(env, fromEnv.envVar!)!;
        return str(v.value!, v.span);
      }
      return { ...value, options: value.options.map((o) => valueInEnvironment(o, env)) };
    }
    case 'template': {
      if (!value.parts.some((p) => typeof p !== 'string')) return value;
      const parts: string[] = [];
      for (const p of value.parts) {
        if (typeof p === 'string') parts.push(p);
        else {
          const m = /^\$(\w+)(?::-(.*))?$/.exec(p.hole);
          const v = m ? env.vars.get(m[1]!) : undefined;
          if (v?.value !== undefined) parts.push(v.value);
          else if (m && m[2] !== undefined && !v) parts.push(m[2]);
          else return value;
        }
      }
      return { kind: 'str', value: parts.join(''), literal: false, ...(value.span ? { span: value.span } : {}) };
    }
    default:
      return value;
  }
}

/**
 * The value a setting takes in the process: an override variable, else the
 * configured value with the environment filled in. `written`: the variables
 * the configuration's code writes; one it assigns for sure replaces the
 * launch file's (and is in `configured` already).
 */
export function settingInEnvironment(
  setting: string,
  configured: AbstractValue,
  env: ProcessEnvironment,
  written: readonly EnvironmentOverride[] = [],
): { value: AbstractValue; from?: LaunchEnvVar } {
  const name = ENVIRONMENT_OVERRIDES[setting];
  const override = name ? env.vars.get(name) : undefined;
  const assigned = written.some((w) => w.variable === name && surelyAssigned(w));
  if (override && override.value !== '' && !assigned) {
    if (override.value === undefined) return { value: { kind: 'unknown', reason: `${name} is set by the launch file from elsewhere`, envVar: name }, from: override };
    return { value: str(override.value, override.span), from: override };
  }
  return { value: valueInEnvironment(configured, env) };
}
