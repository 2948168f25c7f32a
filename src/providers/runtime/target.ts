// Where a dynamic resource connects, as plain data with no password: the password is resolved
// when a provider method runs (from the embedded cluster's folder, or from the RDS master secret
// in Secrets Manager). So a rotated password never makes a resource diff, and refresh and delete
// always use the current one.
import * as path from 'node:path';
import * as embedded from '../../db/embedded';
import { buildUrl, parseConnection, type SslMode } from '../../db/url';
import { SchemaopError } from '../../errors';
import { ProviderError } from './types';
import { EXIT } from '../../exit-codes';

export type Credentials =
  /** The embedded cluster's superuser, whose password is kept in its folder (relative to the project). */
  | { kind: 'embedded'; dir: string }
  /** The RDS master user secret (managed by RDS, rotated by it). */
  | { kind: 'aws-secret'; secretArn: string; region: string }
  /** An environment variable of the process that runs Pulumi (a CI secret, PGPASSWORD). */
  | { kind: 'env'; variable: string }
  /** The admin password of an existing server, from the stack's secret config (a Pulumi secret in inputs and state). */
  | { kind: 'secret'; password: string };

export interface Target {
  host: string;
  port: number;
  user: string;
  database: string;
  /** libpq's sslmode, read as libpq reads it (src/db/tls.ts): `require` encrypts without verifying the server, `verify-full` checks it against `sslrootcert`. */
  sslmode: SslMode;
  sslrootcert?: string;
  credentials: Credentials;
}

async function currentPassword(c: Credentials): Promise<string> {
  if (c.kind === 'embedded') {
    const dir = path.resolve(process.cwd(), c.dir);
    // Not created yet (a new stack): unreachable, like a server that is not up.
    if (!(await embedded.status({ dir })).initialised) throw new SchemaopError(`the embedded server in ${c.dir} does not exist yet`, EXIT.unreachable);
    return parseConnection(await embedded.url({ dir })).password ?? '';
  }
  if (c.kind === 'secret') return c.password;
  if (c.kind === 'env') {
    const v = process.env[c.variable];
    if (v === undefined) throw new ProviderError(`the password variable ${c.variable} is not set`);
    return v;
  }
  const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const client = new SecretsManagerClient({ region: c.region });
  try {
    const r = await client.send(new GetSecretValueCommand({ SecretId: c.secretArn }));
    const value = JSON.parse(r.SecretString ?? '{}') as { password?: string };
    if (!value.password) throw new ProviderError(`the secret ${c.secretArn} holds no password`);
    return value.password;
  } catch (e) {
    if (e instanceof ProviderError) throw e;
    // No AWS credentials or no access: the database cannot be logged into, as when unreachable.
    throw new SchemaopError(`cannot read the master password secret ${c.secretArn}: ${(e as Error).message}`, EXIT.unreachable);
  } finally {
    client.destroy();
  }
}

/** The connection string for the engine, with the current password (its sslmode read as libpq reads it). */
export async function targetUrl(t: Target): Promise<string> {
  const password = await currentPassword(t.credentials);
  return buildUrl({ host: t.host, port: t.port, user: t.user, password, database: t.database, sslmode: t.sslmode, sslrootcert: t.sslrootcert });
}

/** A stable identity of the target, for resource ids and messages. */
export const targetId = (t: Target) => `${t.host}:${t.port}/${t.database}`;

/** False only for an embedded server known to be stopped (refresh then leaves the resources as they were). */
export async function targetRunning(t: Target): Promise<boolean> {
  if (t.credentials.kind !== 'embedded') return true;
  const st = await embedded.status({ dir: path.resolve(process.cwd(), t.credentials.dir) });
  return st.running;
}
