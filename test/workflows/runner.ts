// A local runner for one job of a GitHub workflow, close to GitHub's own: it reads the workflow
// YAML, evaluates `${{ }}` expressions with GitHub's expression library (@actions/expressions)
// over the contexts a job sees (github, inputs, matrix, env, steps, vars, secrets, runner, job,
// strategy), and runs each `run:` step in order with its shell, working directory and env, in a
// workspace of its own, with the GITHUB_OUTPUT / GITHUB_ENV / GITHUB_PATH / GITHUB_STEP_SUMMARY
// files GitHub gives. A `uses:` step runs its local equivalent from the caller's table; an action
// the table does not know fails the job.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { parse } from 'yaml';

// The library is an ECMAScript module: imported at run time, its types named for that resolution.
type Expressions = typeof import('@actions/expressions', { with: { 'resolution-mode': 'import' } });
type ExpressionData = import('@actions/expressions', { with: { 'resolution-mode': 'import' } }).data.ExpressionData;
type Truthy = typeof import('@actions/expressions/result', { with: { 'resolution-mode': 'import' } }).truthy;

export interface Step {
  id?: string;
  name?: string;
  if?: string | boolean;
  run?: string;
  uses?: string;
  with?: Record<string, string | number | boolean>;
  env?: Record<string, string | number | boolean>;
  shell?: string;
  'working-directory'?: string;
  'continue-on-error'?: boolean;
}

export interface Job {
  'runs-on'?: unknown;
  env?: Record<string, string | number | boolean>;
  steps?: Step[];
  outputs?: Record<string, string>;
  defaults?: { run?: { shell?: string; 'working-directory'?: string } };
  strategy?: { matrix?: Record<string, unknown> };
  permissions?: Record<string, string>;
}

export interface Workflow {
  env?: Record<string, string | number | boolean>;
  jobs: Record<string, Job>;
}

/** What a `uses:` step does here: its `with:` inputs evaluated, and the job's state to change. */
export type ActionHandler = (a: { with: Record<string, string>; workspace: string; addPath(dir: string): void; log(line: string): void }) => Promise<void>;

export interface RunOptions {
  /** The workflow file, read from the workspace once the checkout step made it. */
  workflow: string;
  job: string;
  /** Makes the workspace (what actions/checkout does on GitHub): called with its folder. */
  checkout(workspace: string): Promise<void>;
  /** Local equivalents of the actions, by `owner/name@ref`. */
  actions: Record<string, ActionHandler>;
  matrix?: Record<string, unknown>;
  inputs?: Record<string, unknown>;
  vars?: Record<string, string>;
  secrets?: Record<string, string>;
  github?: Record<string, unknown>;
  /** Where the job's folders go (workspace, temp, home). */
  root: string;
  /** Environment of every step, before the workflow's own (PATH, caches). */
  baseEnv: NodeJS.ProcessEnv;
  /** Called before each step runs (a test may act as the world between two steps). */
  beforeStep?: (step: Step, workspace: string) => Promise<void>;
}

export interface StepResult {
  name: string;
  outcome: 'success' | 'failure' | 'skipped';
  code?: number;
  outputs: Record<string, string>;
  /** stdout and stderr of the step. */
  log: string;
}

export interface JobResult {
  result: 'success' | 'failure';
  steps: StepResult[];
  outputs: Record<string, string>;
  workspace: string;
  /** Values the job masked (::add-mask::): they must appear in no file the job leaves. */
  masks: string[];
  /** Every step's name and log, for failure messages. */
  transcript: string;
}

/** Reads `name=value` and `name<<DELIM ... DELIM` lines (GITHUB_OUTPUT, GITHUB_ENV). */
export function parseCommandFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== heredoc[2]; i++) value.push(lines[i]);
      out[heredoc[1]] = value.join('\n');
    } else if (line.includes('=')) {
      out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return out;
}

const STATUS = ['success', 'failure', 'always', 'cancelled'];

class Expr {
  constructor(
    private readonly lib: Expressions,
    private readonly truthy: Truthy,
    private readonly contexts: () => Record<string, unknown>,
    private readonly status: { failed: boolean },
  ) {}

  private data(v: unknown): ExpressionData {
    return JSON.parse(JSON.stringify(v ?? null), this.lib.data.reviver) as ExpressionData;
  }

  /** One expression (the inside of `${{ }}`, or an `if:`). */
  value(source: string): ExpressionData {
    const { Lexer, Parser, Evaluator, data } = this.lib;
    const ctx = this.contexts();
    const funcs = STATUS.map((name) => ({ name, minArgs: 0, maxArgs: 0 }));
    const tree = new Parser(new Lexer(source).lex().tokens, Object.keys(ctx), funcs).parse();
    const impl = new Map(
      funcs.map((f) => [f.name, { ...f, call: () => new data.BooleanData(f.name === 'always' || (f.name === 'success' ? !this.status.failed : f.name === 'failure' ? this.status.failed : false)) }]),
    );
    const dict = new data.Dictionary(...Object.entries(ctx).map(([key, v]) => ({ key, value: this.data(v) })));
    return new Evaluator(tree, dict, impl).evaluate();
  }

  /** A string with `${{ }}` parts, as GitHub fills scripts, env and with: values. */
  fill(text: unknown): string {
    return String(text ?? '').replace(/\$\{\{([\s\S]*?)\}\}/g, (_, e: string) => this.value(e.trim()).coerceString());
  }

  /** An `if:`: `success() && (...)` unless it calls a status function itself. */
  test(cond: string | boolean | undefined): boolean {
    if (cond === undefined) return !this.status.failed;
    const source = String(cond).trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1').trim();
    const withStatus = STATUS.some((f) => new RegExp(`\\b${f}\\(`).test(source)) ? source : `success() && (${source})`;
    return this.truthy(this.value(withStatus));
  }
}

/** The command line GitHub runs a script with, by `shell:` (Linux). */
function shellCommand(shell: string | undefined, file: string): [string, string[]] {
  if (!shell) return ['bash', ['-e', file]];
  if (shell === 'bash') return ['bash', ['--noprofile', '--norc', '-eo', 'pipefail', file]];
  if (shell === 'sh') return ['sh', ['-e', file]];
  throw new Error(`shell ${shell}: not supported by the local runner`);
}

function runScript(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; log: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    p.stdout.on('data', (d) => (log += d));
    p.stderr.on('data', (d) => (log += d));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code: code ?? 1, log }));
  });
}

const strings = (o: Record<string, unknown> | undefined, fill: (v: unknown) => string) => Object.fromEntries(Object.entries(o ?? {}).map(([k, v]) => [k, fill(v)]));

/** Runs one job of a workflow, as GitHub's runner would, on this machine. */
export async function runJob(opts: RunOptions): Promise<JobResult> {
  const lib: Expressions = await import('@actions/expressions');
  const { truthy } = await import('@actions/expressions/result');
  const workspace = path.join(opts.root, 'workspace');
  const temp = path.join(opts.root, 'runner-temp');
  const home = path.join(opts.root, 'home');
  const files = path.join(opts.root, 'runner-files');
  for (const d of [workspace, temp, home, files]) await fs.mkdir(d, { recursive: true });
  const summary = path.join(files, 'step-summary.md');
  await fs.writeFile(summary, '');

  let workflow: Workflow | undefined;
  let job: Job | undefined;
  const status = { failed: false };
  const steps: StepResult[] = [];
  const stepsContext: Record<string, { outputs: Record<string, string>; outcome: string; conclusion: string }> = {};
  const extraPath: string[] = [];
  const fileEnv: Record<string, string> = {};
  const masks: string[] = [];
  let transcript = '';
  let env: Record<string, string> = {};
  const github = { workspace, event_name: 'workflow_dispatch', run_id: '1', repository: 'owner/repo', server_url: 'https://github.com', token: 'local-runner-token', ...opts.github };
  const runner = { temp, os: 'Linux', arch: 'X64', name: 'local', workspace };
  const contexts = () => ({ github, inputs: opts.inputs ?? {}, matrix: opts.matrix ?? {}, env, steps: stepsContext, vars: opts.vars ?? {}, secrets: opts.secrets ?? {}, runner, job: { status: status.failed ? 'failure' : 'success' }, strategy: { 'fail-fast': false } });
  const expr = new Expr(lib, truthy, contexts, status);

  const loadJob = async () => {
    if (job) return;
    workflow = parse(await fs.readFile(path.join(workspace, opts.workflow), 'utf8')) as Workflow;
    job = workflow.jobs[opts.job];
    if (!job) throw new Error(`${opts.workflow}: no job ${opts.job}`);
  };
  // The workflow is read from the checkout; before it (the first step), from the caller's copy.
  await opts.checkout(workspace);
  await loadJob();
  env = { ...strings(workflow!.env, (v) => expr.fill(v)) };
  env = { ...env, ...strings(job!.env, (v) => expr.fill(v)) };
  const jobEnv = { ...env };

  for (const [i, step] of (job!.steps ?? []).entries()) {
    const name = step.name ? expr.fill(step.name) : step.run ? `Run ${step.run.split('\n')[0]}` : `Run ${step.uses}`;
    env = { ...jobEnv, ...fileEnv };
    if (!expr.test(step.if)) {
      steps.push({ name, outcome: 'skipped', outputs: {}, log: '' });
      if (step.id) stepsContext[step.id] = { outputs: {}, outcome: 'skipped', conclusion: 'skipped' };
      continue;
    }
    env = { ...env, ...strings(step.env, (v) => expr.fill(v)) };
    await opts.beforeStep?.(step, workspace);
    const outputFile = path.join(files, `output-${i}`);
    const envFile = path.join(files, `env-${i}`);
    const pathFile = path.join(files, `path-${i}`);
    for (const f of [outputFile, envFile, pathFile]) await fs.writeFile(f, '');
    let code = 0;
    let log = '';
    if (step.run !== undefined) {
      const script = path.join(files, `step-${i}.sh`);
      await fs.writeFile(script, expr.fill(step.run));
      const cwd = path.resolve(workspace, expr.fill(step['working-directory'] ?? job!.defaults?.run?.['working-directory'] ?? '.'));
      const [cmd, args] = shellCommand(step.shell ?? job!.defaults?.run?.shell, script);
      const stepEnv: NodeJS.ProcessEnv = {
        ...opts.baseEnv,
        HOME: home,
        CI: 'true',
        GITHUB_ACTIONS: 'true',
        GITHUB_WORKSPACE: workspace,
        GITHUB_RUN_ID: String(github.run_id),
        GITHUB_REPOSITORY: String(github.repository),
        GITHUB_EVENT_NAME: String(github.event_name),
        RUNNER_TEMP: temp,
        RUNNER_OS: 'Linux',
        GITHUB_OUTPUT: outputFile,
        GITHUB_ENV: envFile,
        GITHUB_PATH: pathFile,
        GITHUB_STEP_SUMMARY: summary,
        ...env,
      };
      stepEnv.PATH = [...extraPath, opts.baseEnv.PATH].join(':');
      ({ code, log } = await runScript(cmd, args, cwd, stepEnv));
    } else if (step.uses) {
      const handler = opts.actions[step.uses];
      if (!handler) throw new Error(`${opts.workflow} ${opts.job}: step ${i + 1} uses ${step.uses}, which has no local equivalent in the runner's table`);
      try {
        await handler({ with: strings(step.with, (v) => expr.fill(v)), workspace, addPath: (d) => extraPath.unshift(d), log: (l) => (log += l + '\n') });
      } catch (e) {
        code = 1;
        log += (e as Error).message;
      }
    } else {
      throw new Error(`${opts.workflow} ${opts.job}: step ${i + 1} has neither run nor uses`);
    }
    for (const m of log.matchAll(/^::add-mask::(.+)$/gm)) masks.push(m[1]);
    const outputs = parseCommandFile(await fs.readFile(outputFile, 'utf8'));
    Object.assign(fileEnv, parseCommandFile(await fs.readFile(envFile, 'utf8')));
    for (const p of (await fs.readFile(pathFile, 'utf8')).split('\n').filter(Boolean).reverse()) extraPath.unshift(p);
    const outcome = code === 0 ? 'success' : 'failure';
    if (code !== 0 && !step['continue-on-error']) status.failed = true;
    steps.push({ name, outcome, code, outputs, log });
    if (step.id) stepsContext[step.id] = { outputs, outcome, conclusion: outcome };
    transcript += `--- ${name} (${outcome}${code ? `, exit ${code}` : ''})\n${log}\n`;
  }
  env = { ...jobEnv, ...fileEnv };
  const outputs = strings(job!.outputs, (v) => expr.fill(v));
  return { result: status.failed ? 'failure' : 'success', steps, outputs, workspace, masks, transcript };
}
