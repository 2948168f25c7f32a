import pg from 'pg';
import { SchemaopError } from '../errors';
import { redact, scrub } from './url';

// Large integers and timestamps stay as text: the engine compares catalog values, it never does arithmetic on them.
export type Client = pg.Client;

/** Opens a connection, turning network and authentication failures into a clear, password-free error. */
export async function connect(url: string, opts: { purpose?: string; connectTimeoutMs?: number } = {}): Promise<Client> {
  const client = new pg.Client({
    connectionString: url,
    application_name: 'schemaop' + (opts.purpose ? ` ${opts.purpose}` : ''),
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 10_000,
  });
  // An idle connection dropped by the server must not crash the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (e) {
    await client.end().catch(() => undefined);
    const err = e as NodeJS.ErrnoException & { code?: string };
    const why =
      err.code === 'ECONNREFUSED'
        ? 'connection refused (is the server running? `schemaop db start` starts the embedded one)'
        : err.code === '3D000'
          ? 'the database does not exist'
          : err.code === '28P01' || err.code === '28000'
            ? 'authentication failed'
            : scrub(err.message || String(e), url);
    throw new SchemaopError(`cannot connect to ${redact(url)}: ${why}`, 3);
  }
  return client;
}

export async function withClient<T>(url: string, fn: (c: Client) => Promise<T>, purpose?: string): Promise<T> {
  const c = await connect(url, { purpose });
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => undefined);
  }
}

export const quoteIdent = (s: string) => '"' + s.replace(/"/g, '""') + '"';
/** `schema.name`, each part quoted. */
export const quoteQualified = (schema: string, name: string) => `${quoteIdent(schema)}.${quoteIdent(name)}`;
export const quoteLiteral = (s: string) => "'" + s.replace(/'/g, "''") + "'";
