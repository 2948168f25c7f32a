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
});
