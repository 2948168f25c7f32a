// The dev database's server: a remote target's schema files never reach the target's server; the
// embedded PostgreSQL of the same major version builds the dev database instead.
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as embedded from '../src/db/embedded';
import { devServerFor, embeddedServerMajor, isLocalHost } from '../src/engine/dev-server';
import { plan } from '../src/engine/plan';
import { freshDatabase, query } from './support/db';
import { schemaDir } from './support/schema';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) {
    await embedded.stop({ dir }).catch(() => undefined);
    await fs.rm(dir, { recursive: true, force: true });
  }
});

describe('the dev database server', () => {
  it('local hosts: loopback names and addresses and socket folders; anything else is remote', () => {
    for (const h of ['localhost', '127.0.0.1', '127.1.2.3', '[::1]', '::1', '/var/run/postgresql', '', 'db.localhost']) expect(isLocalHost(h), h).toBe(true);
    for (const h of ['db.example.com', '10.0.0.5', 'mydb.abc123.eu-west-1.rds.amazonaws.com', 'localhost.example.com']) expect(isLocalHost(h), h).toBe(false);
  });

  it('a local target builds it on its own server; --dev-url chooses; `target` forces the target', async () => {
    const url = await freshDatabase();
    expect(await devServerFor(url)).toBeUndefined();
    expect(await devServerFor(url, { devUrl: 'postgres://u@elsewhere:5432/postgres' })).toBe('postgres://u@elsewhere:5432/postgres');
    expect(await devServerFor(url, { devUrl: 'target', remote: true })).toBeUndefined();
  });

  it('a remote target: the embedded PostgreSQL of its major version builds the dev database, the target server is never asked to create one', async () => {
    // A target role that may not create databases: planning on its own server fails (exit 3).
    const role = `remote_${Math.random().toString(36).slice(2, 8)}`;
    const base = await freshDatabase();
    await query(base, `CREATE ROLE ${role} LOGIN PASSWORD 'remote-secret' NOCREATEDB`);
    const db = await freshDatabase('CREATE TABLE t (id int PRIMARY KEY);');
    await query(db, `ALTER DATABASE "${new URL(db).pathname.slice(1)}" OWNER TO ${role}; ALTER TABLE t OWNER TO ${role}`);
    const target = Object.assign(new URL(db), { username: role, password: 'remote-secret' }).toString();
    const dir = await schemaDir({ '10.sql': 'CREATE TABLE t (id int PRIMARY KEY, note text);' });
    const onTarget = await plan({ url: target, schemaDir: dir }).catch((e: { exitCode?: number; message: string }) => e);
    expect(onTarget).toMatchObject({ exitCode: 3, message: expect.stringMatching(/cannot create the scratch dev database/) });

    const cluster = await fs.mkdtemp(path.join(os.tmpdir(), 'schemaop-devserver-'));
    await fs.chmod(cluster, 0o755); // the server runs as the postgres system user
    dirs.push(cluster);
    const said: string[] = [];
    const devUrl = await devServerFor(target, { remote: true, dir: cluster, say: (m) => said.push(m) });
    expect(devUrl, said.join('\n')).toBeDefined();
    expect(new URL(devUrl!).port).not.toBe(new URL(target).port);
    expect(said.join('\n')).toMatch(new RegExp(`started the embedded PostgreSQL ${await embeddedServerMajor()} in ${cluster}`));
    const p = await plan({ url: target, devUrl, schemaDir: dir });
    expect(p.statements.map((s) => s.sql)).toEqual([expect.stringMatching(/ADD COLUMN "?note"? text/i)]);
    // Reused: the second plan finds the cluster running.
    expect(await devServerFor(target, { remote: true, dir: cluster })).toBe(devUrl);
  });
});
