// A database with the project's schema, seeds and access model, its roles allowed to log in
// (inside the test only), and the multi-account guide's accounts.
import { randomBytes } from 'node:crypto';
import { withDatabase, databaseOf } from '../../src/db/url';
import { apply } from '../../src/engine/apply';
import { credentialsSession } from '../../src/credentials/session';
import type { Client } from '../../src/db/connect';
import { freshDatabase, query } from '../support/db';
import { project } from '../seeds/project';

export interface CredentialsDb {
  url: string;
  env: string;
  /** The URL that logs in as a role of the access model (app, readonly, credentials, migrator). */
  as(role: string): string;
  /** A connection in the credentials role. */
  session(): Promise<Client>;
}

export async function credentialsDb(): Promise<CredentialsDb> {
  const url = await freshDatabase();
  const env = databaseOf(url);
  const pr = await project({}, { copy: ['schema', 'seeds', 'access'] });
  await apply({ url, schemaDir: pr.schemaDir, ...pr.ext(env) });
  const pw = randomBytes(9).toString('hex');
  for (const r of ['app', 'readonly', 'credentials']) await query(url, `ALTER ROLE "${env}_${r}" LOGIN PASSWORD '${pw}'`);
  await query(
    url,
    `INSERT INTO accounts (account_name) VALUES ('main_bot'), ('lighter_2'), ('lighter_3'), ('shared_backpack');
     INSERT INTO users (cognito_user_id, email) VALUES ('sub-1', 'ada@example.com');
     INSERT INTO user_accounts (user_id, account_name) SELECT id, 'main' FROM users;
     INSERT INTO api_keys (user_id, name, key_prefix, key_hash) SELECT id, 'default', 'sk_live', 'hash-1' FROM users;`,
  );
  const as = (role: string) => {
    const u = new URL(withDatabase(url, env));
    u.username = `${env}_${role}`;
    u.password = pw;
    return u.toString();
  };
  return { url, env, as, session: () => credentialsSession(as('credentials'), { env, accessDir: pr.root + '/access' }) };
}
