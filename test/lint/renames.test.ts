// Renames declared with `-- schemaop:renamed-from`: the data stays; without the directive the
// same change is a suspected rename and blocks.
import { describe, expect, it } from 'vitest';
import { BlockedError } from '../../src/engine/apply';
import { loadDesiredSchema } from '../../src/engine/source';
import { renameDirectives } from '../../src/lint/directives';
import { catalogSnapshot, snapshotDiff } from '../support/catalog-compare';
import { freshDatabase, query } from '../support/db';
import { schemaDir } from '../support/schema';
import { applySafe, planSafe } from './support';

const BEFORE = `
CREATE TABLE accounts (id int PRIMARY KEY, mail varchar(50) NOT NULL, nick text);
CREATE INDEX accounts_mail ON accounts (mail);
CREATE TABLE trades (id int, account_id int REFERENCES accounts(id));
CREATE VIEW account_mails AS SELECT id, mail FROM accounts;
INSERT INTO accounts VALUES (1, 'a@x', 'al'), (2, 'b@x', null);
INSERT INTO trades VALUES (10, 1);`;

const AFTER = `
-- schemaop:renamed-from accounts
CREATE TABLE user_accounts (
  id int PRIMARY KEY,
  -- schemaop:renamed-from mail
  email varchar(100) NOT NULL,
  nick text
);
CREATE INDEX accounts_mail ON user_accounts (email);
CREATE TABLE trades (id int, account_id int REFERENCES user_accounts(id));
CREATE VIEW account_mails AS SELECT id, email FROM user_accounts;`;

describe('renames', () => {
  it('resolves directives to the table above which, or the column below which, they stand', async () => {
    const ds = await renameDirectives(await loadDesiredSchema(await schemaDir({ '10.sql': AFTER })));
    expect(ds.map((d) => `${d.kind} ${d.table.schema}.${d.table.name} ${d.from} -> ${d.to} ${d.where}`)).toEqual([
      'table public.user_accounts accounts -> user_accounts schema/10.sql:2',
      'column public.user_accounts mail -> email schema/10.sql:5',
    ]);
    await expect(renameDirectives(await loadDesiredSchema(await schemaDir({ '10.sql': '-- schemaop:renamed-from x\nCREATE VIEW v AS SELECT 1 AS one;' })))).rejects.toThrow(/10\.sql:1:1: .*not a CREATE TABLE/);
  });

  it('a table and a column rename keep the rows, the index, the foreign key and the view; the type still widens', async () => {
    const url = await freshDatabase(BEFORE);
    const dir = await schemaDir({ '10.sql': AFTER });
    const p = await planSafe(url, dir);
    const sqls = p.statements.map((s) => s.sql);
    expect(sqls).toContain('ALTER TABLE "public"."accounts" RENAME COLUMN "mail" TO "email"');
    expect(sqls).toContain('ALTER TABLE "public"."accounts" RENAME TO "user_accounts"');
    expect(p.statements.some((s) => s.kind === 'drop_table' || s.kind === 'drop_column')).toBe(false);
    // Reviewed by the directives; the varchar widening is a change PostgreSQL makes without a rewrite.
    expect(p.findings.filter((f) => f.level === 'block' && !f.allowedBy)).toEqual([]);
    expect(p.findings.filter((f) => f.rule.startsWith('rename_')).every((f) => /renamed-from directive at schema\/10\.sql/.test(f.allowedBy ?? ''))).toBe(true);
    const r = await applySafe(url, dir);
    expect(r.applied).toBe(true);
    expect(await query(url, 'SELECT a.id, a.email, t.id AS trade FROM user_accounts a LEFT JOIN trades t ON t.account_id = a.id ORDER BY a.id')).toEqual([
      { id: 1, email: 'a@x', trade: 10 },
      { id: 2, email: 'b@x', trade: null },
    ]);
    const direct = await freshDatabase(AFTER);
    expect(snapshotDiff(await catalogSnapshot(url), await catalogSnapshot(direct))).toEqual([]);
    // The directives are now stale: the plan is empty, nothing is renamed twice.
    expect((await planSafe(url, dir)).statements).toEqual([]);
  });

  it('without the directive the same change is a suspected rename, blocked', async () => {
    const url = await freshDatabase(BEFORE);
    const dir = await schemaDir({ '10.sql': AFTER.replace(/-- schemaop:renamed-from \w+\n/g, '') });
    const err = await applySafe(url, dir).catch((e) => e);
    expect(err).toBeInstanceOf(BlockedError);
    const rules = (err as BlockedError).plan.findings.filter((f) => f.level === 'block').map((f) => `${f.rule} ${f.object}`);
    expect(rules).toContain('suspected_rename public.accounts');
    expect(rules).toContain('drop_table public.accounts');
    expect(await query(url, 'SELECT count(*)::int AS n FROM accounts')).toEqual([{ n: 2 }]);
  });
});
