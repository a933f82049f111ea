// `npm run fuzz`: a long mutation-fuzzing campaign of the real CLI
// (mutation-fuzz.ts), for as many cases or seconds as asked, printing its
// counts as it goes and at the end. Exit status 1 when anything failed.
//
//   npm run fuzz -- --seconds 600            ten minutes, a random seed
//   npm run fuzz -- --iterations 20000 --seed 7
//   npm run fuzz -- --seed 7 --case 1234     writes that case out and checks it alone
//   npm run fuzz -- --iterations 0 --lsp-edits 5000   random edits in the language server, compared with the CLI
//   npm run fuzz -- --replay $TMPDIR/celery-lint-lsp-fuzz-replay-SEED-EDIT.json   a session's first difference, again
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lspEdits, replayLspEdits } from './lsp-edits';
import { describeFailure, makeCase, runBatch, writeCase, type CaseFailure } from './mutation-fuzz';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function number(name: string, fallback: number): number {
  const raw = option(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) {
    console.error(`fuzz: --${name} wants a number, not ${raw}`);
    process.exit(2);
  }
  return n;
}

/** Replays a session's first difference; exit 1 while the server and the CLI still differ. */
function replay(file: string): void {
  void replayLspEdits(file).then(
    ({ server, cli, recorded }) => {
      console.log(`recorded: server ${JSON.stringify(recorded.server)}, CLI ${JSON.stringify(recorded.cli)}`);
      console.log(`now:      server ${JSON.stringify(server)}, CLI ${JSON.stringify(cli)}`);
      const same = JSON.stringify(server) === JSON.stringify(cli);
      console.log(same ? 'the server and the CLI agree' : 'the server and the CLI differ');
      process.exit(same ? 0 : 1);
    },
    (error: unknown) => {
      console.error(`fuzz: replay failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(2);
    },
  );
}

/** The mutation campaign, then the language-server sessions if asked. */
function campaign(): void {
  const seed = number('seed', Math.floor(Math.random() * 2 ** 31));
  const options = { batchTimeoutMs: number('batch-timeout', 300) * 1000, caseTimeoutMs: number('case-timeout', 60) * 1000 };
  const single = option('case');

  if (single !== undefined) {
    const index = number('case', 0);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-fuzz-case-'));
    const c = makeCase(seed, index);
    console.log(`seed ${seed} case ${index}: ${c.source}, ${c.file} mutated by ${c.mutations.join(', ')}`);
    console.log(`written to ${writeCase(seed, index, dir)}`);
    const outcome = runBatch([c], options);
    for (const f of outcome.failures) console.log(describeFailure(f));
    console.log(outcome.failures.length ? `${outcome.failures.length} failures` : 'no failure');
    process.exit(outcome.failures.length ? 1 : 0);
  }

  const iterations = number('iterations', Infinity);
  const seconds = number('seconds', iterations === Infinity ? 600 : Infinity);
  const batch = number('batch', 200);
  const started = Date.now();
  const failures: CaseFailure[] = [];
  let inputs = 0;
  let compiled = 0;
  let fixed = 0;

  const count = (kind: CaseFailure['kind']) => failures.filter((f) => f.kind === kind).length;
  const summary = () =>
    `inputs ${inputs} (${compiled} valid Python, ${fixed} changed by --fix), crashes ${count('crash')}, hangs ${count('hang')}, damaging fixes ${count('damaging fix')}, ` +
    `non-idempotent fixes ${count('non-idempotent fix')}, unexplained changes ${count('unexplained change')}  [seed ${seed}, ${((Date.now() - started) / 1000).toFixed(0)} s]`;

  console.log(`fuzz: seed ${seed}, ${iterations === Infinity ? 'no case limit' : `${iterations} cases`}, ${seconds === Infinity ? 'no time limit' : `${seconds} s`}`);
  while (inputs < iterations && (Date.now() - started) / 1000 < seconds) {
    const cases = Array.from({ length: Math.min(batch, iterations - inputs) }, (_, i) => makeCase(seed, inputs + i));
    const outcome = runBatch(cases, options);
    inputs += outcome.inputs;
    compiled += outcome.compiled;
    fixed += outcome.fixed;
    for (const f of outcome.failures) console.log(describeFailure(f));
    failures.push(...outcome.failures);
    console.log(summary());
  }
  console.log(`fuzz done: ${summary()}`);

  async function lspCampaign(total: number): Promise<number> {
    let edits = 0;
    let mismatches = 0;
    let stalls = 0;
    let prefiltered = 0;
    let idle = 0;
    for (let session = 0; edits < total; session++) {
      const outcome = await lspEdits(seed + session, Math.min(200, total - edits));
      edits += outcome.edits;
      for (const m of [...outcome.mismatches, ...outcome.stalls]) console.log(m);
      mismatches += outcome.mismatches.length;
      stalls += outcome.stalls.length;
      prefiltered += outcome.prefiltered;
      console.log(`lsp: edits ${edits}, sessions ${session + 1}, mismatches with the CLI ${mismatches}, stalls ${stalls}, pre-filtered by the CLI (compared on --stdin) ${prefiltered}`);
      // A session that made no edit (its server stalled at the open) is counted; three in a row end the campaign.
      idle = outcome.edits === 0 ? idle + 1 : 0;
      if (idle === 3) break;
    }
    console.log(`lsp done: edits ${edits}, mismatches with the CLI ${mismatches}, stalls ${stalls}, pre-filtered by the CLI's tree walk and compared on --stdin ${prefiltered}  [seed ${seed}]`);
    return mismatches + stalls;
  }

  const lspTotal = number('lsp-edits', 0);
  void (lspTotal > 0 ? lspCampaign(lspTotal) : Promise.resolve(0)).then((lspFailures) => process.exit(failures.length + lspFailures ? 1 : 0));
}

// A replay stands alone: no mutation cases, no new sessions.
const replayFile = option('replay');
if (replayFile !== undefined) replay(replayFile);
else campaign();
