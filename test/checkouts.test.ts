// Two checkouts of the project on one machine, each with its embedded database: the README's
// `npm start` in each, as a user runs it. The second gets a port of its own (kept in its
// .schemaop/db); a checkout whose kept port another checkout's server holds gets a message that
// names that checkout and the fix, not PostgreSQL's "could not bind" log, and nothing changes.
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exec } from '../src/util/exec';
import { portTaken } from '../src/util/ports';
import { ROOT } from './support/cli';

const LINKED = ['package.json', 'bin', 'src', 'dist', 'node_modules', 'tsconfig.json'];
const COPIED = ['schema', 'seeds', 'access'];
let root: string;
const checkouts: string[] = [];

/** A copy of the project: its own schema/, seeds/, access/ and .schemaop/, the checkout's code. */
async function checkout(name: string): Promise<string> {
  const dir = path.join(root, name);
  await fs.mkdir(dir);
  for (const f of LINKED) await fs.symlink(path.join(ROOT, f), path.join(dir, f));
  for (const f of COPIED) await fs.cp(path.join(ROOT, f), path.join(dir, f), { recursive: true });
  checkouts.push(dir);
  return dir;
}

// No SCHEMAOP_* variable of the caller's: each checkout finds its own database.
const env = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SCHEMAOP_') && !k.startsWith('npm_'))) as NodeJS.ProcessEnv;
const run = (dir: string, cmd: string, args: string[]) => exec(cmd, args, { cwd: dir, env: { ...env(), NO_COLOR: '1' } });
const schemaop = (dir: string, ...args: string[]) => run(dir, process.execPath, [path.join(dir, 'bin', 'schemaop.js'), ...args]);
const keptPort = async (dir: string) => (JSON.parse(await fs.readFile(path.join(dir, '.schemaop', 'db', 'cluster.json'), 'utf8')) as { port: number }).port;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'schemaop-checkouts-'));
  // As root the servers run as the postgres system user, which must traverse the folders.
  await fs.chmod(root, 0o755);
});

afterAll(async () => {
  for (const dir of checkouts) await schemaop(dir, 'db', 'stop');
  await fs.rm(root, { recursive: true, force: true });
});

describe('two checkouts on one machine', () => {
  it('npm start in each: the second gets its own port, kept; a kept port another checkout holds is named with the fix', async () => {
    const a = await checkout('a');
    const b = await checkout('b');
    const first = await run(a, 'npm', ['start']);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    const portA = await keptPort(a);
    expect(await portTaken(portA)).toBe(true);

    const second = await run(b, 'npm', ['start']);
    expect(second.code, second.stdout + second.stderr).toBe(0);
    const portB = await keptPort(b);
    expect(portB).not.toBe(portA);
    expect(second.stderr).toContain(`created the embedded database in .schemaop/db (port ${portB}, kept there)`);
    // Kept: the next start in b uses it again, and finds nothing to do.
    expect((await schemaop(b, 'db', 'stop')).code).toBe(0);
    const again = await run(b, 'npm', ['start']);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toMatch(/No changes/);
    expect(again.stderr).toContain(`started the embedded database on port ${portB}`);
    expect(await keptPort(b)).toBe(portB);

    // b moved onto a's port (a checkout made before ports were kept had 54329 in both): a clear
    // message, and b keeps its own port.
    expect((await schemaop(b, 'db', 'stop')).code).toBe(0);
    const clash = await schemaop(b, 'db', 'start', '--port', String(portA));
    expect(clash.code).not.toBe(0);
    const message = clash.stderr + clash.stdout;
    console.log(`the message of a start on another checkout's port:\n${message}`);
    expect(message).toContain(`port ${portA} of the embedded database in ${path.join(b, '.schemaop', 'db')} is taken by the embedded database of the checkout ${a}`);
    expect(message).toContain(`in ${a}: \`npx schemaop db stop\``);
    expect(message).toMatch(/move this checkout's database to a free port, once: `npx schemaop db start --port \d+` \(kept in \.schemaop\/db\)/);
    expect(message).not.toMatch(/could not bind|Address already in use|FATAL/);
    expect(await keptPort(b)).toBe(portB);
    expect(await portTaken(portB)).toBe(false);
  }, 240_000);
});
