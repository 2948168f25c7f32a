// The dev stack's server and key: an embedded PostgreSQL run as a resource, and a local data key
// kept in the state as a secret in place of KMS.
import * as pulumi from '@pulumi/pulumi';
import { EmbeddedDatabase, LocalDataKey } from '../providers/resources';
import type { DevConfig } from './config';
import type { ServerConnection } from './connection';

/** The data key of a stack without KMS (dev, or an existing server without `schemaop:kms`). */
export function localDataKey(): LocalDataKey {
  return new LocalDataKey('data-key', { rotation: 0 });
}

export function embeddedServer(cfg: DevConfig): { server: EmbeddedDatabase; connection: ServerConnection } {
  const server = new EmbeddedDatabase('db', { dir: cfg.local.dir, port: cfg.local.port, database: cfg.database.name });
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
