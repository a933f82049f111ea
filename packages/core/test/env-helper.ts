import { createRule, initParser, lint, valueToJson } from '../src';

/** Runs a probe rule that lists the environment writes the engine recorded. */
export async function environmentWritesOf(source: string): Promise<Array<[string, string, boolean]>> {
  await initParser();
  const seen: Array<[string, string, boolean]> = [];
  const probe = createRule({
    meta: { id: 'test/env', description: 'lists environment writes', category: 'style', defaultSeverity: 'warning', messages: { m: 'm' } },
    check(context) {
      for (const w of context.environmentWrites()) seen.push([w.name, JSON.stringify(valueToJson(w.value)), w.isDefault]);
    },
  });
  // A module with one Celery setting so that one configuration exists to run the probe on.
  lint([{ path: '/p/celeryconfig.py', text: `${source}\nbroker_url = 'redis://'\n` }], { rules: [probe] });
  return seen;
}
