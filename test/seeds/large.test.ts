// A seed file larger than one write: 25,001 rows (the writes go in chunks of 10,000) are inserted,
// then every row is updated, from the command line as a user runs it; the re-plan is empty and
// every row holds its value (a row lost or doubled at a chunk's edge would show).
import { describe, expect, it } from 'vitest';
import { freshDatabase, query } from '../support/db';
import { project, said } from '../exclude/project';

const N = 25_001;
// One JSON row per line, the form docs/seeds.md gives for large catalogues.
const rows = (label: string) => Array.from({ length: N }, (_, i) => `  - ${JSON.stringify({ id: i + 1, label: `${label}-${i + 1}`, tags: ['a', `b${i % 7}`] })}`).join('\n');
const file = (label: string) => `table: items\nkey: id\nrows:\n${rows(label)}\n`;

describe('a seed file of 25,001 rows', () => {
  it('is inserted, updated and converges, every row exact', async () => {
    const url = await freshDatabase();
    const p = await project(url, { 'schema/10.sql': 'CREATE TABLE items (id int PRIMARY KEY, label text NOT NULL, tags text[]);\n', 'seeds/10_items.yaml': file('first') });
    const first = await p.run(['apply', '--env', 'dev', '--auto-approve']);
    expect(first.code, said(first)).toBe(0);
    const check = async (label: string) =>
      expect(await query(url, `SELECT count(*)::int AS n, count(*) FILTER (WHERE label = '${label}-' || id AND tags = ARRAY['a', 'b' || ((id - 1) % 7)])::int AS exact, max(id) AS top FROM items`)).toEqual([{ n: N, exact: N, top: N }]);
    await check('first');

    await p.write({ 'seeds/10_items.yaml': file('second') });
    const second = await p.run(['apply', '--env', 'dev', '--auto-approve']);
    expect(second.code, said(second)).toBe(0);
    expect(said(second)).toMatch(/25,?001 seeds? changes/);
    await check('second');

    const again = await p.run(['plan', '--env', 'dev']);
    expect(again.code, said(again)).toBe(0);
    expect(again.stdout).toMatch(/No changes/);
  }, 300_000);
});
