// The "dev database": a scratch database in which the desired DDL is executed so that PostgreSQL
// itself validates and normalises it (Atlas's approach). It is always dropped, also on failure.
import { createHash, randomBytes } from 'node:crypto';
import * as os from 'node:os';
import { Client, connect, quoteIdent, withClient } from '../db/connect';
import { withDatabase } from '../db/url';
import { SchemaopError } from '../errors';
import { DesiredSchema, SourceError, SourceFile, lineColumn } from './source';

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
  const r = await admin.query(`SELECT datname FROM pg_database WHERE starts_with(datname, $1)`, [`${SCRATCH_PREFIX}${HOST}_`]);
  for (const { datname } of r.rows as { datname: string }[]) {
    const pid = Number(datname.slice(SCRATCH_PREFIX.length + HOST.length + 1).split('_')[0]);
    if (Number.isInteger(pid) && pid > 0 && !alive(pid)) {
      // Without FORCE: a database someone is still connected to is left alone.
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(datname)}`).catch(() => undefined);
    }
  }
}

/** Creates a scratch database on the server of `serverUrl`, runs `fn` with its URL, drops it. */
export async function withScratchDatabase<T>(serverUrl: string, fn: (url: string) => Promise<T>): Promise<T> {
  const name = scratchName();
  const admin = await connect(serverUrl, { purpose: 'dev database' });
  try {
    await dropLeftovers(admin);
    try {
      await admin.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0 ENCODING 'UTF8'`);
    } catch (e) {
      throw new SchemaopError(
        `cannot create the scratch dev database on ${new URL(serverUrl).host}: ${(e as Error).message}` +
          ' (the role needs CREATEDB, or pass --dev-url to a server where it may create databases)',
        3,
      );
    }
    try {
      return await fn(withDatabase(serverUrl, name));
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    }
  } finally {
    await admin.end().catch(() => undefined);
  }
}

/** Executes the desired schema in an empty database; a failing statement is reported as file:line:column. */
export async function loadDesired(url: string, schema: DesiredSchema): Promise<void> {
  await withClient(
    url,
    async (c) => {
      // Like pg_dump: function bodies may reference objects from later files.
      await c.query('SET check_function_bodies = off');
      for (const file of schema.files) {
        if (file.statements.length === 0) continue;
        try {
          // One round trip per file; a multi-statement query is one implicit transaction.
          await c.query(file.text);
        } catch (e) {
          throw await locate(c, file, e as PgError);
        }
      }
    },
    'dev database',
  );
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
    const { line, column } = lineColumn(file.text, Number(err.position) - 1);
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
