// The Atlas engine adapter. The Atlas CLI downloads its binary from the internet and cannot be
// installed here, so these tests check the adapter's side of the contract with a stand-in
// executable: how Atlas is called, and how its output becomes a classified plan.
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { apply } from '../src/engine/apply';
import { plan } from '../src/engine/plan';
import { freshDatabase, query } from './support/db';
import { schemaDir } from './support/schema';

let log: string;

beforeAll(async () => {
  log = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'atlas-')), 'calls.log');
  process.env.SCHEMAOP_ATLAS_BIN = path.resolve(__dirname, 'support/fake-atlas.js');
  process.env.FAKE_ATLAS_LOG = log;
});

describe('atlas engine', () => {
  it('is chosen automatically when the atlas CLI answers, and its SQL is classified', async () => {
    const url = await freshDatabase('CREATE TABLE t (id int);');
    process.env.FAKE_ATLAS_OUTPUT = '-- Modify "t" table\nALTER TABLE "public"."t" ADD COLUMN "c" integer NULL;\n-- Drop "old" table\nDROP TABLE "public"."old";\n';
    const dir = await schemaDir({ '10.sql': 'CREATE TABLE t (id int, c int);' });
    const p = await plan({ url, schemaDir: dir });
    expect(p.engine).toBe('atlas');
    expect(p.statements.map((s) => [s.source, s.kind, s.object, s.deletesData])).toEqual([
      ['atlas', 'add_column', 'public.t.c', false],
      ['atlas', 'drop_table', 'public.old', true],
    ]);
    const args: string[] = JSON.parse((await fs.readFile(log, 'utf8')).trim().split('\n').pop()!);
    expect(args.slice(0, 2)).toEqual(['schema', 'diff']);
    expect(args[args.indexOf('--from') + 1]).toBe(`${url}?sslmode=disable`);
    expect(args[args.indexOf('--to') + 1]).toBe(`file://${dir}`);
    // Atlas gets a scratch database of its own as dev database, never the target.
    expect(args[args.indexOf('--dev-url') + 1]).toMatch(/\/schemaop_dev_[0-9a-f]{6}_\d+_[0-9a-f]+\?sslmode=disable$/);
    expect(args).toContain('--exclude');
    expect(args[args.indexOf('--exclude') + 1]).toBe('schemaop');
  });

  it('reads "Schemas are synced" as an empty plan, and --engine builtin bypasses Atlas', async () => {
    const url = await freshDatabase('CREATE TABLE t (id int);');
    delete process.env.FAKE_ATLAS_OUTPUT;
    const dir = await schemaDir({ '10.sql': 'CREATE TABLE t (id int, c int);' });
    expect((await plan({ url, schemaDir: dir, engine: 'atlas' })).statements).toEqual([]);
    const builtin = await plan({ url, schemaDir: dir, engine: 'builtin' });
    expect(builtin.engine).toBe('builtin');
    expect(builtin.statements.map((s) => s.kind)).toEqual(['add_column']);
  });

  it('reports an Atlas failure without the password', async () => {
    const url = await freshDatabase();
    process.env.FAKE_ATLAS_FAIL = '1';
    try {
      const err = await plan({ url, schemaDir: await schemaDir({ '10.sql': 'CREATE TABLE t (id int);' }), engine: 'atlas' }).catch((e) => e);
      expect(err.message).toMatch(/atlas schema diff failed: Error: connecting to postgres:\/\/postgres:\*\*\*@/);
      expect(err.message).not.toContain(decodeURIComponent(new URL(url).password));
    } finally {
      delete process.env.FAKE_ATLAS_FAIL;
    }
  });

  it('runs statements that cannot run in a transaction after it, re-runnable over an interrupted index build', async () => {
    const url = await freshDatabase('CREATE TABLE t (id int, c int); INSERT INTO t VALUES (1, 1), (2, 1);');
    // An interrupted concurrent build leaves an INVALID index behind.
    await expect(query(url, 'CREATE UNIQUE INDEX CONCURRENTLY t_c ON t (c)')).rejects.toThrow(/could not create unique index/);
    await query(url, 'UPDATE t SET c = id');
    process.env.FAKE_ATLAS_OUTPUT = 'ALTER TABLE "public"."t" ADD COLUMN "d" integer NULL;\nCREATE UNIQUE INDEX CONCURRENTLY "t_c" ON "public"."t" ("c");\n';
    try {
      const r = await apply({ url, schemaDir: await schemaDir({ '10.sql': 'CREATE TABLE t (id int, c int, d int);' }), engine: 'atlas' });
      expect(r.plan.statements.map((s) => [s.kind, s.phase])).toEqual([
        ['add_column', 'transaction'],
        ['create_index', 'post'],
      ]);
      const [idx] = await query<{ valid: boolean }>(url, "SELECT indisvalid AS valid FROM pg_index WHERE indexrelid = 't_c'::regclass");
      expect(idx.valid).toBe(true);
      const [rev] = await query<{ outcome: string; fp: string | null }>(url, 'SELECT outcome, catalog_fingerprint AS fp FROM schemaop.revisions ORDER BY id DESC LIMIT 1');
      expect(rev.outcome).toBe('applied');
      expect(rev.fp).not.toBeNull();
    } finally {
      delete process.env.FAKE_ATLAS_OUTPUT;
    }
  });
});
