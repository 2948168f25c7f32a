// A connection in the `credentials` role of the access model: the only role that may read the
// secret columns. The login user is a member of it (the platform's service user); SET ROLE leaves
// the session with exactly that role's privileges.
import * as path from 'node:path';
import { ACCESS_FILE, readAccessFile } from '../access/model';
import { connect, Client, quoteIdent } from '../db/connect';
import { databaseOf } from '../db/url';
import { SchemaopError } from '../errors';
import { EXIT } from '../exit-codes';

/** The credentials role's name for an environment, from access/access.yaml. */
export async function credentialsRole(accessDir: string, vars: { env: string; database: string }): Promise<string> {
  // The one reader of access.yaml (validated as the access stage validates it).
  const source = await readAccessFile(accessDir);
  const file = source?.file ?? path.join(accessDir, ACCESS_FILE);
  const role = source?.data.roles?.credentials;
  if (!role) throw new SchemaopError(`${file}: no \`credentials\` role: it is the role that reads the secret columns`, EXIT.invalidSchema);
  return role.name.replace(/\{(env|database)\}/g, (_, k: 'env' | 'database') => vars[k]);
}

export async function credentialsSession(url: string, opts: { env?: string; accessDir?: string; role?: string } = {}): Promise<Client> {
  const role = opts.role ?? (await credentialsRole(opts.accessDir ?? 'access', { env: opts.env ?? process.env.SCHEMAOP_ENV ?? 'dev', database: databaseOf(url) }));
  const c = await connect(url, { purpose: 'credentials' });
  try {
    await c.query(`SET ROLE ${quoteIdent(role)}`);
  } catch (e) {
    await c.end().catch(() => undefined);
    throw new SchemaopError(`cannot act as the credentials role ${role}: ${(e as Error).message} (the login user must be a member of it)`, EXIT.unreachable);
  }
  return c;
}
