// The one list of kinds of object (src/engine/kinds.ts) against PostgreSQL's own catalogs: every
// catalog is a kind's or explained, every planner named exists, and for every planned kind a
// change made by hand moves the catalog fingerprint (the fast path then re-plans) and shows in the
// by-name description the test suites compare.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { withClient } from '../src/db/connect';
import { catalogFingerprint, scope } from '../src/engine/fingerprint';
import { fixers } from '../src/engine/diff/fixers';
import { KINDS, NOT_SCHEMA_CATALOGS, kindsTable } from '../src/engine/kinds';
import { freshDatabase, query } from './support/db';

const BASE = `
CREATE TABLE t (id int PRIMARY KEY, name text, n int);
CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT a + 1';
CREATE TYPE pair AS (a int, b int);`;

/** A change by hand that creates or alters an object of each planned kind (on BASE). */
const EXAMPLES: Record<string, string> = {
  schema: 'CREATE SCHEMA s2',
  extension: 'CREATE EXTENSION citext',
  table: 'CREATE TABLE t2 (a int)',
  column: 'ALTER TABLE t ADD COLUMN c text DEFAULT $$x$$',
  constraint: 'ALTER TABLE t ADD CONSTRAINT n_positive CHECK (n > 0)',
  index: 'CREATE INDEX t_name ON t (name)',
  view: 'CREATE VIEW v AS SELECT id FROM t',
  'materialized view': 'CREATE MATERIALIZED VIEW mv AS SELECT id FROM t',
  rule: 'CREATE RULE r AS ON DELETE TO t DO INSTEAD NOTHING',
  sequence: 'CREATE SEQUENCE seq START 5',
  function: 'CREATE FUNCTION g() RETURNS int LANGUAGE sql AS $$SELECT 1$$',
  aggregate: 'CREATE AGGREGATE agg(int) (SFUNC = int4pl, STYPE = int)',
  type: "CREATE TYPE mood AS ENUM ('sad', 'ok')",
  'composite type': 'CREATE TYPE triple AS (a int, b int, c int)',
  trigger: `CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
            CREATE TRIGGER tg BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf()`,
  policy: 'CREATE POLICY p ON t USING (n > 0)',
  statistics: 'CREATE STATISTICS st ON name, n FROM t',
  collation: "CREATE COLLATION und (provider = icu, locale = 'und')",
  'text search parser': 'CREATE TEXT SEARCH PARSER prs (START = prsd_start, GETTOKEN = prsd_nexttoken, END = prsd_end, LEXTYPES = prsd_lextype)',
  'text search template': 'CREATE TEXT SEARCH TEMPLATE tmpl (LEXIZE = dsimple_lexize)',
  'text search dictionary': 'CREATE TEXT SEARCH DICTIONARY dict (TEMPLATE = simple)',
  'text search configuration': 'CREATE TEXT SEARCH CONFIGURATION cfg (COPY = simple)',
  operator: 'CREATE OPERATOR === (LEFTARG = int, RIGHTARG = int, FUNCTION = int4eq)',
  cast: 'CREATE CAST (text AS pair) WITH INOUT',
  publication: 'CREATE PUBLICATION pub FOR TABLE t',
  comment: "COMMENT ON FUNCTION f(int) IS 'adds one'",
};

const planned = KINDS.filter((k) => 'by' in k.plan);

describe('the list of kinds of object', () => {
  it("is docs/engine.md's table of kinds", () => {
    const doc = fs.readFileSync(path.resolve(__dirname, '../docs/engine.md'), 'utf8');
    expect(doc).toContain(kindsTable());
    expect(kindsTable().split('\n')).toHaveLength(KINDS.length + 2);
  });

  it("covers every catalog of the server: each is a kind's or says why it holds no schema object", async () => {
    const url = await freshDatabase();
    const catalogs = (await query<{ c: string }>(url, "SELECT relname AS c FROM pg_class WHERE relnamespace = 'pg_catalog'::regnamespace AND relkind = 'r'")).map((r) => r.c);
    const listed = new Set([...KINDS.flatMap((k) => k.catalogs), ...Object.keys(NOT_SCHEMA_CATALOGS)]);
    expect(catalogs.filter((c) => !listed.has(c))).toEqual([]);
    // And nothing listed that the server does not have.
    expect([...listed].filter((c) => !catalogs.includes(c))).toEqual([]);
  });

  it('names only planners that exist: migra, the comments, partition index adoption, or a registered fixer', () => {
    const known = new Set(['migra', 'comments', 'adopted', ...fixers.map((f) => f.name)]);
    const named = planned.flatMap((k) => ('by' in k.plan ? k.plan.by : []));
    expect(named.filter((n) => !known.has(n))).toEqual([]);
    // Every fixer plans some kind on the list.
    expect(fixers.map((f) => f.name).filter((n) => !named.includes(n))).toEqual([]);
  });

  it('has an example here for every planned kind', () => {
    expect(planned.map((k) => k.name).filter((n) => !EXAMPLES[n])).toEqual([]);
  });

  it.each(planned.map((k) => [k.name] as const))('%s: a change by hand moves the fingerprint and shows in the description', async (name) => {
    const kind = KINDS.find((k) => k.name === name)!;
    const url = await freshDatabase(BASE);
    const describe = (u: string) => query<{ d: string }>(u, `SELECT x::text AS d FROM (${kind.describe!(scope())}) AS q(x)`).then((r) => r.map((x) => x.d).sort());
    const before = await withClient(url, (c) => catalogFingerprint(c));
    const described = await describe(url);
    await query(url, EXAMPLES[name]);
    expect(await withClient(url, (c) => catalogFingerprint(c))).not.toBe(before);
    expect(await describe(url)).not.toEqual(described);
  });
});

describe('the fingerprint with an exclude list', () => {
  it('ignores excluded objects and what belongs to them, and still sees the managed ones', async () => {
    const url = await freshDatabase(`${BASE}
      CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY);
      CREATE SCHEMA legacy; CREATE TABLE legacy.old (id serial PRIMARY KEY);`);
    const fp = () => withClient(url, (c) => catalogFingerprint(c, [], ['public.alembic_version', 'legacy.*']));
    const before = await fp();
    await query(url, `ALTER TABLE alembic_version ALTER COLUMN version_num TYPE varchar(64);
      CREATE INDEX alembic_idx ON alembic_version (version_num);
      COMMENT ON TABLE alembic_version IS 'by alembic';
      CREATE TABLE legacy.newer (a int); ALTER TABLE legacy.old ADD COLUMN b int`);
    expect(await fp()).toBe(before);
    await query(url, 'ALTER TABLE t ADD COLUMN by_hand int');
    expect(await fp()).not.toBe(before);
  });
});
