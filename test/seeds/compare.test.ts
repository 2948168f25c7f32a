// How seed rows are compared with the live ones, on a real PostgreSQL: a row written as the live
// row reads is unchanged without a round trip; a row spelled differently (uuid case, timestamp
// format, key order, numeric scale) is normalised by PostgreSQL first and is unchanged too; the
// values shown for a change are PostgreSQL's, whatever the column type.
import { describe, expect, it } from 'vitest';
import { apply } from '../../src/engine/apply';
import { plan } from '../../src/engine/plan';
import { freshDatabase, query } from '../support/db';
import { project } from './project';

const SCHEMA = `
CREATE TYPE mood AS ENUM ('calm', 'busy');
CREATE TABLE things (
    id uuid PRIMARY KEY,
    at timestamptz,
    doc json,
    meta jsonb,
    tags text[],
    score float8,
    price numeric(10, 2),
    mood mood
);
`;

const ROW = (id: string, rest: string) => `  - {id: ${id}, ${rest}}\n`;
const SEED = (rows: string) => `table: things\nkey: id\nunlisted: delete\nrows:\n${rows}`;
const A = '8e0c7d4e-0000-4000-8000-000000000001';
const B = '8e0c7d4e-0000-4000-8000-000000000002';
const seeds = (p: Awaited<ReturnType<typeof plan>>) => p.stages.find((s) => s.stage === 'seeds')!;

describe('seed rows compared with the live ones', () => {
  it('unchanged whether written as PostgreSQL reads them or spelled differently; changes show PostgreSQL values', async () => {
    const url = await freshDatabase();
    const pr = await project({
      'schema/10.sql': SCHEMA,
      'seeds/things.yaml': SEED(
        ROW(A, `at: '2024-01-01 00:00:00+00', doc: {b: 1, a: [2, 3]}, meta: {z: 1, y: 2}, tags: [x, y], score: 1.5, price: 3, mood: calm`) + ROW(B, `at: null, doc: null, price: '4.10'`),
      ),
    });
    await apply({ url, schemaDir: pr.schemaDir, ...pr.ext() });
    expect(seeds(await plan({ url, schemaDir: pr.schemaDir, ...pr.ext() })).count).toBe(0);

    // The same values, spelled otherwise.
    await pr.write(
      'seeds/things.yaml',
      SEED(ROW(A.toUpperCase(), `at: '2024-01-01T01:00:00+01:00', doc: {b: 1, a: [2, 3]}, meta: {y: 2, z: 1}, tags: [x, y], score: 1.50, price: 3.00, mood: calm`) + ROW(B, `at: null, doc: null, price: 4.1`)),
    );
    expect(seeds(await plan({ url, schemaDir: pr.schemaDir, ...pr.ext() })).count).toBe(0);

    // Changes: the live values as PostgreSQL reads them (to_jsonb: a json column's keys in jsonb order).
    await query(url, `UPDATE things SET doc = '{"b": 1, "a": 2}' WHERE id = '${B}'`);
    await pr.write('seeds/things.yaml', SEED(ROW(A, `at: '2024-01-01 00:00:00+00', doc: {b: 1, a: [2, 3]}, meta: {z: 1, y: 2}, tags: [x], score: 1.5, price: 3, mood: busy`) + ROW(B, `at: null, doc: {a: 2}, price: '4.10'`)));
    const p = await plan({ url, schemaDir: pr.schemaDir, ...pr.ext() });
    expect(seeds(p).lines).toEqual([`~ things id=${A}: tags: ["x","y"] → ["x"], mood: "calm" → "busy"`, `~ things id=${B}: doc: {"a":2,"b":1} → {"a":2}`]);
    await apply({ url, schemaDir: pr.schemaDir, ...pr.ext() });
    expect(seeds(await plan({ url, schemaDir: pr.schemaDir, ...pr.ext() })).count).toBe(0);
  });

  it('a row that reads as a live one and a row spelled differently with the same key are one row twice', async () => {
    const url = await freshDatabase();
    const pr = await project({ 'schema/10.sql': SCHEMA, 'seeds/things.yaml': SEED(ROW(A, 'price: 1')) });
    await apply({ url, schemaDir: pr.schemaDir, ...pr.ext() });
    await pr.write('seeds/things.yaml', SEED(ROW(A, 'price: 1') + ROW(A.toUpperCase(), 'price: 2')));
    const err = await plan({ url, schemaDir: pr.schemaDir, ...pr.ext() }).catch((e) => e);
    expect(err.exitCode).toBe(6);
    expect(err.message).toMatch(new RegExp(`seeds/things\\.yaml:6:5: rows\\[1\\] \\(id=${A.toUpperCase()}\\): the same key as rows\\[0\\] \\(id=${A}\\) once PostgreSQL reads it \\(id=${A}\\)`));
  });

  it('a catalogue written one JSON row per line: live rows read while the file is parsed, the same plan', async () => {
    const url = await freshDatabase();
    const schema = 'CREATE TABLE items (id serial PRIMARY KEY, name text NOT NULL UNIQUE, doc jsonb, price numeric(10, 4), created_at timestamptz NOT NULL DEFAULT now());';
    const rows = Array.from({ length: 2500 }, (_, i) => ({ name: `item_${i}`, doc: { n: i, tags: ['a', 'b'] }, price: i / 8 }));
    const file = (rs: object[], head = 'table: items\nkey: name\nunlisted: delete\n') => `${head}rows:\n${rs.map((r) => `  - ${JSON.stringify(r)}`).join('\n')}\n`;
    const pr = await project({ 'schema/10.sql': schema, 'seeds/items.yaml': file(rows) });
    await apply({ url, schemaDir: pr.schemaDir, ...pr.ext() });
    expect(seeds(await plan({ url, schemaDir: pr.schemaDir, ...pr.ext() })).count).toBe(0);
    await query(url, "UPDATE items SET doc = '{\"n\": -1}' WHERE name = 'item_7'");
    await query(url, "INSERT INTO items (name) VALUES ('extra')");
    const changed = [...rows];
    changed[1200] = { ...rows[1200], price: 1 };
    await pr.write('seeds/items.yaml', file(changed));
    const p = await plan({ url, schemaDir: pr.schemaDir, ...pr.ext() });
    expect(seeds(p).lines).toEqual(['~ items name=item_7: doc: {"n":-1} → {"n":7,"tags":["a","b"]}', '~ items name=item_1200: price: 150 → 1', '- items name=extra (not in the file, unlisted: delete)']);
    await apply({ url, schemaDir: pr.schemaDir, ...pr.ext() });
    expect(seeds(await plan({ url, schemaDir: pr.schemaDir, ...pr.ext() })).count).toBe(0);
    // A header that names the table but is refused: the usual message, nothing written.
    await pr.write('seeds/items.yaml', file(rows, 'table: items\nkey: nom\n'));
    const err = await plan({ url, schemaDir: pr.schemaDir, ...pr.ext() }).catch((e) => e);
    expect(err.exitCode).toBe(6);
    expect(err.message).toContain('key: public.items has no column nom');
  });
});
