// Seed rows as reconciled state, on a real PostgreSQL: validation, the row-level plan, the apply in
// the schema's transaction, idempotence, JSONB by value, refused deletes of referenced rows.
import { describe, expect, it } from 'vitest';
import { apply, BlockedError } from '../../src/engine/apply';
import { plan } from '../../src/engine/plan';
import type { SeedTableChanges } from '../../src/seeds/stage';
import { SeedError } from '../../src/seeds/load';
import { freshDatabase, query } from '../support/db';
import { project } from './project';
import { ddlRelations } from '../../src/engine/ddl-relations';
import { loadDesiredSchema } from '../../src/engine/source';
import { schemaDir } from '../support/schema';

const SCHEMA = `
CREATE TABLE exchanges (
    id serial PRIMARY KEY,
    name varchar(50) NOT NULL UNIQUE,
    display_name varchar(100) NOT NULL,
    api_limits jsonb,
    maker_fee numeric(10, 4),
    is_active boolean NOT NULL DEFAULT true,
    listed_on date
);
CREATE TABLE user_exchanges (
    id serial PRIMARY KEY,
    exchange_id integer REFERENCES exchanges (id) ON DELETE SET NULL
);
CREATE TABLE positions (
    id serial PRIMARY KEY,
    exchange_id integer NOT NULL REFERENCES exchanges (id)
);
`;

const SEED = `table: exchanges
key: name
unlisted: delete
rows:
  - name: coinbase
    display_name: Coinbase Advanced Trade
    api_limits: {ws_connections_per_ip: 750, rest_weight_limit: 10000}
    maker_fee: 0.006
  - name: binance
    display_name: Binance Spot
    api_limits: {orders_per_10s: 50, nested: {a: [1, 2.50, "x"]}}
    maker_fee: "0.0010"
    listed_on: 2017-07-14
`;

const seedTables = (p: { stages: { stage: string; data: unknown }[] }) => (p.stages.find((s) => s.stage === 'seeds')!.data as { tables: SeedTableChanges[] }).tables;

describe('seed rows', () => {
  it('fresh database: the plan creates the table and inserts the rows; apply; a second plan is empty', async () => {
    const url = await freshDatabase();
    const pr = await project({ 'schema/10.sql': SCHEMA, 'seeds/exchanges.yaml': SEED });
    const p = await plan({ url, schemaDir: pr.schemaDir, ...pr.ext() });
    expect(p.statements.some((s) => s.kind === 'create_table' && s.object === 'public.exchanges')).toBe(true);
    const seeds = p.stages.find((s) => s.stage === 'seeds')!;
    expect(seeds.count).toBe(2);
    expect(seeds.lines[0]).toMatch(/^\+ exchanges name=coinbase \(display_name, api_limits, maker_fee\) \[table created by this plan\]/);
    const r = await apply({ url, schemaDir: pr.schemaDir, ...pr.ext() });
    expect(r.applied).toBe(true);
    const rows = await query(url, 'SELECT name, display_name, api_limits, maker_fee::text, is_active, listed_on::text FROM exchanges ORDER BY id');
    expect(rows).toEqual([
      { name: 'coinbase', display_name: 'Coinbase Advanced Trade', api_limits: { ws_connections_per_ip: 750, rest_weight_limit: 10000 }, maker_fee: '0.0060', is_active: true, listed_on: null },
      { name: 'binance', display_name: 'Binance Spot', api_limits: { orders_per_10s: 50, nested: { a: [1, 2.5, 'x'] } }, maker_fee: '0.0010', is_active: true, listed_on: '2017-07-14' },
    ]);
    const again = await plan({ url, schemaDir: pr.schemaDir, ...pr.ext() });
    expect(again.stages.find((s) => s.stage === 'seeds')!.count).toBe(0);
    expect(again.statements).toEqual([]);
    expect((await apply({ url, schemaDir: pr.schemaDir, ...pr.ext() })).applied).toBe(false);
  });

  it('updates only the changed fields; JSONB and numerics compare by value; deletes unlisted rows; inserts new ones', async () => {
    const url = await freshDatabase();
    const pr = await project({ 'schema/10.sql': SCHEMA, 'seeds/exchanges.yaml': SEED });
    await apply({ url, schemaDir: pr.schemaDir, ...pr.ext() });
    await query(url, "INSERT INTO exchanges (name, display_name) VALUES ('kraken', 'Kraken')");
    // Same values, written differently: keys reordered, 0.006 as 0.0060, 2.50 as 2.5.
    await pr.write(
      'seeds/exchanges.yaml',
      SEED.replace('{ws_connections_per_ip: 750, rest_weight_limit: 10000}', '{rest_weight_limit: 10000, ws_connections_per_ip: 750}')
        .replace('maker_fee: 0.006', 'maker_fee: 0.0060')
        .replace('2.50', '2.5')
        .replace('Binance Spot', 'Binance') +
        '  - name: lighter\n    display_name: Lighter\n',
    );
    const p = await plan({ url, schemaDir: pr.schemaDir, ...pr.ext() });
    const [t] = seedTables(p);
    expect(t.insert.map((r) => r.key)).toEqual([{ name: 'lighter' }]);
    expect(t.update).toEqual([{ key: { name: 'binance' }, set: { display_name: 'Binance' }, from: { display_name: 'Binance Spot' }, reason: 'edited' }]);
    expect(t.delete).toEqual([{ key: { name: 'kraken' }, references: [], refused: undefined, reason: 'unlisted' }]);
    expect(p.stages[0].lines).toContain('~ exchanges name=binance: display_name: "Binance Spot" → "Binance"');
    await apply({ url, schemaDir: pr.schemaDir, ...pr.ext() });
    expect((await query(url, 'SELECT name, display_name FROM exchanges ORDER BY name')).map((r) => `${r.name}:${r.display_name}`)).toEqual(['binance:Binance', 'coinbase:Coinbase Advanced Trade', 'lighter:Lighter']);
    expect(seedTables(await plan({ url, schemaDir: pr.schemaDir, ...pr.ext() }))[0]).toMatchObject({ insert: [], update: [], delete: [] });
  });

  it('a bad row is reported with file, line, row and field, and nothing is written', async () => {
    const url = await freshDatabase();
    const bad = SEED.replace('display_name: Binance Spot', 'display_name: 42').replace('maker_fee: 0.006', 'maker_fee: lots').replace('    listed_on: 2017-07-14\n', '    listed_on: 2017-07-14\n    colour: red\n');
    const pr = await project({ 'schema/10.sql': SCHEMA, 'seeds/exchanges.yaml': bad });
    const err = await apply({ url, schemaDir: pr.schemaDir, ...pr.ext() }).catch((e) => e);
    expect(err).toBeInstanceOf(SeedError);
    expect(err.exitCode).toBe(6);
    expect(err.message).toContain('seeds/exchanges.yaml:8:16: rows[0] (name=coinbase).maker_fee: expected numeric or null, got string "lots" (a number)');
    expect(err.message).toContain('seeds/exchanges.yaml:10:19: rows[1] (name=binance).display_name: expected varchar, got number 42');
    expect(err.message).toMatch(/seeds\/exchanges.yaml:14:13: rows\[1\] \(name=binance\)\.colour: public\.exchanges has no column colour/);
    expect(await query(url, "SELECT 1 FROM pg_tables WHERE tablename = 'exchanges'")).toEqual([]);
    // The file's own shape, and a missing required field.
    const pr2 = await project({ 'schema/10.sql': SCHEMA, 'seeds/exchanges.yaml': 'table: exchanges\nkey: name\nunlisted: sometimes\nrows:\n  - name: x\n' });
    const err2 = await plan({ url, schemaDir: pr2.schemaDir, ...pr2.ext() }).catch((e) => e);
    expect(err2.message).toMatch(/seeds\/exchanges.yaml:3:11: unlisted: Invalid option/);
    const pr3 = await project({ 'schema/10.sql': SCHEMA, 'seeds/exchanges.yaml': 'table: exchanges\nkey: name\nrows:\n  - name: x\n  - name: x\n    display_name: X\n' });
    const err3 = (await plan({ url, schemaDir: pr3.schemaDir, ...pr3.ext() }).catch((e) => e)).message;
    expect(err3).toContain('seeds/exchanges.yaml:4:5: rows[0] (name=x).display_name: required (NOT NULL without a default in 10.sql)');
    expect(err3).toContain('rows[1] (name=x): same key as rows[0]');
  });

  it('refuses to delete a referenced row, naming the table and count; declared actions let it through', async () => {
    const url = await freshDatabase();
    const pr = await project({ 'schema/10.sql': SCHEMA, 'seeds/exchanges.yaml': SEED });
    await apply({ url, schemaDir: pr.schemaDir, ...pr.ext() });
    await query(url, "INSERT INTO user_exchanges (exchange_id) SELECT id FROM exchanges, generate_series(1, 3) WHERE name = 'binance'");
    const withoutBinance = SEED.slice(0, SEED.indexOf('  - name: binance'));
    await pr.write('seeds/exchanges.yaml', withoutBinance);
    const p = await plan({ url, schemaDir: pr.schemaDir, ...pr.ext() });
    expect(p.findings).toEqual([
      expect.objectContaining({ rule: 'seed-delete-referenced', level: 'block', object: 'public.exchanges name=binance', message: expect.stringContaining('still referenced by user_exchanges (3 rows, user_exchanges_exchange_id_fkey ON DELETE SET NULL)') }),
    ]);
    expect(p.stages[0].lines[0]).toMatch(/^! exchanges name=binance: delete REFUSED: still referenced by user_exchanges \(3 rows/);
    const err = await apply({ url, schemaDir: pr.schemaDir, ...pr.ext() }).catch((e) => e);
    expect(err).toBeInstanceOf(BlockedError);
    expect(err.exitCode).toBe(8);
    expect(await query(url, "SELECT 1 FROM exchanges WHERE name = 'binance'")).toHaveLength(1);

    // Declared: keep the row and deactivate it instead; idempotent.
    await pr.write('seeds/exchanges.yaml', withoutBinance.replace('unlisted: delete', 'unlisted: delete\nreferenced: {set: {is_active: false}}'));
    const kept = await plan({ url, schemaDir: pr.schemaDir, ...pr.ext() });
    expect(kept.findings).toEqual([]);
    expect(seedTables(kept)[0].update).toEqual([{ key: { name: 'binance' }, set: { is_active: false }, from: { is_active: true }, reason: 'referenced' }]);
    await apply({ url, schemaDir: pr.schemaDir, ...pr.ext() });
    expect(await query(url, "SELECT is_active FROM exchanges WHERE name = 'binance'")).toEqual([{ is_active: false }]);
    expect(seedTables(await plan({ url, schemaDir: pr.schemaDir, ...pr.ext() }))[0]).toMatchObject({ insert: [], update: [], delete: [] });

    // Declared: delete, the foreign key's ON DELETE SET NULL applies.
    await pr.write('seeds/exchanges.yaml', withoutBinance.replace('unlisted: delete', 'unlisted: delete\nreferenced: delete'));
    await apply({ url, schemaDir: pr.schemaDir, ...pr.ext() });
    expect(await query(url, "SELECT 1 FROM exchanges WHERE name = 'binance'")).toEqual([]);
    expect(await query(url, 'SELECT count(*)::int AS n FROM user_exchanges WHERE exchange_id IS NULL')).toEqual([{ n: 3 }]);

    // A NO ACTION foreign key refuses even a declared delete.
    await query(url, "INSERT INTO positions (exchange_id) SELECT id FROM exchanges WHERE name = 'coinbase'");
    await pr.write('seeds/exchanges.yaml', 'table: exchanges\nkey: name\nunlisted: keep\nremove: [coinbase]\nreferenced: delete\nrows: []\n');
    const noAction = await plan({ url, schemaDir: pr.schemaDir, ...pr.ext() });
    expect(noAction.findings[0].message).toContain('positions (1 row, positions_exchange_id_fkey ON DELETE NO ACTION); the foreign key does not allow the delete');
  });

  it('unlisted: keep leaves rows that are not in the file; remove deletes named rows', async () => {
    const url = await freshDatabase();
    const pr = await project({ 'schema/10.sql': SCHEMA, 'seeds/exchanges.yaml': SEED.replace('unlisted: delete', 'unlisted: keep') });
    await apply({ url, schemaDir: pr.schemaDir, ...pr.ext() });
    await query(url, "INSERT INTO exchanges (name, display_name) VALUES ('kraken', 'Kraken'), ('ftx', 'FTX')");
    const p = await plan({ url, schemaDir: pr.schemaDir, ...pr.ext() });
    expect(seedTables(p)[0]).toMatchObject({ delete: [], unlisted: 2 });
    expect(p.stages[0].count).toBe(0);
    await pr.write('seeds/exchanges.yaml', SEED.replace('unlisted: delete', 'unlisted: keep\nremove: [ftx]'));
    await apply({ url, schemaDir: pr.schemaDir, ...pr.ext() });
    expect((await query(url, 'SELECT name FROM exchanges ORDER BY name')).map((r) => r.name)).toEqual(['binance', 'coinbase', 'kraken']);
  });

  it('a seed for a column this plan adds: the update is planned before the column exists', async () => {
    const url = await freshDatabase();
    const pr = await project({ 'schema/10.sql': SCHEMA, 'seeds/exchanges.yaml': SEED });
    await apply({ url, schemaDir: pr.schemaDir, ...pr.ext() });
    await pr.write('schema/10.sql', SCHEMA.replace('listed_on date', 'listed_on date,\n    region text'));
    await pr.write('seeds/exchanges.yaml', SEED.replace('display_name: Binance Spot', 'display_name: Binance Spot\n    region: global'));
    const p = await plan({ url, schemaDir: pr.schemaDir, ...pr.ext() });
    expect(p.statements.map((s) => s.kind)).toEqual(['add_column']);
    expect(seedTables(p)[0].update).toEqual([{ key: { name: 'binance' }, set: { region: 'global' }, from: { region: null }, reason: 'edited' }]);
    await apply({ url, schemaDir: pr.schemaDir, ...pr.ext() });
    expect(await query(url, "SELECT region FROM exchanges WHERE name = 'binance'")).toEqual([{ region: 'global' }]);
  });
});

describe('the tables schema/ declares, as seeds and the review diagram read them', () => {
  it('columns added or dropped by a later ALTER TABLE are the table’s', async () => {
    const dir = await schemaDir({
      '10_t.sql': 'CREATE TABLE t (id int PRIMARY KEY, legacy text);',
      '20_more.sql': 'ALTER TABLE t ADD COLUMN region text NOT NULL DEFAULT \'eu\', ADD COLUMN IF NOT EXISTS id int;\nALTER TABLE t DROP COLUMN legacy;',
    });
    const rels = await ddlRelations(await loadDesiredSchema(dir));
    expect(rels.get('public.t')?.columns.map((c) => [c.name, c.notNull])).toEqual([
      ['id', true],
      ['region', true],
    ]);
  });
});
