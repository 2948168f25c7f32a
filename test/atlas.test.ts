// The Atlas engine, with the real atlas executable built by `npm run tools` (.tools/bin/atlas:
// Atlas's engine, the ariga.io/atlas library, behind our launcher).
import { describe, expect, it } from 'vitest';
import { apply } from '../src/engine/apply';
import { runAtlasDiff } from '../src/engine/atlas';
import { plan } from '../src/engine/plan';
import { exec } from '../src/util/exec';
import { toolPath } from '../src/util/tools';
import { missingTool } from './support/tools';
import { freshDatabase, query } from './support/db';
import { schemaDir } from './support/schema';

describe.skipIf(missingTool('atlas', 'test/atlas.test.ts'))('atlas engine (real atlas)', () => {
  it('answers `atlas version` with the library version', async () => {
    const r = await exec(toolPath('atlas'), ['version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^atlas version v0\.32\.0 /);
  });

  it('plans with Atlas from a folder through a dev database, and cleans the dev database', async () => {
    const [url, dev] = await Promise.all([freshDatabase('CREATE TABLE t (id int); CREATE TABLE old (id int);'), freshDatabase()]);
    const dir = await schemaDir({ '10.sql': 'CREATE TABLE t (id int, c int NOT NULL DEFAULT 0);' });
    const sql = await runAtlasDiff(url, dir, dev, ['schemaop']);
    expect(sql).toEqual(['ALTER TABLE "public"."t" ADD COLUMN "c" integer NOT NULL DEFAULT 0', 'DROP TABLE "public"."old"']);
    expect(await query(dev, "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace")).toEqual([]);
    expect(await runAtlasDiff(url, url, undefined, [])).toEqual([]);
  });

  it('--engine atlas plans with Atlas, and its statements are classified', async () => {
    const url = await freshDatabase('CREATE TABLE t (id int); CREATE TABLE old (id int);');
    const dir = await schemaDir({ '10.sql': 'CREATE TABLE t (id int, c int);' });
    const p = await plan({ url, schemaDir: dir, engine: 'atlas' });
    expect(p.engine).toBe('atlas');
    expect(p.statements.map((s) => [s.source, s.kind, s.object, s.deletesData])).toEqual([
      ['atlas', 'add_column', 'public.t.c', false],
      ['atlas', 'drop_table', 'public.old', true],
    ]);
    // The default engine is the built-in one.
    expect((await plan({ url, schemaDir: dir })).engine).toBe('builtin');
  });

  it('completes what Atlas does not manage (view, function, trigger, sequence) with the built-in engine, and converges', async () => {
    const url = await freshDatabase('CREATE TABLE t (id int, v int); INSERT INTO t VALUES (1, 1);');
    const desired = `
      CREATE SEQUENCE counter START 10;
      CREATE FUNCTION bump() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.v := NEW.v + 1; RETURN NEW; END $$;
      CREATE TABLE t (id int, v int, note text);
      CREATE TRIGGER t_bump BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION bump();
      CREATE VIEW t_notes AS SELECT id, note FROM t;`;
    const dir = await schemaDir({ '10.sql': desired });
    const p = await plan({ url, schemaDir: dir, engine: 'atlas' });
    expect(p.statements.map((s) => [s.source === 'atlas' ? 'atlas' : 'builtin', s.kind, s.object])).toEqual([
      ['builtin', 'create_sequence', 'public.counter'],
      ['atlas', 'add_column', 'public.t.note'],
      ['builtin', 'create_function', 'public.bump'],
      ['builtin', 'create_view', 'public.t_notes'],
      ['builtin', 'create_trigger', 'public.t.t_bump'],
    ]);
    // The new sequence's options are in its CREATE SEQUENCE (no separate ALTER SEQUENCE).
    expect(p.statements[0].sql).toMatch(/^create sequence \S+ .*\bSTART WITH 10\b/i);
    await apply({ url, schemaDir: dir, engine: 'atlas' });
    expect((await plan({ url, schemaDir: dir, engine: 'atlas', full: true })).statements).toEqual([]);
    expect((await plan({ url, schemaDir: dir, engine: 'builtin', full: true })).statements).toEqual([]);
    await query(url, 'INSERT INTO t VALUES (2, 1)');
    expect(await query(url, 'SELECT id, v FROM t_notes JOIN t USING (id) ORDER BY id')).toEqual([
      { id: 1, v: 1 },
      { id: 2, v: 2 },
    ]);
  });

  it('reports an Atlas failure without the password', async () => {
    const url = await freshDatabase();
    const bad = new URL(url);
    bad.pathname = '/no_such_database';
    const err = await runAtlasDiff(bad.toString(), url, undefined, []).catch((e) => e);
    expect(err.message).toMatch(/atlas schema diff failed: Error: .*no_such_database/);
    expect(err.message).not.toContain(decodeURIComponent(new URL(url).password));
  });

  it('applies with Atlas, records the engine in the revision, keeps the rows and converges', async () => {
    const url = await freshDatabase('CREATE TABLE t (id int, c int); INSERT INTO t VALUES (1, 1), (2, 2);');
    const dir = await schemaDir({ '10.sql': 'CREATE TABLE t (id int PRIMARY KEY, c int, d int);\nCREATE UNIQUE INDEX t_c ON t (c);' });
    const r = await apply({ url, schemaDir: dir, engine: 'atlas' });
    expect(r.plan.statements.every((s) => s.source === 'atlas')).toBe(true);
    expect(r.plan.statements.map((s) => s.kind)).toEqual(['alter_table', 'create_index']);
    const [rev] = await query<{ outcome: string; engine: string }>(url, 'SELECT outcome, engine FROM schemaop.revisions ORDER BY id DESC LIMIT 1');
    expect(rev).toEqual({ outcome: 'applied', engine: 'atlas' });
    expect(await query(url, 'SELECT id, c, d FROM t ORDER BY id')).toEqual([
      { id: 1, c: 1, d: null },
      { id: 2, c: 2, d: null },
    ]);
    expect((await plan({ url, schemaDir: dir, engine: 'atlas', full: true })).statements).toEqual([]);
    expect((await plan({ url, schemaDir: dir, engine: 'builtin', full: true })).statements).toEqual([]);
  });
});
