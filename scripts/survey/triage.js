'use strict';
// The survey's bookkeeping, apart from running anything: findings read from
// the CLI's JSON report, the triage file (one verdict per finding), matching
// the two, precision per rule and what appeared or disappeared since the
// triage. Pure functions over plain data, so test/survey exercises them on a
// small synthetic survey.
const crypto = require('node:crypto');
const path = require('node:path');

const VERDICTS = new Set(['true', 'false', 'debatable']);

/** A short, stable digest of a message: a reworded message is noticed, not silently re-judged. */
function digest(message) {
  return crypto.createHash('sha1').update(String(message)).digest('hex').slice(0, 10);
}

/**
 * The findings of one whole-checkout run, from the CLI's `--format json`
 * report: repository, file relative to the checkout (with `/`), line,
 * column, rule (`(fatal)` for a file the CLI could not read), message.
 */
function findingsOf(repo, checkoutDir, report) {
  const out = [];
  for (const result of report) {
    const rel = path.relative(checkoutDir, result.filePath).split(path.sep).join('/');
    for (const m of result.messages) {
      out.push({
        repo,
        file: rel,
        line: m.line ?? 0,
        col: m.column ?? 0,
        rule: m.ruleId ?? '(fatal)',
        digest: digest(m.message),
        message: m.message,
      });
    }
  }
  out.sort(compareFindings);
  return out;
}

function compareFindings(a, b) {
  return a.repo.localeCompare(b.repo) || a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col || a.rule.localeCompare(b.rule) || a.digest.localeCompare(b.digest);
}

/**
 * Reads triage.jsonl: one JSON object a line (blank lines and lines starting
 * with `//` are skipped). Each needs repo, file, line, rule, digest and a
 * verdict of true, false or debatable; `why` says why in one line; `gone`
 * records why a finding no longer appears. A line with `gone` whose finding
 * (repository, file, line, column, rule, digest) an earlier line without
 * `gone` judged amends that line instead of adding one, so the file grows by
 * appending only and parallel branches merge without conflicts; a line with
 * `back` (why it returned) re-opens a gone one with its own verdict. Throws with
 * the line number on a malformed line, since a silently dropped verdict would
 * skew the numbers.
 */
function parseTriage(text, name = 'triage.jsonl') {
  const entries = [];
  const keyOf = (e) => `${e.repo}\0${e.file}\0${e.line}\0${e.col ?? ''}\0${e.rule}\0${e.digest}`;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('//')) return;
    let e;
    try {
      e = JSON.parse(line);
    } catch (err) {
      throw new Error(`${name}:${i + 1}: not JSON (${err.message})`);
    }
    for (const key of ['repo', 'file', 'rule', 'digest']) {
      if (typeof e[key] !== 'string' || e[key] === '') throw new Error(`${name}:${i + 1}: "${key}" must be a non-empty string`);
    }
    if (!Number.isInteger(e.line)) throw new Error(`${name}:${i + 1}: "line" must be an integer`);
    if (!VERDICTS.has(e.verdict)) throw new Error(`${name}:${i + 1}: "verdict" must be true, false or debatable (got ${JSON.stringify(e.verdict)})`);
    const entry = { ...e, col: Number.isInteger(e.col) ? e.col : undefined, source: i + 1 };
    if (typeof entry.back === 'string' && entry.back !== '') {
      // A finding marked gone that a later change brought back: the line re-opens it with its verdict now.
      const gone = entries.find((x) => x.gone !== undefined && keyOf(x) === keyOf(entry));
      if (gone) {
        delete gone.gone;
        Object.assign(gone, { verdict: entry.verdict, why: entry.why, back: entry.back });
        return;
      }
    }
    if (typeof entry.gone === 'string' && entry.gone !== '') {
      const judged = entries.find((x) => x.gone === undefined && keyOf(x) === keyOf(entry));
      if (judged) {
        judged.gone = entry.gone;
        return;
      }
    }
    entries.push(entry);
  });
  return entries;
}

/** A triage line for a finding (the verdict and reason left for a person to fill in). */
function triageLine(f, verdict = '?', why = '') {
  return JSON.stringify({ repo: f.repo, file: f.file, line: f.line, col: f.col, rule: f.rule, digest: f.digest, verdict, why, msg: f.message });
}

/**
 * Matches this run's findings to the triage, for the repositories that were
 * linted. A finding matches an entry with the same repository, file, line,
 * column, rule and message digest; failing that, one with the same file, line
 * and rule whose message changed (its verdict is carried over, and it is
 * listed for a second look). Entries of repositories not linted this run are
 * left out of everything.
 */
function match(findings, triage, lintedRepos) {
  const linted = new Set(lintedRepos);
  const open = triage.filter((e) => linted.has(e.repo));
  const used = new Set();
  const exactKey = (x) => `${x.repo}\0${x.file}\0${x.line}\0${x.col ?? ''}\0${x.rule}\0${x.digest}`;
  const looseKey = (x) => `${x.repo}\0${x.file}\0${x.line}\0${x.rule}`;
  const byExact = new Map();
  const byLoose = new Map();
  for (const e of open) {
    push(byExact, exactKey(e), e);
    push(byLoose, looseKey(e), e);
    // An entry written without a column matches any column.
    if (e.col === undefined) push(byExact, exactKey({ ...e, col: undefined }), e);
  }
  const matched = [];
  const changed = [];
  const appeared = [];
  const pending = [];
  for (const f of findings) {
    const e = take(byExact.get(exactKey(f)), used) ?? take(byExact.get(exactKey({ ...f, col: undefined })), used);
    if (e) matched.push({ finding: f, entry: e });
    else pending.push(f);
  }
  for (const f of pending) {
    const e = take(byLoose.get(looseKey(f)), used);
    if (e) changed.push({ finding: f, entry: e });
    else appeared.push(f);
  }
  const left = open.filter((e) => !used.has(e));
  const disappeared = left.filter((e) => !e.gone);
  const explained = left.filter((e) => e.gone);
  const returned = [...matched, ...changed].filter((m) => m.entry.gone);
  return { matched, changed, appeared, disappeared, explained, returned };
}

function push(map, key, value) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function take(list, used) {
  if (!list) return undefined;
  const e = list.find((x) => !used.has(x));
  if (e) used.add(e);
  return e;
}

/**
 * Precision per rule over the findings present now: true ÷ (true + false);
 * debatable findings and untriaged ones are counted but not in the ratio.
 */
function precision(result) {
  const rows = new Map();
  const row = (rule) => {
    let r = rows.get(rule);
    if (!r) rows.set(rule, (r = { rule, findings: 0, true: 0, false: 0, debatable: 0, untriaged: 0 }));
    return r;
  };
  for (const { finding, entry } of [...result.matched, ...result.changed]) {
    const r = row(finding.rule);
    r.findings++;
    r[entry.verdict]++;
  }
  for (const f of result.appeared) {
    const r = row(f.rule);
    r.findings++;
    r.untriaged++;
  }
  const list = [...rows.values()].sort((a, b) => a.rule.localeCompare(b.rule));
  const total = { rule: 'total', findings: 0, true: 0, false: 0, debatable: 0, untriaged: 0 };
  for (const r of list) for (const k of ['findings', 'true', 'false', 'debatable', 'untriaged']) total[k] += r[k];
  return { rows: list, total };
}

function ratio(r) {
  const judged = r.true + r.false;
  return judged === 0 ? undefined : r.true / judged;
}

/** The report as lines of text. */
function report(result, options = {}) {
  const { rows, total } = precision(result);
  const out = [];
  const fmt = (r) => {
    const p = ratio(r);
    return `${r.rule.padEnd(44)} ${String(r.findings).padStart(5)} ${String(r.true).padStart(5)} ${String(r.false).padStart(5)} ${String(r.debatable).padStart(5)} ${String(r.untriaged).padStart(5)}  ${p === undefined ? '   -' : p.toFixed(3)}`;
  };
  out.push(`${'rule'.padEnd(44)} ${'found'.padStart(5)} ${'true'.padStart(5)} ${'false'.padStart(5)} ${'debat'.padStart(5)} ${'new'.padStart(5)}  precision`);
  for (const r of rows) out.push(fmt(r));
  out.push(fmt(total));
  const where = (x) => `${x.repo} ${x.file}:${x.line}${x.col ? `:${x.col}` : ''} ${x.rule}`;
  const section = (title, items, line) => {
    out.push('', `${title}: ${items.length}`);
    for (const x of items) out.push(`  ${line(x)}`);
  };
  section('Appeared since the triage (untriaged, to review)', result.appeared, (f) => `${where(f)}  ${f.digest}  ${f.message}`);
  section('Disappeared since the triage (no reason recorded)', result.disappeared, (e) => `${where(e)}  was ${e.verdict}: ${e.why ?? ''}`);
  section('Message changed (verdict carried over; check it still holds)', result.changed, (m) => `${where(m.finding)}  was ${m.entry.verdict}  now: ${m.finding.message}`);
  if (result.returned.length > 0) section('Marked gone but found again', result.returned, (m) => `${where(m.finding)}  gone: ${m.entry.gone}`);
  if (options.verbose) section('Disappeared with a recorded reason', result.explained, (e) => `${where(e)}  was ${e.verdict}; gone: ${e.gone}`);
  else out.push('', `Disappeared with a recorded reason: ${result.explained.length}`);
  return out;
}

module.exports = { digest, findingsOf, parseTriage, triageLine, match, precision, ratio, report, compareFindings };
