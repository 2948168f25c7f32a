// A column made NOT NULL with a DEFAULT while existing rows hold NULL: the plan says the apply
// would fail and offers the backfill the DEFAULT implies; `schemaop plan --write-backfills` writes
// it to schema/backfills/, and the next apply runs it before SET NOT NULL (in the transaction, or
// after it in batches with online-safe plans) and converges.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { schemaop } from '../support/cli';
import { dropDatabase, freshDatabase, query } from '../support/db';
import { schemaDir } from '../support/schema';

const LIVE = `
  CREATE TABLE accounts (id int PRIMARY KEY, tier text, "Region" text DEFAULT 'eu');
  INSERT INTO accounts SELECT g, CASE WHEN g % 3 = 0 THEN 'gold' END, CASE WHEN g % 2 = 0 THEN 'us' END FROM generate_series(1, 3000) g;`;
/** `tier` gets a DEFAULT and NOT NULL; `"Region"` keeps the DEFAULT it has and becomes NOT NULL. */
const DESIRED = `CREATE TABLE accounts (id int PRIMARY KEY, tier text NOT NULL DEFAULT 'basic', "Region" text NOT NULL DEFAULT 'eu');\n`;

describe('a derived backfill: NOT NULL over rows holding NULL, with a DEFAULT', () => {
  const urls: string[] = [];
  afterAll(async () => {
    for (const u of urls) await dropDatabase(u);
  });

  for (const env of ['dev', 'prod'] as const) {
    it(`is offered, written by plan --write-backfills, and applied before SET NOT NULL (--env ${env})`, async () => {
      const url = await freshDatabase(LIVE);
      urls.push(url);
      const dir = await schemaDir({ '10_accounts.sql': DESIRED });
      const args = ['--url', url, '--schema', dir, '--env', env];

      const offered = await schemaop(['plan', ...args]);
      expect(offered.stdout).toContain('2,000 existing rows hold NULL: the apply would FAIL');
      expect(offered.stdout).toContain(`UPDATE "public"."accounts" SET "tier" = DEFAULT WHERE "tier" IS NULL;`);
      expect(offered.stdout).toContain(`UPDATE "public"."accounts" SET "Region" = DEFAULT WHERE "Region" IS NULL;`);
      expect(offered.stdout).toContain('schemaop plan --write-backfills');
      const json = JSON.parse((await schemaop(['plan', ...args, '--format', 'json'])).stdout);
      expect(json.findings.filter((f: { backfill?: unknown }) => f.backfill).map((f: { backfill: { id: string } }) => f.backfill.id).sort()).toEqual(['accounts_Region_default', 'accounts_tier_default']);

      // Without the backfill, the apply fails and changes nothing.
      if (env === 'dev') {
        const failed = await schemaop(['apply', ...args, '--auto-approve']);
        expect(failed.code).not.toBe(0);
        expect(await query(url, `SELECT count(*)::int AS n FROM accounts WHERE tier IS NULL`)).toEqual([{ n: 2000 }]);
      }

      const write = await schemaop(['plan', ...args, '--write-backfills']);
      expect(write.code, write.stderr).toBe(2);
      const files = (await fs.readdir(path.join(dir, 'backfills'))).sort();
      expect(files).toEqual(['001_accounts_Region_default.sql', '002_accounts_tier_default.sql']);
      const text = await fs.readFile(path.join(dir, 'backfills', files[1]), 'utf8');
      expect(text).toBe(
        '-- schemaop:backfill accounts_tier_default\n' +
          '-- Sets public.accounts.tier to its DEFAULT where it holds NULL, before it is made NOT NULL (offered by schemaop plan).\n' +
          'UPDATE "public"."accounts" SET "tier" = DEFAULT WHERE "tier" IS NULL;\n',
      );
      expect(write.stderr).toContain(`wrote ${path.join(dir, 'backfills', files[0])}`);
      // Written once: a second run finds them declared.
      await schemaop(['plan', ...args, '--write-backfills']);
      expect((await fs.readdir(path.join(dir, 'backfills'))).length).toBe(2);

      // With the backfills declared the plan no longer fails, and says what runs first.
      const planned = await schemaop(['plan', ...args]);
      expect(planned.stdout).not.toContain('the apply would FAIL');
      if (env === 'dev') {
        expect(planned.stdout).toMatch(/set_not_null public\.accounts\.tier after the backfills/);
        expect(planned.stdout).toContain('Backfill accounts_tier_default runs first and sets its NULLs');
      } else {
        expect(planned.stdout).toContain('after the transaction in batches of');
        expect(planned.stdout).toMatch(/VALIDATE CONSTRAINT/);
      }

      const applied = await schemaop(['apply', ...args, '--auto-approve']);
      expect(applied.code, applied.stdout + applied.stderr).toBe(0);
      expect(await query(url, `SELECT tier, "Region", count(*)::int AS n FROM accounts GROUP BY 1, 2 ORDER BY 1, 2`)).toEqual([
        { tier: 'basic', Region: 'eu', n: 1000 },
        { tier: 'basic', Region: 'us', n: 1000 },
        { tier: 'gold', Region: 'eu', n: 500 },
        { tier: 'gold', Region: 'us', n: 500 },
      ]);
      const nulls = await query(url, `SELECT attname, attnotnull FROM pg_attribute WHERE attrelid = 'accounts'::regclass AND attname IN ('tier', 'Region') ORDER BY 1`);
      expect(nulls).toEqual([
        { attname: 'Region', attnotnull: true },
        { attname: 'tier', attnotnull: true },
      ]);
      const again = await schemaop(['plan', ...args, '--full']);
      expect(again.code, again.stdout).toBe(0);
      expect(again.stdout).toContain('No changes');
    });
  }

  it('offers nothing for a column without a DEFAULT', async () => {
    const url = await freshDatabase(LIVE);
    urls.push(url);
    const dir = await schemaDir({ '10_accounts.sql': `CREATE TABLE accounts (id int PRIMARY KEY, tier text NOT NULL, "Region" text DEFAULT 'eu');\n` });
    const r = await schemaop(['plan', '--url', url, '--schema', dir, '--env', 'dev', '--write-backfills']);
    expect(r.stdout).toContain('the apply would FAIL');
    expect(r.stdout).not.toContain('--write-backfills');
    await expect(fs.readdir(path.join(dir, 'backfills'))).rejects.toThrow();
  });
});
