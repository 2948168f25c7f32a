// Drift on a real PostgreSQL: the project's schema, seeds and access model applied, then changed by
// hand (a seed row edited, added and removed, a privilege granted, a column added). `schemaop
// drift` reports each precisely and exits 7; the next apply restores the declared state.
import { beforeAll, describe, expect, it } from 'vitest';
import { databaseOf } from '../../src/db/url';
import { apply } from '../../src/engine/apply';
import { plan } from '../../src/engine/plan';
import { drift } from '../../src/drift';
import { schemaop } from '../support/cli';
import { freshDatabase, query } from '../support/db';
import { project, Project } from '../seeds/project';


describe('drift', () => {
  let url: string;
  let env: string;
  let pr: Project;
  const ro = () => `${env}_readonly`;

  beforeAll(async () => {
    url = await freshDatabase();
    env = databaseOf(url);
    pr = await project({}, { copy: ['schema', 'seeds', 'access'] });
    await apply({ url, schemaDir: pr.schemaDir, ...pr.ext(env) });
  });

  it('is clean after apply: exit 0, text and JSON', async () => {
    const r = await drift({ url, schemaDir: pr.schemaDir, ...pr.ext(env) });
    expect(r).toMatchObject({ clean: true, count: 0, liveMatchesRevision: true, filesMatchRevision: true, schema: [], seeds: [], grants: [] });
    const cli = await schemaop(['drift', '--url', url, '--schema', pr.schemaDir, '-q'], { SCHEMAOP_ENV: env });
    expect(cli.stdout).toContain('No drift: the database matches schema/, seeds/ and access/.');
    expect(cli.code).toBe(0);
  });

  it('reports a hand-edited seed row, a hand-granted privilege and a hand-added column; exit 7; apply restores', async () => {
    await query(
      url,
      `UPDATE exchanges SET display_name = 'Binance', api_limits = api_limits || '{"orders_per_10s": 100}' WHERE name = 'binance';
       DELETE FROM dexes WHERE name = 'aster';
       INSERT INTO exchanges (name, display_name) VALUES ('kraken', 'Kraken');
       GRANT SELECT ON user_credentials TO "${ro()}";
       ALTER TABLE exchanges ADD COLUMN note text;`,
    );
    const r = await drift({ url, schemaDir: pr.schemaDir, ...pr.ext(env) });
    expect(r.clean).toBe(false);
    expect(r.liveMatchesRevision).toBe(false);
    expect(r.filesMatchRevision).toBe(true);
    expect(r.schema).toEqual([expect.objectContaining({ kind: 'drop_column', object: 'public.exchanges.note', deletesData: true })]);
    expect(r.seeds).toEqual([
      {
        table: 'public.exchanges',
        file: 'seeds/10_exchanges.yaml',
        key: 'name=binance',
        kind: 'edited',
        fields: [
          { field: 'display_name', live: 'Binance', desired: 'Binance Spot' },
          {
            field: 'api_limits',
            live: { ws_connections_per_5min: 300, rest_weight_limit: 6000, orders_per_10s: 100 },
            desired: { ws_connections_per_5min: 300, rest_weight_limit: 6000, orders_per_10s: 50 },
          },
        ],
        fix: 'the next apply sets the listed values',
      },
      expect.objectContaining({ table: 'public.exchanges', key: 'name=kraken', kind: 'added', fix: 'the next apply deletes it (unlisted: delete)' }),
      expect.objectContaining({ table: 'public.dexes', key: 'name=aster', kind: 'missing' }),
    ]);
    expect(r.grants.map((g) => g.detail)).toEqual([`${ro()} has SELECT on table public.user_credentials, not declared`, expect.stringMatching(new RegExp(`^${ro()} lacks SELECT on columns created_at, credential_type, id`))]);
    expect(r.count).toBe(6);

    const cli = await schemaop(['drift', '--url', url, '--schema', pr.schemaDir, '-q'], { SCHEMAOP_ENV: env });
    expect(cli.code).toBe(7);
    expect(cli.stdout).toContain('live schema: changed since that revision');
    expect(cli.stdout).toContain('drop_column public.exchanges.note deletes data: the next apply runs this; it deletes data, so it needs a reviewed allowance');
    expect(cli.stdout).toContain('exchanges name=binance: edited in the database');
    expect(cli.stdout).toContain('display_name: "Binance" in the database, "Binance Spot" in seeds/10_exchanges.yaml');
    expect(cli.stdout).toContain('exchanges name=kraken: in the database, not in seeds/10_exchanges.yaml (added by hand?)');
    expect(cli.stdout).toContain('dexes name=aster: in seeds/20_dexes.yaml, missing from the database (removed by hand?)');
    expect(cli.stdout).toContain(`${ro()} has SELECT on table public.user_credentials, not declared`);
    expect(cli.stdout).toContain(`next apply: REVOKE SELECT ON TABLE "public"."user_credentials" FROM "${ro()}";`);
    expect(cli.stdout).toMatch(/Drift: 6 differences\./);
    const json = await schemaop(['drift', '--url', url, '--schema', pr.schemaDir, '--format', 'json', '-q'], { SCHEMAOP_ENV: env });
    expect(json.code).toBe(7);
    expect(JSON.parse(json.stdout)).toMatchObject({ clean: false, count: 6, seeds: r.seeds, grants: r.grants });

    // The next plan shows the drop as destructive, then apply restores the declared state.
    const p = await plan({ url, schemaDir: pr.schemaDir, ...pr.ext(env) });
    expect(p.statements.map((s) => [s.kind, s.deletesData])).toEqual([['drop_column', true]]);
    await apply({ url, schemaDir: pr.schemaDir, ...pr.ext(env) });
    expect(await query(url, "SELECT display_name, api_limits->>'orders_per_10s' AS o FROM exchanges WHERE name = 'binance'")).toEqual([{ display_name: 'Binance Spot', o: '50' }]);
    expect((await query(url, 'SELECT name FROM dexes ORDER BY id')).map((x) => x.name)).toEqual(['lighter', 'backpack', 'aster']);
    expect(await query(url, `SELECT has_table_privilege('${ro()}', 'user_credentials', 'SELECT') AS t, has_column_privilege('${ro()}', 'user_credentials', 'nickname', 'SELECT') AS c`)).toEqual([{ t: false, c: true }]);
    const after = await drift({ url, schemaDir: pr.schemaDir, ...pr.ext(env) });
    expect(after).toMatchObject({ clean: true, liveMatchesRevision: true });
  });

  it('an unreachable database is an error, not drift', async () => {
    const bad = new URL(url);
    bad.port = '1';
    const r = await schemaop(['drift', '--url', bad.toString(), '--schema', pr.schemaDir, '-q'], { SCHEMAOP_ENV: env });
    expect(r.code).toBe(3);
  });
});
