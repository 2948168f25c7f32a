// A staging stack on a server the stack does not create (docs/pulumi.md, "Bring your own server"),
// with the real Pulumi CLI, as a user sets it up: Pulumi.staging-existing.yaml of the repository,
// `pulumi stack init`, the admin URL given with `pulumi config set --secret`. The server is the
// cloud-shaped fixture: TLS only, another major than the embedded one, an admin login that is not
// a superuser (LOGIN CREATEROLE CREATEDB, a member of rds_superuser, owner of the database). The project is a copy of the repository's HEAD (git archive) with node_modules
// linked: the steps edit that copy, never the checkout.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteIdent, withClient } from '../../src/db/connect';
import { withDatabase } from '../../src/db/url';
import { projectRoot, toolsBin } from '../../src/util/tools';
import { ADMIN_USER, CloudServer, cloudServer } from '../support/cloud';
import { missingTool } from '../support/tools';

const STACK = 'staging-existing';
let cloud: CloudServer | undefined;
let root: string;
let project: string;
let superUrl: string;
let adminUrl: string;
let database: string;
const transcript: string[] = [];

interface Run {
  code: number;
  out: string;
}

function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd: opts.cwd ?? project, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

const env = (): NodeJS.ProcessEnv => ({
  ...process.env,
  PATH: `${toolsBin()}:${process.env.PATH}`,
  PULUMI_HOME: path.join(root, 'home'),
  PULUMI_BACKEND_URL: `file://${path.join(root, 'state')}`,
  PULUMI_CONFIG_PASSPHRASE: 'e2e passphrase',
  PULUMI_SKIP_UPDATE_CHECK: 'true',
  PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
  PULUMI_SKIP_CONFIRMATIONS: 'true',
  NO_COLOR: '1',
});

async function pulumi(args: string[]): Promise<Run> {
  const r = await run(path.join(toolsBin(), 'pulumi'), [...args, '--non-interactive', '--color', 'never'], { env: env() });
  // What the CLI shows unasked (a secret asked for with --show-secrets is the user's choice).
  if (!args.includes('--show-secrets')) transcript.push(r.out);
  return r;
}
const ok = async (args: string[]) => {
  const r = await pulumi(args);
  expect(r.code, `pulumi ${args.join(' ')}\n${r.out}`).toBe(0);
  return r.out;
};
const fails = async (args: string[]) => {
  const r = await pulumi(args);
  expect(r.code, `pulumi ${args.join(' ')} should fail\n${r.out}`).not.toBe(0);
  return r.out;
};
const sql = async <T = Record<string, unknown>>(q: string, url = superUrl) => withClient(url, async (c) => (await c.query(q)).rows as T[]);
/** An edit as a developer commits it: a change of schema/ comes with its regenerated types (`npx schemaop types`). */
const edit = async (file: string, fn: (s: string) => string) => {
  const p = path.join(project, file);
  await fs.writeFile(p, fn(await fs.readFile(p, 'utf8')));
  if (!file.startsWith('schema/')) return;
  const types = await run(process.execPath, [path.join(project, 'bin', 'schemaop.js'), 'types'], { env: env() });
  expect(types.code, `schemaop types\n${types.out}`).toBe(0);
};

/**
 * The server: the cloud-shaped fixture (test/support/cloud.ts: PostgreSQL 16, TLS only, an admin
 * login that is not a superuser, a member of rds_superuser), a database of this test owned by that
 * admin; the admin URL as the user writes it for a managed server (`sslmode=require`).
 */
async function existingServer(): Promise<void> {
  cloud = await cloudServer();
  database = `byo_${randomBytes(4).toString('hex')}`;
  await withClient(cloud.superuserUrl, (c) => c.query(`CREATE DATABASE ${quoteIdent(database)} OWNER ${quoteIdent(ADMIN_USER)}`));
  superUrl = withDatabase(cloud.superuserUrl, database);
  adminUrl = withDatabase(cloud.adminUrl, database);
}

describe.skipIf(missingTool('pulumi', 'test/e2e/existing-stack.test.ts'))('a staging stack on an existing server, with the real Pulumi CLI', () => {
  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'schemaop-e2e-existing-'));
    // `schemaop types` starts the copy's embedded PostgreSQL, which runs as the postgres system user when the suite runs as root.
    await fs.chmod(root, 0o755);
    project = path.join(root, 'project');
    await fs.mkdir(project);
    await fs.mkdir(path.join(root, 'state'));
    // A copy of the repository's HEAD, as a clone would give it; node_modules linked.
    const archive = await run('sh', ['-c', `git -C "${projectRoot}" archive --format=tar HEAD | tar -x -C "${project}"`], { cwd: root });
    if (archive.code !== 0) throw new Error(`git archive: ${archive.out}`);
    await fs.symlink(path.join(projectRoot, 'node_modules'), path.join(project, 'node_modules'));
    await existingServer();
    await ok(['stack', 'init', STACK]);
    await ok(['config', 'set', '--secret', 'schemaop:server.adminUrl', adminUrl]);
  });
  afterAll(async () => {
    if (cloud) await withClient(cloud.superuserUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`)).catch(() => undefined);
  });

  it('1. up: schema, seed rows, roles and grants on the server; no server created; the admin URL kept as a secret', async () => {
    const stackFile = await fs.readFile(path.join(project, `Pulumi.${STACK}.yaml`), 'utf8');
    expect(stackFile).toMatch(/adminUrl:\s*\n\s*secure: /);
    await ok(['up', '--yes']);
    expect(await sql(`SELECT count(*)::int AS n FROM exchanges`)).toEqual([{ n: 2 }]);
    expect((await sql<{ rolname: string }>(`SELECT rolname FROM pg_roles WHERE rolname LIKE 'staging\\_%' ORDER BY 1`)).length).toBeGreaterThan(0);
    const resources = JSON.parse(await ok(['stack', 'export'])).deployment.resources as { type: string }[];
    expect(resources.filter((r) => r.type.startsWith('aws:') || r.type.endsWith(':EmbeddedDatabase'))).toEqual([]);
    const databaseUrl = JSON.parse(await ok(['stack', 'output', 'databaseUrl', '--show-secrets', '--json'])) as string;
    expect(await sql('SELECT current_user AS u', databaseUrl)).toEqual([{ u: ADMIN_USER }]);
  });

  it('2. nothing diffs: preview --expect-no-changes, refresh, preview', async () => {
    await ok(['preview', '--expect-no-changes']);
    await ok(['refresh', '--yes']);
    await ok(['preview', '--expect-no-changes']);
  });

  it('3. a schema edit with a backfill, previewed and saved (--save-plan), applied from that plan (up --plan) in batches of 10,000 rows', async () => {
    await edit('schema/60_trading.sql', (s) => `${s}\nCREATE TABLE e2e_ticks (id bigint PRIMARY KEY, a int NOT NULL);\n`);
    await ok(['up', '--yes']);
    await sql('INSERT INTO e2e_ticks SELECT g, g FROM generate_series(1, 25000) g');
    await edit('schema/60_trading.sql', (s) => s.replace('CREATE TABLE e2e_ticks (id bigint PRIMARY KEY, a int NOT NULL);', 'CREATE TABLE e2e_ticks (id bigint PRIMARY KEY, a int NOT NULL, d int);'));
    await fs.mkdir(path.join(project, 'schema/backfills'), { recursive: true });
    await fs.writeFile(path.join(project, 'schema/backfills/e2e_ticks_d.sql'), '-- schemaop:backfill e2e_ticks_d\nUPDATE e2e_ticks SET d = a + 1 WHERE d IS NULL;\n');
    const plan = path.join(root, 'plan.json');
    const preview = await ok(['preview', '--diff', '--save-plan', plan]);
    expect(preview).toMatch(/ADD COLUMN (\\?")?d(\\?")? integer/i);
    // The terminal preview shows the plan as `schemaop plan` prints it, batch size included.
    expect(preview).toMatch(/after the transaction in batches of 10000 rows/);
    await ok(['up', '--yes', '--plan', plan]);
    // One transaction per batch of 10,000 rows: 3 for 25,000.
    expect(await sql(`SELECT count(DISTINCT xmin::text)::int AS batches, count(*) FILTER (WHERE d IS NULL)::int AS left FROM e2e_ticks`)).toEqual([{ batches: 3, left: 0 }]);
    await ok(['preview', '--expect-no-changes']);
  });

  it('4. a destructive edit is refused by up and blocked by the policy pack; the rows stay', async () => {
    const WITH_D = 'CREATE TABLE e2e_ticks (id bigint PRIMARY KEY, a int NOT NULL, d int);';
    const BACKFILL = path.join(project, 'schema/backfills/e2e_ticks_d.sql');
    const backfill = await fs.readFile(BACKFILL, 'utf8');
    await edit('schema/60_trading.sql', (s) => s.replace(WITH_D, 'CREATE TABLE e2e_ticks (id bigint PRIMARY KEY, a int NOT NULL);'));
    await fs.rm(BACKFILL);
    try {
      const refused = await fails(['up', '--yes']);
      expect(refused).toMatch(/drop_column/);
      expect(await sql(`SELECT count(d)::int AS n FROM e2e_ticks`)).toEqual([{ n: 25000 }]);
      const blocked = await fails(['preview', '--policy-pack', 'policies']);
      expect(blocked).toMatch(/schemaop-migration-safety/);
      expect(blocked).toMatch(/drop_column on public\.e2e_ticks\.d/);
    } finally {
      // Back to the applied schema, whatever happened.
      await edit('schema/60_trading.sql', (s) => s.replace('CREATE TABLE e2e_ticks (id bigint PRIMARY KEY, a int NOT NULL);', WITH_D));
      await fs.writeFile(BACKFILL, backfill);
    }
    await ok(['preview', '--expect-no-changes']);
  });

  it('5. drift by hand (a seed row edited, an index dropped) is found by refresh and put back by up', async () => {
    // A declared index of its own (not one a constraint owns).
    const [{ index }] = await sql<{ index: string }>(
      `SELECT c.relname AS index FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) ORDER BY 1 LIMIT 1`,
    );
    await sql(`UPDATE exchanges SET display_name = 'edited by hand' WHERE name = 'binance'`);
    await sql(`DROP INDEX ${quoteIdent(index)}`);
    const drift = await fails(['preview', '--refresh', '--expect-no-changes', '--diff']);
    expect(drift).toMatch(/edited by hand/);
    expect(drift).toContain(index);
    await ok(['up', '--refresh', '--yes']);
    expect(await sql(`SELECT display_name FROM exchanges WHERE name = 'binance'`)).toEqual([{ display_name: 'Binance Spot' }]);
    expect(await sql(`SELECT count(*)::int AS n FROM pg_indexes WHERE indexname = '${index}'`)).toEqual([{ n: 1 }]);
    await ok(['preview', '--expect-no-changes']);
  });

  it('6. no admin password in the state, the outputs or anything the CLI printed', async () => {
    const everything = [await ok(['stack', 'export']), await ok(['stack', 'output', '--json']), ...transcript].join('\n');
    const password = cloud!.adminPassword;
    for (const secret of [password, encodeURIComponent(password)]) expect(everything.includes(secret), 'the admin password appears in the state or the output').toBe(false);
  });

  it('7. destroy: the stack stops managing the database; the schema, its rows and the history stay, the declared roles go', async () => {
    await ok(['destroy', '--yes']);
    expect(await sql(`SELECT count(*)::int AS n FROM e2e_ticks`)).toEqual([{ n: 25000 }]);
    expect(await sql(`SELECT count(*)::int AS n FROM exchanges`)).toEqual([{ n: 2 }]);
    expect((await sql<{ n: number }>(`SELECT count(*)::int AS n FROM schemaop.revisions`))[0].n).toBeGreaterThan(0);
    expect(await sql(`SELECT count(*)::int AS n FROM pg_roles WHERE rolname LIKE 'staging\\_%'`)).toEqual([{ n: 0 }]);
  });
});
