// The GitHub workflows pass actionlint (built by `npm run tools`), and keep to the project's rules:
// no permission at the top, the least per job, secrets only through `secrets.` in env or `with:`
// (never pasted into a script), the up of each environment behind its GitHub environment.
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { exec } from '../../src/util/exec';
import { toolPath } from '../../src/util/tools';

const DIR = path.resolve(__dirname, '../../.github/workflows');

type Job = { permissions?: Record<string, string>; environment?: string; steps?: { run?: string }[]; uses?: string };
type Workflow = { permissions?: Record<string, string>; jobs: Record<string, Job> };

async function workflows(): Promise<[string, Workflow][]> {
  const names = (await fs.readdir(DIR)).filter((n) => n.endsWith('.yml')).sort();
  return Promise.all(names.map(async (n) => [n, parse(await fs.readFile(path.join(DIR, n), 'utf8')) as Workflow] as [string, Workflow]));
}

describe('GitHub workflows', () => {
  it('pass actionlint', async () => {
    const files = (await workflows()).map(([n]) => path.join(DIR, n));
    expect(files.length).toBeGreaterThanOrEqual(4);
    const r = await exec(toolPath('actionlint'), ['-no-color', ...files]);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('actionlint rejects a broken workflow (the check can fail)', async () => {
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

  it('deploy: dev, then staging, then prod, each `up` of its saved plan behind its environment', async () => {
    const all = Object.fromEntries(await workflows());
    const deploy = all['deploy.yml'];
    expect(Object.keys(deploy.jobs)).toEqual(['dev', 'staging', 'prod']);
    expect((deploy.jobs.staging as { needs?: string }).needs).toBe('dev');
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
});
