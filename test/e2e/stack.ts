// A dev stack of the real Pulumi CLI in a temporary project: a local file backend, a passphrase
// secrets provider, its own PULUMI_HOME, no plugin download, an OS-assigned port for the embedded
// server. The project links the checkout's code and copies schema/, seeds/ and access/, which the
// steps edit.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { projectRoot, toolsBin } from '../../src/util/tools';
import { freePort } from '../support/ports';

export interface Run {
  code: number;
  /** stdout and stderr interleaved, as a user sees them. */
  out: string;
  stdout: string;
  ms: number;
}

export interface Stack {
  root: string;
  project: string;
  /** The embedded cluster's folder (absolute: every checkout path shares it). */
  dbDir: string;
  port: number;
  pulumi(args: string[], opts?: { cwd?: string; env?: NodeJS.ProcessEnv }): Promise<Run>;
  schemaop(args: string[]): Promise<Run>;
  /** Everything the CLI printed so far (for the no-secret check). */
  transcript: string[];
  /** A second checkout of the same stack at another path. */
  checkout(): Promise<string>;
  setConfig(key: string, value: unknown): Promise<void>;
}

const LINKED = ['index.ts', 'src', 'node_modules', 'package.json', 'tsconfig.json', 'bin'];
const COPIED = ['schema', 'seeds', 'access', 'Pulumi.yaml'];

async function layout(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  for (const f of LINKED) await fs.symlink(path.join(projectRoot, f), path.join(dir, f));
  for (const f of COPIED) await fs.cp(path.join(projectRoot, f), path.join(dir, f), { recursive: true });
  // The policy pack, run by the CLI's legacy analyzer launcher (see policyLauncher).
  await fs.cp(path.join(projectRoot, 'policies'), path.join(dir, 'policies'), { recursive: true });
  await fs.writeFile(path.join(dir, 'policies', 'PulumiPolicy.yaml'), (await fs.readFile(path.join(projectRoot, 'policies', 'PulumiPolicy.yaml'), 'utf8')).replace(/^runtime: nodejs$/m, `runtime: ${POLICY_RUNTIME}`));
}

/**
 * The CLI runs a `runtime: nodejs` policy pack through the Node.js language host's RunPlugin call,
 * which the language host built here (sdk v3.52, the newest the module proxy serves) does not
 * implement ("not supported"). Under another runtime name the CLI starts
 * `pulumi-analyzer-policy-<name>` instead, with the same `run-policy-pack` of @pulumi/pulumi.
 */
const POLICY_RUNTIME = 'schemaop-nodejs';
async function policyLauncher(bin: string): Promise<void> {
  await fs.mkdir(bin, { recursive: true });
  const file = path.join(bin, `pulumi-analyzer-policy-${POLICY_RUNTIME}`);
  await fs.writeFile(file, `#!/bin/sh\nexec "${path.join(toolsBin(), 'pulumi-analyzer-policy')}" "$@"\n`, { mode: 0o755 });
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  const t = Date.now();
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let stdout = '';
    p.stdout.on('data', (d) => ((out += d), (stdout += d)));
    p.stderr.on('data', (d) => (out += d));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code: code ?? 1, out, stdout, ms: Date.now() - t }));
  });
}

export async function devStack(): Promise<Stack> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'schemaop-e2e-'));
  // The embedded server runs as the postgres system user when the suite runs as root: it must traverse root.
  await fs.chmod(root, 0o755);
  const project = path.join(root, 'project');
  const dbDir = path.join(root, 'pgdata');
  const port = await freePort();
  await layout(project);
  const extraBin = path.join(root, 'bin');
  await policyLauncher(extraBin);
  await fs.mkdir(path.join(root, 'state'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${toolsBin()}:${extraBin}:${process.env.PATH}`,
    PULUMI_HOME: path.join(root, 'home'),
    PULUMI_BACKEND_URL: `file://${path.join(root, 'state')}`,
    PULUMI_CONFIG_PASSPHRASE: 'e2e passphrase',
    PULUMI_SKIP_UPDATE_CHECK: 'true',
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
    PULUMI_SKIP_CONFIRMATIONS: 'true',
    NO_COLOR: '1',
  };
  const transcript: string[] = [];
  const stack: Stack = {
    root,
    project,
    dbDir,
    port,
    transcript,
    async pulumi(args, opts) {
      const r = await run(path.join(toolsBin(), 'pulumi'), [...args, '--non-interactive', '--color', 'never'], opts?.cwd ?? project, { ...env, ...opts?.env });
      transcript.push(r.out);
      return r;
    },
    async schemaop(args) {
      const r = await run(process.execPath, [path.join(projectRoot, 'bin', 'schemaop.js'), ...args], project, { ...env, SCHEMAOP_ENV: 'dev' });
      transcript.push(r.out);
      return r;
    },
    async checkout() {
      const dir = path.join(root, 'second-checkout');
      await layout(dir);
      for (const f of ['schema', 'seeds', 'access', 'Pulumi.dev.yaml']) {
        await fs.rm(path.join(dir, f), { recursive: true, force: true });
        await fs.cp(path.join(project, f), path.join(dir, f), { recursive: true });
      }
      return dir;
    },
    async setConfig(key, value) {
      // `pulumi config set` takes one typed leaf at a time (no JSON values): lists and maps go by path.
      if (Array.isArray(value)) {
        for (const [i, v] of value.entries()) await stack.setConfig(`${key}[${i}]`, v);
        return;
      }
      if (value !== null && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) await stack.setConfig(`${key}.${k}`, v);
        return;
      }
      const type = typeof value === 'number' ? (Number.isInteger(value) ? 'int' : 'float') : typeof value === 'boolean' ? 'bool' : 'string';
      const r = await stack.pulumi(['config', 'set', '--path', key, String(value), '--type', type]);
      if (r.code !== 0) throw new Error(`pulumi config set ${key}: ${r.out}`);
    },
  };
  const cfg = {
    config: {
      'schemaop:environment': 'dev',
      'schemaop:local': { dir: dbDir, port },
      'schemaop:database': { name: 'app', schemaDir: 'schema', seedsDir: 'seeds', accessDir: 'access', engine: 'builtin', lockTimeout: '10s', statementTimeout: '0', dropOnDelete: true },
      'schemaop:lint': { online: false },
      'schemaop:seeds': { groupAbove: 25 },
    },
  };
  await fs.writeFile(path.join(project, 'Pulumi.dev.yaml'), stringify(cfg));
  const init = await stack.pulumi(['stack', 'init', 'dev']);
  if (init.code !== 0) throw new Error(`pulumi stack init: ${init.out}`);
  return stack;
}
