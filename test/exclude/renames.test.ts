// An excluded table stays untouched while a rename is planned: with --exclude and with
// schemaop.yaml's exclude:, for a table and a column rename, with either engine. The plan of the
// rest is the chosen engine's (Atlas's statements stay Atlas's).
import { describe, expect, it } from 'vitest';
import { missingTool } from '../support/tools';
import { freshDatabase, query } from '../support/db';
import { project, said } from './project';

const BEFORE = 'CREATE TABLE old_t (id int PRIMARY KEY, note text);\n';
const RENAMES = {
  // The renamed table also gains a column: a change the engine plans beside the rename.
  table: '-- schemaop:renamed-from old_t\nCREATE TABLE new_t (id int PRIMARY KEY, note text, extra int);\n',
  column: 'CREATE TABLE old_t (\n  id int PRIMARY KEY,\n  -- schemaop:renamed-from note\n  body text,\n  extra int\n);\n',
};
const RENAMED = { table: { table: 'new_t', column: 'note' }, column: { table: 'old_t', column: 'body' } };

type Case = { engine: 'builtin' | 'atlas'; rename: 'table' | 'column'; via: 'flag' | 'yaml' };

async function renameBesideExcluded({ engine, rename, via }: Case) {
    const url = await freshDatabase();
    const p = await project(url, { 'schema/10.sql': BEFORE, ...(via === 'yaml' ? { 'schemaop.yaml': 'exclude:\n  - public.keepme\n' } : {}) });
    const flags = ['--env', 'dev', '--engine', engine, ...(via === 'flag' ? ['--exclude', 'public.keepme'] : [])];
    const first = await p.run(['apply', '--auto-approve', ...flags]);
    expect(first.code, said(first)).toBe(0);
    await query(url, "CREATE TABLE keepme (id int PRIMARY KEY, v text); INSERT INTO keepme VALUES (1, 'a'), (2, 'b'); INSERT INTO old_t VALUES (7, 'kept')");
    const quiet = await p.run(['plan', ...flags]);
    expect(quiet.code, said(quiet)).toBe(0);
    expect(quiet.stdout).toMatch(/No changes/);

    await p.write({ 'schema/10.sql': RENAMES[rename] });
    const planned = await p.run(['plan', '--format', 'json', ...flags]);
    expect(planned.code, said(planned)).toBe(2);
    const json = JSON.parse(planned.stdout) as { engine: string; statements: { sql: string; kind: string; source: string }[] };
    expect(json.engine).toBe(engine);
    expect(planned.stdout).not.toMatch(/keepme/);
    const kinds = json.statements.map((s) => [s.kind, s.source]);
    expect(kinds).toContainEqual([rename === 'table' ? 'rename_table' : 'rename_column', 'renamed-from']);
    // The rest is the chosen engine's plan.
    expect(kinds).toContainEqual(['add_column', engine === 'atlas' ? 'atlas' : 'migra']);
    expect(json.statements.some((s) => s.kind.startsWith('drop_'))).toBe(false);

    const applied = await p.run(['apply', '--auto-approve', ...flags]);
    expect(applied.code, said(applied)).toBe(0);
    expect(await query(url, 'SELECT id, v FROM keepme ORDER BY id')).toEqual([
      { id: 1, v: 'a' },
      { id: 2, v: 'b' },
    ]);
    const { table, column } = RENAMED[rename];
    expect(await query(url, `SELECT id, ${column} AS v FROM ${table}`)).toEqual([{ id: 7, v: 'kept' }]);
    const again = await p.run(['plan', '--full', ...flags]);
    expect(again.code, said(again)).toBe(0);
    expect(again.stdout).toMatch(/No changes/);
}

describe('a pending rename leaves an excluded table alone (built-in engine)', () => {
  it.each<Case>([
    { engine: 'builtin', rename: 'table', via: 'flag' },
    { engine: 'builtin', rename: 'column', via: 'yaml' },
  ])('$rename rename, exclude by $via', renameBesideExcluded, 300_000);
});

describe.skipIf(missingTool('atlas', 'test/exclude/renames.test.ts'))('a pending rename leaves an excluded table alone (Atlas engine)', () => {
  it.each<Case>([
    { engine: 'atlas', rename: 'table', via: 'yaml' },
    { engine: 'atlas', rename: 'column', via: 'flag' },
  ])('$rename rename, exclude by $via', renameBesideExcluded, 300_000);
});
