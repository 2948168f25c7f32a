// The platform's real schema history (the seed documents), each change taken from its "before"
// state, with rows in it, to the current schema/ on a real PostgreSQL.
import { describe, expect, it } from 'vitest';
import { apply } from '../src/engine/apply';
import { plan } from '../src/engine/plan';
import { query } from './support/db';
import { PROJECT_SCHEMA, scenarioDatabase } from './support/schema';

const summary = (p: Awaited<ReturnType<typeof plan>>) => p.statements.map((s) => `${s.kind} ${s.object}`);

async function applyAndConverge(url: string) {
  const r = await apply({ url, schemaDir: PROJECT_SCHEMA });
  expect(r.applied).toBe(true);
  const again = await plan({ url, schemaDir: PROJECT_SCHEMA });
  expect(again.fastPath).toBe(true);
  expect(again.statements).toEqual([]);
  const full = await plan({ url, schemaDir: PROJECT_SCHEMA, full: true });
  expect(full.statements.map((s) => s.sql)).toEqual([]);
  return r;
}

describe('seed scenarios', () => {
  it('credentials: unique index dropped, nickname added and backfilled once, rows kept', async () => {
    const url = await scenarioDatabase('credentials');
    const p = await plan({ url, schemaDir: PROJECT_SCHEMA });
    expect(summary(p)).toEqual(
      expect.arrayContaining([
        'drop_index public.idx_user_credentials_unique',
        'add_column public.user_credentials.nickname',
        'create_index public.idx_user_credentials_nickname',
        'comment public.user_credentials.nickname',
      ]),
    );
    expect(p.statements).toHaveLength(4);
    expect(p.statements.some((s) => s.deletesData)).toBe(false);
    expect(p.backfills.map((b) => b.id)).toEqual(['user_credentials_nickname']);

    const r = await applyAndConverge(url);
    expect(r.backfillRows).toEqual({ user_credentials_nickname: 3 });
    const rows = await query<{ credential_type: string; nickname: string }>(url, 'SELECT credential_type, nickname FROM user_credentials');
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row.nickname).toBe(row.credential_type);
    // Several credentials of one type per account are allowed now.
    await query(url, `INSERT INTO user_credentials (user_account_id, credential_type, api_key_encrypted, secret_key_encrypted, nickname)
                      SELECT user_account_id, credential_type, 'k2', 's2', 'second' FROM user_credentials LIMIT 1`);
    // The backfill ran once: a NULL nickname written now stays NULL through later applies.
    await query(url, 'UPDATE user_credentials SET nickname = NULL WHERE id = (SELECT id FROM user_credentials ORDER BY created_at, id LIMIT 1)');
    const again = await apply({ url, schemaDir: PROJECT_SCHEMA });
    expect(again.applied).toBe(false);
    const nulls = await query<{ n: string }>(url, 'SELECT count(*) AS n FROM user_credentials WHERE nickname IS NULL');
    expect(Number(nulls[0].n)).toBe(1);
  });

  it('exchanges: new table, FK ON DELETE SET NULL and its index; user_exchanges rows kept with NULL exchange_id', async () => {
    const url = await scenarioDatabase('exchanges');
    const countBefore = await query<{ n: string }>(url, 'SELECT count(*) AS n FROM user_exchanges');
    const p = await plan({ url, schemaDir: PROJECT_SCHEMA });
    const s = summary(p);
    expect(s).toEqual(
      expect.arrayContaining([
        'create_table public.exchanges',
        'add_column public.user_exchanges.exchange_id',
        'create_index public.user_exchanges_exchange_id_idx',
      ]),
    );
    expect(p.statements.some((x) => x.changes.some((c) => c.kind === 'add_constraint' && c.object === 'public.user_exchanges.user_exchanges_exchange_id_exchanges_id_fk'))).toBe(true);
    expect(p.statements.some((s) => s.deletesData)).toBe(false);
    await applyAndConverge(url);
    const rows = await query<{ exchange_id: number | null }>(url, 'SELECT exchange_id FROM user_exchanges');
    expect(rows.length).toBe(Number(countBefore[0].n));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.exchange_id === null)).toBe(true);
    const fk = await query<{ def: string }>(url, "SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'user_exchanges_exchange_id_exchanges_id_fk'");
    expect(fk[0].def).toMatch(/REFERENCES exchanges\(id\) ON DELETE SET NULL/);
    // The FK behaves as declared: deleting an exchange un-links its user_exchanges rows.
    const ex = await query<{ id: number }>(url, "INSERT INTO exchanges (name, display_name) VALUES ('kraken', 'Kraken') RETURNING id");
    await query(url, 'UPDATE user_exchanges SET exchange_id = $1', [ex[0].id]);
    await query(url, 'DELETE FROM exchanges WHERE id = $1', [ex[0].id]);
    const after = await query<{ n: string }>(url, 'SELECT count(*) AS n FROM user_exchanges WHERE exchange_id IS NULL');
    expect(Number(after[0].n)).toBe(rows.length);
  });

  it('multi-account: tables and constraints created; self-share and duplicate names rejected; deletes cascade', async () => {
    const url = await scenarioDatabase('multi_account');
    const p = await plan({ url, schemaDir: PROJECT_SCHEMA });
    expect(summary(p)).toEqual(
      expect.arrayContaining([
        'create_table public.accounts',
        'create_table public.account_exchange_credentials',
        'create_table public.account_exchange_sharing',
        'add_column public.strategy_positions.account_id',
        'create_view public.v_account_open_exposure',
      ]),
    );
    expect(p.statements.some((s) => s.deletesData)).toBe(false);
    await applyAndConverge(url);
    const positions = await query<{ account_id: string | null }>(url, 'SELECT account_id FROM strategy_positions');
    expect(positions.length).toBeGreaterThan(0);
    expect(positions.every((r) => r.account_id === null)).toBe(true);

    const [a] = await query<{ id: string }>(url, "INSERT INTO accounts (account_name) VALUES ('main_bot') RETURNING id");
    const [b] = await query<{ id: string }>(url, "INSERT INTO accounts (account_name) VALUES ('shared_backpack') RETURNING id");
    await expect(query(url, "INSERT INTO accounts (account_name) VALUES ('main_bot')")).rejects.toThrow(/duplicate key/);
    const [dex] = await query<{ id: number }>(url, "SELECT id FROM dexes WHERE name = 'backpack'");
    await expect(
      query(url, 'INSERT INTO account_exchange_sharing (primary_account_id, shared_account_id, exchange_id) VALUES ($1, $1, $2)', [a.id, dex.id]),
    ).rejects.toThrow(/check constraint/);
    await query(url, 'INSERT INTO account_exchange_sharing (primary_account_id, shared_account_id, exchange_id) VALUES ($1, $2, $3)', [a.id, b.id, dex.id]);
    await query(url, "INSERT INTO account_exchange_credentials (account_id, exchange_id, api_key_encrypted, secret_key_encrypted) VALUES ($1, $2, 'k', 's')", [b.id, dex.id]);
    await query(url, 'UPDATE strategy_positions SET account_id = $1', [b.id]);
    await query(url, 'DELETE FROM accounts WHERE id = $1', [b.id]);
    const left = await query<{ creds: string; shares: string; linked: string }>(
      url,
      `SELECT (SELECT count(*) FROM account_exchange_credentials) AS creds, (SELECT count(*) FROM account_exchange_sharing) AS shares,
              (SELECT count(*) FROM strategy_positions WHERE account_id IS NOT NULL) AS linked`,
    );
    expect(left[0]).toEqual({ creds: '0', shares: '0', linked: '0' });
    expect((await query(url, 'SELECT 1 FROM strategy_positions')).length).toBe(positions.length);
  });

  it('social login: email nullable and no longer unique, its index kept', async () => {
    const url = await scenarioDatabase('social_login');
    const p = await plan({ url, schemaDir: PROJECT_SCHEMA });
    expect(summary(p)).toEqual(expect.arrayContaining(['drop_constraint public.users.users_email_key']));
    expect(p.statements.flatMap((s) => s.changes.map((c) => `${c.kind} ${c.object}`))).toEqual(
      expect.arrayContaining(['drop_not_null public.users.email', 'drop_not_null public.users.name']),
    );
    await applyAndConverge(url);
    const idx = await query(url, "SELECT 1 FROM pg_indexes WHERE indexname = 'ix_users_email'");
    expect(idx).toHaveLength(1);
    const [u] = await query<{ email: string }>(url, 'SELECT email FROM users WHERE email IS NOT NULL LIMIT 1');
    await query(url, "INSERT INTO users (cognito_user_id, email) VALUES ('google_123', $1), ('phone_456', NULL)", [u.email]);
  });
});
