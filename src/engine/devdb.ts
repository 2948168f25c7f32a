// The "dev database": a scratch database in which the desired DDL is executed so that PostgreSQL
// itself validates and normalises it (Atlas's approach). It is always dropped, also on failure.
// The DDL runs as a dedicated role made for this one database: it logs in only there, owns only
// that database, and is never a superuser (no CREATEDB, CREATEROLE, REPLICATION or BYPASSRLS), so
// whatever a schema file does cannot reach other databases, roles or the server.
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import * as os from 'node:os';
import { Client, connect, quoteIdent, quoteLiteral, withClient } from '../db/connect';
import { formatConnection, parseConnection, withDatabase } from '../db/url';
import { SchemaopError } from '../errors';
import { UNTRUSTED_EXTENSIONS, needsSuperuser } from './elevated';
import { Backfill, DesiredSchema, SourceError, SourceFile, SourceStatement, indexOfCodePoint, lineColumn } from './source';
import { loadParser, parseSqlSync } from './sql';
import { EXIT } from '../exit-codes';

export const SCRATCH_PREFIX = 'schemaop_dev_';
/** This machine, in scratch database names: only its own dead processes' leftovers are dropped. */
const HOST = createHash('sha256').update(os.hostname()).digest('hex').slice(0, 6);

/** Name of a new scratch database: schemaop_dev_<host>_<pid>_<random>. */
export const scratchName = () => `${SCRATCH_PREFIX}${HOST}_${process.pid}_${randomBytes(4).toString('hex')}`;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * A process killed while it held a scratch database (SIGKILL, a crash) could not drop it; the next
 * run on the same machine drops the ones whose process is gone and that nobody is connected to.
 * Other machines' are left alone.
 */
async function dropLeftovers(admin: Client): Promise<void> {
  const prefix = `${SCRATCH_PREFIX}${HOST}_`;
  const dead = (name: string) => {
    const pid = Number(name.slice(SCRATCH_PREFIX.length + HOST.length + 1).split('_')[0]);
    return Number.isInteger(pid) && pid > 0 && !alive(pid);
  };
  const r = await admin.query(`SELECT datname FROM pg_database WHERE starts_with(datname, $1)`, [prefix]);
  for (const { datname } of r.rows as { datname: string }[]) {
    // Without FORCE: a database someone is still connected to is left alone.
    if (dead(datname)) await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(datname)}`).catch(() => undefined);
  }
  const roles = await admin.query(`SELECT rolname FROM pg_roles WHERE starts_with(rolname, $1)`, [prefix]).catch(() => ({ rows: [] }));
  for (const { rolname } of roles.rows as { rolname: string }[]) {
    if (dead(rolname)) await admin.query(`DROP ROLE IF EXISTS ${quoteIdent(rolname)}`).catch(() => undefined);
  }
}

/**
 * The SCRAM-SHA-256 verifier of a password, as PostgreSQL stores it (RFC 5802/7677): sent in
 * `CREATE ROLE ... PASSWORD` instead of the password itself, so that a server logging DDL
 * (log_statement = ddl, common on managed servers) never logs the password. PostgreSQL recognises
 * the verifier and stores it as is; the password (ASCII here: SASLprep leaves it unchanged) logs in.
 */
export function scramVerifier(password: string, iterations = 4096, salt: Buffer = randomBytes(16)): string {
  const salted = pbkdf2Sync(password.normalize('NFKC'), salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

/**
 * Creates the scratch database's own role when the connecting role may (a superuser, or a role
 * with CREATEROLE); otherwise the DDL runs as the connecting role, which then is no superuser.
 * A CREATEROLE login that is no superuser (a managed server's admin) then makes itself a member:
 * since PostgreSQL 16 the creator of a role has only ADMIN on it (createrole_self_grant is empty
 * by default), and `CREATE DATABASE ... OWNER` needs SET on the owner, `DROP DATABASE` its
 * privileges (INHERIT). The membership goes with the role when it is dropped.
 */
async function devRole(admin: Client, name: string): Promise<{ user: string; password: string } | undefined> {
  const me = await admin.query(`SELECT rolsuper, rolcreaterole, current_setting('server_version_num')::int AS v FROM pg_roles WHERE rolname = current_user`);
  const { rolsuper, rolcreaterole, v } = me.rows[0] ?? {};
  if (!rolsuper && !rolcreaterole) return undefined;
  const password = randomBytes(24).toString('base64url');
  // INHERIT: it belongs to no role but its database's pg_database_owner, whose CREATE on schema
  // public it needs (PostgreSQL 15 honours NOINHERIT there too).
  await admin.query(
    `CREATE ROLE ${quoteIdent(name)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT CONNECTION LIMIT 8 PASSWORD ${quoteLiteral(scramVerifier(password))}`,
  );
  if (!rolsuper) await admin.query(`GRANT ${quoteIdent(name)} TO CURRENT_USER${v >= 160000 ? ' WITH INHERIT TRUE, SET TRUE' : ''}`);
  return { user: name, password };
}

const withCredentials = (url: string, who: { user: string; password: string }) => formatConnection({ ...parseConnection(url), ...who });

const serverOf = (url: string) => {
  const p = parseConnection(url);
  return `${p.host ?? 'localhost'}:${p.port ?? 5432}`;
};

/** The connection (as the role that created it) to each scratch database run by a dev role. */
const creatorOf = new Map<string, string>();

/** A scratch database: its URL (as its own role, when there is one) and how to drop it. */
export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Creates a scratch database on the server of `serverUrl`; the caller drops it. */
export async function createScratchDatabase(serverUrl: string): Promise<ScratchDatabase> {
  const name = scratchName();
  const admin = await connect(serverUrl, { purpose: 'dev database' });
  let role: { user: string; password: string } | undefined;
  try {
    await dropLeftovers(admin);
    try {
      role = await devRole(admin, name);
      await admin.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0 ENCODING 'UTF8'${role ? ` OWNER ${quoteIdent(role.user)}` : ''}`);
      // Only the scratch role (and the role that made it) may connect to the scratch database.
      await admin.query(`REVOKE ALL ON DATABASE ${quoteIdent(name)} FROM PUBLIC`);
    } catch (e) {
      if (role) await admin.query(`DROP ROLE IF EXISTS ${quoteIdent(role.user)}`).catch(() => undefined);
      const message = (e as Error).message;
      // Name the missing privilege only when the server's error is about it.
      const needs = /permission denied to create database/.test(message) ? 'the role needs CREATEDB' : /permission denied to create role/.test(message) ? 'the role needs CREATEROLE' : undefined;
      throw new SchemaopError(`cannot create the scratch dev database on ${serverOf(serverUrl)}: ${message} (${needs ? `${needs}, ` : ''}or pass --dev-url to a server where it may create databases)`, EXIT.unreachable);
    }
  } finally {
    await admin.end().catch(() => undefined);
  }
  const url = withDatabase(serverUrl, name);
  const devUrl = role ? withCredentials(url, role) : url;
  if (role) creatorOf.set(devUrl, url);
  return {
    url: devUrl,
    drop: async () => {
      creatorOf.delete(devUrl);
      await withClient(
        serverUrl,
        async (c) => {
          await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
          if (role) await c.query(`DROP ROLE IF EXISTS ${quoteIdent(role.user)}`);
        },
        'dev database',
      );
    },
  };
}

/** Creates a scratch database on the server of `serverUrl`, runs `fn` with its URL, drops it. */
export async function withScratchDatabase<T>(serverUrl: string, fn: (url: string) => Promise<T>): Promise<T> {
  const db = await createScratchDatabase(serverUrl);
  try {
    return await fn(db.url);
  } finally {
    await db.drop();
  }
}

/**
 * Keeps the scratch database a plan loaded, for the next plan of the same desired files on the
 * same server: apply verifies by planning again what it just planned, and the desired state is
 * the same database it loaded then (nothing writes to it after the load). Closed by its owner.
 */
export class ScratchKeeper {
  private kept?: { server: string; hash: string; db: ScratchDatabase };

  /** Runs `fn` with a scratch database: the kept one (`loaded`) when it holds `hash`, else a new one, kept afterwards. */
  async use<T>(server: string, hash: string, fn: (url: string, loaded: boolean) => Promise<T>): Promise<T> {
    if (this.kept && this.kept.server === server && this.kept.hash === hash) return fn(this.kept.db.url, true);
    await this.close();
    const db = await createScratchDatabase(server);
    try {
      const out = await fn(db.url, false);
      this.kept = { server, hash, db };
      return out;
    } catch (e) {
      await db.drop().catch(() => undefined);
      throw e;
    }
  }

  async close(): Promise<void> {
    const k = this.kept;
    this.kept = undefined;
    if (k) await k.db.drop();
  }
}

/**
 * Executes the desired schema in an empty database; a failing statement is reported as
 * file:line:column. Each file runs in a fresh session, as psql runs files one at a time: a
 * `SET search_path` in one file never changes where the next file's objects go. Pending
 * backfills are then checked against the desired schema (EXPLAIN: parsed and resolved, not run).
 */
export async function loadDesired(url: string, schema: DesiredSchema, opts: { backfills?: Backfill[] } = {}): Promise<void> {
  await withClient(
    url,
    async (c) => {
      const creator = creatorOf.get(url);
      const untrusted = creator ? new Set((await c.query(UNTRUSTED_EXTENSIONS)).rows.map((r) => (r as { name: string }).name)) : new Set<string>();
      for (const file of schema.files) {
        if (file.statements.length === 0) continue;
        await c.query('DISCARD ALL');
        // Like pg_dump: function bodies may reference objects from later files.
        await c.query('SET check_function_bodies = off');
        await loadParser();
        if (creator && file.statements.some((s) => needsSuperuser(s, untrusted))) {
          await runElevating(c, creator, file, untrusted);
          continue;
        }
        if (file.statements.some((s) => runsAlone(s))) {
          for (const s of file.statements) await runLocated(c, file, s);
          continue;
        }
        try {
          // One round trip per file; a multi-statement query is one implicit transaction.
          await c.query(file.text);
        } catch (e) {
          throw await locate(c, file, e as PgError);
        }
      }
      await c.query('DISCARD ALL');
      if (creator) await policiesToCreator(c, creator);
      for (const b of opts.backfills ?? []) {
        for (const s of b.statements) {
          try {
            await c.query(`EXPLAIN ${s.sql}`);
          } catch (e) {
            const err = e as PgError;
            const at = err.position ? lineColumn(s.sql, indexOfCodePoint(s.sql, Number(err.position) - 'EXPLAIN '.length - 1)) : { line: 1, column: 1 };
            const line = s.line + at.line - 1;
            const column = at.line === 1 ? s.column + at.column - 1 : at.column;
            throw new SourceError(b.file, line, column, `the backfill does not fit the desired schema: ${err.message}`);
          }
        }
      }
    },
    'dev database',
  );
}

/**
 * `CREATE POLICY ... TO CURRENT_USER` (or CURRENT_ROLE, SESSION_USER) stores the role that ran it:
 * here the scratch database's own role, which exists nowhere else. Such policies name instead the
 * role that created the scratch database, as they would had it loaded the schema itself.
 */
async function policiesToCreator(c: Client, creatorUrl: string): Promise<void> {
  const creatorRole = await withClient(creatorUrl, async (k) => (await k.query('SELECT current_user AS u')).rows[0].u as string, 'dev database');
  const alters = await c.query(
    `SELECT format('ALTER POLICY %I ON %s TO %s', p.polname, p.polrelid::regclass,
              string_agg(CASE WHEN r.r = 0 THEN 'PUBLIC' WHEN r.r = me.oid THEN quote_ident($1) ELSE quote_ident(pg_get_userbyid(r.r)) END, ', ' ORDER BY r.i)) AS sql
       FROM pg_policy p CROSS JOIN (SELECT oid FROM pg_roles WHERE rolname = current_user) me
       CROSS JOIN LATERAL unnest(p.polroles) WITH ORDINALITY AS r(r, i)
      WHERE me.oid = ANY (p.polroles)
      GROUP BY p.oid, p.polname, p.polrelid`,
    [creatorRole],
  );
  for (const { sql } of alters.rows as { sql: string }[]) await c.query(sql);
}

/**
 * A file with definitions only a superuser may make (elevated.ts): statement by statement, those
 * on the creating role's connection to the scratch database, in the file session's search_path,
 * then owned by the dev role like everything else; the rest as the dev role.
 */
async function runElevating(c: Client, creatorUrl: string, file: SourceFile, untrusted: ReadonlySet<string>): Promise<void> {
  await withClient(
    creatorUrl,
    async (creator) => {
      const devRole = (await c.query('SELECT current_user AS u')).rows[0].u as string;
      for (const s of file.statements) {
        try {
          if (!needsSuperuser(s, untrusted)) {
            await c.query(s.sql);
            continue;
          }
          const path = (await c.query(`SELECT current_setting('search_path') AS p`)).rows[0].p as string;
          await creator.query(`SELECT set_config('search_path', $1, false)`, [path]);
          await creator.query(s.sql);
          const mine = await creator.query(
            `SELECT p.oid::regprocedure::text AS f FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
              WHERE p.proowner = (SELECT oid FROM pg_roles WHERE rolname = current_user) AND n.nspname NOT IN ('pg_catalog', 'information_schema')`,
          );
          for (const { f } of mine.rows as { f: string }[]) await creator.query(`ALTER FUNCTION ${f} OWNER TO ${quoteIdent(devRole)}`);
        } catch (e) {
          const err = e as PgError;
          const at = err.position ? lineColumn(s.sql, indexOfCodePoint(s.sql, Number(err.position) - 1)) : { line: 1, column: 1 };
          throw new SourceError(file.path, s.line + at.line - 1, at.line === 1 ? s.column + at.column - 1 : at.column, err.message);
        }
      }
    },
    'dev database',
  );
}

/**
 * A statement a schema file may hold that cannot run in the file's one implicit transaction
 * (CREATE INDEX CONCURRENTLY: the index is what the file declares, however it is built), or that
 * may have to be passed over (a comment on an extension the database has from its template).
 */
function runsAlone(s: SourceStatement): boolean {
  const stmt = s.stmt ?? parseSqlSync(s.sql).stmts?.[0]?.stmt;
  return !!stmt?.IndexStmt?.concurrent || stmt?.CommentStmt?.objtype === 'OBJECT_EXTENSION';
}

/**
 * Runs one statement of a file, an error located in the file. pg_dump writes `COMMENT ON EXTENSION
 * plpgsql IS '...'` with the comment the extension already has: only its owner (the bootstrap
 * superuser) may run it, and it changes nothing, so a comment an extension already has is passed over.
 */
async function runLocated(c: Client, file: SourceFile, s: SourceStatement): Promise<void> {
  const stmt = s.stmt ?? parseSqlSync(s.sql).stmts?.[0]?.stmt;
  const comment = stmt?.CommentStmt;
  if (comment?.objtype === 'OBJECT_EXTENSION') {
    const same = await c.query(`SELECT 1 FROM pg_extension WHERE extname = $1 AND obj_description(oid, 'pg_extension') IS NOT DISTINCT FROM $2`, [
      comment.object?.String?.sval ?? '',
      comment.comment ?? null,
    ]);
    if (same.rows.length) return;
  }
  try {
    await c.query(s.sql);
  } catch (e) {
    const err = e as PgError;
    const at = err.position ? lineColumn(s.sql, indexOfCodePoint(s.sql, Number(err.position) - 1)) : { line: 1, column: 1 };
    throw new SourceError(file.path, s.line + at.line - 1, at.line === 1 ? s.column + at.column - 1 : at.column, err.message);
  }
}

interface PgError extends Error {
  position?: string;
  internalPosition?: string;
  where?: string;
  detail?: string;
  hint?: string;
}

async function locate(c: Client, file: SourceFile, err: PgError): Promise<SourceError> {
  const message = [err.message, err.detail && `DETAIL: ${err.detail}`, err.hint && `HINT: ${err.hint}`]
    .filter(Boolean)
    .join('\n  ');
  if (err.position) {
    const { line, column } = lineColumn(file.text, indexOfCodePoint(file.text, Number(err.position) - 1));
    return new SourceError(file.path, line, column, message);
  }
  // No position (for example an error raised inside a function body): find the statement by
  // running the file again one statement at a time inside a transaction that is rolled back.
  await c.query('BEGIN');
  try {
    for (const s of file.statements) {
      try {
        await c.query(s.sql);
      } catch (e2) {
        const e = e2 as PgError;
        const where = e.where ? `\n  CONTEXT: ${e.where}` : '';
        return new SourceError(file.path, s.line, s.column, (e.message === err.message ? message : e.message) + where);
      }
    }
  } finally {
    await c.query('ROLLBACK').catch(() => undefined);
  }
  return new SourceError(file.path, 1, 1, message);
}
