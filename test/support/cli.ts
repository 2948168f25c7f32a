// Runs the `schemaop` command as a separate process, the way CI and people run it.
import * as path from 'node:path';
import { exec, ExecResult } from '../../src/util/exec';

export const ROOT = path.resolve(__dirname, '../..');

/** `cwd`: the project folder the command runs in (its schemaop.yaml is read there); the repository by default. */
export function schemaop(args: string[], env: Record<string, string> = {}, opts: { cwd?: string } = {}): Promise<ExecResult> {
  return exec(process.execPath, [path.join(ROOT, 'bin/schemaop.js'), ...args], { cwd: opts.cwd ?? ROOT, env: { ...process.env, NO_COLOR: '1', ...env } });
}
