// Loading schema/: order, statements with positions, directives, the desired-state hash.
import { describe, expect, it } from 'vitest';
import { loadDesiredSchema, lineColumn } from '../src/engine/source';
import { schemaDir } from './support/schema';

describe('loading schema/', () => {
  it('takes files in path order, skips backfills/, and locates each statement', async () => {
    const dir = await schemaDir({
      '20_b.sql': '-- b\nCREATE TABLE b (id int);\n\n  CREATE INDEX bi ON b (id);',
      '10_a.sql': 'CREATE TABLE a (id int); -- trailing\n',
      'sub/30_c.sql': "CREATE VIEW c AS SELECT 'é' AS x;\nCREATE TABLE d (id int);",
      'backfills/1.sql': '-- schemaop:backfill one\nUPDATE a SET id = id;',
    });
    const s = await loadDesiredSchema(dir);
    expect(s.files.map((f) => f.path)).toEqual(['10_a.sql', '20_b.sql', 'sub/30_c.sql']);
    expect(s.files[1].statements.map((x) => [x.line, x.column, x.sql])).toEqual([
      [2, 1, 'CREATE TABLE b (id int)'],
      [4, 3, 'CREATE INDEX bi ON b (id)'],
    ]);
    // Offsets are characters, not UTF-8 bytes.
    expect(s.files[2].statements[1]).toMatchObject({ line: 2, column: 1, sql: 'CREATE TABLE d (id int)' });
    expect(s.backfills).toMatchObject([{ id: 'one', file: 'backfills/1.sql' }]);
  });

  it('hashes the desired state: same files, same hash; any edit, another', async () => {
    const files = { '10.sql': 'CREATE TABLE a (id int);' };
    const [a, b] = await Promise.all([loadDesiredSchema(await schemaDir(files)), loadDesiredSchema(await schemaDir(files))]);
    expect(a.hash).toBe(b.hash);
    const c = await loadDesiredSchema(await schemaDir({ '10.sql': 'CREATE TABLE a (id bigint);' }));
    expect(c.hash).not.toBe(a.hash);
  });

  it('collects schemaop directives with their position', async () => {
    const s = await loadDesiredSchema(await schemaDir({ '10.sql': 'CREATE TABLE a (\n  -- schemaop:renamed-from old_id\n  id int\n);' }));
    expect(s.directives).toEqual([{ name: 'renamed-from', args: 'old_id', file: '10.sql', line: 2 }]);
  });

  it('fails clearly on a missing or empty folder and on duplicate backfill ids', async () => {
    await expect(loadDesiredSchema('/nonexistent/schema')).rejects.toThrow(/schema directory not found/);
    await expect(loadDesiredSchema(await schemaDir({ 'README.md': '' }))).rejects.toThrow(/no \.sql files/);
    const dup = await schemaDir({ '1.sql': 'SELECT 1;', 'backfills/a.sql': '-- schemaop:backfill x\nSELECT 1;', 'backfills/b.sql': '-- schemaop:backfill x\nSELECT 2;' });
    await expect(loadDesiredSchema(dup)).rejects.toThrow(/backfills\/b\.sql:1:1: backfill id x is also declared in backfills\/a\.sql/);
  });

  it('converts offsets to 1-based line and column', () => {
    expect(lineColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});
