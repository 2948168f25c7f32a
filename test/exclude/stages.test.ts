// A table the project excludes is left alone by every stage, from the command line: the schema
// plan, the grants (owner, grants, revokes), the seed rows, drift and lint. Each check first shows
// that, without the exclusion, the stage would touch the table.
import { describe, expect, it } from 'vitest';
import { freshDatabase, query } from '../support/db';
import { project, said } from './project';

const ACCESS = `schemas: [public]
roles:
  migrator: {name: "{database}_migrator", owner: true}
  app: {name: "{database}_app"}
grants:
  - roles: [app]
    schemas: [public]
    privileges: [USAGE]
  - roles: [app]
    tables: "*"
    privileges: [SELECT]
`;
// legacy_t is declared here too (a column more than the live one, one less), and seeded.
const SCHEMA = 'CREATE TABLE notes (id int PRIMARY KEY, body text);\nCREATE TABLE legacy_t (id int PRIMARY KEY, v text, added int);\n';
const SEED = 'table: legacy_t\nkey: id\nunlisted: delete\nrows:\n  - {id: 1, v: seeded}\n';

/** Everything a run printed that names the excluded table. */
const mentions = (text: string) => text.split('\n').filter((l) => /legacy_t/.test(l));

describe('an excluded table is left alone by every stage', () => {
  it('schema, grants, seeds, drift and lint, with --exclude and with schemaop.yaml', async () => {
    const url = await freshDatabase();
    const db = new URL(url).pathname.slice(1);
    await query(
      url,
      `CREATE ROLE ${db}_legacy_owner NOLOGIN; CREATE ROLE ${db}_other NOLOGIN;
       CREATE TABLE legacy_t (id int PRIMARY KEY, v text, old_col int);
       INSERT INTO legacy_t VALUES (1, 'hand', 10), (2, 'made', 20);
       ALTER TABLE legacy_t OWNER TO ${db}_legacy_owner;
       GRANT SELECT ON legacy_t TO ${db}_other;`,
    );
    const p = await project(url, { 'schema/10.sql': SCHEMA, 'access/access.yaml': ACCESS, 'seeds/10_legacy.yaml': SEED });
    const dev = ['--env', 'dev'];
    const exclude = ['--exclude', 'public.legacy_t'];

    // Without the exclusion every stage would change it: the schema, its owner and grants, its rows.
    const all = await p.run(['plan', ...dev]);
    expect(all.code, said(all)).toBe(2);
    const touched = mentions(all.stdout).join('\n');
    expect(touched).toMatch(/drop column "old_col"|add column "added"/i);
    expect(touched).toMatch(new RegExp(`OWNER TO "${db}_migrator"`));
    expect(touched).toMatch(new RegExp(`REVOKE SELECT ON TABLE "public"."legacy_t" FROM "${db}_other"`));
    expect(touched).toMatch(/legacy_t.*(insert|update|delete)|(insert|update|delete).*legacy_t/i);

    // Excluded: nothing in any stage names it; the rest is planned.
    const planned = await p.run(['plan', '--format', 'json', ...dev, ...exclude]);
    expect(planned.code, said(planned)).toBe(2);
    expect(planned.stdout).not.toMatch(/legacy_t/);
    const json = JSON.parse(planned.stdout) as { statements: { object: string }[]; stages: { stage: string; count: number }[] };
    expect(json.statements.map((s) => s.object)).toEqual(['public.notes']);
    expect(json.stages.find((s) => s.stage === 'grants')!.count).toBeGreaterThan(0);

    const applied = await p.run(['apply', '--auto-approve', ...dev, ...exclude]);
    expect(applied.code, said(applied)).toBe(0);
    expect(applied.stdout + applied.stderr).not.toMatch(/legacy_t/);
    const [t] = (await query(url, "SELECT pg_get_userbyid(relowner) AS owner, relacl::text[] AS acl FROM pg_class WHERE oid = 'legacy_t'::regclass")) as { owner: string; acl: string[] }[];
    expect(t.owner).toBe(`${db}_legacy_owner`);
    expect(t.acl.some((a: string) => a.startsWith(`${db}_app=`))).toBe(false);
    expect(t.acl.some((a: string) => a.startsWith(`${db}_other=r/`))).toBe(true);
    expect(await query(url, 'SELECT * FROM legacy_t ORDER BY id')).toEqual([
      { id: 1, v: 'hand', old_col: 10 },
      { id: 2, v: 'made', old_col: 20 },
    ]);
    // The rest converged: a fresh full plan is empty.
    const again = await p.run(['plan', '--full', ...dev, ...exclude]);
    expect(again.code, said(again)).toBe(0);

    // Drift and lint, with the exclusion in schemaop.yaml: a hand edit of legacy_t is not drift.
    await query(url, `UPDATE legacy_t SET v = 'edited' WHERE id = 1; GRANT INSERT ON legacy_t TO ${db}_other; ALTER TABLE legacy_t ADD COLUMN more int`);
    const drifted = await p.run(['drift']);
    expect(drifted.code, said(drifted)).toBe(7);
    expect(mentions(drifted.stdout).length).toBeGreaterThan(0);
    await p.write({ 'schemaop.yaml': 'exclude:\n  - public.legacy_t\n' });
    const clean = await p.run(['drift']);
    expect(clean.code, said(clean)).toBe(0);
    expect(clean.stdout).toMatch(/No drift/);
    expect(clean.stdout).not.toMatch(/legacy_t/);

    // Lint in production: dropping legacy_t's columns would be blocked; excluded, nothing is found.
    await p.write({ 'schemaop.yaml': '' });
    const blocked = await p.run(['lint', '--env', 'prod']);
    expect(blocked.code, said(blocked)).toBe(8);
    expect(mentions(blocked.stdout).join('\n')).toMatch(/drop_column/);
    await p.write({ 'schemaop.yaml': 'exclude:\n  - public.legacy_t\n' });
    const linted = await p.run(['lint', '--env', 'prod']);
    expect(linted.code, said(linted)).toBe(0);
    expect(said(linted)).not.toMatch(/legacy_t/);
  }, 300_000);
});
