// Airflow's CeleryExecutor builds its Celery app from a dict: its own
// DEFAULT_CELERY_CONFIG (airflow/config_templates/default_celery.py, later
// airflow/providers/celery/executors/default_celery.py), or the dict the
// project names in airflow.cfg's [celery] celery_config_options, which
// projects usually start from Airflow's: `{**DEFAULT_CELERY_CONFIG, ...}`.
// Every key of Airflow's dict is a lowercase Celery setting, so a project
// dict made from it is a Celery configuration, read without a namespace; the
// values Airflow's own entries take come from airflow.cfg and stay unknown.
import type { AirflowCeleryDict, RawBinding } from './analysis-model';
import type { Slot } from './module-scope';

export type { AirflowCeleryDict } from './analysis-model';

/** `DEFAULT_CELERY_CONFIG` as imported from either of Airflow's modules. */
export function isAirflowDefaultCeleryConfig(importedAs: string | undefined): boolean {
  return importedAs !== undefined && /(^|\.)(config_templates|executors)\.default_celery\.DEFAULT_CELERY_CONFIG$/.test(importedAs);
}

/**
 * Module globals written as a dict that unpacks Airflow's DEFAULT_CELERY_CONFIG
 * (`{**DEFAULT_CELERY_CONFIG, 'k': v}`), with the keys the project writes.
 */
export function airflowCeleryDicts(slots: Iterable<Slot>, text: string, importOf: (name: string) => string | undefined): AirflowCeleryDict[] {
  const local = [...new Set([...text.matchAll(/\*\*\s*([A-Za-z_]\w*)/g)].map((m) => m[1]!))].filter((name) => isAirflowDefaultCeleryConfig(importOf(name)));
  if (local.length === 0) return [];
  const out: AirflowCeleryDict[] = [];
  for (const slot of slots) {
    if (slot.kind !== 'value') continue;
    const written = text.slice(slot.valueSpan.start, slot.valueSpan.end);
    if (!/^\{/.test(written) || !local.some((name) => new RegExp(`^\\{\\s*\\*\\*\\s*${name}\\b`).test(written))) continue;
    const value = slot.value;
    if (value.kind !== 'dict') continue;
    const bindings: RawBinding[] = [];
    for (const entry of value.entries) {
      if (entry.key.kind !== 'str') continue;
      const keySpan = entry.key.span ?? slot.valueSpan;
      bindings.push({ key: entry.key.value, value: entry.value, keySpan, valueSpan: entry.value.span ?? keySpan, origin: 'config-dict' });
    }
    out.push({ name: slot.name, span: slot.keySpan, bindings });
  }
  return out;
}
