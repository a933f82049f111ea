// A value worth comparing for a setting: serializer names (good, misspelt,
// MIME types), accept lists in every shape, backend and broker URLs, and
// values of each setting's type (and of the wrong one).
import { knowledge } from '@celery-lint/core';
import { ACCEPT_VALUES, BACKENDS, BROKERS, py, SERIALIZERS } from './draws';

export function valueFor(setting: string, pick: <T>(xs: readonly T[]) => T, rnd: () => number): string {
  if (setting.endsWith('_serializer')) return py(pick(SERIALIZERS));
  if (setting === 'accept_content' || setting === 'result_accept_content') return pick(ACCEPT_VALUES);
  if (setting === 'result_backend') return py(pick(BACKENDS));
  if (setting === 'broker_url' || setting === 'broker_read_url' || setting === 'broker_write_url') return py(pick(BROKERS));
  const type = knowledge.settingInfo(setting)?.type ?? 'string';
  const r = rnd();
  switch (type) {
    case 'bool':
      return r < 0.4 ? 'True' : r < 0.8 ? 'False' : "'false'";
    case 'int':
      return r < 0.8 ? String(1 + Math.floor(rnd() * 8)) : "'4'";
    case 'float':
      return r < 0.5 ? '1.5' : '30';
    case 'dict':
      return r < 0.5 ? '{}' : "{'visibility_timeout': 3600}";
    case 'list':
    case 'tuple':
      return r < 0.5 ? "['proj.tasks']" : "('proj.tasks',)";
    case 'any':
      return r < 0.5 ? 'None' : "{'proj.tasks.add': {'queue': 'q'}}";
    default:
      return r < 0.5 ? "'celery'" : "'Europe/Paris'";
  }
}
