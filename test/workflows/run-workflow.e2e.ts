// The workflows executed, not only linted: the preview job and the drift check job of the dev
// stack run here, step by step as GitHub's runner runs them (test/workflows/runner.ts), in a fresh
// clone of this checkout's HEAD, with the Pulumi CLI `npm run tools` built standing in for the
// vendor's pulumi/actions. The team's backend secrets given to the job are unusable: the dev stack
// must be a preview target with a backend, passphrase and server of its run only, under the
// runner's temporary folder, never a developer's state or port.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { withClient } from '../../src/db/connect';
import * as embedded from '../../src/db/embedded';
import { projectRoot, toolsBin } from '../../src/util/tools';
import { missingTool } from '../support/tools';
import { ActionHandler, JobResult, RunOptions, runJob } from './runner';

const TOOLS = JSON.parse(readFileSync(path.join(projectRoot, 'tools', 'tools.json'), 'utf8')) as { tools: { name: string; version: string }[] };
const PULUMI_VERSION = TOOLS.tools.find((t) => t.name === 'pulumi')!.version.replace(/^v/, '');
const HEAD = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: projectRoot, encoding: 'utf8' }).trim();
const ENGINES = (JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
const NPM_CACHE = execFileSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8' }).trim();

/** The team's backend and passphrase: a dev job that used them would fail (no such host). */
const SECRETS = { PULUMI_BACKEND_URL: 'https://team-backend.invalid', PULUMI_CONFIG_PASSPHRASE: 'the team passphrase', AWS_PREVIEW_ROLE_ARN: 'arn:aws:iam::123456789012:role/none' };

const roots: string[] = [];
const servers: string[] = [];

/** What each action of the workflows does on this machine. */
function actions(artifacts: string): Record<string, ActionHandler> {
  return {
    // The workspace is already the clone of HEAD (RunOptions.checkout).
    'actions/checkout@v4': async ({ workspace }) => {
      expect(execFileSync('git', ['rev-parse', 'HEAD'], { cwd: workspace, encoding: 'utf8' }).trim()).toBe(HEAD);
    },
    // This Node.js, which the project supports (package.json's engines) as it does the version the
    // workflow asks for; its npm cache is the machine's (the steps get npm_config_cache).
    'actions/setup-node@v4': async ({ with: w, log }) => {
      const [major, minor] = process.versions.node.split('.').map(Number);
      const [wantMajor, wantMinor] = ENGINES.replace(/^>=/, '').split('.').map(Number);
      expect(major > wantMajor || (major === wantMajor && minor >= wantMinor), `Node ${process.versions.node} against ${ENGINES}`).toBe(true);
      expect(Number(w['node-version'])).toBeGreaterThanOrEqual(wantMajor);
      expect(w.cache).toBe('npm');
      log(`Node ${process.versions.node} in place of ${w['node-version']}`);
    },
    // The vendor's CLI at the pinned version: here the same version, built by `npm run tools`.
    'pulumi/actions@v6': async ({ with: w, addPath }) => {
      expect(w['pulumi-version']).toBe(PULUMI_VERSION);
      addPath(toolsBin());
    },
    'aws-actions/configure-aws-credentials@v4': async () => {
      throw new Error('AWS credentials: a dev job must not need them');
    },
    'actions/upload-artifact@v4': async ({ with: w, workspace }) => {
      const dir = path.join(artifacts, w.name);
      await fs.mkdir(dir, { recursive: true });
      for (const f of w.path.split('\n').map((l) => l.trim()).filter(Boolean)) {
        if (existsSync(path.join(workspace, f))) await fs.cp(path.join(workspace, f), path.join(dir, path.basename(f)));
      }
    },
  };
}

/** Runs `job` of `workflow` for the dev stack in a fresh clone; returns the job and its artefacts' folder. */
async function runDevJob(workflow: string, job: string, more: Partial<RunOptions> = {}): Promise<{ run: JobResult; artifacts: string }> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'schemaop-workflow-run-'));
  roots.push(root);
  // As root the embedded server runs as the postgres system user, which must traverse the folders.
  await fs.chmod(root, 0o755);
  const artifacts = path.join(root, 'artifacts');
  const run = await runJob({
    workflow: `.github/workflows/${workflow}`,
    job,
    root,
    async checkout(workspace) {
      execFileSync('git', ['clone', '--quiet', '--no-checkout', projectRoot, workspace]);
      execFileSync('git', ['checkout', '--quiet', '--detach', HEAD], { cwd: workspace });
      servers.push(path.join(workspace, '.schemaop', 'pulumi-dev'));
    },
    actions: actions(artifacts),
    matrix: { stack: 'dev', runner: '"ubuntu-latest"' },
    secrets: SECRETS,
    vars: {},
    baseEnv: { PATH: process.env.PATH, LANG: process.env.LANG ?? 'C.UTF-8', npm_config_cache: NPM_CACHE },
    ...more,
  });
  return { run, artifacts };
}

const outcome = (run: JobResult, name: string | RegExp) => run.steps.find((s) => (typeof name === 'string' ? s.name === name : name.test(s.name)));

afterAll(async () => {
  for (const dir of servers) await embedded.stop({ dir }).catch(() => undefined);
  for (const r of roots) await fs.rm(r, { recursive: true, force: true }).catch(() => undefined);
});

describe.skipIf(missingTool('pulumi', 'test/workflows/run-workflow.e2e.ts'))('the workflows, executed for the dev stack', () => {
  it('preview.yml, job preview: a server of this run, the preview with the policy pack, the review comment', async () => {
    const { run, artifacts } = await runDevJob('preview.yml', 'preview', { github: { event_name: 'pull_request', run_id: '4242', event: { pull_request: { number: 7 } } } });
    const log = run.transcript;
    expect(outcome(run, 'Run aws-actions/configure-aws-credentials@v4')?.outcome, log).toBe('skipped');
    expect(outcome(run, "the stack's backend")?.outcome, log).toBe('success');
    expect(outcome(run, 'a dev server of this run to preview against')?.outcome, log).toBe('success');
    // The step outputs the later steps and the job read.
    expect(outcome(run, 'pulumi preview')?.outputs, log).toEqual({ code: '0' });
    expect(outcome(run, 'review comment')?.outputs, log).toEqual({ blocked: 'false' });
    expect(outcome(run, 'fail on a mandatory policy violation')?.outcome, log).toBe('skipped');
    expect(run.result, log).toBe('success');
    expect(run.outputs).toEqual({ blocked: 'false' });

    // The backend of this run is under the runner's temporary folder; the server in the clone.
    expect(existsSync(path.join(run.workspace, '..', 'runner-temp', 'pulumi-state', '.pulumi'))).toBe(true);
    expect(existsSync(path.join(run.workspace, '.schemaop', 'pulumi-dev', 'cluster.json'))).toBe(true);

    // The comment: the stack's marker, the whole schema planned against the empty server, the artefact named.
    const comment = await fs.readFile(path.join(artifacts, 'review-dev', 'comment.md'), 'utf8');
    expect(comment.split('\n')[0]).toBe('<!-- schemaop:report stack=dev -->');
    expect(comment).toMatch(/### .*Stack dev: changes/);
    expect(comment).toMatch(/create table "public"\."users"/i);
    expect(comment).toMatch(/create table "public"\."exchanges"/i);
    expect(comment).toContain('the review-dev artefact of run 4242');
    expect(await fs.readdir(path.join(artifacts, 'review-dev'))).toEqual(expect.arrayContaining(['comment.md', 'preview.json', 'events.jsonl']));
    // The policy pack ran: the event log has its analysis of the Schema resource, its rules passed.
    const events = (await fs.readFile(path.join(artifacts, 'review-dev', 'events.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, { resourceUrn?: string; policyPackName?: string; passed?: string[] }>);
    const analysed = events.map((e) => e.policyAnalyzeSummaryEvent).filter((e) => e?.resourceUrn?.endsWith('::schema'));
    expect(analysed).toEqual([expect.objectContaining({ policyPackName: 'schemaop', passed: expect.arrayContaining(['schemaop-migration-safety']) })]);
    // The run's passphrase was masked, and is in no file the job left.
    expect(run.masks.length).toBeGreaterThan(0);
    for (const f of ['comment.md', 'preview.json', 'events.jsonl']) {
      const text = await fs.readFile(path.join(artifacts, 'review-dev', f), 'utf8');
      for (const m of run.masks) expect(text).not.toContain(m);
    }
  }, 1_800_000);

  it('drift.yml, job check: a dev stack of this run brought up, then the drift check finds what was changed by hand', async () => {
    // Between the up and the check, a column added by hand: the check must name it.
    const { run, artifacts } = await runDevJob('drift.yml', 'check', {
      github: { event_name: 'schedule', run_id: '4343' },
      beforeStep: async (step, workspace) => {
        if (step.name !== 'pulumi preview --refresh --expect-no-changes') return;
        const url = await embedded.url({ dir: path.join(workspace, '.schemaop', 'pulumi-dev') }, 'app');
        await withClient(url, (c) => c.query('ALTER TABLE public.exchanges ADD COLUMN added_by_hand text'));
      },
    });
    const log = run.transcript;
    expect(outcome(run, 'a dev stack of this run, brought up from the repository')?.outcome, log).toBe('success');
    expect(outcome(run, 'schemaop drift')?.outcome, log).toBe('success');
    expect(run.result, log).toBe('success');
    expect((await fs.readFile(path.join(artifacts, 'drift-dev', 'status'), 'utf8')).trim()).toBe('drifted');
    const drift = await fs.readFile(path.join(artifacts, 'drift-dev', 'drift.md'), 'utf8');
    expect(drift).toContain('added_by_hand');
    expect(drift).toContain('the drift-dev artefact of run 4343');
    for (const m of run.masks) expect(drift).not.toContain(m);
  }, 1_800_000);
});

describe('the local runner', () => {
  const WORKFLOW = `on: push
env:
  A: top
jobs:
  j:
    runs-on: ubuntu-latest
    env:
      B: \${{ matrix.stack }}-job
    outputs:
      out: \${{ steps.one.outputs.x }}
    steps:
      - id: one
        run: |
          echo "x=$A $B" >> "$GITHUB_OUTPUT"
          printf 'multi<<EOF\\nline 1\\nline 2\\nEOF\\n' >> "$GITHUB_OUTPUT"
          echo "C=from-env-file" >> "$GITHUB_ENV"
          mkdir -p bin sub && printf '#!/bin/sh\\necho tool ran\\n' > bin/tool && chmod +x bin/tool
          echo "$PWD/bin" >> "$GITHUB_PATH"
      - if: matrix.stack != 'dev'
        run: exit 3
      - name: in sub
        id: sub
        working-directory: sub
        env:
          D: \${{ steps.one.outputs.multi }}
        run: |
          test "$C" = from-env-file
          echo "where=$(basename "$PWD") $(tool) $(echo "$D" | wc -l)" >> "$GITHUB_OUTPUT"
      - if: failure()
        run: echo "after=failure" >> "$GITHUB_OUTPUT"
      - uses: ACTION
`;
  async function run(stack: string, action = 'someone/known@v1') {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'schemaop-runner-'));
    roots.push(root);
    return runJob({
      workflow: 'wf.yml',
      job: 'j',
      root,
      checkout: (ws) => fs.writeFile(path.join(ws, 'wf.yml'), WORKFLOW.replace('ACTION', action)),
      actions: { 'someone/known@v1': async () => undefined },
      matrix: { stack },
      baseEnv: { PATH: process.env.PATH },
    });
  }

  it('runs steps as GitHub does: if:, env, outputs and the GITHUB_ENV / GITHUB_PATH files, working-directory; a failure skips what follows but failure() steps', async () => {
    const ok = await run('dev');
    expect(ok.result, ok.transcript).toBe('success');
    expect(ok.outputs).toEqual({ out: 'top dev-job' });
    expect(ok.steps.map((s) => s.outcome)).toEqual(['success', 'skipped', 'success', 'skipped', 'success']);
    expect(ok.steps[2].outputs).toEqual({ where: 'sub tool ran 2' });
    const failed = await run('staging');
    expect(failed.result).toBe('failure');
    expect(failed.steps.map((s) => s.outcome)).toEqual(['success', 'failure', 'skipped', 'success', 'skipped']);
    expect(failed.steps[3].outputs).toEqual({ after: 'failure' });
  });

  it('fails on an action it has no local equivalent for', async () => {
    await expect(run('dev', 'someone/unknown@v1')).rejects.toThrow(/uses someone\/unknown@v1, which has no local equivalent/);
  });
});
