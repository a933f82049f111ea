// What a launch rule sees: the processes, the app each runs, and that app's
// settings as the process gets them (its environment applied).
import type { LaunchRuleContext, ProcessSetting, ReportDescriptor } from '../rule';
import { settingLookup } from '../setting-lookup';
import type { AbstractValue, EffectiveConfigurationInfo, EnvironmentWrite } from '../types';
import type { AppLink, AppLinker } from './app-link';
import { appOption } from './command-line';
import { ENVIRONMENT_OVERRIDES, processEnvironment, settingInEnvironment } from './environment';
import type { LaunchModel, LaunchProcess } from './process';
import { launchedSettingsModule } from './settings-module';
import type { ProcessSettingChange, RunningProcess } from './process-report';

export interface LaunchRunInput {
  readonly model: LaunchModel;
  readonly linker: AppLinker;
}

/** The configurations a process runs with: its `-A` app's, or the default app's. */
export function configurationsOf(process: LaunchProcess, linker: AppLinker): { link: AppLink | undefined; configurations: readonly EffectiveConfigurationInfo[] } {
  const app = appOption(process.invocation);
  if (!app) return { link: undefined, configurations: linker.defaultApp() };
  if (!app.value) return { link: undefined, configurations: [] };
  const link = linker.link(app.value.text, process.file);
  return { link, configurations: link.state === 'found' ? underSettingsModule(link.configurations, process) : [] };
}

/**
 * The app's configurations for the Django settings module the process gets:
 * the one built for the module its environment names, else (no such
 * variable, the code's own assignment wins, a module the run did not read)
 * those built for the module the code names.
 */
function underSettingsModule(configurations: readonly EffectiveConfigurationInfo[], process: LaunchProcess): readonly EffectiveConfigurationInfo[] {
  const named = launchedSettingsModule(process);
  const chosen = named ? configurations.filter((c) => c.launchedSettingsModule?.module === named.module) : [];
  return chosen.length > 0 ? chosen : configurations.filter((c) => c.launchedSettingsModule === undefined);
}

/** A process with its app, for print-config, and the settings its environment changes. */
export function runningProcess(process: LaunchProcess, linker: AppLinker, celeryVersion: string): RunningProcess {
  const { link, configurations } = configurationsOf(process, linker);
  const settings = environmentSettings(process, configurations, celeryVersion);
  if (link) return { process, app: link, configurations, settings };
  const app = appOption(process.invocation);
  return { process, app: app ? { state: 'unknown', reason: `${app.name} has no value` } : { state: 'default' }, configurations, settings };
}

/**
 * The settings whose value the process's environment decides: a variable
 * Celery reads over the configuration (CELERY_BROKER_URL), or one the
 * configuration reads itself (`os.environ.get('REDIS_URL', ...)`).
 */
function environmentSettings(process: LaunchProcess, configurations: readonly EffectiveConfigurationInfo[], celeryVersion: string): ProcessSettingChange[] {
  if (process.environment.length === 0) return [];
  const env = processEnvironment(process.environment);
  const out = new Map<string, ProcessSettingChange>();
  for (const config of configurations) {
    const lookup = settingLookup(config, celeryVersion);
    const settings = new Set([...Object.keys(ENVIRONMENT_OVERRIDES), ...lookup.used.flatMap((b) => (b.setting ? [b.setting] : []))]);
    for (const setting of settings) {
      if (out.has(setting)) continue;
      const configured = lookup.get(setting).value;
      const inProcess = settingInEnvironment(setting, configured, env, config.environment);
      if (!inProcess.from && inProcess.value === configured) continue;
      const span = 'span' in inProcess.value ? inProcess.value.span : undefined;
      const variable = inProcess.from ?? [...env.vars.values()].find((v) => span && v.span.file === span.file && v.span.start === span.start);
      out.set(setting, { setting, configured, value: inProcess.value, ...(variable ? { variable } : {}) });
    }
  }
  return [...out.values()];
}

function combine(values: readonly AbstractValue[]): AbstractValue {
  return values.length === 1 ? values[0]! : { kind: 'oneOf', options: values.flatMap((v) => (v.kind === 'oneOf' ? v.options : [v])) };
}

export function launchRuleContext(
  input: LaunchRunInput,
  celeryVersion: string,
  environmentWrites: readonly EnvironmentWrite[],
  sourceText: (file: string) => string,
  report: (descriptor: ReportDescriptor) => void,
): LaunchRuleContext {
  const links = new Map<LaunchProcess, ReturnType<typeof configurationsOf>>();
  const linkOf = (process: LaunchProcess) => {
    let found = links.get(process);
    if (!found) {
      found = configurationsOf(process, input.linker);
      links.set(process, found);
    }
    return found;
  };
  const lookups = new Map<EffectiveConfigurationInfo, ReturnType<typeof settingLookup>>();
  return {
    celeryVersion,
    processes: () => input.model.processes,
    appOf: (process) => linkOf(process).link,
    setting(process, setting): ProcessSetting | undefined {
      const { configurations } = linkOf(process);
      const env = processEnvironment(process.environment);
      if (configurations.length === 0) {
        // Whatever the app, Celery takes these from the environment (CELERY_BROKER_URL ...).
        const fromEnvironment = settingInEnvironment(setting, { kind: 'unknown', reason: 'the app is not known' }, env);
        return fromEnvironment.from ? { value: fromEnvironment.value, binding: undefined, fromEnvironment: fromEnvironment.from, isDefault: false } : undefined;
      }
      const found = configurations.map((config) => {
        let lookup = lookups.get(config);
        if (!lookup) {
          lookup = settingLookup(config, celeryVersion);
          lookups.set(config, lookup);
        }
        const configured = lookup.get(setting);
        return { configured, ...settingInEnvironment(setting, configured.value, env, config.environment) };
      });
      const first = found[0]!;
      return {
        value: combine(found.map((f) => f.value)),
        binding: first.from ? undefined : first.configured.binding,
        ...(first.from ? { fromEnvironment: first.from } : {}),
        isDefault: !first.from && found.every((f) => f.configured.isDefault),
      };
    },
    environmentWrites: () => environmentWrites,
    sourceText,
    report,
  };
}
