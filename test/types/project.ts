// A copy of the repository's project (schema/, seeds/, schemaop.yaml, generated/) in a temp
// folder, and the `schemaop` command run in it the way a developer runs it there.
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { exec, type ExecResult } from '../../src/util/exec';
import { ROOT } from '../support/cli';

export const COPIED = ['schema', 'seeds', 'schemaop.yaml', 'generated'];

export async function projectCopy(files: Record<string, string> = {}, copied = COPIED): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'schemaop-types-'));
  for (const f of copied) await fs.cp(path.join(ROOT, f), path.join(dir, f), { recursive: true });
  for (const [f, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, f)), { recursive: true });
    await fs.writeFile(path.join(dir, f), text);
  }
  return dir;
}

/** `schemaop ARGS` in `cwd`; CI is unset unless `env` sets it. */
export function schemaopIn(cwd: string, args: string[], env: Record<string, string> = {}): Promise<ExecResult> {
  return exec(process.execPath, [path.join(ROOT, 'bin/schemaop.js'), ...args], { cwd, env: { ...process.env, NO_COLOR: '1', CI: '', ...env } });
}

export const read = (dir: string, f: string) => fs.readFile(path.join(dir, f), 'utf8');
