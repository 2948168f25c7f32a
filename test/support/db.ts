// Databases for tests, on the run's real PostgreSQL server.
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { withClient, quoteIdent } from '../../src/db/connect';
import { databaseOf, withDatabase } from '../../src/db/url';

export const serverUrl = (): string => inject('pgUrl');

/** Creates an empty database (optionally loaded with `sql`) and returns its URL. */
export async function freshDatabase(sql?: string, prefix = 't'): Promise<string> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  await withClient(serverUrl(), (c) => c.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0`));
  const url = withDatabase(serverUrl(), name);
  if (sql) await withClient(url, (c) => c.query(sql));
  return url;
}

export async function dropDatabase(url: string): Promise<void> {
  const name = databaseOf(url);
  await withClient(serverUrl(), (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
}

export async function query<T = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  return withClient(url, async (c) => (await c.query(sql, params)).rows as T[]);
}
