// Storing, listing and re-encrypting credentials. Every function works on a connection that is
// already in the `credentials` role (see session.ts); plaintexts live only in memory, never in a
// message, a log line or a report.
import { randomUUID } from 'node:crypto';
import { Fernet } from 'fernet-nodejs';
import { z } from 'zod';
import type { Client } from '../db/connect';
import { quoteIdent } from '../db/connect';
import { SchemaopError } from '../errors';
import { DecryptError, Envelope } from './envelope';
import { bindingOf, CREDENTIAL_TABLES, CredentialTable, RowKey, tableSpec, whereOf } from './tables';
import { columnValue, storedValues } from './values';
import { EXIT } from '../exit-codes';

export const SecretsSchema = z
  .object({
    apiKey: z.string().min(1),
    secret: z.string().min(1),
    extra: z.record(z.string().regex(/^[A-Za-z0-9_]+$/), z.string().min(1)).optional(),
  })
  .strict();
export type Secrets = z.infer<typeof SecretsSchema>;

export class CredentialsError extends SchemaopError {
  constructor(message: string) {
    super(message, EXIT.error);
  }
}

const q = quoteIdent;

async function inTransaction<T>(c: Client, fn: () => Promise<T>): Promise<T> {
  await c.query('BEGIN');
  try {
    const r = await fn();
    await c.query('COMMIT');
    return r;
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

async function one<T>(c: Client, sql: string, params: unknown[], missing: string): Promise<T> {
  const r = await c.query(sql, params);
  if (!r.rows[0]) throw new CredentialsError(missing);
  return r.rows[0] as T;
}

/** Encrypts the secrets of one row into column values. */
async function seal(env: Envelope, t: CredentialTable, key: RowKey, values: Record<string, string | Record<string, string> | undefined>) {
  const out: Record<string, unknown> = {};
  for (const s of t.secrets) {
    const v = values[s.column];
    if (v === undefined) {
      out[s.column] = null;
      continue;
    }
    const envelopes = new Map<string | undefined, Buffer>();
    if (typeof v === 'string') envelopes.set(undefined, await env.encrypt(v, bindingOf(t, key, s.column)));
    else for (const [f, fv] of Object.entries(v)) envelopes.set(f, await env.encrypt(fv, bindingOf(t, key, s.column, f)));
    out[s.column] = columnValue(s.kind, envelopes);
  }
  return out;
}

/** Inserts the row (new id) or updates its secrets (existing id), in the caller's transaction. */
async function write(c: Client, t: CredentialTable, id: string | undefined, newId: () => Promise<string>, plain: Record<string, unknown>, secretsOf: (id: string) => Promise<Record<string, unknown>>) {
  if (id) {
    const sealed = await secretsOf(id);
    const cols = Object.keys(sealed);
    await c.query(`UPDATE ${q(t.table)} SET ${cols.map((k, i) => `${q(k)} = $${i + 2}`).join(', ')}, is_active = true WHERE id = $1`, [id, ...cols.map((k) => sealed[k])]);
    return { id, created: false };
  }
  const nid = await newId();
  const row = { id: nid, ...plain, ...(await secretsOf(nid)) };
  const cols = Object.keys(row);
  await c.query(`INSERT INTO ${q(t.table)} (${cols.map(q).join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`, cols.map((k) => (row as Record<string, unknown>)[k]));
  return { id: nid, created: true };
}

export interface PutAccountCredentials {
  account: string;
  exchange: string;
  subaccount?: number;
  exchangeAccountId?: string;
  secrets: Secrets;
}

/** An account's credentials on an exchange (a dex): account_exchange_credentials, one transaction. */
export async function putAccountCredentials(c: Client, env: Envelope, p: PutAccountCredentials) {
  const t = tableSpec('account_exchange_credentials');
  const secrets = SecretsSchema.parse(p.secrets);
  const sub = p.subaccount ?? 0;
  return inTransaction(c, async () => {
    const { id: account } = await one<{ id: string }>(c, 'SELECT id::text FROM accounts WHERE account_name = $1', [p.account], `no account named ${JSON.stringify(p.account)}`);
    const { id: exchange } = await one<{ id: number }>(c, 'SELECT id FROM dexes WHERE name = $1', [p.exchange], `no exchange (dex) named ${JSON.stringify(p.exchange)}`);
    const existing = await c.query('SELECT id::text FROM account_exchange_credentials WHERE account_id = $1 AND exchange_id = $2 AND subaccount_index = $3 FOR UPDATE', [account, exchange, sub]);
    return write(c, t, existing.rows[0]?.id, async () => randomUUID(), { account_id: account, exchange_id: exchange, subaccount_index: sub, exchange_account_id: p.exchangeAccountId ?? null }, (id) =>
      seal(env, t, { id, account, exchange: String(exchange) }, { api_key_encrypted: secrets.apiKey, secret_key_encrypted: secrets.secret, additional_credentials_encrypted: secrets.extra }),
    );
  });
}

export interface PutUserCredentials {
  /** users.cognito_user_id of the owner. */
  user: string;
  /** user_accounts.account_name. */
  userAccount: string;
  type: string;
  nickname?: string;
  secrets: Secrets;
}

/** A broker credential of a user account (user_credentials); the nickname tells several of one type apart. */
export async function putUserCredentials(c: Client, env: Envelope, p: PutUserCredentials) {
  const t = tableSpec('user_credentials');
  const secrets = SecretsSchema.parse(p.secrets);
  if (secrets.extra) throw new CredentialsError('user_credentials has no column for extra credentials');
  const nickname = p.nickname ?? p.type;
  return inTransaction(c, async () => {
    const { id: account } = await one<{ id: string }>(
      c,
      'SELECT ua.id::text FROM user_accounts ua JOIN users u ON u.id = ua.user_id WHERE u.cognito_user_id = $1 AND ua.account_name = $2',
      [p.user, p.userAccount],
      `no user account ${JSON.stringify(p.userAccount)} of user ${JSON.stringify(p.user)}`,
    );
    const existing = await c.query('SELECT id::text FROM user_credentials WHERE user_account_id = $1 AND credential_type = $2 AND coalesce(nickname, credential_type) = $3 ORDER BY created_at LIMIT 1 FOR UPDATE', [account, p.type, nickname]);
    return write(c, t, existing.rows[0]?.id, async () => randomUUID(), { user_account_id: account, credential_type: p.type, nickname }, (id) =>
      seal(env, t, { id, account, exchange: p.type }, { api_key_encrypted: secrets.apiKey, secret_key_encrypted: secrets.secret }),
    );
  });
}

export interface PutUserExchange {
  user: string;
  exchange: string;
  nickname?: string;
  secrets: Secrets;
}

/** A user's connection to a centralised exchange (user_exchanges); extras are stored as one encrypted JSON. */
export async function putUserExchange(c: Client, env: Envelope, p: PutUserExchange) {
  const t = tableSpec('user_exchanges');
  const secrets = SecretsSchema.parse(p.secrets);
  return inTransaction(c, async () => {
    const { id: user } = await one<{ id: string }>(c, 'SELECT id::text FROM users WHERE cognito_user_id = $1', [p.user], `no user ${JSON.stringify(p.user)}`);
    const ex = await c.query('SELECT id FROM exchanges WHERE name = $1', [p.exchange]);
    const existing = await c.query("SELECT id::text FROM user_exchanges WHERE user_id = $1 AND exchange_name = $2 AND coalesce(display_name, '') = $3 FOR UPDATE", [user, p.exchange, p.nickname ?? '']);
    const newId = async () => String((await c.query("SELECT nextval(pg_get_serial_sequence('user_exchanges', 'id')) AS id")).rows[0].id);
    return write(c, t, existing.rows[0]?.id, newId, { user_id: user, exchange_name: p.exchange, exchange_id: ex.rows[0]?.id ?? null, display_name: p.nickname ?? null }, (id) =>
      seal(env, t, { id, account: user, exchange: p.exchange }, { api_key: secrets.apiKey, api_secret: secrets.secret, additional_credentials: secrets.extra ? JSON.stringify(secrets.extra) : undefined }),
    );
  });
}

/** Stores the full key of an existing platform API key (the platform creates the row with its hash). */
export async function putApiKey(c: Client, env: Envelope, p: { apiKeyId: string; key: string }) {
  const t = tableSpec('api_keys');
  const key = z.string().min(1).parse(p.key);
  return inTransaction(c, async () => {
    const { user } = await one<{ user: string }>(c, 'SELECT user_id::text AS user FROM api_keys WHERE id = $1 FOR UPDATE', [p.apiKeyId], `no API key ${p.apiKeyId}`);
    const sealed = await seal(env, t, { id: p.apiKeyId, account: user }, { key_encrypted: key });
    await c.query('UPDATE api_keys SET key_encrypted = $2 WHERE id = $1', [p.apiKeyId, sealed.key_encrypted]);
    return { id: p.apiKeyId, created: false };
  });
}

const keyColumns = (t: CredentialTable) => `id::text AS id, ${q(t.account)}::text AS account${t.exchange ? `, ${q(t.exchange)}::text AS exchange` : ''}`;

/** Decrypts the secret columns of one row: column → plaintext (jsonb: field → plaintext). */
export async function openRow(env: Envelope, t: CredentialTable, row: RowKey & Record<string, unknown>): Promise<Record<string, string | Record<string, string> | null>> {
  const out: Record<string, string | Record<string, string> | null> = {};
  for (const s of t.secrets) {
    const vals = storedValues(s.kind, row[s.column]);
    if (row[s.column] === null || row[s.column] === undefined) {
      out[s.column] = null;
      continue;
    }
    const plain: Record<string, string> = {};
    for (const v of vals) {
      const where = whereOf(t, row.id, s.column, v.field);
      if (v.format !== 'envelope') throw new DecryptError(where, v.format === 'fernet' ? 'a Fernet token: run `schemaop credentials migrate --from-fernet`' : 'not an envelope of this project');
      plain[v.field ?? ''] = (await env.decrypt(v.bytes!, bindingOf(t, row, s.column, v.field), where)).plaintext;
    }
    out[s.column] = s.kind === 'jsonb' ? plain : plain[''];
  }
  return out;
}

/** Reads one row of a credential table by id and decrypts it. */
export async function readRow(c: Client, env: Envelope, table: string, id: string) {
  const t = tableSpec(table);
  const r = await c.query(`SELECT ${keyColumns(t)}, ${t.secrets.map((s) => q(s.column)).join(', ')} FROM ${q(t.table)} WHERE id = $1::${t.idType}`, [id]);
  if (!r.rows[0]) throw new CredentialsError(`no row ${id} in ${t.table}`);
  return openRow(env, t, r.rows[0]);
}

export interface ListedCredential {
  table: string;
  id: string;
  account: string;
  exchange: string | null;
  label: string | null;
  active: boolean;
  lastUsed: string | null;
  /** The keys the row's values are encrypted under ("fernet" for tokens not migrated yet). */
  keys: string[];
}

/** Every credential row, with the keys its values are under: read from the envelopes' headers, nothing is decrypted. */
export async function listCredentials(c: Client, keyOf: (b: Buffer) => string | undefined): Promise<ListedCredential[]> {
  const out: ListedCredential[] = [];
  const names: Record<string, string> = {
    account_exchange_credentials: `(SELECT account_name FROM accounts WHERE id = t.account_id)`,
    user_credentials: `(SELECT ua.account_name FROM user_accounts ua WHERE ua.id = t.user_account_id)`,
    user_exchanges: `(SELECT coalesce(u.email, u.cognito_user_id) FROM users u WHERE u.id = t.user_id)`,
    api_keys: `(SELECT coalesce(u.email, u.cognito_user_id) FROM users u WHERE u.id = t.user_id)`,
  };
  const exchanges: Record<string, string> = {
    account_exchange_credentials: '(SELECT name FROM dexes WHERE id = t.exchange_id)',
    user_credentials: 't.credential_type',
    user_exchanges: 't.exchange_name',
    api_keys: 'NULL',
  };
  for (const t of CREDENTIAL_TABLES) {
    const r = await c.query(
      `SELECT t.id::text AS id, ${names[t.table]} AS account, ${exchanges[t.table]} AS exchange, t.${q(t.label)}::text AS label, t.is_active AS active, t.${q(t.lastUsed)} AS last_used, ${t.secrets.map((s) => `t.${q(s.column)}`).join(', ')} FROM ${q(t.table)} t ORDER BY 3, 4, 1`,
    );
    for (const row of r.rows) {
      const keys = new Set<string>();
      for (const s of t.secrets) for (const v of storedValues(s.kind, row[s.column])) keys.add(v.format === 'envelope' ? (keyOf(v.bytes!) ?? 'unknown') : v.format);
      out.push({ table: t.table, id: row.id, account: row.account, exchange: row.exchange, label: row.label, active: row.active, lastUsed: row.last_used ? new Date(row.last_used).toISOString() : null, keys: [...keys].sort() });
    }
  }
  return out;
}

export interface Failure {
  where: string;
  reason: string;
}

export interface ScanReport {
  /** Values seen, values rewritten (rotate, migrate), values already done. */
  values: number;
  changed: number;
  unchanged: number;
  fernet: number;
  failures: Failure[];
}

export interface ScanOptions {
  batchSize?: number;
  onProgress?: (m: string) => void;
  tables?: string[];
}

type Step = (v: ReturnType<typeof storedValues>[number], where: string, t: CredentialTable, row: RowKey, column: string) => Promise<Buffer | undefined>;

/**
 * Walks every secret value in batches, each batch one transaction with its rows locked (readers go
 * on reading the committed values). `step` returns a new envelope for a value, or undefined to
 * leave it. A kill loses at most the batch in progress, which the next run redoes.
 */
async function scan(c: Client, opts: ScanOptions, writes: boolean, step: Step): Promise<ScanReport> {
  const report: ScanReport = { values: 0, changed: 0, unchanged: 0, fernet: 0, failures: [] };
  const batch = opts.batchSize ?? 100;
  const tables = CREDENTIAL_TABLES.filter((t) => !opts.tables || opts.tables.includes(t.table));
  for (const t of tables) {
    const total = Number((await c.query(`SELECT count(*) AS n FROM ${q(t.table)}`)).rows[0].n);
    let last: string | null = null;
    let done = 0;
    for (;;) {
      const rows = await inTransaction(c, async () => {
        const r = await c.query(
          `SELECT ${keyColumns(t)}, ${t.secrets.map((s) => q(s.column)).join(', ')} FROM ${q(t.table)} WHERE $1::${t.idType} IS NULL OR id > $1::${t.idType} ORDER BY id LIMIT ${batch}${writes ? ' FOR UPDATE' : ''}`,
          [last],
        );
        for (const row of r.rows as (RowKey & Record<string, unknown>)[]) {
          const sets: Record<string, unknown> = {};
          for (const s of t.secrets) {
            const vals = storedValues(s.kind, row[s.column]);
            const next = new Map<string | undefined, Buffer>();
            let changed = false;
            for (const v of vals) {
              report.values++;
              const where = whereOf(t, row.id, s.column, v.field);
              let out: Buffer | undefined;
              try {
                out = await step(v, where, t, row, s.column);
              } catch (e) {
                report.failures.push({ where, reason: e instanceof DecryptError ? e.message.slice(where.length + 2) : (e as Error).message });
              }
              if (out) {
                changed = true;
                report.changed++;
              } else if (v.format === 'fernet') report.fernet++;
              else report.unchanged++;
              if (v.format === 'envelope' || out) next.set(v.field, out ?? v.bytes!);
            }
            // A column is rewritten only when every one of its values is an envelope afterwards.
            if (changed && next.size === vals.length) sets[s.column] = columnValue(s.kind, next);
          }
          const cols = Object.keys(sets);
          if (writes && cols.length) await c.query(`UPDATE ${q(t.table)} SET ${cols.map((k, i) => `${q(k)} = $${i + 2}`).join(', ')} WHERE id = $1::${t.idType}`, [row.id, ...cols.map((k) => sets[k])]);
        }
        return r.rows as RowKey[];
      });
      if (rows.length === 0) break;
      last = rows[rows.length - 1].id;
      done += rows.length;
      opts.onProgress?.(`${t.table}: ${done}/${total} rows`);
      if (rows.length < batch) break;
    }
  }
  return report;
}

/** Re-encrypts every envelope that is not under the current key. Resumable: values already under it are skipped unread. */
export function rotate(c: Client, env: Envelope, opts: ScanOptions = {}) {
  return scan(c, opts, true, async (v, where, t, row, column) => {
    if (v.format !== 'envelope') {
      if (v.format === 'unknown') throw new Error('not an envelope of this project');
      return undefined;
    }
    if (env.keyOf(v.bytes!) === env.currentKey) return undefined;
    const binding = bindingOf(t, row, column, v.field);
    const { plaintext } = await env.decrypt(v.bytes!, binding, where);
    return env.encrypt(plaintext, binding);
  });
}

/** Decrypts every value (the plaintexts are dropped) and reports those that fail. */
export function verify(c: Client, env: Envelope, opts: ScanOptions = {}) {
  return scan(c, opts, false, async (v, where, t, row, column) => {
    if (v.format === 'fernet') throw new Error('a Fernet token: run `schemaop credentials migrate --from-fernet`');
    if (v.format === 'unknown') throw new Error('not an envelope of this project');
    await env.decrypt(v.bytes!, bindingOf(t, row, column, v.field), where);
    return undefined;
  });
}

/** Re-encrypts the platform's Fernet tokens (CREDENTIAL_ENCRYPTION_KEY) to envelopes, in place; envelopes are left alone. */
export async function migrateFromFernet(c: Client, env: Envelope, fernetKey: string, opts: ScanOptions = {}) {
  try {
    Fernet.checkKey(fernetKey.trim());
  } catch {
    throw new CredentialsError('the Fernet key must be 32 bytes, base64url-encoded (the value of CREDENTIAL_ENCRYPTION_KEY)');
  }
  const key = fernetKey.trim();
  return scan(c, opts, true, async (v, where, t, row, column) => {
    if (v.format === 'envelope') return undefined;
    if (v.format === 'unknown') throw new Error('neither a Fernet token nor an envelope');
    let plaintext: string;
    try {
      plaintext = Fernet.decrypt(v.token!, key);
    } catch {
      throw new Error('the Fernet token does not verify with the given key');
    }
    return env.encrypt(plaintext, bindingOf(t, row, column, v.field));
  });
}
