// libpq's sslmode, translated once into node-postgres' `ssl` option (whose own reading of
// `sslmode=require` would verify the certificate chain, where libpq only encrypts).
//
//   disable      plain only
//   allow        plain first; TLS (not verified) when the server refuses a plain connection
//   prefer       TLS (not verified) first; plain when the server has no TLS or refuses it (the default)
//   require      TLS, not verified, unless a root certificate is given: then as verify-ca
//   verify-ca    TLS, the chain verified against sslrootcert
//   verify-full  TLS, the chain verified and the host name matched against the certificate
//
// As in libpq: sslrootcert, sslcert and sslkey default to PGSSLROOTCERT/PGSSLCERT/PGSSLKEY, then
// ~/.postgresql/root.crt, postgresql.crt and postgresql.key when those exist; sslmode defaults to
// PGSSLMODE, then prefer; sslrootcert=system takes the system's trusted roots (verify-full only).
import { existsSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ConnectionOptions } from 'node:tls';
import { SchemaopError } from '../errors';
import { formatConnection, parseConnection, SSL_MODES, type ConnectionParams, type SslMode } from './url';
import { EXIT } from '../exit-codes';

/** One connection attempt: false for a plain connection, else the TLS options. */
export type TlsAttempt = false | ConnectionOptions;

export interface TlsPlan {
  mode: SslMode;
  /** The attempts libpq makes, in order; the second only when the server refused the first. */
  attempts: TlsAttempt[];
}

const home = (file: string) => path.join(os.homedir(), '.postgresql', file);

function modeOf(p: ConnectionParams): SslMode {
  const env = process.env.PGSSLMODE;
  if (p.sslmode) return p.sslmode;
  if (env === undefined || env === '') return 'prefer';
  if (!(SSL_MODES as readonly string[]).includes(env)) throw new SchemaopError(`invalid PGSSLMODE "${env}": expected one of ${SSL_MODES.join(', ')}`, EXIT.usage);
  return env as SslMode;
}

/** A file the connection names: it must exist (libpq's defaults in ~/.postgresql only when they do). */
function file(param: string, given: string | undefined, fallback: string): string | undefined {
  if (given) {
    if (!existsSync(given)) throw new SchemaopError(`the ${param} file ${given} does not exist`, EXIT.unreachable);
    return given;
  }
  const f = home(fallback);
  return existsSync(f) ? f : undefined;
}

/** What libpq would do for these parameters, as node-postgres `ssl` values. */
export function tlsPlan(p: ConnectionParams): TlsPlan {
  const mode = modeOf(p);
  if (mode === 'disable') return { mode, attempts: [false] };
  const rootGiven = p.sslrootcert ?? process.env.PGSSLROOTCERT;
  const system = rootGiven === 'system';
  if (system && mode !== 'verify-full') {
    throw new SchemaopError(`sslrootcert=system verifies against the system's trusted roots and needs sslmode=verify-full (not ${mode})`, EXIT.usage);
  }
  const root = system ? undefined : file('sslrootcert', rootGiven, 'root.crt');
  const cert = file('sslcert', p.sslcert ?? process.env.PGSSLCERT, 'postgresql.crt');
  const key = cert ? file('sslkey', p.sslkey ?? process.env.PGSSLKEY, 'postgresql.key') : undefined;
  const verify = mode === 'verify-ca' || mode === 'verify-full' || root !== undefined;
  if (verify && !root && !system) {
    throw new SchemaopError(
      `sslmode=${mode} verifies the server's certificate and needs the CA that signed it: set sslrootcert=/path/to/ca.pem ` +
        `(RDS: the global-bundle.pem from AWS; ~/.postgresql/root.crt is read when present), or sslrootcert=system for the system's trusted roots`,
      EXIT.usage,
    );
  }
  const tls: ConnectionOptions = {
    rejectUnauthorized: verify,
    ...(root ? { ca: readFileSync(root, 'utf8') } : {}),
    ...(cert ? { cert: readFileSync(cert, 'utf8') } : {}),
    ...(key ? { key: readFileSync(key, 'utf8') } : {}),
    // The chain only: verify-ca, and require or prefer with a root certificate.
    ...(verify && mode !== 'verify-full' ? { checkServerIdentity: () => undefined } : {}),
  };
  const attempts: TlsAttempt[] = mode === 'allow' ? [false, tls] : mode === 'prefer' ? [tls, false] : [tls];
  return { mode, attempts };
}

/**
 * The connection string for another libpq-like client (Atlas, with lib/pq): canonical (password
 * percent-encoded) and with the sslmode schemaop uses spelled out, so both read it alike.
 */
export function forLibpq(url: string): string {
  const p = parseConnection(url);
  return formatConnection({ ...p, sslmode: modeOf(p) });
}
