// Classification of planned statements, read from PostgreSQL's own parse tree.
import { describe, expect, it } from 'vitest';
import { classify } from '../src/engine/classify';

describe('classify', () => {
  it.each([
    ['CREATE TABLE public.t (id int)', 'create_table', 'public.t', false],
    ['DROP TABLE IF EXISTS s.t', 'drop_table', 's.t', true],
    ['ALTER TABLE t DROP COLUMN c', 'drop_column', 'public.t.c', true],
    ['ALTER TABLE t ADD COLUMN c int', 'add_column', 'public.t.c', false],
    ['ALTER TABLE t ALTER COLUMN c TYPE bigint', 'alter_column_type', 'public.t.c', false],
    ['ALTER TABLE t ALTER COLUMN c SET NOT NULL', 'set_not_null', 'public.t.c', false],
    ['ALTER TABLE t ALTER COLUMN c DROP NOT NULL', 'drop_not_null', 'public.t.c', false],
    ['TRUNCATE a, b', 'truncate', 'public.a, public.b', true],
    ['DROP SEQUENCE s', 'drop_sequence', 'public.s', true],
    ['DROP VIEW v', 'drop_view', 'public.v', false],
    ['DROP SCHEMA old CASCADE', 'drop_schema', 'old', true],
    ['DROP FUNCTION f(integer, text)', 'drop_function', 'public.f(int4, text)', false],
    ['COMMENT ON COLUMN public.t.c IS $$x$$', 'comment', 'public.t.c', false],
    ["DELETE FROM t WHERE id = 1", 'delete_rows', 'public.t', true],
    ['ALTER TABLE t RENAME COLUMN a TO b', 'rename_column', 'public.t.a', false],
  ])('%s → %s %s', async (sql, kind, object, deletesData) => {
    const c = await classify(sql);
    expect(c).toMatchObject({ kind, object, deletesData });
  });

  it('knows what cannot run in a transaction and when it runs', async () => {
    expect(await classify('CREATE INDEX CONCURRENTLY i ON t (c)')).toMatchObject({ kind: 'create_index', transactional: false, phase: 'post' });
    expect(await classify('DROP INDEX CONCURRENTLY i')).toMatchObject({ kind: 'drop_index', transactional: false, phase: 'post' });
    expect(await classify("ALTER TYPE mood ADD VALUE 'meh' BEFORE 'ok'")).toMatchObject({ kind: 'add_enum_value', phase: 'pre' });
    expect(await classify('CREATE INDEX i ON t (c)')).toMatchObject({ transactional: true, phase: 'transaction' });
    expect(await classify('ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY')).toMatchObject({ kind: 'detach_partition', transactional: false, phase: 'post' });
    expect(await classify('ALTER TABLE p DETACH PARTITION p1')).toMatchObject({ kind: 'detach_partition', transactional: true });
  });

  it('lists every sub-command of an ALTER TABLE with its details', async () => {
    const c = await classify('ALTER TABLE orders ADD COLUMN note text NOT NULL DEFAULT $$x$$, ADD CONSTRAINT fk FOREIGN KEY (c) REFERENCES c (id) NOT VALID, DROP COLUMN old');
    expect(c.kind).toBe('alter_table');
    expect(c.object).toBe('public.orders');
    expect(c.deletesData).toBe(true);
    expect(c.changes.map((x) => [x.kind, x.object])).toEqual([
      ['add_column', 'public.orders.note'],
      ['add_constraint', 'public.orders.fk'],
      ['drop_column', 'public.orders.old'],
    ]);
    expect(c.changes[0].details).toMatchObject({ type: 'text', notNull: true, hasDefault: true });
    expect(c.changes[1].details).toMatchObject({ constraintType: 'foreign', notValid: true });
  });

  it('refuses anything but exactly one statement', async () => {
    await expect(classify('SELECT 1; SELECT 2')).rejects.toThrow(/expected one statement/);
  });
});
