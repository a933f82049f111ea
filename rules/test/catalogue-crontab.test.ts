// celery/invalid-crontab reads crontab() arguments the way Celery does. This
// test hands the same arguments to real Celery (Debian's python3-celery, run
// with /usr/bin/python3) and to the rule, and requires them to agree on every
// one: rejected with the same error, or accepted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initParser, lint } from '@celery-lint/core';
import { invalidCrontab } from '../src/invalid-crontab';

type Arg = string | number | null | Array<string | number | null>;

const FIELDS: ReadonlyArray<{ name: string; max: number }> = [
  { name: 'minute', max: 59 },
  { name: 'hour', max: 23 },
  { name: 'day_of_week', max: 6 },
  { name: 'day_of_month', max: 31 },
  { name: 'month_of_year', max: 12 },
];

const PIECES = [
  '*', '*/1', '*/2', '*/7', '*/0', '*/', '**', '*x', '*/5x', '-1', '-5', '/5', '5-', '0', '1', '6', '7', '12', '13', '23', '24', '31', '32',
  '59', '60', '99', '1-5', '5-1', '1-5/2', '1-5/0', '1-5/', '0-70', '10-20/3', 'mon', 'Sunday', 'fri-mon', 'sat-sun', 'jan', 'feb-mar', 'funday',
  'a', 'a-b', ' 5', '5 ', '1-5 ', '+5', '1_0', '0x', '\u0665', '\u0661-\u0665/\u0662', '*/\u0663', '', 'mon-7',
];

/** A deterministic stream of numbers, so a failure can be reproduced. */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function cases(): Array<{ field: string; value: Arg }> {
  const out: Array<{ field: string; value: Arg }> = [];
  const random = generator(20261123);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  for (const { name, max } of FIELDS) {
    for (const piece of PIECES) out.push({ field: name, value: piece });
    for (const n of [-1, 0, 1, max, max + 1, 1.5]) out.push({ field: name, value: n });
    out.push({ field: name, value: null }, { field: name, value: [0, max] }, { field: name, value: [1, max + 1] }, { field: name, value: ['0', '1'] }, { field: name, value: [1, null] });
    // Comma-joined combinations of the pieces, as people write them.
    for (let i = 0; i < 160; i++) {
      const parts = Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(PIECES));
      out.push({ field: name, value: parts.join(',') });
    }
  }
  return out;
}

function pythonLiteral(value: Arg): string {
  if (value === null) return 'None';
  if (Array.isArray(value)) return `[${value.map(pythonLiteral).join(', ')}]`;
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

const ORACLE = `
import json, sys
from celery.schedules import crontab
out = []
for field, value in json.load(sys.stdin):
    try:
        crontab(**{field: value})
        out.append(None)
    except Exception as exc:
        out.append('%s: %s' % (type(exc).__name__, exc))
print(json.dumps(out))
`;

function askCelery(all: ReadonlyArray<{ field: string; value: Arg }>): Array<string | null> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-crontab-'));
  try {
    const script = path.join(dir, 'oracle.py');
    fs.writeFileSync(script, ORACLE);
    const input = JSON.stringify(all.map((c) => [c.field, c.value]));
    const output = execFileSync('/usr/bin/python3', [script], { input, encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
    return JSON.parse(output) as Array<string | null>;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('invalid-crontab agrees with real Celery on which crontab() arguments fail, and how', async () => {
  const version = execFileSync('/usr/bin/python3', ['-c', 'import celery; print(celery.__version__)'], { encoding: 'utf8' }).trim();
  const all = cases();
  const verdicts = askCelery(all);
  assert.equal(verdicts.length, all.length);

  // One beat_schedule entry per line, so a finding's line names its case.
  const lines = all.map((c, i) => `    'e${i}': {'task': 't', 'schedule': crontab(${c.field}=${pythonLiteral(c.value)})},`);
  const text = `from celery.schedules import crontab\n\nbeat_schedule = {\n${lines.join('\n')}\n}\n`;
  await initParser();
  const found = lint([{ path: '/crontab-differential/celeryconfig.py', text }], { rules: [invalidCrontab], celeryVersion: version }).diagnostics;
  const byCase = new Map<number, string[]>();
  for (const d of found) {
    const i = d.range.start.line - 3;
    byCase.set(i, [...(byCase.get(i) ?? []), d.message]);
  }

  const disagreements: string[] = [];
  all.forEach((c, i) => {
    const celery = verdicts[i];
    const ours = byCase.get(i) ?? [];
    const label = `crontab(${c.field}=${pythonLiteral(c.value)})`;
    if (celery === null) {
      // Accepted by Celery: the rule may only say it never fires (an empty set), never that it fails.
      const failures = ours.filter((m) => !/never runs/.test(m));
      if (failures.length > 0) disagreements.push(`${label}: Celery accepts it, the rule says ${JSON.stringify(failures)}`);
    } else if (!ours.some((m) => m.endsWith(celery.trim()))) {
      disagreements.push(`${label}: Celery raises ${JSON.stringify(celery)}, the rule says ${JSON.stringify(ours)}`);
    }
  });
  const rejected = verdicts.filter((v) => v !== null).length;
  assert.ok(all.length >= 1000 && rejected > 200 && all.length - rejected > 200, `a corpus that exercises both outcomes (${all.length} cases, ${rejected} rejected)`);
  assert.deepEqual(disagreements, [], `${disagreements.length} of ${all.length} cases disagree with Celery ${version}`);
});

test('invalid-crontab judges a spec the same on every call, by its field and by the target version', async () => {
  await initParser();
  const text =
    "from celery.schedules import crontab\n\nbeat_schedule = {\n" +
    "    'a': {'task': 't', 'schedule': crontab(minute='30', month_of_year='jan')},\n" +
    "    'b': {'task': 't', 'schedule': crontab(minute='30', month_of_year='jan')},\n" +
    "    'c': {'task': 't', 'schedule': crontab(hour='30')},\n}\n";
  const messages = (celeryVersion: string) =>
    lint([{ path: '/p/celeryconfig.py', text }], { rules: [invalidCrontab], celeryVersion }).diagnostics.map((d) => `${d.range.start.line}: ${d.message}`);
  const hour = "5: Celery {{v}} rejects hour='30' when this module is imported: ValueError: Invalid end range: 30 > 23.";
  const month = (line: number) => `${line}: Celery 5.4.0 rejects month_of_year='jan' when this module is imported: ValueError: Invalid weekday literal 'jan'.`;
  // Month names arrived in 5.5: before, 'jan' fails on every call that gives it, not only the first.
  assert.deepEqual(messages('5.4.0'), [month(3), month(4), hour.replace('{{v}}', '5.4.0')]);
  assert.deepEqual(messages('5.5.0'), [hour.replace('{{v}}', '5.5.0')]);
  assert.deepEqual(messages('5.4.0'), [month(3), month(4), hour.replace('{{v}}', '5.4.0')]);
});
