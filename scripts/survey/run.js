#!/usr/bin/env node
'use strict';
// Re-runs the precision survey (test/survey/README.md): lints each whole
// checkout at its root with the built CLI, as a user would (`celery-lint
// --format json .`), matches the findings to test/survey/triage.jsonl and
// prints precision per rule, totals, and every finding that appeared or
// disappeared since the triage. Needs no network: a repository without a
// checkout is skipped with a message.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const triage = require('./triage.js');

const root = path.resolve(__dirname, '..', '..');

const USAGE = `Usage: npm run survey -- [OPTIONS] [OWNER/NAME...]

Options:
  --checkouts DIR   where the checkouts are, one folder OWNER+NAME each
                    (default: $CELERY_LINT_SURVEY_CHECKOUTS, else .survey/ at the repository root)
  --survey DIR      where repositories.json and triage.jsonl are (default: test/survey)
  --bin FILE        the celery-lint to run (default: this checkout's packages/cli/bin/celery-lint.js)
  --reuse           report from the reports the last run saved instead of linting again
  --untriaged FILE  write the untriaged findings as triage lines (verdict "?") to FILE
  --json FILE       write the comparison (per-rule counts, appeared, disappeared, changed) as JSON to FILE
  --verbose         also list the findings gone with a recorded reason
  --check           exit 1 when a finding is untriaged or disappeared without a reason
  -h, --help        show this help`;

function parseArgs(argv) {
  const o = { repos: [], checkouts: process.env.CELERY_LINT_SURVEY_CHECKOUTS || path.join(root, '.survey'), survey: path.join(root, 'test', 'survey'), bin: path.join(root, 'packages', 'cli', 'bin', 'celery-lint.js'), reuse: false, verbose: false, check: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) fail(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--checkouts') o.checkouts = path.resolve(value());
    else if (a === '--survey') o.survey = path.resolve(value());
    else if (a === '--bin') o.bin = path.resolve(value());
    else if (a === '--untriaged') o.untriaged = path.resolve(value());
    else if (a === '--json') o.json = path.resolve(value());
    else if (a === '--reuse') o.reuse = true;
    else if (a === '--verbose') o.verbose = true;
    else if (a === '--check') o.check = true;
    else if (a === '-h' || a === '--help') {
      console.log(USAGE);
      process.exit(0);
    } else if (a.startsWith('-')) fail(`unknown option ${a}`);
    else o.repos.push(a);
  }
  return o;
}

function fail(message) {
  console.error(`survey: ${message}`);
  process.exit(2);
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    fail(`cannot read ${file}: ${err.message}`);
  }
}

/** Lints one checkout at its root; the parsed JSON report, or an error string. */
function lint(bin, dir) {
  const r = spawnSync(process.execPath, [bin, '--format', 'json', '--exit-zero', '.'], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (r.error) return { error: r.error.message };
  if (r.status !== 0) return { error: `exit ${r.status}: ${(r.stderr || '').trim().split('\n').slice(-3).join(' | ')}` };
  try {
    return { report: JSON.parse(r.stdout), stderr: r.stderr };
  } catch (err) {
    return { error: `unreadable JSON report (${err.message})` };
  }
}

function main() {
  const o = parseArgs(process.argv.slice(2));
  const repositories = readJson(path.join(o.survey, 'repositories.json'));
  const triageFile = path.join(o.survey, 'triage.jsonl');
  let entries = [];
  try {
    if (fs.existsSync(triageFile)) entries = triage.parseTriage(fs.readFileSync(triageFile, 'utf8'), triageFile);
  } catch (err) {
    fail(err.message);
  }
  const unknown = o.repos.filter((r) => !repositories.some((x) => x.repo === r));
  if (unknown.length > 0) fail(`not in repositories.json: ${unknown.join(', ')}`);
  const selected = repositories.filter((x) => o.repos.length === 0 || o.repos.includes(x.repo));
  if (!o.reuse && !fs.existsSync(o.bin)) fail(`no CLI at ${o.bin} (run npm run build first)`);
  // The last run's reports are kept beside the checkouts (never in the repository).
  const saved = path.join(o.checkouts, '.reports');
  const findings = [];
  const linted = [];
  const skipped = [];
  const errors = [];
  let seconds = 0;
  for (const { repo } of selected) {
    const name = repo.replace('/', '+');
    const dir = path.join(o.checkouts, name);
    const savedReport = path.join(saved, `${name}.json`);
    let result;
    if (o.reuse) {
      if (!fs.existsSync(savedReport)) {
        skipped.push(`${repo}: no saved report (run without --reuse)`);
        continue;
      }
      result = { report: readJson(savedReport) };
    } else {
      if (!fs.existsSync(dir)) {
        skipped.push(`${repo}: no checkout at ${dir} (see test/survey/README.md, "Fetching")`);
        continue;
      }
      const started = process.hrtime.bigint();
      result = lint(o.bin, dir);
      const took = Number(process.hrtime.bigint() - started) / 1e9;
      seconds += took;
      if (result.report) {
        fs.mkdirSync(saved, { recursive: true });
        fs.writeFileSync(savedReport, JSON.stringify(result.report));
      }
      process.stderr.write(`survey: ${repo} ${result.error ? 'failed' : `${took.toFixed(1)} s`}\n`);
    }
    if (result.error) {
      errors.push(`${repo}: ${result.error}`);
      continue;
    }
    linted.push(repo);
    // The CLI reports real paths; the checkouts folder may be reached through a link.
    findings.push(...triage.findingsOf(repo, fs.existsSync(dir) ? fs.realpathSync(dir) : dir, result.report));
  }
  findings.sort(triage.compareFindings);
  const matched = triage.match(findings, entries, linted);
  const out = [];
  out.push(`Survey: ${selected.length} repositories, ${linted.length} linted${o.reuse ? ' (saved reports)' : ` in ${seconds.toFixed(0)} s`}, ${skipped.length} skipped, ${errors.length} failed; ${findings.length} findings.`);
  for (const s of skipped) out.push(`  skipped ${s}`);
  for (const e of errors) out.push(`  FAILED ${e}`);
  out.push('');
  out.push(...triage.report(matched, { verbose: o.verbose }));
  console.log(out.join('\n'));
  if (o.untriaged) {
    fs.writeFileSync(o.untriaged, matched.appeared.map((f) => `${triage.triageLine(f)}\n`).join(''));
    console.error(`survey: wrote ${matched.appeared.length} untriaged findings to ${o.untriaged}`);
  }
  if (o.json) {
    const { rows, total } = triage.precision(matched);
    const entry = (e) => ({ repo: e.repo, file: e.file, line: e.line, col: e.col, rule: e.rule, digest: e.digest, verdict: e.verdict, why: e.why, gone: e.gone });
    fs.writeFileSync(
      o.json,
      JSON.stringify(
        {
          linted,
          rules: rows,
          total,
          appeared: matched.appeared,
          disappeared: matched.disappeared.map(entry),
          explained: matched.explained.map(entry),
          changed: matched.changed.map((m) => ({ finding: m.finding, entry: entry(m.entry) })),
          returned: matched.returned.map((m) => ({ finding: m.finding, entry: entry(m.entry) })),
        },
        null,
        1,
      ),
    );
  }
  const unsettled = matched.appeared.length + matched.disappeared.length + errors.length;
  process.exit(o.check && unsettled > 0 ? 1 : 0);
}

main();
