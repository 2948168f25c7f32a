// Backfills of online-safe plans: run after the transaction, an `UPDATE ... WHERE` in batches that
// each lock a few rows for an instant; interrupted, finished by the next apply; a condition that
// keeps matching the rows it updated stopped with a clear error.
import { describe, expect, it } from 'vitest';
import { apply } from '../../src/engine/apply';
import { batchable, batchStatement } from '../../src/engine/backfill-batches';
import { status } from '../../src/engine/status';
import { plan } from '../../src/engine/plan';
import { freshDatabase, query } from '../support/db';
import { schemaDir } from '../support/schema';

describe('backfills in batches', () => {
  it('reads the table, alias and condition of a single UPDATE ... WHERE; anything else runs whole', async () => {
    const b = (await batchable('-- schemaop:backfill x\nUPDATE ONLY app.orders AS o SET region = \'eu\' /* all */ WHERE o.region IS NULL -- not yet\n;'))!;
    expect(b).toMatchObject({ from: 'ONLY "app"."orders" "o"', target: '"o"', condition: 'o.region IS NULL' });
    const stmt = batchStatement(b, 500);
    expect(stmt).toContain('WITH batch AS (SELECT "o".ctid FROM ONLY "app"."orders" "o" WHERE o.region IS NULL LIMIT 500)');
    expect(stmt).toMatch(/done AS \(UPDATE ONLY app\.orders AS o SET region = 'eu' +WHERE "o"\.ctid = ANY \(ARRAY\(SELECT ctid FROM batch\)\) AND \(o\.region IS NULL\) RETURNING 1\)/);
    expect((await batchable('UPDATE t SET n = (SELECT max(n) FROM u WHERE u.id = t.id) WHERE n IS NULL'))!.condition).toBe('n IS NULL');
    for (const whole of ['UPDATE t SET n = 1', 'UPDATE t SET n = 1 WHERE n IS NULL; UPDATE u SET n = 1 WHERE n IS NULL', 'UPDATE t SET n = u.n FROM u WHERE u.id = t.id', 'INSERT INTO t SELECT 1', 'UPDATE t SET n = 1 WHERE n IS NULL RETURNING id'])
      expect(await batchable(whole), whole).toBeUndefined();
  });

  it('runs after the transaction in batches, records the rows; a failed batch leaves the revision partial and the next apply finishes it', async () => {
    const url = await freshDatabase(`
      CREATE TABLE t (id int PRIMARY KEY, n int);
      INSERT INTO t SELECT g, g FROM generate_series(1, 1000) g;
      CREATE TABLE stop_at (id int);
      INSERT INTO stop_at VALUES (600);
      CREATE FUNCTION guard() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.id >= (SELECT min(id) FROM stop_at) THEN RAISE EXCEPTION 'stopped at %', NEW.id; END IF; RETURN NEW; END $$;
      CREATE TRIGGER guard BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION guard();`);
    const files = {
      '10.sql': `CREATE TABLE t (id int PRIMARY KEY, n int, region text);
        CREATE TABLE stop_at (id int);
        CREATE FUNCTION guard() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.id >= (SELECT min(id) FROM stop_at) THEN RAISE EXCEPTION 'stopped at %', NEW.id; END IF; RETURN NEW; END $$;
        CREATE TRIGGER guard BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION guard();`,
      'backfills/region.sql': "-- schemaop:backfill t_region\nUPDATE t SET region = 'eu' WHERE region IS NULL;\n",
    };
    const dir = await schemaDir(files);
    const steps: string[] = [];
    const p = await plan({ url, schemaDir: dir, backfillBatchRows: 100 });
    expect(p.backfillBatchRows).toBe(100);
    const err = await apply({ url, schemaDir: dir, backfillBatchRows: 100, onProgress: (m) => steps.push(m) }).catch((e: Error) => e);
    expect(String(err)).toMatch(/backfill t_region failed: stopped at 6\d\d[\s\S]*the transactional part of revision \d+ is committed; run apply again to finish/);
    // The column is there (its transaction committed); the batches before the failing one stay.
    const [done] = await query<{ n: number }>(url, "SELECT count(*)::int AS n FROM t WHERE region = 'eu'");
    expect(done.n).toBeGreaterThanOrEqual(500);
    expect(done.n).toBeLessThan(600);
    expect(steps.filter((s) => /^backfill t_region: \d+ rows$/.test(s)).length).toBeGreaterThanOrEqual(5);
    expect(await status({ url, schemaDir: dir })).toMatchObject({ partial: true });
    // The backfill was not recorded: the next apply runs it again, and its condition skips the rows done.
    await query(url, 'DELETE FROM stop_at');
    const again = await apply({ url, schemaDir: dir, backfillBatchRows: 100 });
    expect(again.plan.statements).toEqual([]);
    expect(again.backfillRows).toEqual({ t_region: 1000 - done.n });
    expect(await query(url, "SELECT count(*)::int AS n FROM t WHERE region IS DISTINCT FROM 'eu'")).toEqual([{ n: 0 }]);
    expect(await status({ url, schemaDir: dir })).toMatchObject({ partial: false, liveMatchesRevision: true });
    expect((await plan({ url, schemaDir: dir, backfillBatchRows: 100, full: true })).backfills).toEqual([]);
  });

  it('a condition that keeps matching the rows it updated is stopped, not run forever', async () => {
    const url = await freshDatabase('CREATE TABLE t (id int PRIMARY KEY, n int); INSERT INTO t SELECT g, 1 FROM generate_series(1, 50) g;');
    const dir = await schemaDir({ '10.sql': 'CREATE TABLE t (id int PRIMARY KEY, n int);', 'backfills/bump.sql': '-- schemaop:backfill bump\nUPDATE t SET n = n + 1 WHERE n > 0;\n' });
    const err = await apply({ url, schemaDir: dir, backfillBatchRows: 10 }).catch((e: Error) => e);
    expect(String(err)).toMatch(/backfill bump does not finish: after \d+ updated rows \(50 matched at the start\) its WHERE still matches rows/);
  });
});
