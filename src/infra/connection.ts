// How the program and its providers reach the database server: one shape for RDS and the
// embedded dev server. Passwords and URLs are secrets.
import * as postgresql from '@pulumi/postgresql';
import * as pulumi from '@pulumi/pulumi';
import { buildUrl } from '../db/url';

export interface ServerConnection {
  host: pulumi.Input<string>;
  port: pulumi.Input<number>;
  username: pulumi.Input<string>;
  password: pulumi.Input<string>;
  database: pulumi.Input<string>;
  sslmode: 'disable' | 'require' | 'verify-full';
  sslrootcert?: string;
  /** The role is a superuser (embedded) or not (the RDS master user). */
  superuser: boolean;
}

/** The connection string of the application database, as a secret. */
export function connectionUrl(c: ServerConnection): pulumi.Output<string> {
  return pulumi.secret(
    pulumi.all([c.host, c.port, c.username, c.password, c.database]).apply(([host, port, user, password, database]) => {
      const url = buildUrl({ host, port, user, password, database });
      const params = new URLSearchParams();
      if (c.sslmode !== 'disable') params.set('sslmode', c.sslmode === 'require' ? 'no-verify' : 'verify-full');
      if (c.sslrootcert) params.set('sslrootcert', c.sslrootcert);
      const q = params.toString();
      return q ? `${url}?${q}` : url;
    }),
  );
}

/** The postgresql provider for roles and grants, built from the server's outputs. */
export function postgresProvider(name: string, c: ServerConnection, opts?: pulumi.CustomResourceOptions): postgresql.Provider {
  return new postgresql.Provider(
    name,
    {
      host: c.host,
      port: c.port,
      username: c.username,
      password: pulumi.secret(c.password),
      database: c.database,
      sslmode: c.sslmode,
      sslrootcert: c.sslrootcert,
      superuser: c.superuser,
      connectTimeout: 15,
    },
    opts,
  );
}
