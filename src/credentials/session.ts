// A connection in the `credentials` role of the access model: the only role that may read the
// secret columns. The login user is a member of it (the platform's service user); SET ROLE leaves
// the session with exactly that role's privileges.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { connect, Client, quoteIdent } from '../db/connect';
import { databaseOf } from '../db/url';
import { SchemaopError } from '../errors';
import { EXIT } from '../exit-codes';

/** The credentials role's name for an environment, from access/access.yaml. */
export async function credentialsRole(accessDir: string, vars: { env: string; database: string }): Promise<string> {
  const file = path.join(accessDir, 'access.yaml');
  // Only the role's name is read here; the access engine validates the whole model.
  const model = z.object({ roles: z.record(z.string(), z.object({ name: z.string().min(1) }).passthrough()) }).passthrough().parse(parse(await fs.readFile(file, 'utf8')));
  const role = model.roles.credentials;
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
