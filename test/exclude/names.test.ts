// Names as PostgreSQL has them: a table called `we.ird"name` (a dot and a quote in it) is not
// `public.we`, for exclude patterns, the dependency order, lint's data queries and seed files; an
// exclude pattern names quoted and non-ASCII objects as SQL does.
import { describe, expect, it } from 'vitest';
import { freshDatabase, query } from '../support/db';
import { project, said } from './project';

const WEIRD = '"we.ird""name"';
const LIVE = `
CREATE TABLE ${WEIRD} (id int PRIMARY KEY, label text, extra text);
INSERT INTO ${WEIRD} VALUES (1, 'one', 'x'), (2, 'two', 'y');
CREATE VIEW labels AS SELECT id, label FROM ${WEIRD};
CREATE TABLE we (id int);
CREATE SCHEMA "Ünïcode";
CREATE TABLE "Ünïcode"."Tä" (id int);
INSERT INTO "Ünïcode"."Tä" VALUES (1);`;
// The column type changes under the view that uses it; extra is dropped.
const SCHEMA = `CREATE TABLE ${WEIRD} (id int PRIMARY KEY, label varchar(20));\nCREATE VIEW labels AS SELECT id, label FROM ${WEIRD};\n`;
const SEED = `table: '${WEIRD}'\nkey: id\nrows:\n  - {id: 3, label: seeded}\n`;

interface JsonPlan {
  statements: { kind: string; object: string; sql: string }[];
  stages: { stage: string; count: number }[];
}

describe('object names with dots, quotes and non-ASCII letters', () => {
  it('are told apart by exclude, order, lint and seeds', async () => {
    const url = await freshDatabase(LIVE);
    const p = await project(url, { 'schema/10.sql': SCHEMA, 'seeds/10_weird.yaml': SEED });
    const dev = ['--env', 'dev', '--format', 'json'];

    // Excluding the table with a dot in its name leaves public.we planned (dropped), and the reverse.
    const a = await p.run(['plan', ...dev, '--exclude', `public.${WEIRD}`, '--exclude', '"Ünïcode".*']);
    expect(a.code, said(a)).toBe(2);
    const pa = JSON.parse(a.stdout) as JsonPlan;
    expect(pa.statements.map((s) => [s.kind, s.object])).toContainEqual(['drop_table', 'public.we']);
    // (The view over it is managed: it is planned again, for its column's new type.)
    expect(pa.statements.filter((s) => !/^public\.(we|labels)$/.test(s.object))).toEqual([]);
    expect(a.stdout).not.toMatch(/Ünïcode/);
    expect(pa.stages.find((s) => s.stage === 'seed rows')?.count ?? 0).toBe(0);

    const b = await p.run(['plan', ...dev, '--exclude', 'public.we', '--exclude', '"Ünïcode".*']);
    expect(b.code, said(b)).toBe(2);
    const pb = JSON.parse(b.stdout) as JsonPlan;
    expect(pb.statements.some((s) => s.object === 'public.we')).toBe(false);
    expect(pb.statements.map((s) => s.kind)).toEqual(expect.arrayContaining(['drop_column', 'alter_column_type']));
    expect(b.stdout).not.toMatch(/Ünïcode/);
    // Unquoted, a pattern folds to lower case as SQL does: it names no "Ünïcode" schema (Ü is not ASCII; ï stays too, but Ü ≠ ü).
    const unquoted = await p.run(['plan', ...dev, '--exclude', 'public.we', '--exclude', 'ünïcode.*']);
    expect(unquoted.stdout).toMatch(/Ünïcode/);

    // Lint counts the values the drop deletes, in the table itself (not in "public"."we").
    await p.write({ 'schemaop.yaml': "exclude:\n  - public.we\n  - '\"Ünïcode\".*'\n" });
    const linted = await p.run(['lint', '--env', 'prod']);
    expect(linted.code, said(linted)).toBe(8);
    expect(linted.stdout).toContain('drops column public."we.ird""name".extra. It holds 2 non-null values.');

    // Applied: the view is dropped before the type change and created after it; the seed row is in.
    const applied = await p.run(['apply', '--env', 'dev', '--auto-approve']);
    expect(applied.code, said(applied)).toBe(0);
    expect(await query(url, `SELECT id, label FROM ${WEIRD} ORDER BY id`)).toEqual([
      { id: 1, label: 'one' },
      { id: 2, label: 'two' },
      { id: 3, label: 'seeded' },
    ]);
    expect(await query(url, `SELECT format_type(atttypid, atttypmod) AS t FROM pg_attribute WHERE attrelid = '${WEIRD.replace(/'/g, "''")}'::regclass AND attname = 'label'`)).toEqual([{ t: 'character varying(20)' }]);
    expect(await query(url, 'SELECT count(*)::int AS n FROM labels')).toEqual([{ n: 3 }]);
    expect(await query(url, 'SELECT id FROM "Ünïcode"."Tä"')).toEqual([{ id: 1 }]);
    const again = await p.run(['plan', '--env', 'dev', '--full']);
    expect(again.code, said(again)).toBe(0);
    expect(again.stdout).toMatch(/No changes/);
  }, 300_000);

  it('get the online-safe steps plain names get: indexes built concurrently, constraints added NOT VALID and validated, after the transaction', async () => {
    const live = `CREATE SCHEMA "s.x";
CREATE TABLE "s.x"."par.ent" (id int PRIMARY KEY, n int);
CREATE TABLE "s.x"."chi""ld" (id int PRIMARY KEY, parent_id int, "v.al" int);
CREATE TABLE public."Tä.b" (id int NOT NULL, k text);
CREATE INDEX "old.idx" ON "s.x"."chi""ld" ("v.al");
INSERT INTO "s.x"."par.ent" VALUES (1, 1);
INSERT INTO "s.x"."chi""ld" VALUES (1, 1, 7);`;
    const desired = `CREATE SCHEMA "s.x";
CREATE TABLE "s.x"."par.ent" (id int PRIMARY KEY, n int CONSTRAINT "n.pos" CHECK (n > 0));
CREATE TABLE "s.x"."chi""ld" (id int PRIMARY KEY, parent_id int CONSTRAINT "fk.parent" REFERENCES "s.x"."par.ent" (id), "v.al" int);
CREATE INDEX "chi.ld_v" ON "s.x"."chi""ld" ("v.al", id);
CREATE TABLE public."Tä.b" (id int NOT NULL, k text, CONSTRAINT "Tä.b_pkey" PRIMARY KEY (id));
`;
    const url = await freshDatabase(live);
    const p = await project(url, { 'schema/10.sql': desired });
    const r = await p.run(['plan', '--env', 'staging', '--format', 'json']);
    expect(r.code, said(r)).toBe(2);
    const plan = JSON.parse(r.stdout) as { statements: { phase: string; sql: string }[] };
    const inTransaction = plan.statements.filter((s) => s.phase === 'transaction').map((s) => s.sql).join('\n');
    const after = plan.statements.filter((s) => s.phase !== 'transaction').map((s) => s.sql).join('\n');
    expect(after).toMatch(/CREATE INDEX CONCURRENTLY IF NOT EXISTS "chi\.ld_v"/);
    expect(after).toMatch(/DROP INDEX CONCURRENTLY IF EXISTS "s\.x"\."old\.idx"/);
    expect(after).toMatch(/CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "Tä\.b_pkey"/);
    expect(after).toMatch(/ADD CONSTRAINT "Tä\.b_pkey" PRIMARY KEY USING INDEX "Tä\.b_pkey"/i);
    expect(after).toMatch(/ADD CONSTRAINT "fk\.parent" FOREIGN KEY[^\n]*NOT VALID/i);
    expect(after).toMatch(/VALIDATE CONSTRAINT "fk\.parent"/i);
    expect(after).toMatch(/ADD CONSTRAINT "n\.pos" CHECK[^\n]*NOT VALID/i);
    expect(inTransaction).not.toMatch(/"(chi\.ld_v|old\.idx|Tä\.b_pkey|fk\.parent|n\.pos)"/);
    const applied = await p.run(['apply', '--env', 'staging', '--auto-approve']);
    expect(applied.code, said(applied)).toBe(0);
    const again = await p.run(['plan', '--env', 'staging', '--full']);
    expect(again.code, said(again)).toBe(0);
  }, 300_000);

  it('are named in access.yaml as SQL names them: grants, readable columns and drift on a table with a dot and a quote', async () => {
    const url = await freshDatabase();
    const schema = `CREATE TABLE ${WEIRD} (id int PRIMARY KEY, secret text);\nCREATE TABLE we (id int PRIMARY KEY);\n`;
    const access = [
      'schemas: [public]',
      'roles:',
      '  migrator: {name: "names_migrator", owner: true, login: false, members: []}',
      '  app: {name: "names_app", login: false, members: external}',
      'readable_columns:',
      `  '${WEIRD}': [id]`,
      'grants:',
      '  - roles: [app]',
      '    schemas: [public]',
      '    privileges: [USAGE]',
      '  - roles: [app]',
      `    tables: ['${WEIRD}']`,
      '    privileges: [SELECT, INSERT]',
      '',
    ].join('\n');
    const p = await project(url, { 'schema/10.sql': schema, 'access/access.yaml': access });
    const applied = await p.run(['apply', '--env', 'dev', '--auto-approve']);
    expect(applied.code, said(applied)).toBe(0);
    const lit = `'${WEIRD.replace(/'/g, "''")}'`;
    expect(
      await query(url, `SELECT has_table_privilege('names_app', ${lit}, 'INSERT') AS ins, has_column_privilege('names_app', ${lit}, 'id', 'SELECT') AS id, has_column_privilege('names_app', ${lit}, 'secret', 'SELECT') AS secret, has_table_privilege('names_app', 'public.we', 'SELECT') AS we`),
    ).toEqual([{ ins: true, id: true, secret: false, we: false }]);
    // A hand grant on the secret column is drift, on that table and not on public.we.
    await query(url, `GRANT SELECT (secret) ON ${WEIRD} TO names_app`);
    const drift = await p.run(['drift', '--env', 'dev']);
    expect(drift.code, said(drift)).toBe(7);
    expect(said(drift)).toMatch(/we\.ird/);
    const again = await p.run(['apply', '--env', 'dev', '--auto-approve']);
    expect(again.code, said(again)).toBe(0);
    expect(await query(url, `SELECT has_column_privilege('names_app', ${lit}, 'secret', 'SELECT') AS secret`)).toEqual([{ secret: false }]);
    const clean = await p.run(['drift', '--env', 'dev']);
    expect(clean.code, said(clean)).toBe(0);
  }, 300_000);
});
