// Data-aware findings: what the rows already there mean for a change, counted exactly on small
// tables and estimated from statistics (and said so) above the row threshold.
import { describe, expect, it } from 'vitest';
import { apply, PlanChangedError } from '../../src/engine/apply';
import { freshDatabase, query } from '../support/db';
import { schemaDir } from '../support/schema';
import { applySafe, planSafe } from './support';

const T = (cols: string) => `CREATE TABLE t (id int PRIMARY KEY, ${cols});`;

describe('data-aware findings', () => {
  it('counts offending rows: narrowing type, NOT NULL, CHECK, UNIQUE, FOREIGN KEY', async () => {
    const url = await freshDatabase(`${T('code varchar(20), email text, n int, ref int')}
      CREATE TABLE p (id int PRIMARY KEY);
      INSERT INTO p VALUES (1);
      INSERT INTO t VALUES (1, 'abcdefgh', 'a@x', -1, 1), (2, 'abcdefghij', null, 2, 7), (3, 'ab', 'a@x', 3, 8);`);
    const dir = await schemaDir({
      '10.sql': `CREATE TABLE p (id int PRIMARY KEY);\n${T('code varchar(5), email text NOT NULL UNIQUE, n int CHECK (n > 0), ref int REFERENCES p(id)')}`,
    });
    const p = await planSafe(url, dir);
    const msg = (rule: string) => p.findings.find((f) => f.rule === rule)?.message ?? '';
    expect(msg('alter_column_type')).toMatch(/from character varying\(20\) to character varying\(5\).*2 existing rows do not fit the new type: the apply would FAIL/);
    expect(msg('set_not_null')).toMatch(/1 existing row holds NULL: the apply would FAIL/);
    expect(msg('add_check_constraint')).toMatch(/1 existing row violates it: the apply would FAIL/);
    expect(msg('create_index_non_concurrent')).toMatch(/1 value is duplicated in existing rows: the apply would FAIL/);
    expect(msg('add_foreign_key')).toMatch(/2 existing rows have no matching row in public\.p: the apply would FAIL/);
  });

  it('above the row threshold: estimates from statistics, said as estimates; no scan', async () => {
    const url = await freshDatabase(`${T('legacy text, email text')}
      CREATE TABLE old (id int);
      INSERT INTO t SELECT g, CASE WHEN g % 4 = 0 THEN 'x' END, 'e' FROM generate_series(1, 4000) g;
      INSERT INTO old SELECT generate_series(1, 3000);
      ANALYZE t; ANALYZE old;`);
    const p = await planSafe(url, await schemaDir({ '10.sql': T('email text NOT NULL') }), { config: { rowThreshold: 1000 } });
    const msg = (rule: string) => p.findings.find((f) => f.rule === rule)?.message ?? '';
    expect(msg('drop_table')).toMatch(/holds about 3,000 rows \(estimate from statistics\)/);
    expect(msg('drop_column')).toMatch(/holds about 1,000 non-null values \(estimate from statistics\)/);
    expect(msg('set_not_null')).toMatch(/about 0 existing rows \(estimate from statistics\) hold NULL/);
  });

  it('an empty table or column is reported as such; a widening varchar change passes without rewriting', async () => {
    const url = await freshDatabase(`${T('legacy text, code varchar(10)')} CREATE TABLE old (id int); INSERT INTO t VALUES (1, null, 'a');`);
    const dir = await schemaDir({ '10.sql': T('code varchar(40)') });
    const p = await planSafe(url, dir, { allow: ['*:public.*:reset'] });
    expect(p.findings.find((f) => f.rule === 'drop_table')?.message).toMatch(/The table is empty/);
    expect(p.findings.find((f) => f.rule === 'drop_column')?.message).toMatch(/holds no value/);
    expect(p.findings.some((f) => f.rule === 'alter_column_type')).toBe(false);
    const [before] = await query<{ f: string }>(url, "SELECT pg_relation_filenode('t')::text AS f");
    await apply({ url, schemaDir: dir, engine: 'builtin' });
    const [after] = await query<{ f: string }>(url, "SELECT pg_relation_filenode('t')::text AS f");
    expect(after.f).toBe(before.f); // not rewritten
  });

  it('a reviewed plan hash holds the data its findings state: values written since the review refuse the apply (exit 4), nothing dropped', async () => {
    const url = await freshDatabase(`${T('legacy text')} INSERT INTO t VALUES (1, null), (2, null);`);
    const dir = await schemaDir({ '10.sql': T('n int') });
    const allow = ['drop_column:public.t.legacy:reviewed: the column holds no value'];
    const reviewed = await planSafe(url, dir, { allow });
    expect(reviewed.findings.find((f) => f.rule === 'drop_column')?.message).toMatch(/holds no value/);
    // More rows, still without a value: the claim holds, the hash too.
    await query(url, 'INSERT INTO t VALUES (3, null)');
    expect((await planSafe(url, dir, { allow })).hash).toBe(reviewed.hash);
    await query(url, "UPDATE t SET legacy = 'kept' WHERE id IN (1, 2)");
    const err = await applySafe(url, dir, { allow }, { planHash: reviewed.hash }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlanChangedError);
    expect((err as PlanChangedError).exitCode).toBe(4);
    expect(await query(url, 'SELECT count(legacy)::int AS n FROM t')).toEqual([{ n: 2 }]);
    // Reviewed again, with the values it now names, the plan applies.
    const again = await planSafe(url, dir, { allow });
    expect(again.findings.find((f) => f.rule === 'drop_column')?.message).toMatch(/holds 2 non-null values/);
    expect((await applySafe(url, dir, { allow }, { planHash: again.hash })).applied).toBe(true);
  });
});
