// The loader the platform's services use: an account's decrypted credentials on an exchange,
// following account_exchange_sharing, falling back to environment variables while accounts are
// being moved into the database. Secrets are wrapped so that logging the result shows nothing.
import { inspect } from 'node:util';
import { z } from 'zod';
import type { Client } from '../db/connect';
import type { Envelope } from './envelope';
import { CredentialsError, openRow } from './store';
import { tableSpec } from './tables';

/** A secret string: printed, logged or serialised it reads `[secret]`; `reveal()` gives the value. */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toString() {
    return '[secret]';
  }
  toJSON() {
    return '[secret]';
  }
  [inspect.custom]() {
    return '[secret]';
  }
}

export const SharingType = z.enum(['full', 'read_only', 'positions_only']);
export type SharingType = z.infer<typeof SharingType>;

export interface Credentials {
  /** The account asked for. */
  account: string;
  exchange: string;
  /** Where the credentials came from: the database row, or the environment (migration period). */
  source: 'database' | 'environment';
  /** The account whose credentials these are: another one when shared. */
  owner: string;
  /** What the caller may do with them: `full` for its own credentials, else the sharing's type. */
  sharingType: SharingType;
  subaccount: number;
  exchangeAccountId: string | null;
  apiKey: Secret;
  secret: Secret;
  extra: Record<string, Secret>;
}

const Request = z.object({
  accountName: z.string().min(1).max(255),
  exchange: z.string().min(1).max(50),
  subaccount: z.number().int().min(0).default(0),
});

const AccountRow = z.object({ id: z.string().uuid(), exchange_id: z.number().int().nullable() });
const SharingRow = z.object({ shared_account_id: z.string().uuid(), shared_name: z.string(), sharing_type: SharingType });
const CredentialRow = z.object({
  id: z.string().uuid(),
  account: z.string().uuid(),
  exchange: z.string(),
  exchange_account_id: z.string().nullable(),
  api_key_encrypted: z.string().nullable(),
  secret_key_encrypted: z.string().nullable(),
  additional_credentials_encrypted: z.record(z.string(), z.unknown()).nullable(),
});

/** The environment variable names looked at for an account and exchange, most specific first. */
export function envNames(accountName: string, exchange: string) {
  const up = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  return [
    { apiKey: `${up(accountName)}_${up(exchange)}_API_KEY`, secret: `${up(accountName)}_${up(exchange)}_SECRET_KEY` },
    { apiKey: `${up(exchange)}_API_KEY`, secret: `${up(exchange)}_SECRET_KEY` },
  ];
}

export interface LoadOptions {
  /** A connection in the credentials role (see credentialsSession). */
  client: Client;
  envelope: Envelope;
  subaccount?: number;
  /** Where the fallback variables are read (default: process.env). */
  env?: NodeJS.ProcessEnv;
}

export async function loadCredentials(accountName: string, exchange: string, opts: LoadOptions): Promise<Credentials> {
  const req = Request.parse({ accountName, exchange, subaccount: opts.subaccount });
  const c = opts.client;
  const acc = await c.query('SELECT a.id::text AS id, (SELECT id FROM dexes WHERE name = $2) AS exchange_id FROM accounts a WHERE a.account_name = $1 AND a.is_active', [req.accountName, req.exchange]);
  let owner = req.accountName;
  let sharingType: SharingType = 'full';
  if (acc.rows[0]) {
    const a = AccountRow.parse(acc.rows[0]);
    if (a.exchange_id === null) throw new CredentialsError(`no exchange (dex) named ${JSON.stringify(req.exchange)}`);
    const sh = await c.query(
      'SELECT s.shared_account_id::text, sa.account_name AS shared_name, s.sharing_type FROM account_exchange_sharing s JOIN accounts sa ON sa.id = s.shared_account_id WHERE s.primary_account_id = $1 AND s.exchange_id = $2',
      [a.id, a.exchange_id],
    );
    let from = a.id;
    if (sh.rows[0]) {
      const s = SharingRow.parse(sh.rows[0]);
      from = s.shared_account_id;
      owner = s.shared_name;
      sharingType = s.sharing_type;
    }
    const r = await c.query(
      `SELECT id::text, account_id::text AS account, exchange_id::text AS exchange, exchange_account_id, api_key_encrypted, secret_key_encrypted, additional_credentials_encrypted
         FROM account_exchange_credentials WHERE account_id = $1 AND exchange_id = $2 AND subaccount_index = $3 AND is_active`,
      [from, a.exchange_id, req.subaccount],
    );
    if (r.rows[0]) {
      const row = CredentialRow.parse(r.rows[0]);
      const plain = await openRow(opts.envelope, tableSpec('account_exchange_credentials'), row);
      if (typeof plain.api_key_encrypted !== 'string' || typeof plain.secret_key_encrypted !== 'string') {
        throw new CredentialsError(`account_exchange_credentials row ${row.id} has no API key or secret`);
      }
      await c.query('UPDATE account_exchange_credentials SET last_used = now() WHERE id = $1', [row.id]);
      const extra = (plain.additional_credentials_encrypted ?? {}) as Record<string, string>;
      return {
        account: req.accountName,
        exchange: req.exchange,
        source: 'database',
        owner,
        sharingType,
        subaccount: req.subaccount,
        exchangeAccountId: row.exchange_account_id,
        apiKey: new Secret(plain.api_key_encrypted),
        secret: new Secret(plain.secret_key_encrypted),
        extra: Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, new Secret(v)])),
      };
    }
  }
  // No row yet: the variables of the credentials' owner (the shared account when shared).
  const env = opts.env ?? process.env;
  const names = envNames(owner, req.exchange);
  for (const n of names) {
    const apiKey = env[n.apiKey];
    const secret = env[n.secret];
    if (apiKey && secret) {
      return { account: req.accountName, exchange: req.exchange, source: 'environment', owner, sharingType, subaccount: req.subaccount, exchangeAccountId: null, apiKey: new Secret(apiKey), secret: new Secret(secret), extra: {} };
    }
  }
  throw new CredentialsError(
    `no credentials for account ${JSON.stringify(req.accountName)} on ${req.exchange}${owner !== req.accountName ? ` (shared from ${owner})` : ''}: no active row in account_exchange_credentials (subaccount ${req.subaccount}) and none of ${names.map((n) => `${n.apiKey}/${n.secret}`).join(', ')} is set`,
  );
}
