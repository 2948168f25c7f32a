// A server the stack does not create (Neon, Supabase, Cloud SQL, on-premises, the tests' own): its
// admin login comes from the stack's secret `schemaop:server.adminUrl`. The password reaches the
// providers as a Pulumi secret (encrypted in the state, `[secret]` in every diff); host, port, user
// and database are plain, as for the other servers.
import * as pulumi from '@pulumi/pulumi';
import type { ExistingConfig } from './config';
import type { ServerConnection } from './connection';
import { ProjectKey, projectKey } from './kms';

/** The connection to the server, and the project's KMS key when `schemaop:kms` is set (else the stack uses a local data key). */
export function existingServer(cfg: ExistingConfig, protect: boolean): { connection: ServerConnection; key?: ProjectKey } {
  const s = cfg.server.adminUrl;
  const connection: ServerConnection = {
    host: s.host,
    port: s.port,
    username: s.user,
    database: s.database,
    sslmode: s.sslmode,
    ...(s.sslrootcert ? { sslrootcert: s.sslrootcert } : {}),
    credentials: pulumi.secret({ kind: 'secret' as const, password: s.password }),
    password: pulumi.secret(s.password),
  };
  // config.ts requires aws:region with schemaop:kms.
  const key = cfg.kms ? projectKey({ ...cfg, kms: cfg.kms, region: cfg.region! }, protect) : undefined;
  return { connection, key };
}
