import { existsSync } from 'node:fs';
import pg from 'pg';
import { SchemaopError } from '../errors';
import { redact, scrub, sslFilesOf, sslModeOf, withEncodedPassword, withSslMode } from './url';

// Large integers and timestamps stay as text: the engine compares catalog values, it never does arithmetic on them.
export type Client = pg.Client;

/**
 * Opens a connection, turning network and authentication failures into a clear, password-free
 * error. `sslmode` is read as libpq reads it: an unknown mode is refused, `prefer` tries TLS and
 * falls back to a plain connection when the server has none, `allow` tries the other way round.
 * TCP keepalives make a vanished peer visible to both sides.
 */
export async function connect(given: string, opts: { purpose?: string; connectTimeoutMs?: number } = {}): Promise<Client> {
  const url = withEncodedPassword(given);
  let mode;
  try {
    mode = sslModeOf(url);
  } catch (e) {
    throw new SchemaopError(`cannot connect to ${redact(url)}: ${(e as Error).message}`, 64);
  }
  for (const { param, file } of sslFilesOf(url)) {
    if (!existsSync(file)) throw new SchemaopError(`cannot connect to ${redact(url)}: the ${param} file ${file} does not exist`, 3);
  }
  if (mode === 'prefer' || mode === 'allow') {
    const [first, second] = mode === 'prefer' ? (['no-verify', 'disable'] as const) : (['disable', 'no-verify'] as const);
    try {
      return await connectOnce(withSslMode(url, first), url, opts);
    } catch (e) {
      const fallback = mode === 'prefer' ? /does not support SSL/i.test(String((e as Error).message)) : true;
      if (!fallback) throw e;
      return await connectOnce(withSslMode(url, second), url, opts);
    }
  }
  return connectOnce(url, url, opts);
}

async function connectOnce(url: string, shown: string, opts: { purpose?: string; connectTimeoutMs?: number }): Promise<Client> {
  const client = new pg.Client({
    connectionString: url,
    application_name: 'schemaop' + (opts.purpose ? ` ${opts.purpose}` : ''),
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 10_000,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
  // An idle connection dropped by the server must not crash the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (e) {
    await client.end().catch(() => undefined);
    const err = e as NodeJS.ErrnoException & { code?: string };
    if (/does not support SSL/i.test(err.message ?? '')) throw Object.assign(new SchemaopError(`cannot connect to ${redact(shown)}: the server does not support SSL connections`, 3), { cause: e });
    const why =
      err.code === 'ECONNREFUSED'
        ? 'connection refused (is the server running? `schemaop db start` starts the embedded one)'
        : err.code === '3D000'
          ? 'the database does not exist'
          : err.code === '28P01' || err.code === '28000'
            ? 'authentication failed'
            : scrub(err.message || String(e), url, shown);
    throw new SchemaopError(`cannot connect to ${redact(shown)}: ${why}`, 3);
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
