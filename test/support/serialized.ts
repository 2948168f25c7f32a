// The dynamic providers as Pulumi runs them: serialised as `pulumi up` does
// (test/pulumi/serialize-providers.js), then run by a fresh plain `node` as Pulumi's provider host
// runs them (test/pulumi/run-serialized.js).
import { execFile } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
const SCRIPTS = path.join(ROOT, 'test/pulumi');

/** Serialises every provider into a new folder; `host` runs one of them. */
export async function serializedProviders(): Promise<{ texts: Record<string, string>; host: (name: string, steps: unknown[][], cwd?: string) => Promise<{ results: unknown[]; stdout: string; stderr: string }> }> {
  const { stdout } = await run(process.execPath, [path.join(SCRIPTS, 'serialize-providers.js')], { cwd: ROOT, maxBuffer: 1 << 24 });
  const texts = JSON.parse(stdout) as Record<string, string>;
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'schemaop-serialized-'));
  for (const [name, text] of Object.entries(texts)) await fs.writeFile(path.join(dir, `${name}.js`), text);
  return {
    texts,
    /** Runs methods of a serialised provider in a fresh `node`; "$id" / "$outs" stand for the last create's or read's. */
    async host(name, steps, cwd = ROOT) {
      const env = { ...process.env, NODE_OPTIONS: '' };
      const r = await run(process.execPath, [path.join(SCRIPTS, 'run-serialized.js'), path.join(dir, `${name}.js`), JSON.stringify(steps)], { cwd, env, maxBuffer: 1 << 24 });
      return { results: JSON.parse(r.stdout), stdout: r.stdout, stderr: r.stderr };
    },
  };
}

/** Where a test database is; its password reaches the provider's process as an environment variable, never as an input. */
export function serializedTarget(url: string, variable = 'SCHEMAOP_SERIALIZED_TEST_PASSWORD') {
  const u = new URL(url);
  process.env[variable] = decodeURIComponent(u.password);
  return { host: u.hostname, port: Number(u.port), user: decodeURIComponent(u.username), database: u.pathname.slice(1), sslmode: 'disable', credentials: { kind: 'env', variable } };
}
