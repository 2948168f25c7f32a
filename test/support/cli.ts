// Runs the `schemaop` command as a separate process, the way CI and people run it.
import * as path from 'node:path';
import { exec, ExecResult } from '../../src/util/exec';

export const ROOT = path.resolve(__dirname, '../..');

export function schemaop(args: string[], env: Record<string, string> = {}): Promise<ExecResult> {
  return exec(process.execPath, [path.join(ROOT, 'bin/schemaop.js'), ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env } });
}
