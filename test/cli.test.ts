// The `schemaop` command as CI and people use it: a separate process, exit codes, output formats.
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { schemaop } from './support/cli';
import { freshDatabase, query } from './support/db';
import { freePort } from './support/ports';
import { schemaDir } from './support/schema';

const TABLE = 'CREATE TABLE notes (id int PRIMARY KEY, body text);\n';
const passwordOf = (url: string) => decodeURIComponent(new URL(url).password);

describe('schemaop command', () => {
  it('plan exits 2 with pending changes and 0 once applied; apply needs approval without a terminal', async () => {
    const url = await freshDatabase();
    const dir = await schemaDir({ '10.sql': TABLE });
    const plan = await schemaop(['plan', '--url', url, '--schema', dir]);
    expect(plan.code).toBe(2);
    expect(plan.stdout).toMatch(/create table "public"\."notes"/);
    // One statement: the new table is created with its primary key inline.
    expect(plan.stdout).toMatch(/Plan [0-9a-f]{16}: 1 statement\b/);
    const hash = /Plan ([0-9a-f]{16})/.exec(plan.stdout)![1];

    const refused = await schemaop(['apply', '--url', url, '--schema', dir]);
    expect(refused.code).toBe(9);
    expect(refused.stderr).toMatch(/refusing to apply without confirmation: no terminal.*--auto-approve/);
    expect(await query(url, "SELECT 1 FROM pg_class WHERE relname = 'notes'")).toEqual([]);

    const applied = await schemaop(['apply', '--url', url, '--schema', dir, '--auto-approve', '--plan-hash', hash]);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(/Applied revision 1/);
    const again = await schemaop(['plan', '--url', url, '--schema', dir]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/No changes/);
    for (const r of [plan, refused, applied, again]) expect(r.stdout + r.stderr).not.toContain(passwordOf(url));
  });

  it('--format json prints a machine-readable plan', async () => {
    const url = await freshDatabase();
    const r = await schemaop(['plan', '--url', url, '--schema', await schemaDir({ '10.sql': TABLE }), '--format', 'json']);
    expect(r.code).toBe(2);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ changes: true, engine: 'builtin' });
    expect(json.statements[0]).toMatchObject({ kind: 'create_table', object: 'public.notes', transactional: true, deletesData: false, sql: expect.stringMatching(/^create table/) });
    // A new table is one CREATE TABLE with its constraints inline (no separate index and constraint).
    expect(json.statements.map((s: { kind: string }) => s.kind)).toEqual(['create_table']);
    expect(json.statements[0].sql).toMatch(/primary key/i);
    expect(json.target).not.toContain(passwordOf(url));
    expect(json.target).toContain('***');
  });

  it('reports an invalid schema file as file:line:column with exit code 6', async () => {
    const url = await freshDatabase();
    const r = await schemaop(['plan', '--url', url, '--schema', await schemaDir({ '10_bad.sql': 'CREATE TABLE t (\n  id int,\n  oops\n);' })]);
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(/10_bad\.sql:4:1: syntax error at or near "\)"/);
  });

  it('says clearly when the database cannot be reached, without the password', async () => {
    const url = 'postgres://app:s3cret-pw@127.0.0.1:1/app';
    const r = await schemaop(['plan', '--url', url, '--schema', await schemaDir({ '10.sql': TABLE })]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/cannot connect to postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/app: connection refused/);
    expect(r.stderr).not.toContain('s3cret-pw');
  });

  it('rejects unknown commands and options with usage exit code 64', async () => {
    expect((await schemaop(['frobnicate'])).code).toBe(64);
    const r = await schemaop(['plan', '--no-such-flag']);
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(/Unknown option '--no-such-flag'/);
    expect((await schemaop(['plan', '--format', 'yaml'])).stderr).toMatch(/--format must be text, json or markdown/);
    expect((await schemaop(['apply', '--lock-timeout', 'soon', '--url', 'postgres://x@127.0.0.1:1/x'])).code).toBe(64);
    const help = await schemaop(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Exit codes:/);
  });

  it('history, status, inspect and baseline work from the command line', async () => {
    const url = await freshDatabase(TABLE);
    const dir = await schemaDir({ '10.sql': TABLE });
    const base = await schemaop(['baseline', '--url', url, '--schema', dir]);
    expect(base.code).toBe(0);
    expect(base.stdout).toMatch(/Recorded revision 1 as the baseline.*nothing was changed/s);
    expect(base.stdout).toMatch(/describes this database exactly/);
    const st = await schemaop(['status', '--url', url, '--schema', dir]);
    expect(st.stdout).toMatch(/at revision 1 \(baseline by /);
    expect(st.stdout).toMatch(/live schema: unchanged/);
    const hist = await schemaop(['history', '--url', url, '--format', 'json']);
    expect(JSON.parse(hist.stdout)).toMatchObject([{ id: 1, kind: 'baseline', outcome: 'baseline' }]);
    const out = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'inspect-')), 'schema.sql');
    const insp = await schemaop(['inspect', '--url', url, '--out', out]);
    expect(insp.code).toBe(0);
    expect(await fs.readFile(out, 'utf8')).toMatch(/create table "public"\."notes"/);
  });

  it('--exclude leaves objects alone in plan and inspect; a bad pattern is a usage error', async () => {
    const url = await freshDatabase(`${TABLE}CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY); CREATE INDEX alembic_idx ON alembic_version (version_num);`);
    const dir = await schemaDir({ '10.sql': TABLE });
    const planned = await schemaop(['plan', '--url', url, '--schema', dir, '--env', 'dev']);
    expect(planned.stdout).toMatch(/alembic_version/);
    const kept = await schemaop(['plan', '--url', url, '--schema', dir, '--env', 'dev', '--exclude', 'public.alembic_*']);
    expect(kept.code, kept.stdout + kept.stderr).toBe(0);
    expect(kept.stdout).toMatch(/No changes/);
    const insp = await schemaop(['inspect', '--url', url, '--exclude', 'public.alembic_version']);
    expect(insp.code).toBe(0);
    expect(insp.stdout).toMatch(/create table "public"\."notes"/);
    expect(insp.stdout).not.toMatch(/alembic/);
    const bad = await schemaop(['plan', '--url', url, '--schema', dir, '--exclude', 'alembic_version']);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toMatch(/--exclude: an object pattern is schema\.name/);
  });
});

describe('schema files as their authors ship them', () => {
  it('a pg_dump file (plpgsql boilerplate, session SETs) and CREATE INDEX CONCURRENTLY plan, apply and converge', async () => {
    const url = await freshDatabase();
    const dir = await schemaDir({
      '00_dump.sql': [
        'SET statement_timeout = 0;',
        "SELECT pg_catalog.set_config('search_path', '', false);",
        'CREATE EXTENSION IF NOT EXISTS plpgsql WITH SCHEMA pg_catalog;',
        "COMMENT ON EXTENSION plpgsql IS 'PL/pgSQL procedural language';",
        'CREATE TABLE public.orders (id bigint NOT NULL, customer int, placed_at timestamptz);',
        '',
        'CREATE INDEX CONCURRENTLY orders_customer ON public.orders (customer);',
        "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS orders_id ON public.orders (id);",
      ].join('\n'),
    });
    const plan = await schemaop(['plan', '--url', url, '--schema', dir]);
    expect(plan.code, plan.stderr).toBe(2);
    expect(plan.stdout).toMatch(/CREATE INDEX orders_customer ON public\.orders USING btree \(customer\)/i);
    expect(plan.stdout).not.toMatch(/plpgsql/);
    const applied = await schemaop(['apply', '--url', url, '--schema', dir, '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);
    expect((await query(url, "SELECT indexname FROM pg_indexes WHERE tablename = 'orders' ORDER BY 1")).map((r) => r.indexname)).toEqual(['orders_customer', 'orders_id']);
    expect((await schemaop(['plan', '--url', url, '--schema', dir])).stdout).toMatch(/No changes/);
  });

  it('an error in a file run statement by statement is still located at its line', async () => {
    const url = await freshDatabase();
    const dir = await schemaDir({ '10.sql': 'CREATE TABLE t (id int);\nCREATE INDEX CONCURRENTLY t_x ON t (x);\n' });
    const plan = await schemaop(['plan', '--url', url, '--schema', dir]);
    expect(plan.code).toBe(6);
    expect(plan.stderr).toMatch(/10\.sql:2:\d+: .*column "x" does not exist/);
  });

  it("a comment on plpgsql other than the one it has is PostgreSQL's to refuse, located", async () => {
    const url = await freshDatabase();
    const dir = await schemaDir({ '10.sql': "CREATE TABLE t (id int);\nCOMMENT ON EXTENSION plpgsql IS 'mine';\n" });
    const plan = await schemaop(['plan', '--url', url, '--schema', dir]);
    expect(plan.code).toBe(6);
    expect(plan.stderr).toMatch(/10\.sql:2:1: must be owner of extension plpgsql/);
  });
});

describe('embedded database', () => {
  it('db start, status, url and stop manage a persistent local PostgreSQL', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'schemaop-embedded-'));
    await fs.chmod(dir, 0o755);
    const port = String(await freePort());
    const flags = ['--db-dir', dir, '--port', port];
    try {
      expect((await schemaop(['db', 'status', ...flags])).code).toBe(3);
      const start = await schemaop(['db', 'start', ...flags]);
      expect(start.stdout, start.stderr).toMatch(new RegExp(`embedded database started on port ${port}`));
      // The server outlives the command that started it.
      const st = await schemaop(['db', 'status', ...flags]);
      expect(st.code).toBe(0);
      expect(st.stdout).toMatch(new RegExp(`running on port ${port}`));
      const url = (await schemaop(['db', 'url', ...flags])).stdout.trim();
      expect(url).toMatch(new RegExp(`^postgres://postgres:.+@127\\.0\\.0\\.1:${port}/app$`));
      expect(await query(url, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
      expect((await schemaop(['db', 'start', ...flags])).stdout).toMatch(/already running/);
      expect((await schemaop(['db', 'stop', ...flags])).stdout).toMatch(/stopped/);
      expect((await schemaop(['db', 'status', ...flags])).stdout).toMatch(/stopped/);
    } finally {
      await schemaop(['db', 'stop', ...flags]);
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it.runIf(process.getuid?.() === 0)('as root, says clearly when the postgres user cannot reach the data folder', async () => {
    const closed = await fs.mkdtemp(path.join(os.tmpdir(), 'schemaop-closed-'));
    await fs.chmod(closed, 0o700);
    try {
      const r = await schemaop(['db', 'start', '--db-dir', path.join(closed, 'db'), '--port', String(await freePort())]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/runs as the postgres system user .* cannot reach .*schemaop-closed-.*--db-dir or SCHEMAOP_DB_DIR/);
    } finally {
      await fs.rm(closed, { recursive: true, force: true });
    }
  });
});
