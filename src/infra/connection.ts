// How the program and its providers reach the database server: one shape for RDS and the
// embedded dev server. Resources get a `Target` (no password: each provider call resolves it, so a
// rotated password never diffs and never goes stale); the URL the stack exports is a secret.
import * as pulumi from '@pulumi/pulumi';
import { buildUrl } from '../db/url';
import type { Credentials, Target } from '../providers/runtime/target';

export interface ServerConnection {
  host: pulumi.Input<string>;
  port: pulumi.Input<number>;
  username: pulumi.Input<string>;
  database: pulumi.Input<string>;
  sslmode: Target['sslmode'];
  sslrootcert?: string;
  credentials: pulumi.Input<Credentials>;
  /** The current password, for the exported URL only (a secret). */
  password: pulumi.Input<string>;
}

/** Where resources connect: plain data, resolved to a password at call time. */
export function connectionTarget(c: ServerConnection): pulumi.Output<Target> {
  return pulumi
    .all([c.host, c.port, c.username, c.database, c.credentials])
    .apply(([host, port, user, database, credentials]) => ({ host, port, user, database, sslmode: c.sslmode, ...(c.sslrootcert ? { sslrootcert: c.sslrootcert } : {}), credentials }));
}

/** The application database's URL as psql and libpq take it (the embedded server's plain connections are libpq's default), as a secret (`psql "$(pulumi stack output databaseUrl --show-secrets)"`). */
export function psqlUrl(c: ServerConnection): pulumi.Output<string> {
  return pulumi.secret(
    pulumi
      .all([c.host, c.port, c.username, c.password, c.database])
      .apply(([host, port, user, password, database]) => buildUrl({ host, port, user, password, database, sslmode: c.sslmode === 'disable' ? undefined : c.sslmode, sslrootcert: c.sslrootcert })),
  );
}
