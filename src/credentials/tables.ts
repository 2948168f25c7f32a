// The credential tables, their secret columns and what each value is bound to. The secret columns
// are those of access/access.yaml's `secret_columns` that hold encrypted values (api_keys.key_hash is
// a hash, never decrypted).
import type { Binding } from './envelope';

/** text: the envelope in base64; bytea: the envelope's bytes; jsonb: an object whose every value is an envelope in base64. */
export type SecretKind = 'text' | 'bytea' | 'jsonb';

export interface CredentialTable {
  table: string;
  idType: 'uuid' | 'integer';
  /** Column of the owning account: accounts.id, user_accounts.id or users.id. */
  account: string;
  /** Column naming the exchange (or credential type) of the row, when it has one. */
  exchange?: string;
  secrets: { column: string; kind: SecretKind; nullable: boolean }[];
  /** Column marking when the credentials were last used. */
  lastUsed: string;
  /** Column telling several rows of the same account and exchange apart, for `list`. */
  label: string;
}

export const CREDENTIAL_TABLES: readonly CredentialTable[] = [
  {
    table: 'account_exchange_credentials',
    idType: 'uuid',
    account: 'account_id',
    exchange: 'exchange_id',
    secrets: [
      { column: 'api_key_encrypted', kind: 'text', nullable: true },
      { column: 'secret_key_encrypted', kind: 'text', nullable: true },
      { column: 'additional_credentials_encrypted', kind: 'jsonb', nullable: true },
    ],
    lastUsed: 'last_used',
    label: 'subaccount_index',
  },
  {
    table: 'user_credentials',
    idType: 'uuid',
    account: 'user_account_id',
    exchange: 'credential_type',
    secrets: [
      { column: 'api_key_encrypted', kind: 'text', nullable: false },
      { column: 'secret_key_encrypted', kind: 'text', nullable: false },
    ],
    lastUsed: 'last_used_at',
    label: 'nickname',
  },
  {
    table: 'user_exchanges',
    idType: 'integer',
    account: 'user_id',
    exchange: 'exchange_name',
    secrets: [
      { column: 'api_key', kind: 'text', nullable: false },
      { column: 'api_secret', kind: 'text', nullable: false },
      { column: 'additional_credentials', kind: 'text', nullable: true },
    ],
    lastUsed: 'last_connected_at',
    label: 'display_name',
  },
  {
    table: 'api_keys',
    idType: 'uuid',
    account: 'user_id',
    secrets: [{ column: 'key_encrypted', kind: 'bytea', nullable: true }],
    lastUsed: 'last_used_at',
    label: 'name',
  },
];

export type TableName = 'account_exchange_credentials' | 'user_credentials' | 'user_exchanges' | 'api_keys';

export function tableSpec(name: string): CredentialTable {
  const t = CREDENTIAL_TABLES.find((x) => x.table === name);
  if (!t) throw new Error(`not a credential table: ${name}`);
  return t;
}

/** The row identity a value is bound to (read from the row itself, so renames elsewhere do not break it). */
export interface RowKey {
  id: string;
  account: string;
  exchange?: string;
}

/** The keys of every encryption context (the KMS key policy allows exactly these). */
export const BINDING_KEYS = ['table', 'account', 'exchange', 'column', 'row'] as const;

/** The encryption context of one value: table, owning account, exchange, column (with the field of a jsonb column), row. */
export function bindingOf(t: CredentialTable, row: RowKey, column: string, field?: string): Binding {
  return {
    table: t.table,
    account: row.account,
    ...(t.exchange ? { exchange: row.exchange ?? '' } : {}),
    column: field === undefined ? column : `${column}.${field}`,
    row: row.id,
  };
}

/** How a value is named in messages: never its content. */
export const whereOf = (t: CredentialTable, id: string, column: string, field?: string) => `${t.table}.${column}${field === undefined ? '' : `.${field}`} of row ${id}`;
