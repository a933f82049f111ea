#!/usr/bin/env node
'use strict';
// Issue 18, item 2 on real code: a run over named files (what pre-commit
// does with the staged ones) must give each of them the findings a
// whole-project run gives it. For each of the survey's checkouts, lints the
// whole checkout, then names files one at a time, as a hook would: every
// file with findings and a few linted files without, and compares that
// file's findings (rule, line, column, message) between the two runs.
// The checkouts have no .git (test/survey/README.md, "Fetching"), and a
// project without one reaches up to the folder that holds them all; so each
// is linted in a copy made of hard links (a plain copy across file systems)
// with an empty .git folder, as a clone is, removed after. Prints every
// disagreement; exits 1 when there is one.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const USAGE = `Usage: node scripts/survey/named-agreement.js [OPTIONS] [OWNER/NAME...]
  --checkouts DIR   where the checkouts are (default: $CELERY_LINT_SURVEY_CHECKOUTS, else .survey/)
  --bin FILE        the celery-lint to run (default: this checkout's packages/cli/bin/celery-lint.js)
  --quiet N         linted files without findings named per repository (default 3)`;

function parseArgs(argv) {
  const o = { repos: [], checkouts: process.env.CELERY_LINT_SURVEY_CHECKOUTS || path.join(root, '.survey'), bin: path.join(root, 'packages', 'cli', 'bin', 'celery-lint.js'), quiet: 3 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) fail(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--checkouts') o.checkouts = path.resolve(value());
    else if (a === '--bin') o.bin = path.resolve(value());
    else if (a === '--quiet') o.quiet = Number(value());
    else if (a === '-h' || a === '--help') {
      console.log(USAGE);
      process.exit(0);
    } else if (a.startsWith('-')) fail(`unknown option ${a}\n${USAGE}`);
    else o.repos.push(a);
  }
  return o;
}

function fail(message) {
  console.error(`named-agreement: ${message}`);
  process.exit(2);
}

/** The CLI's JSON report of `args`, run in `cwd`, or an error string. */
function lint(bin, cwd, args) {
  const r = spawnSync(process.execPath, [bin, '--format', 'json', '--exit-zero', ...args], { cwd, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } });
  if (r.error) return { error: r.error.message };
  if (r.status !== 0) return { error: `exit ${r.status}: ${(r.stderr || '').trim().split('\n').slice(-3).join(' | ')}` };
  try {
    return { report: JSON.parse(r.stdout) };
  } catch (err) {
    return { error: `unreadable JSON report (${err.message})` };
  }
}

/** A file's findings as one comparable line each, sorted. */
function findingsOf(result) {
  return result.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.message}`).sort();
}

/** A copy of a checkout that is a repository root, and how to remove it. */
function asClone(dir) {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-named-agreement-'));
  const target = path.join(copy, path.basename(dir));
  if (spawnSync('cp', ['-al', fs.realpathSync(dir), target], { stdio: 'ignore' }).status !== 0) {
    fs.rmSync(target, { recursive: true, force: true });
    fs.cpSync(fs.realpathSync(dir), target, { recursive: true });
  }
  fs.mkdirSync(path.join(target, '.git'), { recursive: true });
  return { dir: target, remove: () => fs.rmSync(copy, { recursive: true, force: true }) };
}

/** A stable choice among files, spread over the tree rather than the first in path order. */
function spread(files, count) {
  const hash = (s) => [...s].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0, 0x811c9dc5);
  return [...files].sort((a, b) => hash(a) - hash(b) || a.localeCompare(b)).slice(0, count);
}

function main() {
  const o = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(o.bin)) fail(`no CLI at ${o.bin} (run npm run build first)`);
  const listed = JSON.parse(fs.readFileSync(path.join(root, 'test', 'survey', 'repositories.json'), 'utf8'));
  const selected = listed.filter((x) => o.repos.length === 0 || o.repos.includes(x.repo));
  let named = 0;
  let repositories = 0;
  const disagreements = [];
  const errors = [];
  for (const { repo } of selected) {
    const checkout = path.join(o.checkouts, repo.replace('/', '+'));
    if (!fs.existsSync(checkout)) continue;
    const clone = asClone(checkout);
    try {
      const whole = lint(o.bin, clone.dir, ['.']);
      if (whole.error) {
        errors.push(`${repo}: whole run: ${whole.error}`);
        continue;
      }
      repositories++;
      const byFile = new Map(whole.report.map((r) => [path.relative(clone.dir, r.filePath), findingsOf(r)]));
      const withFindings = [...byFile].filter(([, f]) => f.length > 0).map(([file]) => file);
      const without = spread([...byFile].filter(([file, f]) => f.length === 0 && file.endsWith('.py')).map(([file]) => file), o.quiet);
      for (const file of [...withFindings, ...without].sort()) {
        const alone = lint(o.bin, clone.dir, [file]);
        named++;
        if (alone.error) {
          errors.push(`${repo}: ${file}: ${alone.error}`);
          continue;
        }
        const result = alone.report.find((r) => path.relative(clone.dir, r.filePath) === file);
        const got = result ? findingsOf(result) : [];
        const want = byFile.get(file);
        const missing = want.filter((f) => !got.includes(f));
        const extra = got.filter((f) => !want.includes(f));
        if (missing.length + extra.length > 0) disagreements.push({ repo, file, missing, extra });
      }
      process.stderr.write(`named-agreement: ${repo}: ${withFindings.length + without.length} files named\n`);
    } finally {
      clone.remove();
    }
  }
  console.log(`Named runs: ${named} files of ${repositories} repositories named alone; ${disagreements.length} disagree with the whole-project run; ${errors.length} runs failed.`);
  for (const d of disagreements) {
    console.log(`  ${d.repo}: ${d.file}`);
    for (const f of d.missing) console.log(`    only in the whole run: ${f}`);
    for (const f of d.extra) console.log(`    only when named:       ${f}`);
  }
  for (const e of errors) console.log(`  FAILED ${e}`);
  process.exit(disagreements.length + errors.length > 0 ? 1 : 0);
}

main();
