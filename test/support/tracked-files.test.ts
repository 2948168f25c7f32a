// The guard that every test run ends with (tracked-files.ts, a global setup of each vitest
// config): an edit, a deletion or a new tracked file in a checkout is named; untracked files are not.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect, it } from 'vitest';
import { changedFiles, trackedFiles } from './tracked-files';

const git = (cwd: string, ...args: string[]) => expect(spawnSync('git', args, { cwd }).status).toBe(0);

it('names the tracked files a run changed or deleted, and only those', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'schemaop-guard-'));
  await fs.mkdir(path.join(dir, 'policies'));
  await fs.writeFile(path.join(dir, 'policies', 'PulumiPolicy.yaml'), 'runtime: nodejs\n');
  await fs.writeFile(path.join(dir, 'Pulumi.dev.yaml'), 'config: {}\n');
  git(dir, 'init', '-q');
  git(dir, 'add', '.');
  const before = trackedFiles(dir)!;
  expect([...before.keys()].sort()).toEqual(['Pulumi.dev.yaml', 'policies/PulumiPolicy.yaml']);
  await fs.writeFile(path.join(dir, 'policies', 'PulumiPolicy.yaml'), 'runtime: other\n');
  await fs.rm(path.join(dir, 'Pulumi.dev.yaml'));
  await fs.writeFile(path.join(dir, 'scratch.txt'), 'untracked\n');
  expect(changedFiles(before, trackedFiles(dir)!)).toEqual(['Pulumi.dev.yaml', 'policies/PulumiPolicy.yaml']);
  await fs.rm(dir, { recursive: true, force: true });
});

it('is silent outside a git checkout', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'schemaop-guard-'));
  expect(trackedFiles(dir)).toBeUndefined();
  await fs.rm(dir, { recursive: true, force: true });
});
