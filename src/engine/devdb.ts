// The "dev database": a scratch database in which the desired DDL is executed so that PostgreSQL
// itself validates and normalises it (Atlas's approach). It is always dropped, also on failure.
import { randomBytes } from 'node:crypto';
import { Client, connect, quoteIdent, withClient } from '../db/connect';
import { withDatabase } from '../db/url';
import { SchemaopError } from '../errors';
import { DesiredSchema, SourceError, SourceFile, lineColumn } from './source';

export const SCRATCH_PREFIX = 'schemaop_dev_';

/** Creates a scratch database on the server of `serverUrl`, runs `fn` with its URL, drops it. */
export async function withScratchDatabase<T>(serverUrl: string, fn: (url: string) => Promise<T>): Promise<T> {
  const name = `${SCRATCH_PREFIX}${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = await connect(serverUrl, { purpose: 'dev database' });
  try {
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
