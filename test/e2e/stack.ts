// The dev stack as a user runs it: a copy of this checkout's tracked files at another path (the
// steps edit schema/, seeds/ and access/ there, never here), with this checkout's node_modules (what
// `npm ci` installs from the same lockfile). Commands run with the repository's own Pulumi.yaml,
// Pulumi.dev.yaml and policies/ as they are. The user's environment is a temporary HOME and
// PULUMI_HOME (Pulumi's plugins, workspaces, logins), the built tools first on PATH, and what CI sets: no
// prompt (PULUMI_SKIP_CONFIRMATIONS), no plugin download, no colour. The passphrase is the one the
// walkthrough exports.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { keptPort } from '../../src/db/embedded';
import { DEV_STACK_PORT } from '../../src/infra/dev';
import { projectRoot, toolsBin } from '../../src/util/tools';

export interface Run {
  code: number;
  /** stdout and stderr interleaved, as a user sees them. */
  out: string;
  stdout: string;
  ms: number;
}

export interface Stack {
  root: string;
  /** The checkout the commands run in. */
  project: string;
  /** The embedded cluster's folder (Pulumi.dev.yaml's `local.dir` in the checkout). */
  dbDir: string;
  /** The server's port: Pulumi.dev.yaml's `local.port` when it pins one, else the one its folder keeps. */
  port: number;
  /** The user's environment (HOME, PATH, the passphrase). */
  env: NodeJS.ProcessEnv;
  pulumi(args: string[], opts?: { cwd?: string; env?: NodeJS.ProcessEnv }): Promise<Run>;
  /** One line of a shell block (docs/pulumi.md), run by bash as the user types it. */
  shell(line: string, opts?: { cwd?: string }): Promise<Run>;
  schemaop(args: string[]): Promise<Run>;
  /** Everything the CLI printed so far (for the no-secret check). */
  transcript: string[];
  /** Moves the checkout (its stopped dev server's folder with it) to another path. */
  move(): Promise<void>;
  setConfig(key: string, value: unknown): Promise<void>;
}

/** Copies the tracked files of this checkout, as they are in the working tree, to `dir`. */
async function copyCheckout(dir: string): Promise<void> {
  const ls = spawnSync('git', ['ls-files', '-z'], { cwd: projectRoot, encoding: 'utf8' });
  if (ls.status !== 0) throw new Error(`git ls-files: ${ls.stderr}`);
  for (const f of ls.stdout.split('\0').filter(Boolean)) {
    const from = path.join(projectRoot, f);
    if (!(await fs.stat(from).then((s) => s.isFile(), () => false))) continue; // deleted in the working tree
    await fs.mkdir(path.dirname(path.join(dir, f)), { recursive: true });
    await fs.copyFile(from, path.join(dir, f));
  }
  await fs.symlink(path.join(projectRoot, 'node_modules'), path.join(dir, 'node_modules'));
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

/** The dev stack's settings from the repository's Pulumi.dev.yaml. */
export function devStackFile(): { dir: string; port?: number } {
  const doc = parse(readFileSync(path.join(projectRoot, 'Pulumi.dev.yaml'), 'utf8')) as { config: Record<string, { dir: string; port?: number }> };
  return doc.config['schemaop:local'];
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

export async function devStack(): Promise<Stack> {
  const local = devStackFile();
  if (local.port !== undefined && !(await portFree(local.port))) {
    throw new Error(`port ${local.port} (Pulumi.dev.yaml's schemaop:local.port) is in use: another dev stack runs on this machine; stop it (pulumi destroy, or stop its embedded server) before the e2e suite`);
  }
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'schemaop-e2e-'));
  // The embedded server runs as the postgres system user when the suite runs as root: it must traverse root.
  await fs.chmod(root, 0o755);
  const project = path.join(root, 'project');
  await copyCheckout(project);
  const home = path.join(root, 'home');
  await fs.mkdir(home);
  const env: NodeJS.ProcessEnv = {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PULUMI_'))),
    HOME: home,
    PULUMI_HOME: path.join(home, '.pulumi'),
    PATH: `${toolsBin()}:${process.env.PATH}`,
    PULUMI_SKIP_UPDATE_CHECK: 'true',
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
    PULUMI_SKIP_CONFIRMATIONS: 'true',
    NO_COLOR: '1',
  };
  const transcript: string[] = [];
  const stack: Stack = {
    root,
    project,
    dbDir: path.resolve(project, local.dir),
    // The port the program will take: the one the stack's folder keeps, chosen now as it would (54339 when free).
    port: local.port ?? (await keptPort(path.resolve(project, local.dir), DEV_STACK_PORT)),
    env,
    transcript,
    async pulumi(args, opts) {
      const r = await run(path.join(toolsBin(), 'pulumi'), args, opts?.cwd ?? stack.project, { ...env, ...opts?.env });
      transcript.push(r.out);
      return r;
    },
    async shell(line, opts) {
      // What an `export` line sets stays for the next commands, as in the user's shell.
      const envFile = path.join(root, 'shell-env');
      const r = await run('bash', ['-c', `${line}\nstatus=$?; env -0 > "${envFile}"; exit $status`], opts?.cwd ?? stack.project, env);
      if (/^export /.test(line.trim())) {
        for (const kv of (await fs.readFile(envFile, 'utf8')).split('\0').filter(Boolean)) env[kv.slice(0, kv.indexOf('='))] = kv.slice(kv.indexOf('=') + 1);
      }
      transcript.push(r.out);
      return r;
    },
    async schemaop(args) {
      const r = await run(process.execPath, [path.join(stack.project, 'bin', 'schemaop.js'), ...args], stack.project, { ...env, SCHEMAOP_ENV: 'dev' });
      transcript.push(r.out);
      return r;
    },
    async move() {
      const to = path.join(root, 'moved-checkout');
      await fs.rename(stack.project, to);
      stack.project = to;
      stack.dbDir = path.resolve(to, local.dir);
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
  return stack;
}

/**
 * The shell blocks of docs/pulumi.md that the suite runs (info string `sh e2e`), in order, each as
 * its heading and its command lines (comments after `#` kept: bash ignores them).
 */
export function walkthrough(): { heading: string; lines: string[] }[] {
  const md = readFileSync(path.join(projectRoot, 'docs', 'pulumi.md'), 'utf8');
  const blocks: { heading: string; lines: string[] }[] = [];
  let heading = '';
  let inBlock: string[] | undefined;
  for (const line of md.split('\n')) {
    if (inBlock) {
      if (line.startsWith('```')) {
        blocks.push({ heading, lines: inBlock.filter((l) => l.trim() && !l.trim().startsWith('#')) });
        inBlock = undefined;
      } else inBlock.push(line);
    } else if (/^#{2,4} /.test(line)) heading = line.replace(/^#+ /, '');
    else if (/^```sh e2e\s*$/.test(line)) inBlock = [];
  }
  return blocks;
}
