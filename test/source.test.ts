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

describe('schema files as their authors ship them', () => {
  it('accepts psql meta-commands that change nothing, a byte-order mark and pg_dump session setup, keeping positions', async () => {
    const dir = await schemaDir({
      '10.sql': '\uFEFF\\set ON_ERROR_STOP 1\n\\restrict abc123\nSET statement_timeout = 0;\nSELECT pg_catalog.set_config(\'search_path\', \'\', false);\nCREATE TABLE public.a (id int); \\echo done\n\\unrestrict abc123\n',
    });
    const s = await loadDesiredSchema(dir);
    expect(s.files[0].statements.map((x) => [x.line, x.column, x.sql])).toEqual([
      [3, 1, 'SET statement_timeout = 0'],
      [4, 1, "SELECT pg_catalog.set_config('search_path', '', false)"],
      [5, 1, 'CREATE TABLE public.a (id int)'],
    ]);
  });

  it('leaves backslashes inside strings, dollar quotes and comments alone', async () => {
    const body = "CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $$ SELECT '\n\\set not_a_command\n' || E'a\\\\b' $$;\n/* \\connect x */ -- \\! y\n";
    const s = await loadDesiredSchema(await schemaDir({ '10.sql': body }));
    expect(s.files[0].statements).toHaveLength(1);
    expect(s.files[0].text).toBe(body);
  });

  it('counts columns in characters after multi-byte and astral characters', () => {
    expect(lineColumn('é😀x', 3)).toEqual({ line: 1, column: 3 });
    expect(lineColumn('a\n😀😀y', 6)).toEqual({ line: 2, column: 3 });
  });

  it('accepts the statements pg_dump --schema-only --no-owner --no-privileges writes', async () => {
    const dump = [
      "SET statement_timeout = 0;", "SET lock_timeout = 0;", "SET client_encoding = 'UTF8';", "SET standard_conforming_strings = on;",
      "SELECT pg_catalog.set_config('search_path', '', false);", "SET check_function_bodies = false;", "SET xmloption = content;",
      "SET client_min_messages = warning;", "SET row_security = off;", "CREATE SCHEMA app;", "CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public;",
      "COMMENT ON EXTENSION citext IS 'x';", "SET default_tablespace = '';", "SET default_table_access_method = heap;",
      'CREATE TABLE app.t (id integer NOT NULL);', 'CREATE SEQUENCE app.t_id_seq AS integer START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1;',
      'ALTER SEQUENCE app.t_id_seq OWNED BY app.t.id;', "ALTER TABLE ONLY app.t ALTER COLUMN id SET DEFAULT nextval('app.t_id_seq'::regclass);",
      'ALTER TABLE ONLY app.t ADD CONSTRAINT t_pkey PRIMARY KEY (id);', 'CREATE MATERIALIZED VIEW app.m AS SELECT id FROM app.t WITH NO DATA;',
    ].join('\n');
    const s = await loadDesiredSchema(await schemaDir({ '10.sql': dump }));
    expect(s.files[0].statements).toHaveLength(20);
  });
});

describe('kinds of object the differ does not plan', () => {
  // Each would be built in the dev database and never reach the target: refused at load instead.
  const cases: [string, string][] = [
    ['CREATE OPERATOR CLASS c FOR TYPE int USING btree AS OPERATOR 1 <;', 'an operator class'],
    ['CREATE OPERATOR FAMILY f USING btree;', 'an operator family'],
    ["CREATE CONVERSION c FOR 'LATIN1' TO 'UTF8' FROM iso8859_1_to_utf8;", 'a conversion'],
    ['CREATE EVENT TRIGGER e ON ddl_command_start EXECUTE FUNCTION f();', 'an event trigger'],
    ['CREATE FOREIGN DATA WRAPPER w;', 'a foreign data wrapper'],
    ['CREATE SERVER s FOREIGN DATA WRAPPER w;', 'a foreign server or user mapping'],
    ['CREATE FOREIGN TABLE ft (a int) SERVER s;', 'a foreign table'],
    ['IMPORT FOREIGN SCHEMA r FROM SERVER s INTO public;', 'a foreign table'],
    ['CREATE USER MAPPING FOR CURRENT_USER SERVER s;', 'a foreign server or user mapping'],
    ['CREATE TRANSFORM FOR int LANGUAGE sql (FROM SQL WITH FUNCTION f(internal));', 'a transform'],
    ['CREATE ACCESS METHOD heap2 TYPE TABLE HANDLER heap_tableam_handler;', 'an access method'],
    ['CREATE LANGUAGE plsample HANDLER plsample_call_handler;', 'a procedural language'],
    ["SECURITY LABEL FOR selinux ON TABLE t IS 'system_u:object_r:sepgsql_table_t:s0';", 'a security label'],
  ];
  it.each(cases)('refuses %s at its file:line, naming the kind', async (sql, what) => {
    const dir = await schemaDir({ '10.sql': `CREATE TABLE t (a int);\n\n${sql}\n` });
    await expect(loadDesiredSchema(dir)).rejects.toThrow(new RegExp(`10\\.sql:3:1.*defines ${what}, which schemaop does not plan`));
  });

  it('accepts the kinds it plans: operators, casts, publications', async () => {
    const dir = await schemaDir({
      '10.sql': `CREATE TABLE t (a int);
CREATE OPERATOR public.=== (LEFTARG = int, RIGHTARG = int, FUNCTION = int4eq);
ALTER OPERATOR public.=== (int, int) SET (RESTRICT = eqsel);
CREATE TYPE pair AS (a int, b int);
CREATE CAST (text AS pair) WITH INOUT;
CREATE PUBLICATION p FOR TABLE t;
ALTER PUBLICATION p SET (publish = 'insert');
`,
    });
    await expect(loadDesiredSchema(dir)).resolves.toBeDefined();
  });

  it('still accepts a subscription refusal and an aggregate (a DefineStmt that is planned)', async () => {
    const dir = await schemaDir({ '10.sql': 'CREATE FUNCTION s(a int, b int) RETURNS int LANGUAGE sql AS $$ SELECT a + b $$;\nCREATE AGGREGATE sm(int) (SFUNC = s, STYPE = int);\n' });
    await expect(loadDesiredSchema(dir)).resolves.toBeDefined();
    const sub = await schemaDir({ '10.sql': "CREATE SUBSCRIPTION x CONNECTION 'host=h' PUBLICATION p;\n" });
    await expect(loadDesiredSchema(sub)).rejects.toThrow(/10\.sql:1:1.*subscriptions are not schema/);
  });
});
