// Runs a composite action's steps on this machine the way the Actions runner
// does, for the parts a test can reproduce: `${{ }}` expressions and `if:`
// conditions evaluated by GitHub's own expression library (@actions/expressions),
// `run:` scripts executed by `bash --noprofile --norc -eo pipefail` with the
// step's `env:`, GITHUB_OUTPUT read back into `steps.<id>.outputs`, and a
// failing step ending the run. `uses:` steps cannot run here: they are
// recorded with their evaluated `with:` so a test can check them.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as ExpressionsModule from '@actions/expressions' with { 'resolution-mode': 'import' };

type Data = ExpressionsModule.data.ExpressionData;

export interface Step {
  readonly name?: string;
  readonly id?: string;
  readonly if?: string;
  readonly shell?: string;
  readonly run?: string;
  readonly uses?: string;
  readonly with?: Record<string, string>;
  readonly env?: Record<string, string>;
}

export interface ActionMetadata {
  readonly inputs: Record<string, { default?: string }>;
  readonly outputs: Record<string, { value: string }>;
  readonly runs: { using: string; steps: Step[] };
}

export interface StepRun {
  readonly step: Step;
  /** false: its `if:` was false (or an earlier step failed). */
  readonly ran: boolean;
  readonly code?: number;
  readonly stdout?: string;
  readonly stderr?: string;
  readonly env?: Record<string, string>;
  readonly with?: Record<string, string>;
  readonly outputs?: Record<string, string>;
}

export interface ActionRun {
  readonly steps: StepRun[];
  readonly outputs: Record<string, string>;
  /** Whether the job would be marked failed. */
  readonly failed: boolean;
}

type Expressions = typeof ExpressionsModule;
let library: Expressions | undefined;

export async function expressions(): Promise<Expressions> {
  return (library ??= await import('@actions/expressions'));
}

/** GitHub's truthiness: false, null, 0, '' and NaN are false. */
function truthy(value: Data, lib: Expressions): boolean {
  switch (value.kind) {
    case lib.data.Kind.Boolean:
      return (value as ExpressionsModule.data.BooleanData).value;
    case lib.data.Kind.Null:
      return false;
    case lib.data.Kind.Number: {
      const n = (value as ExpressionsModule.data.NumberData).value;
      return n !== 0 && !Number.isNaN(n);
    }
    case lib.data.Kind.String:
      return (value as ExpressionsModule.data.StringData).value !== '';
    default:
      return true;
  }
}

export type Context = Record<string, unknown>;

export async function evaluate(expression: string, context: Context): Promise<Data> {
  const lib = await expressions();
  const { tokens } = new lib.Lexer(expression).lex();
  const tree = new lib.Parser(tokens, Object.keys(context), []).parse();
  const data = JSON.parse(JSON.stringify(context), lib.data.reviver) as ExpressionsModule.data.Dictionary;
  return new lib.Evaluator(tree, data).evaluate();
}

/** An `if:` condition (with or without `${{ }}`); a step without one runs. */
export async function condition(text: string | undefined, context: Context): Promise<boolean> {
  if (text === undefined) return true;
  const expression = /^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(text)?.[1] ?? text;
  return truthy(await evaluate(expression, context), await expressions());
}

/** A string with `${{ }}` expressions in it, each replaced by its value as a string. */
export async function interpolate(text: string, context: Context): Promise<string> {
  let out = '';
  let rest = text;
  for (;;) {
    const start = rest.indexOf('${{');
    if (start < 0) return out + rest;
    const end = rest.indexOf('}}', start);
    if (end < 0) throw new Error(`unclosed expression in ${text}`);
    out += rest.slice(0, start) + (await evaluate(rest.slice(start + 3, end), context)).coerceString();
    rest = rest.slice(end + 2);
  }
}

function readOutputs(file: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const value: string[] = [];
      while (++i < lines.length && lines[i] !== heredoc[2]) value.push(lines[i]!);
      outputs[heredoc[1]!] = value.join('\n');
    } else if (line.includes('=')) outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
  }
  return outputs;
}

export interface RunOptions {
  readonly actionPath: string;
  readonly workspace: string;
  readonly inputs: Record<string, string>;
  readonly github: Record<string, unknown>;
  /** The environment the runner gives every step (PATH and the like). */
  readonly env: NodeJS.ProcessEnv;
}

export async function runAction(action: ActionMetadata, options: RunOptions): Promise<ActionRun> {
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-runner-temp-'));
  const inputs = Object.fromEntries(Object.entries(action.inputs).map(([name, spec]) => [name, options.inputs[name] ?? spec.default ?? '']));
  const steps: Record<string, { outputs: Record<string, string>; outcome: string }> = {};
  const context = (): Context => ({ inputs, github: { action_path: options.actionPath, workspace: options.workspace, ...options.github }, runner: { temp, os: 'Linux' }, steps, env: {} });
  const runs: StepRun[] = [];
  let failed = false;
  for (const step of action.runs.steps) {
    if (failed || !(await condition(step.if, context()))) {
      runs.push({ step, ran: false });
      continue;
    }
    const env: Record<string, string> = {};
    for (const [name, value] of Object.entries(step.env ?? {})) env[name] = await interpolate(String(value), context());
    if (step.uses) {
      const withs: Record<string, string> = {};
      for (const [name, value] of Object.entries(step.with ?? {})) withs[name] = await interpolate(String(value), context());
      runs.push({ step, ran: true, with: withs });
      continue;
    }
    if (step.shell !== 'bash') throw new Error(`step ${step.name}: only shell: bash is run here`);
    const script = path.join(temp, `step-${runs.length}.sh`);
    fs.writeFileSync(script, await interpolate(step.run ?? '', context()));
    const outputFile = path.join(temp, `output-${runs.length}`);
    fs.writeFileSync(outputFile, '');
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd: options.workspace,
      env: { ...options.env, ...env, GITHUB_ACTION_PATH: options.actionPath, GITHUB_WORKSPACE: options.workspace, GITHUB_OUTPUT: outputFile, RUNNER_TEMP: temp, GITHUB_ACTIONS: 'true' },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const outputs = readOutputs(outputFile);
    const code = result.status ?? 1;
    if (step.id) steps[step.id] = { outputs, outcome: code === 0 ? 'success' : 'failure' };
    runs.push({ step, ran: true, code, stdout: result.stdout, stderr: result.stderr, env, outputs });
    if (code !== 0) failed = true;
  }
  const outputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.outputs)) outputs[name] = await interpolate(spec.value, context());
  return { steps: runs, outputs, failed };
}
