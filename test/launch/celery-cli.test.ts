// Differential test: celery-lint's reading of Celery command lines against
// real Celery's click parser (cli_oracle.py: parse and convert, never invoke,
// never import -A), for every Celery here: Debian's 5.2.6 and the 5.5.2 and
// 5.6.3 that scripts/debian-python.sh unpacks. Cases are generated from the
// command-line table itself (every option of every command, with a good value,
// a bad value, no value, misspelt, and every global option after the command)
// plus command lines as projects write them. A line is accepted by both or
// refused by both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { cliTableFor, knowledge, parseCeleryCommandLine, splitWords, verbatim, type CeleryCliTable, type CliOption, type CliProblem } from '@celery-lint/core';

const PYTHON = '/usr/bin/python3';
const ORACLE = path.resolve(__dirname, '../../launch/cli_oracle.py');
const ROOT = path.resolve(__dirname, '../../..');

/** PYTHONPATH for each Celery: the installed one, and Debian's newer suites (skipped where they cannot be unpacked). */
function celerySites(): Array<{ label: string; site: string | undefined }> {
  const sites: Array<{ label: string; site: string | undefined }> = [{ label: 'installed', site: undefined }];
  for (const suite of ['trixie', 'sid']) {
    const done = spawnSync(path.join(ROOT, 'scripts', 'debian-python.sh'), [suite], { encoding: 'utf8' });
    if (done.status === 0) sites.push({ label: suite, site: done.stdout.trim().split('\n').pop() });
  }
  return sites;
}

function oracle(site: string | undefined, cases: readonly string[][]): { celery: string; results: Array<['ok' | 'error', string]> } {
  const env = { ...process.env };
  delete env.PYTHONPATH;
  if (site) env.PYTHONPATH = site;
  const out = execFileSync(PYTHON, [ORACLE], { input: JSON.stringify(cases), env, cwd: '/', maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' });
  return JSON.parse(out) as { celery: string; results: Array<['ok' | 'error', string]> };
}

/** A value Celery's type converts without complaint. */
function goodValue(option: CliOption): string {
  switch (option.type) {
    case 'int':
      return '2';
    case 'float':
    case 'datetime-or-float':
      return '1.5';
    case 'choice':
      return option.choices![0]!;
    case 'autoscale':
      return '10,3';
    case 'json-array':
      return '[]';
    case 'json-object':
      return '{}';
    case 'datetime':
      return '2024-01-02T03:04:05';
    default:
      return 'x';
  }
}

/** A value the type refuses, where there is one. */
function badValue(option: CliOption): string | undefined {
  switch (option.type) {
    case 'int':
      return 'four';
    case 'float':
      return 'soon';
    case 'choice':
      return 'bogus';
    case 'autoscale':
      return '10,x';
    case 'json-array':
      return '{}';
    case 'json-object':
      return '[1';
    default:
      return undefined;
  }
}

/** The positional arguments a command needs (`celery call TASK`). */
function requiredArguments(table: CeleryCliTable, command: string): string[] {
  return table.commands[command]!.arguments.filter((a) => a.required).flatMap((a) => Array.from({ length: Math.max(1, a.nargs) }, () => a.choices?.[0] ?? 'arg'));
}

function generatedCases(table: CeleryCliTable): string[][] {
  const cases: string[][] = [];
  for (const [name, command] of Object.entries(table.commands)) {
    if (command.subcommands || command.ignoreUnknownOptions) continue; // groups and multi parse their own words
    const args = requiredArguments(table, name);
    cases.push(['-A', 'proj', name, ...args]);
    if (args.length > 0) cases.push(['-A', 'proj', name]);
    if (command.arguments.some((a) => a.choices)) cases.push(['-A', 'proj', name, 'bogus']);
    if (!command.allowExtraArgs) cases.push(['-A', 'proj', name, ...args, 'extra']);
    for (const option of command.options) {
      const long = option.names.find((n) => n.startsWith('--')) ?? option.names[0]!;
      if (long === '--help') continue;
      if (option.flag) {
        cases.push(['-A', 'proj', name, ...args, long]);
        if (long.startsWith('--')) cases.push(['-A', 'proj', name, ...args, `${long}=yes`]);
      } else {
        cases.push(['-A', 'proj', name, ...args, long, goodValue(option)]);
        cases.push(['-A', 'proj', name, ...args, `${long}=${goodValue(option)}`]);
        for (const short of option.names.filter((n) => /^-\w$/.test(n))) cases.push(['-A', 'proj', name, ...args, `${short}${goodValue(option)}`]);
        cases.push(['-A', 'proj', name, ...args, long]);
        const bad = badValue(option);
        if (bad !== undefined) cases.push(['-A', 'proj', name, ...args, long, bad]);
      }
      if (long.startsWith('--')) cases.push(['-A', 'proj', name, ...args, `${long}x`]);
    }
    for (const option of table.global) {
      const spelling = option.names[0]!;
      if (spelling === '--version' || spelling === '--help') continue;
      cases.push(option.flag ? [name, ...args, spelling] : [name, ...args, spelling, 'proj']);
    }
  }
  for (const option of table.global) {
    const spelling = option.names.find((n) => n.startsWith('--'))!;
    // --workdir's value is a directory that must exist where the worker starts: not a question of syntax.
    if (spelling === '--version' || spelling === '--help' || spelling === '--workdir') continue;
    cases.push(option.flag ? [spelling, 'worker'] : [spelling, 'x', 'worker']);
  }
  cases.push(['-A', 'proj', 'workerr'], ['--bogus', 'worker'], ['-A', 'proj', 'worker', '-BE', '-Ofair', '-linfo', '-c4']);
  return cases;
}

/** Command lines as real projects write them (after `celery`). */
const WRITTEN = [
  '-A proj worker -l info',
  '-A proj worker --loglevel=INFO --concurrency=4 -Q default,mail -n worker1@%h',
  '-A proj worker -B -E --without-gossip --without-mingle --without-heartbeat',
  '-A proj worker --pool=gevent --concurrency=500 --prefetch-multiplier=1',
  '-A proj worker -P solo',
  '-A proj worker --autoscale=10,3 --max-tasks-per-child=100 --max-memory-per-child=200000',
  '-A proj worker --time-limit=300 --soft-time-limit=240 -O fair',
  '-A proj beat -l info --scheduler django_celery_beat.schedulers:DatabaseScheduler',
  '-A proj beat --pidfile= -s /tmp/celerybeat-schedule',
  '-A proj events --camera django_celery_monitor.camera.Camera --frequency=2.0',
  '-A proj inspect ping',
  '-A proj purge -f',
  '-A proj status',
  '--app=proj.celery:app worker --loglevel=debug',
  '-b redis://redis:6379/0 --result-backend redis://redis:6379/1 -A proj worker',
  'worker -A proj -l info',
  '-A proj worked',
  '-A proj worker --maxtasksperchild=10',
  '-A proj worker --loglevel=verbose',
  '-A proj worker -c four',
  '-A proj worker --autoscale=10,x',
  '-A proj worker --pool=gevnt',
  '-A proj beat --max-interval=5 --detach=yes',
  '-A proj worker --disable-prefetch',
  '--skip-checks -A proj worker',
  '-A proj worker worker',
  '-A proj worker concurrency=4',
].map((line) => splitWords(verbatim(line, 0)).map((w) => w.value));

function fatal(problems: readonly CliProblem[]): CliProblem[] {
  return problems.filter((p) => !(p.kind === 'bad-value' && p.advisory));
}

function ours(argv: readonly string[], release: string): CliProblem[] {
  const words = splitWords(verbatim(['celery', ...argv].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' '), 0));
  return fatal(parseCeleryCommandLine(words, release).problems);
}

test('the command-line table is generated from the Celery releases the knowledge base names', () => {
  const releases = knowledge.CELERY_RELEASES as readonly string[];
  for (const release of ['5.2.6', '5.5.2', '5.6.3']) {
    assert.ok(releases.includes(release), `knowledge has no release ${release}`);
    assert.equal(cliTableFor(release).release, release);
  }
  assert.equal(cliTableFor('5.3').release, '5.2.6', 'a line between generated tables uses the newest older one');
  assert.equal(cliTableFor('main').release, '5.6.3');
});

test('the committed command-line table is what the generator makes from Celery today', () => {
  const done = spawnSync(PYTHON, [path.join(ROOT, 'scripts', 'generate-celery-cli.py'), '--check'], { encoding: 'utf8' });
  assert.equal(done.status, 0, done.stderr);
});

for (const { label, site } of celerySites()) {
  test(`command lines: celery-lint and Celery (${label}) accept and refuse the same ones`, () => {
    const probe = oracle(site, []);
    const table = cliTableFor(probe.celery);
    assert.equal(table.release, probe.celery, `no generated table for Celery ${probe.celery}: run scripts/generate-celery-cli.py`);
    const cases = [...generatedCases(table), ...WRITTEN];
    const { results } = oracle(site, cases);
    const disagreements: string[] = [];
    let refused = 0;
    cases.forEach((argv, i) => {
      const [verdict, message] = results[i]!;
      const problems = ours(argv, table.release);
      if (verdict === 'error') refused++;
      if ((verdict === 'ok') !== (problems.length === 0)) {
        disagreements.push(`celery ${argv.join(' ')}: Celery ${verdict}${message ? ` (${message.split('\n')[0]})` : ''}; celery-lint ${problems.map((p) => p.kind).join(', ') || 'ok'}`);
      }
    });
    assert.deepEqual(disagreements, []);
    // The suite must exercise both answers, many times.
    assert.ok(cases.length > 400 && refused > 150 && cases.length - refused > 150, `${cases.length} cases, ${refused} refused`);
  });
}
