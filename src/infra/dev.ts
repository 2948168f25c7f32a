// The dev stack's server and key: an embedded PostgreSQL run as a resource, and a local data key
// kept in the state as a secret in place of KMS.
import * as pulumi from '@pulumi/pulumi';
import { keptPort } from '../db/embedded';
import { EmbeddedDatabase, LocalDataKey } from '../providers/resources';
import type { DevConfig } from './config';
import type { ServerConnection } from './connection';

/**
 * The port a dev stack's server prefers. Unless the stack pins one (`local.port`), its folder keeps
 * the port it was given the first time the program ran there, this one when it was free, else
 * one the OS chose: two checkouts of the project on one machine get a server each.
 */
export const DEV_STACK_PORT = 54339;

/** The data key of a stack without KMS (dev, or an existing server without `schemaop:kms`). */
export function localDataKey(): LocalDataKey {
  return new LocalDataKey('data-key', { rotation: 0 });
}

export function embeddedServer(cfg: DevConfig): { server: EmbeddedDatabase; connection: ServerConnection } {
  const port = cfg.local.port ?? keptPort(cfg.local.dir, DEV_STACK_PORT);
  const server = new EmbeddedDatabase('db', { dir: cfg.local.dir, port, database: cfg.database.name });
  const connection: ServerConnection = {
    host: server.host,
    port: server.port,
    username: server.username,
    database: server.database,
    sslmode: 'disable',
    credentials: { kind: 'embedded', dir: cfg.local.dir },
    password: pulumi.secret(server.password),
  };
  return { server, connection };
}
