// Seed files as a hostile but fair user writes them, on a real PostgreSQL: every file in seeds/ is
// reconciled or refused with file:line and exit 6, numbers stay exact, repeated fields and keys
// that PostgreSQL reads as equal are refused, and a refused input changes nothing.
import { describe, expect, it } from 'vitest';
import { apply } from '../../src/engine/apply';
import { plan } from '../../src/engine/plan';
import { freshDatabase, query } from '../support/db';
import { project } from './project';

const SCHEMA = `
CREATE TABLE exchanges (
    id serial PRIMARY KEY,
    name varchar(50) NOT NULL UNIQUE,
    display_name varchar(100),
    meta jsonb NOT NULL DEFAULT '{}',
    big numeric(30, 0)
);
CREATE TABLE accounts (
    id uuid PRIMARY KEY,
    "?set" text,
    opened timestamptz UNIQUE
);
`;

const snapshot = (url: string) => query(url, `SELECT (SELECT count(*)::int FROM exchanges) AS e, (SELECT count(*)::int FROM accounts) AS a, (SELECT coalesce(string_agg(name || display_name, ','), '') FROM exchanges) AS names`);

describe('hostile seed files', () => {
  it('a flow-style YAML file is reconciled like any other', async () => {
    const url = await freshDatabase();
    const pr = await project({ 'schema/10.sql': SCHEMA, 'seeds/10_exchanges.yaml': '{table: exchanges, key: name, rows: [{name: coinbase, display_name: Coinbase}, {name: kraken, display_name: Kraken}]}\n' });
    const p = await plan({ url, schemaDir: pr.schemaDir, ...pr.ext() });
    expect(p.stages.find((s) => s.stage === 'seeds')!.count).toBe(2);
    await apply({ url, schemaDir: pr.schemaDir, ...pr.ext() });
    expect(await query(url, 'SELECT name FROM exchanges ORDER BY name')).toEqual([{ name: 'coinbase' }, { name: 'kraken' }]);
    expect((await plan({ url, schemaDir: pr.schemaDir, ...pr.ext() })).stages.find((s) => s.stage === 'seeds')!.count).toBe(0);
  });

  it('keeps big numbers exact in jsonb and numeric columns, and plans nothing afterwards', async () => {
    const url = await freshDatabase();
    const pr = await project({
      'schema/10.sql': SCHEMA,
      'seeds/10_exchanges.yaml': 'table: exchanges\nkey: name\nrows:\n  - name: a\n    meta: {limit: 12345678901234567890, fee: 0.10000000000000000001}\n    big: 123456789012345678901234567890\n',
      'seeds/20_accounts.json': '{"table": "accounts", "key": "id", "rows": [{"id": "8e0c7d4e-0000-4000-8000-000000000001", "?set": "x"}]}',
    });
    await apply({ url, schemaDir: pr.schemaDir, ...pr.ext() });
    expect(await query(url, `SELECT meta::text AS m, big::text AS b FROM exchanges`)).toEqual([{ m: '{"fee": 0.10000000000000000001, "limit": 12345678901234567890}', b: '123456789012345678901234567890' }]);
    expect((await plan({ url, schemaDir: pr.schemaDir, ...pr.ext() })).stages.find((s) => s.stage === 'seeds')!.count).toBe(0);
    // A changed last digit is a change, and a column named "?set" is updated like any other.
    await pr.write('seeds/10_exchanges.yaml', 'table: exchanges\nkey: name\nrows:\n  - name: a\n    meta: {limit: 12345678901234567891, fee: 0.10000000000000000001}\n    big: 123456789012345678901234567890\n');
    await pr.write('seeds/20_accounts.json', '{"table": "accounts", "key": "id", "rows": [{"id": "8e0c7d4e-0000-4000-8000-000000000001", "?set": "y"}]}');
    const p = await plan({ url, schemaDir: pr.schemaDir, ...pr.ext() });
    expect(p.stages.find((s) => s.stage === 'seeds')!.count).toBe(2);
    await apply({ url, schemaDir: pr.schemaDir, ...pr.ext() });
    expect(await query(url, `SELECT meta->>'limit' AS l FROM exchanges`)).toEqual([{ l: '12345678901234567891' }]);
    expect(await query(url, `SELECT "?set" AS s FROM accounts`)).toEqual([{ s: 'y' }]);
  });

  const bad: [string, Record<string, string>, RegExp][] = [
    ['a file that is not a seed file', { 'seeds/notes.txt': 'table: exchanges\n' }, /seeds\/notes\.txt:1:1: not a seed file/],
    ['a folder in seeds/', { 'seeds/more/10.yaml': 'table: exchanges\nkey: name\nrows: []\n' }, /seeds\/more: not a seed file/],
    [
      'too many YAML aliases',
      { 'seeds/10_exchanges.yaml': `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ntable: exchanges\nkey: name\nrows: []\n` },
      /seeds\/10_exchanges\.yaml:2:\d+: too many uses of YAML anchors/,
    ],
    ['a repeated field in a JSON row', { 'seeds/10_exchanges.yaml': 'table: exchanges\nkey: name\nrows:\n  - {"name": "a", "display_name": "A", "display_name": "B"}\n' }, /seeds\/10_exchanges\.yaml:4:\d+: Map keys must be unique/],
    ['a repeated field in a JSON file', { 'seeds/10_exchanges.json': '{"table": "exchanges", "key": "name", "rows": [{"name": "a", "name": "b"}]}' }, /seeds\/10_exchanges\.json:1:\d+: Map keys must be unique/],
    ['NULL in a NOT NULL jsonb column', { 'seeds/10_exchanges.yaml': 'table: exchanges\nkey: name\nrows:\n  - name: a\n    meta: null\n' }, /seeds\/10_exchanges\.yaml:5:11: rows\[0\] \(name=a\)\.meta: expected jsonb, got null/],
    [
      'uuid keys equal once read by PostgreSQL',
      { 'seeds/20_accounts.yaml': 'table: accounts\nkey: id\nrows:\n  - id: 8E0C7D4E-0000-4000-8000-000000000001\n  - id: 8e0c7d4e-0000-4000-8000-000000000001\n' },
      /seeds\/20_accounts\.yaml:5:5: rows\[1\] \(id=8e0c7d4e-0000-4000-8000-000000000001\): the same key as rows\[0\]/,
    ],
    [
      'timestamp keys equal once read by PostgreSQL',
      { 'seeds/20_accounts.yaml': "table: accounts\nkey: opened\nrows:\n  - {id: 8e0c7d4e-0000-4000-8000-000000000001, opened: '2024-01-01 00:00:00+00'}\n  - {id: 8e0c7d4e-0000-4000-8000-000000000002, opened: '2024-01-01T01:00:00+01:00'}\n" },
      /seeds\/20_accounts\.yaml:5:5: rows\[1\] .*the same key as rows\[0\]/,
    ],
    ['a seed of a table created and dropped within schema/', { 'schema/20.sql': 'CREATE TABLE gone (id int PRIMARY KEY);\nDROP TABLE gone;', 'seeds/30_gone.yaml': 'table: gone\nkey: id\nrows: [{id: 1}]\n' }, /seeds\/30_gone\.yaml:1:8: table: public\.gone is not a table declared in schema\//],
  ];

  for (const [what, files, message] of bad) {
    it(`refuses ${what} with its location and exit 6; nothing changes`, async () => {
      const url = await freshDatabase();
      const pr = await project({ 'schema/10.sql': SCHEMA, 'seeds/10_exchanges.yaml': 'table: exchanges\nkey: name\nrows:\n  - {name: coinbase, display_name: Coinbase}\n' });
      await apply({ url, schemaDir: pr.schemaDir, ...pr.ext() });
      const before = await snapshot(url);
      for (const [f, t] of Object.entries(files)) await pr.write(f, t);
      for (const run of [plan, apply]) {
        const err = await run({ url, schemaDir: pr.schemaDir, ...pr.ext() }).then(
          () => undefined,
          (e) => e,
        );
        expect(err?.exitCode, `${what}: ${err?.message}`).toBe(6);
        expect(err.message).toMatch(message);
      }
      expect(await snapshot(url)).toEqual(before);
    });
  }

  it('a table created and dropped within schema/ gets no grants', async () => {
    const url = await freshDatabase();
    const pr = await project({
      'schema/10.sql': 'CREATE TABLE kept (id int);\nCREATE TABLE gone (id int);\nDROP TABLE gone;',
      'access/access.yaml': 'roles:\n  app: {name: "{database}_app"}\ngrants:\n  - {roles: [app], tables: "*", privileges: [SELECT]}\n',
    });
    const p = await plan({ url, schemaDir: pr.schemaDir, ...pr.ext() });
    const lines = p.stages.find((s) => s.stage === 'grants')!.lines;
    expect(lines.some((l) => l.includes('"kept"'))).toBe(true);
    expect(lines.filter((l) => l.includes('"gone"'))).toEqual([]);
    await apply({ url, schemaDir: pr.schemaDir, ...pr.ext() });
  });
});
