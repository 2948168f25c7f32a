// Hostile but fair inputs: each one is refused with its exit code and a located message, and the
// server (target catalog and rows, other databases, roles, settings) is exactly as before.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { freshDatabase, serverUrl } from '../support/db';
import { schemaDir } from '../support/schema';
import { snapshot } from './snapshot';

const CANARY = 'CREATE TABLE canary (id int PRIMARY KEY, v text);\n';
const ROWS = "INSERT INTO canary VALUES (1, 'one'), (2, 'two');";

interface Case {
  name: string;
  /** The schema folder's files (besides 00_canary.sql); a Buffer is written as bytes. */
  files: Record<string, string | Buffer>;
  code: number;
  message: RegExp;
  args?: (url: string) => string[];
}

const refused = (file: string, line: number, col: number, what: string) => new RegExp(`${file.replace(/\./g, '\\.')}:${line}:${col}: ${what}`);

const CASES: Case[] = [
  { name: 'CREATE ROLE SUPERUSER', files: { '10.sql': 'CREATE ROLE evil SUPERUSER LOGIN;' }, code: 6, message: refused('10.sql', 1, 1, 'CREATE ROLE .*access/') },
  { name: 'ALTER ROLE', files: { '10.sql': 'CREATE TABLE x (id int);\nALTER ROLE postgres NOLOGIN;' }, code: 6, message: refused('10.sql', 2, 1, 'ALTER ROLE.*access/') },
  { name: 'GRANT role membership', files: { '10.sql': 'GRANT pg_read_all_data TO PUBLIC;' }, code: 6, message: refused('10.sql', 1, 1, 'GRANT.*access/') },
  { name: 'ALTER SYSTEM', files: { '10.sql': "ALTER SYSTEM SET work_mem = '64MB';" }, code: 6, message: refused('10.sql', 1, 1, 'ALTER SYSTEM.*server') },
  { name: 'ALTER DATABASE SET', files: { '10.sql': "ALTER DATABASE postgres SET work_mem = '1MB';" }, code: 6, message: refused('10.sql', 1, 1, 'ALTER DATABASE.*--url') },
  { name: 'CREATE DATABASE', files: { '10.sql': 'CREATE DATABASE other;' }, code: 6, message: refused('10.sql', 1, 1, 'CREATE DATABASE.*databases') },
  { name: 'DROP DATABASE WITH (FORCE)', files: { '10.sql': 'DROP DATABASE postgres WITH (FORCE);' }, code: 6, message: refused('10.sql', 1, 1, 'DROP DATABASE') },
  { name: 'COPY TO PROGRAM', files: { '10.sql': "COPY (SELECT 1) TO PROGRAM 'touch /tmp/schemaop-pwned';" }, code: 6, message: refused('10.sql', 1, 1, 'COPY.*seeds/') },
  { name: 'SELECT pg_terminate_backend', files: { '10.sql': 'SELECT pg_terminate_backend(pid) FROM pg_stat_activity;' }, code: 6, message: refused('10.sql', 1, 1, 'SELECT.*query') },
  { name: 'SELECT set_config(role)', files: { '10.sql': "SELECT pg_catalog.set_config('role', 'postgres', false);" }, code: 6, message: refused('10.sql', 1, 1, 'SELECT') },
  { name: 'DO block', files: { '10.sql': "DO $$ BEGIN RAISE NOTICE 'x'; END $$;" }, code: 6, message: refused('10.sql', 1, 1, 'DO .*runs code') },
  { name: 'CALL', files: { '10.sql': 'CALL p();' }, code: 6, message: refused('10.sql', 1, 1, 'CALL') },
  { name: 'INSERT', files: { '10.sql': `${CANARY.replace('canary', 'c2')}INSERT INTO c2 VALUES (1, 'x');` }, code: 6, message: refused('10.sql', 2, 1, 'INSERT.*seeds/') },
  { name: 'UPDATE', files: { '10.sql': "UPDATE canary SET v = 'x';" }, code: 6, message: refused('10.sql', 1, 1, 'UPDATE.*backfills/') },
  { name: 'DELETE', files: { '10.sql': 'DELETE FROM canary;' }, code: 6, message: refused('10.sql', 1, 1, 'DELETE') },
  { name: 'TRUNCATE', files: { '10.sql': 'TRUNCATE canary;' }, code: 6, message: refused('10.sql', 1, 1, 'TRUNCATE') },
  { name: 'CREATE TABLE AS', files: { '10.sql': 'CREATE TABLE x AS SELECT 1 AS a;' }, code: 6, message: refused('10.sql', 1, 1, 'CREATE TABLE .*rows of a query') },
  { name: 'GRANT', files: { '10.sql': 'GRANT SELECT ON canary TO PUBLIC;' }, code: 6, message: refused('10.sql', 1, 1, 'GRANT.*access/') },
  { name: 'REVOKE', files: { '10.sql': 'REVOKE ALL ON canary FROM PUBLIC;' }, code: 6, message: refused('10.sql', 1, 1, 'REVOKE.*access/') },
  { name: 'ALTER DEFAULT PRIVILEGES', files: { '10.sql': 'ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO PUBLIC;' }, code: 6, message: refused('10.sql', 1, 1, 'ALTER DEFAULT PRIVILEGES.*access/') },
  { name: 'ALTER TABLE OWNER TO', files: { '10.sql': 'CREATE TABLE x (id int);\nALTER TABLE x OWNER TO postgres;' }, code: 6, message: refused('10.sql', 2, 1, 'ALTER TABLE.*--no-owner') },
  { name: 'ALTER FUNCTION OWNER TO', files: { '10.sql': 'CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\nALTER FUNCTION f() OWNER TO postgres;' }, code: 6, message: refused('10.sql', 2, 1, 'ALTER FUNCTION.*ownership') },
  { name: 'CREATE SCHEMA AUTHORIZATION', files: { '10.sql': 'CREATE SCHEMA s AUTHORIZATION postgres;' }, code: 6, message: refused('10.sql', 1, 1, 'CREATE SCHEMA.*ownership') },
  { name: 'SET ROLE', files: { '10.sql': 'SET ROLE postgres;' }, code: 6, message: refused('10.sql', 1, 1, 'SET ROLE.*session role') },
  { name: 'SET SESSION AUTHORIZATION', files: { '10.sql': 'SET SESSION AUTHORIZATION postgres;' }, code: 6, message: refused('10.sql', 1, 1, 'SET SESSION AUTHORIZATION') },
  { name: 'CREATE TABLESPACE', files: { '10.sql': "CREATE TABLESPACE t LOCATION '/tmp';" }, code: 6, message: refused('10.sql', 1, 1, 'CREATE TABLESPACE.*server') },
  { name: 'LOAD', files: { '10.sql': "LOAD 'auto_explain';" }, code: 6, message: refused('10.sql', 1, 1, 'LOAD.*server') },
  { name: 'CHECKPOINT', files: { '10.sql': 'CHECKPOINT;' }, code: 6, message: refused('10.sql', 1, 1, 'CHECKPOINT') },
  { name: 'VACUUM', files: { '10.sql': 'VACUUM canary;' }, code: 6, message: refused('10.sql', 1, 1, 'VACUUM.*maintenance') },
  { name: 'REFRESH MATERIALIZED VIEW', files: { '10.sql': 'CREATE MATERIALIZED VIEW m AS SELECT 1 AS a WITH NO DATA;\nREFRESH MATERIALIZED VIEW m;' }, code: 6, message: refused('10.sql', 2, 1, 'REFRESH') },
  { name: 'CREATE SUBSCRIPTION', files: { '10.sql': "CREATE SUBSCRIPTION s CONNECTION 'host=x' PUBLICATION p;" }, code: 6, message: refused('10.sql', 1, 1, 'CREATE SUBSCRIPTION.*another server') },
  { name: 'psql \\connect', files: { '10.sql': '\\connect postgres\nCREATE TABLE x (id int);' }, code: 6, message: refused('10.sql', 1, 1, 'psql meta-command \\\\connect.*another database') },
  { name: 'psql \\!', files: { '10.sql': 'CREATE TABLE x (id int);\n  \\! touch /tmp/schemaop-pwned' }, code: 6, message: refused('10.sql', 2, 3, 'psql meta-command \\\\!.*shell') },
  { name: 'psql \\i', files: { '10.sql': '\\i other.sql' }, code: 6, message: refused('10.sql', 1, 1, 'psql meta-command \\\\i.*includes') },
  { name: 'psql \\copy', files: { '10.sql': "\\copy canary FROM 'rows.csv'" }, code: 6, message: refused('10.sql', 1, 1, 'psql meta-command \\\\copy.*seeds/') },
  { name: 'psql \\0', files: { '10.sql': 'CREATE TABLE x (id int);\n\\0' }, code: 6, message: refused('10.sql', 2, 1, 'psql meta-command \\\\0') },
  { name: 'psql \\gexec', files: { '10.sql': "SELECT 'DROP TABLE canary' \\gexec" }, code: 6, message: refused('10.sql', 1, 28, 'psql meta-command \\\\gexec.*generated SQL') },
  {
    name: 'PL/pgSQL syntax error (RETRUN)',
    files: { '10.sql': 'CREATE TABLE x (id int);\nCREATE FUNCTION t() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  RETRUN NEW;\nEND $$;' },
    code: 6,
    message: refused('10.sql', 4, 3, 'PL/pgSQL: syntax error at or near "RETRUN"'),
  },
  { name: 'Latin-1 file', files: { '10.sql': Buffer.from('CREATE TABLE x (id int);\n-- caf\xe9\n', 'latin1') }, code: 6, message: refused('10.sql', 2, 7, 'the file is not valid UTF-8 \\(byte 0xe9\\)') },
  { name: 'NUL byte', files: { '10.sql': 'CREATE TABLE x (id int);\nCREATE TABLE y (n text DEFAULT \'a\0b\');' }, code: 6, message: refused('10.sql', 2, 34, 'the file contains a NUL character') },
  { name: 'syntax error after multi-byte characters', files: { '10.sql': "COMMENT ON TABLE canary IS 'ünïcödé ✓ 😀';\nCREATE TABLE é (ü int, ;" }, code: 6, message: refused('10.sql', 2, 24, 'syntax error at or near ";"') },
  { name: 'server error after multi-byte characters', files: { '10.sql': "COMMENT ON TABLE canary IS 'ünïcödé ✓ 😀'; CREATE TABLE é (ü int REFERENCES missing);" }, code: 6, message: refused('10.sql', 1, 43, 'relation "missing" does not exist') },
  // Run as the dev database's own role: what needs more than owning the scratch database fails.
  { name: 'materialized view reading a server file', files: { '10.sql': "CREATE MATERIALIZED VIEW leak AS SELECT pg_read_file('/etc/passwd') AS x;" }, code: 6, message: refused('10.sql', 1, 1, 'permission denied for function pg_read_file') },
  { name: 'materialized view reloading the server configuration', files: { '10.sql': 'CREATE MATERIALIZED VIEW r AS SELECT pg_reload_conf() AS x;' }, code: 6, message: refused('10.sql', 1, 1, 'permission denied for function pg_reload_conf') },
  {
    name: 'function that switches to a superuser role, called at load',
    files: { '10.sql': "CREATE FUNCTION up() RETURNS text LANGUAGE sql SET role = 'postgres' AS $$ SELECT current_user::text $$;\nCREATE MATERIALIZED VIEW who AS SELECT up() AS u;" },
    code: 6,
    message: refused('10.sql', 2, 1, 'cannot set parameter "role" within security-restricted operation'),
  },
  // C functions from the server's own $libdir run on the creating connection (elevated.ts); any
  // other library path stays the dev role's, which may not use language c.
  { name: 'C-language function from a library outside $libdir', files: { '10.sql': "CREATE FUNCTION c() RETURNS int LANGUAGE c AS '/tmp/evil.so', 'f';" }, code: 6, message: refused('10.sql', 1, 1, 'permission denied for language c') },
  { name: 'C-language function from a $libdir path that climbs out', files: { '10.sql': "CREATE FUNCTION c() RETURNS int LANGUAGE c AS '$libdir/../../tmp/evil', 'f';" }, code: 6, message: refused('10.sql', 1, 1, 'permission denied for language c') },
  { name: 'backfill on a column that does not exist', files: { 'backfills/1.sql': '-- schemaop:backfill one\nUPDATE canary\n   SET nope = 1;' }, code: 6, message: refused('backfills/1.sql', 3, 8, 'the backfill does not fit the desired schema: column "nope" of relation "canary" does not exist') },
  { name: 'backfill holding DDL', files: { 'backfills/1.sql': '-- schemaop:backfill one\nDROP TABLE canary;' }, code: 6, message: refused('backfills/1.sql', 2, 1, 'DROP TABLE is not a data change') },
  // Command line and connection.
  { name: '--port 99999', files: {}, code: 64, message: /--port: expected a port number from 1 to 65535, got 99999/, args: () => ['plan', '--port', '99999'] },
  { name: 'invalid sslmode', files: {}, code: 64, message: /invalid sslmode "bogus"/, args: (url) => ['plan', '--url', `${url}?sslmode=bogus`] },
  { name: 'missing sslrootcert file', files: {}, code: 3, message: /the sslrootcert file \/nonexistent\/ca\.pem does not exist/, args: (url) => ['plan', '--url', `${url}?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem`] },
  { name: 'sslmode=require on a server without TLS', files: {}, code: 3, message: /the server does not support SSL connections/, args: (url) => ['plan', '--url', `${url}?sslmode=require`] },
  { name: '--engine atlas without Atlas', files: {}, code: 1, message: /--engine atlas: no atlas executable/, args: (url) => ['plan', '--url', url, '--engine', 'atlas'] },
  {
    name: 'password not percent-encoded, wrong',
    files: {},
    code: 3,
    message: /cannot connect to postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/t_\w+: authentication failed/,
    args: (url) => ['plan', '--url', url.replace(/:\/\/([^:]+):[^@]+@/, '://$1:s3cr@t/p4ss:w0rd@')],
  },
];

let url: string;
let atlasFree: Record<string, string>;

beforeAll(async () => {
  url = await freshDatabase(CANARY + ROWS);
  // No Atlas on PATH for these runs: the built-in engine, and the Atlas-missing case is real.
  atlasFree = { PATH: (process.env.PATH ?? '').split(':').filter((p) => !/\.tools|atlas/.test(p)).join(':') };
});

const totals = { tried: 0, clear: 0, unclear: 0, acceptedWrongly: 0 };
afterAll(() => {
  console.log(`bad inputs tried ${totals.tried} / refused clearly ${totals.clear} / refused unclearly ${totals.unclear} / accepted wrongly ${totals.acceptedWrongly}`);
});

describe('bad inputs change nothing and say where and why', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const dir = await schemaDir({ '00_canary.sql': CANARY });
      for (const [name, content] of Object.entries(c.files)) {
        await fs.mkdir(path.dirname(path.join(dir, name)), { recursive: true });
        await fs.writeFile(path.join(dir, name), content);
      }
      const before = await snapshot(url);
      const out: string[] = [];
      const saved = process.env.PATH;
      const savedAtlas = process.env.SCHEMAOP_ATLAS_BIN;
      process.env.PATH = atlasFree.PATH;
      // `npm run tools` puts atlas in .tools/bin, found without PATH: point at one that is not there.
      process.env.SCHEMAOP_ATLAS_BIN = path.join(dir, 'no-such-atlas');
      let code: number;
      try {
        const args = c.args ? c.args(url) : ['plan', '--url', url];
        if (!args.includes('--engine')) args.push('--engine', 'builtin');
        code = await main([...args, '--schema', dir, '-q'], { out: (s) => out.push(s), err: (s) => out.push(s) });
      } finally {
        process.env.PATH = saved;
        if (savedAtlas === undefined) delete process.env.SCHEMAOP_ATLAS_BIN;
        else process.env.SCHEMAOP_ATLAS_BIN = savedAtlas;
      }
      const text = out.join('\n');
      totals.tried++;
      if (code === 0 || code === 2) totals.acceptedWrongly++;
      else if (code === c.code && c.message.test(text) && !/\n\s+at /.test(text)) totals.clear++;
      else totals.unclear++;
      expect(text).not.toMatch(/\n\s+at .*\.ts:\d+/); // no stack trace
      expect(text).not.toContain(decodeURIComponent(new URL(serverUrl()).password));
      expect(text).not.toMatch(/s3cr@t|p4ss|w0rd/);
      expect(text).toMatch(c.message);
      expect(code).toBe(c.code);
      expect(await snapshot(url)).toEqual(before);
    });
  }
});
