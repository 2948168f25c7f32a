import pg from 'pg';
import { SchemaopError } from '../errors';
import { mark } from '../util/trace';
import { tlsPlan, type TlsAttempt } from './tls';
import { parseConnection, redact, scrub, type ConnectionParams, type SslMode } from './url';
import { EXIT } from '../exit-codes';

// Large integers and timestamps stay as text: the engine compares catalog values, it never does arithmetic on them.
export type Client = pg.Client;

export interface ConnectOptions {
  purpose?: string;
  connectTimeoutMs?: number;
}

/**
 * Opens a connection, turning network and authentication failures into a clear, password-free
 * error. The connection string is read by the one parser (src/db/url.ts) and `sslmode` as libpq
 * reads it (src/db/tls.ts): `prefer` (the default) tries TLS and falls back to a plain connection
 * when the server refuses it (asked once per server and process when it has no TLS at all), `allow`
 * the other way round. TCP keepalives make a vanished peer visible to both sides.
 */
export async function connect(given: string, opts: ConnectOptions = {}): Promise<Client> {
  const shown = redact(given);
  let params: ConnectionParams;
  let mode: SslMode;
  let attempts: TlsAttempt[];
  try {
    params = parseConnection(given);
    ({ mode, attempts } = tlsPlan(params));
  } catch (e) {
    if (e instanceof SchemaopError) throw new SchemaopError(`cannot connect to ${shown}: ${e.message}`, e.exitCode);
    throw e;
  }
  // prefer, to a server known to have no TLS: plain at once, where libpq would send the TLS
  // request only to hear no (TLS stays the fallback, should the server now refuse plain).
  const server = serverKey(params);
  const plainFirst = mode === 'prefer' && withoutTls.has(server);
  if (plainFirst) attempts = [false, attempts[0]];
  let refused: unknown;
  try {
    return await connectOnce(params, attempts[0], opts);
  } catch (e) {
    if (attempts.length < 2 || !refusedByServer(e)) throw failure(e, shown, given, attempts[0]);
    if (plainFirst) withoutTls.delete(server);
    else if (mode === 'prefer' && noTlsAtAll(e)) withoutTls.add(server);
    refused = e;
  }
  try {
    return await connectOnce(params, attempts[1], opts);
  } catch (e) {
    // Still no TLS: the plain attempt's refusal is the answer, as libpq's prefer reports it.
    if (plainFirst && noTlsAtAll(e)) {
      withoutTls.add(server);
      throw failure(refused, shown, given, attempts[0]);
    }
    throw failure(e, shown, given, attempts[1]);
  }
}

/**
 * Servers (host:port) that have no TLS: one answered a TLS request with no in this process, or
 * schemaop knows it from the server's configuration (the embedded database, see
 * src/cli/target.ts). A `prefer` connection to one of them is plain from its first attempt: each
 * refused request costs a connection of its own, a server process started and ended.
 */
const withoutTls = new Set<string>();

const serverKey = (p: ConnectionParams) => `${p.host ?? process.env.PGHOST ?? 'localhost'}:${p.port ?? (Number(process.env.PGPORT) || 5432)}`;

/** Records that the server of this connection string has no TLS (its configuration says so). */
export function knownWithoutTls(url: string): void {
  withoutTls.add(serverKey(parseConnection(url)));
}

/** Opens a connection with the given TLS attempt, no retries (the connection string parsed). */
function connectOnce(p: ConnectionParams, ssl: TlsAttempt, opts: ConnectOptions): Promise<Client> {
  const timeout = p.extra.connect_timeout ? Number(p.extra.connect_timeout) * 1000 : undefined;
  const client = new pg.Client({
    host: p.host,
    port: p.port,
    user: p.user,
    password: p.password,
    database: p.database,
    ssl,
    application_name: p.extra.application_name ?? 'schemaop' + (opts.purpose ? ` ${opts.purpose}` : ''),
    ...(p.extra.fallback_application_name ? { fallback_application_name: p.extra.fallback_application_name } : {}),
    ...(p.extra.options ? { options: p.extra.options } : {}),
    ...(p.extra.client_encoding ? { client_encoding: p.extra.client_encoding } : {}),
    connectionTimeoutMillis: opts.connectTimeoutMs ?? (timeout || 10_000),
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
  // An idle connection dropped by the server must not crash the process.
  client.on('error', () => undefined);
  return client.connect().then(
    () => {
      mark(`connected${opts.purpose ? ` (${opts.purpose})` : ''}${ssl ? ', TLS' : ''}`);
      return client;
    },
    async (e: unknown) => {
      mark(`connection refused${ssl ? ', TLS' : ''}`);
      await client.end().catch(() => undefined);
      throw e;
    },
  );
}

type PgError = NodeJS.ErrnoException & { code?: string };

/** The server answered but would not take this kind of connection: the other kind may pass (libpq's allow/prefer). */
function refusedByServer(e: unknown): boolean {
  const err = e as PgError;
  return noTlsAtAll(e) || err.code === '28000' || TLS_CODES.has(err.code ?? '');
}

/** The server answered a TLS request with no: it has no TLS (not a refusal of this user or certificate). */
const noTlsAtAll = (e: unknown) => /does not support SSL/i.test((e as PgError).message ?? '');

const TLS_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function failure(e: unknown, shown: string, given: string, ssl: TlsAttempt): SchemaopError {
  const err = e as PgError;
  const message = scrub(err.message || String(e), given);
  const why =
    err.code === 'ECONNREFUSED'
      ? 'connection refused (is the server running? `schemaop db start` starts the embedded one)'
      : /does not support SSL/i.test(err.message ?? '')
        ? 'the server does not support SSL connections (sslmode=disable or prefer connects without TLS)'
        : err.code === '3D000'
          ? 'the database does not exist'
          : err.code === '28P01'
            ? 'authentication failed'
            : err.code === '28000' && ssl === false && /no encryption/i.test(err.message ?? '')
              ? `the server requires TLS: ${message} (use sslmode=require or stronger, or prefer, the default)`
              : TLS_CODES.has(err.code ?? '')
                ? `the server's certificate was not accepted: ${message} (sslrootcert names the CA that signed it; verify-full also checks the host name)`
                : message;
  return Object.assign(new SchemaopError(`cannot connect to ${shown}: ${why}`, EXIT.unreachable), { cause: e });
}

export async function withClient<T>(url: string, fn: (c: Client) => Promise<T>, purpose?: string): Promise<T> {
  const c = await connect(url, { purpose });
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => undefined);
  }
}

export { quoteIdent, quoteLiteral, quoteQualified } from '../pg/quote';
