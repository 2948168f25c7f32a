// The GitHub workflows pass actionlint (built by `npm run tools`), and keep to the project's rules:
// no permission at the top, the least per job, secrets only through `secrets.` in env or `with:`
// (never pasted into a script), the up of each environment behind its GitHub environment; they
// install what users install (the vendor's Pulumi at the pinned version, no Go build unless a stack
// needs Atlas) and run each stack's job on its own runner. test/workflows runs the jobs themselves.
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { exec } from '../../src/util/exec';
import { projectRoot, toolPath } from '../../src/util/tools';
import { missingTool } from '../support/tools';

const DIR = path.resolve(__dirname, '../../.github/workflows');

type Step = { run?: string; uses?: string; with?: Record<string, unknown>; 'working-directory'?: string };
type Job = { permissions?: Record<string, string>; environment?: string; steps?: Step[]; uses?: string; 'runs-on'?: string; strategy?: { matrix?: { include?: Record<string, string>[] } }; with?: Record<string, string> };
type Workflow = { permissions?: Record<string, string>; jobs: Record<string, Job> };

async function workflows(): Promise<[string, Workflow][]> {
  const names = (await fs.readdir(DIR)).filter((n) => n.endsWith('.yml')).sort();
  return Promise.all(names.map(async (n) => [n, parse(await fs.readFile(path.join(DIR, n), 'utf8')) as Workflow] as [string, Workflow]));
}

describe('GitHub workflows', () => {
  it.skipIf(missingTool('actionlint', 'test/report/workflows.test.ts (actionlint)'))('pass actionlint', async () => {
    const files = (await workflows()).map(([n]) => path.join(DIR, n));
    expect(files.length).toBeGreaterThanOrEqual(4);
    const r = await exec(toolPath('actionlint'), ['-no-color', ...files]);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it.skipIf(missingTool('actionlint', 'test/report/workflows.test.ts (actionlint)'))('actionlint rejects a broken workflow (the check can fail)', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'schemaop-workflow-'));
    const bad = path.join(dir, 'bad.yml');
    await fs.writeFile(bad, 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.evnt.name }}\n');
    const r = await exec(toolPath('actionlint'), ['-no-color', bad]);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toMatch(/evnt/);
  });

  it('grant no permission at the top and the least per job; secrets never inside scripts', async () => {
    for (const [name, wf] of await workflows()) {
      expect(wf.permissions, name).toEqual({});
      for (const [id, job] of Object.entries(wf.jobs)) {
        expect(job.permissions, `${name}: ${id}`).toBeDefined();
        expect(Object.values(job.permissions!).every((v) => v === 'read' || v === 'write' || v === 'none'), `${name}: ${id}`).toBe(true);
        for (const s of job.steps ?? []) expect(s.run ?? '', `${name}: ${id}`).not.toMatch(/\$\{\{\s*secrets\./);
      }
    }
    const jobs = Object.fromEntries((await workflows()).flatMap(([n, wf]) => Object.entries(wf.jobs).map(([id, j]) => [`${n}:${id}`, j])));
    // Only the comment job writes to pull requests, only the issue job to issues.
    expect(Object.entries(jobs).filter(([, j]) => j.permissions?.['pull-requests'] === 'write').map(([k]) => k)).toEqual(['preview.yml:comment']);
    expect(Object.entries(jobs).filter(([, j]) => j.permissions?.issues === 'write').map(([k]) => k)).toEqual(['drift.yml:issue']);
  });

  it('deploy: staging, then prod (dev is a preview target only), each `up` of its saved plan behind its environment', async () => {
    const all = Object.fromEntries(await workflows());
    const deploy = all['deploy.yml'];
    expect(Object.keys(deploy.jobs)).toEqual(['staging', 'prod']);
    expect((deploy.jobs.prod as { needs?: string }).needs).toBe('staging');
    const stack = all['deploy-stack.yml'];
    expect(stack.jobs.up.environment).toBe('${{ inputs.stack }}');
    const scripts = (j: Job) => (j.steps ?? []).map((s) => s.run ?? '').join('\n');
    expect(scripts(stack.jobs.plan)).toMatch(/pulumi preview .*--policy-pack policies --save-plan/);
    expect(scripts(stack.jobs.up)).toMatch(/pulumi up .*--plan "plan-\$STACK.json"/);
    expect(scripts(all['drift.yml'].jobs.check)).toMatch(/pulumi preview .*--refresh --expect-no-changes/);
    expect(scripts(all['drift.yml'].jobs.check)).toMatch(/schemaop drift/);
    expect(scripts(all['preview.yml'].jobs.comment)).toContain('<!-- schemaop:report stack=$STACK -->');
  });

  it('install what users install: npm ci of the project, the vendor\'s Pulumi at the version tools.json pins, Go only for a stack on Atlas', async () => {
    const tools = JSON.parse(await fs.readFile(path.join(projectRoot, 'tools', 'tools.json'), 'utf8')) as { tools: { name: string; version: string }[] };
    const pinned = tools.tools.find((t) => t.name === 'pulumi')!.version.replace(/^v/, '');
    const stacks = (await fs.readdir(projectRoot)).filter((f) => /^Pulumi\.\w+\.yaml$/.test(f));
    const atlas = [];
    for (const f of stacks) if (/^\s*engine:\s*atlas\b/m.test(await fs.readFile(path.join(projectRoot, f), 'utf8'))) atlas.push(f);
    let pulumiJobs = 0;
    for (const [name, wf] of await workflows()) {
      for (const [id, job] of Object.entries(wf.jobs)) {
        const steps = job.steps ?? [];
        const scripts = steps.map((s) => s.run ?? '').join('\n');
        // No Pulumi built from source: at most Atlas, when a stack needs it.
        expect(scripts, `${name}: ${id}`).not.toMatch(atlas.length ? /npm run tools(?! atlas\s*$)|go (build|install)/m : /npm run tools|go (build|install)/);
        expect(steps.filter((s) => s['working-directory'] === 'policies'), `${name}: ${id}`).toEqual([]);
        for (const s of steps.filter((s) => s.uses?.startsWith('actions/setup-node@'))) expect(s.with?.cache, `${name}: ${id}`).toBe('npm');
        if (!/^\s*pulumi /m.test(scripts)) continue;
        pulumiJobs++;
        const cli = steps.filter((s) => s.uses?.startsWith('pulumi/actions@'));
        expect(cli.map((s) => String(s.with?.['pulumi-version'])), `${name}: ${id}`).toEqual([pinned]);
        expect(steps.findIndex((s) => s.uses?.startsWith('pulumi/actions@'))).toBeLessThan(steps.findIndex((s) => /^\s*pulumi /m.test(s.run ?? '')));
        // Atlas is built from its Go module: Go and its caches, keyed on the pinned versions, only when a stack needs it.
        const go = steps.filter((s) => s.uses?.startsWith('actions/setup-go@'));
        if (atlas.length === 0) expect(go, `${name}: ${id}`).toEqual([]);
        else expect(go.map((s) => String(s.with?.['cache-dependency-path'])).join(), `${name}: ${id}`).toContain('tools/tools.json');
      }
    }
    expect(pulumiJobs).toBe(4);
  });

  it('each stack runs on its runner: dev on an ephemeral one, staging and prod where RUNNER_STAGING / RUNNER_PROD say, else GitHub\'s', async () => {
    const all = Object.fromEntries(await workflows());
    for (const [name, id] of [['preview.yml', 'preview'], ['drift.yml', 'check']] as const) {
      const job = all[name].jobs[id];
      expect(job['runs-on'], name).toBe('${{ fromJSON(matrix.runner) }}');
      expect(job.strategy?.matrix?.include, name).toEqual([
        { stack: 'dev', runner: '"ubuntu-latest"' },
        { stack: 'staging', runner: `\${{ vars.RUNNER_STAGING || '"ubuntu-latest"' }}` },
        { stack: 'prod', runner: `\${{ vars.RUNNER_PROD || '"ubuntu-latest"' }}` },
      ]);
    }
    const deploy = all['deploy.yml'];
    expect(deploy.jobs.staging.with?.runner).toBe(`\${{ vars.RUNNER_STAGING || '"ubuntu-latest"' }}`);
    expect(deploy.jobs.prod.with?.runner).toBe(`\${{ vars.RUNNER_PROD || '"ubuntu-latest"' }}`);
    for (const j of Object.values(all['deploy-stack.yml'].jobs)) expect(j['runs-on']).toBe('${{ fromJSON(inputs.runner) }}');
  });
});
