// A managed server's admin, as RDS, Cloud SQL, Azure or Neon hand it out: a login that is NOT a
// superuser (LOGIN CREATEROLE CREATEDB), a member of the provider's admin role (rds_superuser,
// cloudsqlsuperuser, ...), owner of the application database. Made by the server's superuser,
// which the tests keep only to play "someone else" (another grantor, an operator by hand).
import { randomBytes } from 'node:crypto';
import { quoteIdent, quoteLiteral, withClient } from '../../src/db/connect';
import { withDatabase } from '../../src/db/url';

export interface CloudAdmin {
  /** The admin login's URL to its application database. */
  url: string;
  name: string;
  password: string;
  database: string;
  /** The provider's admin role (NOLOGIN) the admin is a member of. */
  provider: string;
  /** The server's superuser, on the same database. */
  superUrl: string;
}

export async function cloudAdmin(serverUrl: string, prefix = 'cloud'): Promise<CloudAdmin> {
  const id = `${prefix}_${randomBytes(4).toString('hex')}`;
  const name = `${id}_admin`;
  const provider = `${id}_rds_superuser`;
  const password = randomBytes(12).toString('hex');
  await withClient(serverUrl, async (c) => {
    await c.query(`CREATE ROLE ${quoteIdent(provider)} NOLOGIN`);
    await c.query(`CREATE ROLE ${quoteIdent(name)} LOGIN CREATEROLE CREATEDB PASSWORD ${quoteLiteral(password)} IN ROLE ${quoteIdent(provider)}`);
    await c.query(`CREATE DATABASE ${quoteIdent(id)} TEMPLATE template0 OWNER ${quoteIdent(name)}`);
  });
  const u = new URL(withDatabase(serverUrl, id));
  u.username = name;
  u.password = password;
  return { url: u.toString(), name, password, database: id, provider, superUrl: withDatabase(serverUrl, id) };
}
