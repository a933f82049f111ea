// Hand-written differential cases (model-cases.ts): each project is imported
// by real Celery (Debian's installed 5.2.6, and 5.5.2 from trixie where
// scripts/debian-python.sh can unpack it) and read by the engine targeting that
// version; `app.conf[name]` must equal the setting's binding or default, and
// `app.conf.name` the engine's derived value (environment, fallbacks).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describeValue, initParser, knowledge, lint, possibilities, type AbstractValue, type EffectiveConfigurationInfo } from '@celery-lint/core';
import { MODEL_CASES, type ModelCase } from './model-cases';
import { pythonJson } from './compare';

const PYTHON = '/usr/bin/python3';
const PROBE = resolve(__dirname, '../../differential/model_probe.py');
const ROOT = resolve(__dirname, '../../..');

interface ProbeResult {
  readonly id: string;
  readonly raises?: { type: string; message: string };
  readonly item?: Record<string, unknown>;
  readonly prop?: Record<string, unknown>;
  readonly error?: string;
}

function sites(): Array<{ label: string; site: string | undefined }> {
  const out: Array<{ label: string; site: string | undefined }> = [{ label: 'installed', site: undefined }];
  const done = spawnSync(join(ROOT, 'scripts', 'debian-python.sh'), ['trixie'], { encoding: 'utf8' });
  if (done.status === 0) out.push({ label: 'trixie', site: done.stdout.trim().split('\n').pop() });
  return out;
}

function probe(site: string | undefined, cases: ReadonlyArray<{ id: string; dir: string; entry: string; settings: readonly string[] }>): { celery: string; results: ProbeResult[] } {
  const env = { ...process.env };
  delete env.PYTHONPATH;
  if (site) env.PYTHONPATH = site;
  const out = execFileSync(PYTHON, [PROBE], { input: JSON.stringify(cases), env, cwd: '/', encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(out) as { celery: string; results: ProbeResult[] };
}

const show = (v: unknown): string => JSON.stringify(v) ?? 'unknown';

/**
 * Whether the engine's answer is right: the same value, or "may be" where the
 * deployment's environment decides (the probe runs with those variables unset,
 * so one of the engine's possibilities must be Celery's value).
 */
function agrees(engine: AbstractValue, real: unknown): boolean {
  if (show(pythonJson(engine)) === show(real)) return true;
  const options = possibilities(engine);
  const fromEnvironment = options.some(
    (o) => (o.kind === 'unknown' && o.envVar !== undefined) || (o.kind === 'template' && o.parts.some((p) => typeof p !== 'string' && p.hole.startsWith('$'))),
  );
  return fromEnvironment && options.some((o) => o.kind !== 'unknown' && show(pythonJson(o)) === show(real));
}

function engineItem(config: EffectiveConfigurationInfo, setting: string, version: string): AbstractValue {
  const used = config.bindings.find((b) => b.setting === setting && b.status.state === 'used' && !b.status.fallback);
  return used ? used.value : knowledge.defaultValue(setting, version);
}

function engineProperty(config: EffectiveConfigurationInfo, setting: string, version: string): AbstractValue {
  return config.derived?.find((d) => d.setting === setting)?.value ?? engineItem(config, setting, version);
}

function writeCase(root: string, c: ModelCase): string {
  const dir = join(root, c.id);
  for (const [rel, text] of Object.entries(c.files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

test('hand-written projects: the engine reads each setting as real Celery does', { timeout: 120_000 }, async () => {
  await initParser();
  const root = mkdtempSync(join(tmpdir(), 'celery-lint-model-'));
  try {
    const dirs = MODEL_CASES.map((c) => writeCase(root, c));
    const probeCases = MODEL_CASES.map((c, i) => ({ id: c.id, dir: dirs[i]!, entry: c.entry, settings: c.settings }));
    const disagreements: string[] = [];
    const versions: string[] = [];
    for (const { label, site } of sites()) {
      const answer = probe(site, probeCases);
      versions.push(`${label} ${answer.celery}`);
      MODEL_CASES.forEach((c, i) => {
        const real = answer.results[i]!;
        assert.equal(real.error, undefined, `${c.id} on ${answer.celery}: ${real.error}`);
        const dir = dirs[i]!;
        const sources = Object.entries(c.files).map(([rel, text]) => ({ path: join(dir, rel), text }));
        const appFile = join(dir, `${c.entry.replace(/\./g, '/')}.py`);
        const config = lint(sources, { rules: [], celeryVersion: answer.celery }).configurations.find((k) => k.kind === 'app' && k.file === appFile);
        const where = `[${c.id}, item ${c.item}, Celery ${answer.celery}]`;
        if (!config) {
          disagreements.push(`${where} no app configuration`);
          return;
        }
        const engineRaises = config.mixing?.message;
        if ((real.raises !== undefined) !== (engineRaises !== undefined)) {
          disagreements.push(`${where} raises: engine ${engineRaises ?? 'no error'}, celery ${real.raises?.message ?? 'no error'}`);
          return;
        }
        if (real.raises) return;
        for (const setting of c.settings) {
          const item = engineItem(config, setting, answer.celery);
          if (!agrees(item, real.item![setting])) disagreements.push(`${where} conf['${setting}']: engine ${describeValue(item)}, celery ${show(real.item![setting])}`);
          const prop = engineProperty(config, setting, answer.celery);
          if (!agrees(prop, real.prop![setting])) disagreements.push(`${where} conf.${setting}: engine ${describeValue(prop)}, celery ${show(real.prop![setting])}`);
        }
      });
    }
    console.log(`hand-written model cases: ${MODEL_CASES.length} against ${versions.join(', ')}`);
    assert.deepEqual(disagreements, []);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
