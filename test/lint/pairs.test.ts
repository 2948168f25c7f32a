// Proof on a real database, one before/after pair per rule: the change plans, the rule fires
// (in prod: blocks unless allowed), and with a reviewed allowance it applies and converges.
// Changes the built-in engine never emits (TRUNCATE, VACUUM FULL, GRANT, ...) come from a
// stand-in engine: a transform that replaces the plan's statements, as another engine would.
import { describe, expect, it } from 'vitest';
import { apply, BlockedError } from '../../src/engine/apply';
import { classify } from '../../src/engine/classify';
import type { PlanTransform } from '../../src/engine/extensions';
import { currentRevision } from '../../src/engine/history';
import type { PlannedStatement } from '../../src/engine/plan';
import { resolveLint } from '../../src/lint/config';
import { lintCheck } from '../../src/lint/lint';
import { RULES } from '../../src/lint/registry';
import { catalogSnapshot, snapshotDiff } from '../support/catalog-compare';
import { freshDatabase } from '../support/db';
import { schemaDir } from '../support/schema';

interface Pair {
  rule: string;
  before: string;
  after: string;
  /** Rows to insert before planning. */
  data?: string;
  /** Statements another engine would plan (replace the built-in plan). */
  engine?: string[];
  level?: 'block' | 'warn';
  /** The finding's message mentions this (data-aware findings). */
  says?: RegExp;
  /** Allowed by a directive in schema/ rather than --allow. */
  directive?: boolean;
}

const T = 'CREATE TABLE t (id int PRIMARY KEY, a text, n int);\n';
const PAIRS: Pair[] = [
  { rule: 'drop_schema', before: `${T}CREATE SCHEMA reporting;`, after: T },
  { rule: 'drop_table', before: `${T}CREATE TABLE old (id int);`, after: T, data: 'INSERT INTO old VALUES (1), (2)', says: /holds 2 rows/ },
  { rule: 'drop_column', before: `${T}ALTER TABLE t ADD COLUMN legacy boolean;`, after: T, data: 'INSERT INTO t VALUES (1, null, null, true)', says: /1 non-null value/ },
  { rule: 'drop_view', before: `${T}CREATE VIEW tv AS SELECT id FROM t;`, after: T },
  { rule: 'drop_function', before: `${T}CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';`, after: T },
  { rule: 'drop_sequence', before: `${T}CREATE SEQUENCE s;`, after: T },
  { rule: 'drop_type', before: `${T}CREATE DOMAIN pos AS int CHECK (VALUE > 0);`, after: T },
  { rule: 'drop_extension', before: `${T}CREATE EXTENSION pgcrypto;`, after: T },
  { rule: 'truncate_or_cascade', before: T, after: T, engine: ['TRUNCATE public.t'] },
  { rule: 'enum_value_removed', before: `CREATE TYPE mood AS ENUM ('a', 'b', 'c');\nCREATE TABLE m (v mood);`, after: `CREATE TYPE mood AS ENUM ('a', 'c');\nCREATE TABLE m (v mood);`, data: "INSERT INTO m VALUES ('a')", says: /removes 'b'.*no row of public\.m\.v/ },
  { rule: 'suspected_rename', before: `${T}ALTER TABLE t ADD COLUMN mail text;`, after: `${T}ALTER TABLE t ADD COLUMN email text;` },
  { rule: 'alter_column_type', before: T, after: T.replace('n int', 'n bigint') },
  { rule: 'set_not_null', before: T, after: T.replace('a text', 'a text NOT NULL'), data: "INSERT INTO t VALUES (1, 'x', 1)", says: /No existing row holds NULL/ },
  { rule: 'add_column_not_null', before: T, after: `${T}ALTER TABLE t ADD COLUMN tier text NOT NULL;`, level: 'warn', says: /is empty/ },
  { rule: 'add_column_rewrite', before: T, after: `${T}ALTER TABLE t ADD COLUMN token uuid DEFAULT gen_random_uuid();` },
  { rule: 'create_index_non_concurrent', before: T, after: `${T}CREATE INDEX t_a ON t (a);` },
  { rule: 'drop_index_non_concurrent', before: `${T}CREATE INDEX t_a ON t (a);`, after: T },
  { rule: 'add_check_constraint', before: T, after: `${T}ALTER TABLE t ADD CONSTRAINT t_n_pos CHECK (n > 0);`, data: 'INSERT INTO t VALUES (1, null, 5)', says: /No existing row violates it/ },
  { rule: 'add_foreign_key', before: `${T}CREATE TABLE u (id int PRIMARY KEY);`, after: `${T}CREATE TABLE u (id int PRIMARY KEY);\nALTER TABLE t ADD CONSTRAINT t_n_fk FOREIGN KEY (n) REFERENCES u(id);` },
  { rule: 'add_unique_constraint', before: T, after: `${T}ALTER TABLE t ADD CONSTRAINT t_a_key UNIQUE (a);`, engine: ['ALTER TABLE public.t ADD CONSTRAINT t_a_key UNIQUE (a)'], data: "INSERT INTO t VALUES (1, 'x', 1), (2, 'y', 1)", says: /No existing values are duplicated/ },
  { rule: 'table_rewrite', before: T, after: T, engine: ['VACUUM FULL public.t'] },
  {
    rule: 'detach_partition',
    before: 'CREATE TABLE ev (at date) PARTITION BY RANGE (at);\nCREATE TABLE ev_2024 PARTITION OF ev FOR VALUES FROM (\'2024-01-01\') TO (\'2025-01-01\');',
    after: 'CREATE TABLE ev (at date) PARTITION BY RANGE (at);\nCREATE TABLE ev_2024 (at date);',
    engine: ['ALTER TABLE public.ev DETACH PARTITION public.ev_2024'],
  },
  { rule: 'rename_table', before: `${T}CREATE TABLE accounts (id int);`, after: `${T}-- schemaop:renamed-from accounts\nCREATE TABLE user_accounts (id int);`, directive: true },
  { rule: 'rename_column', before: `${T}ALTER TABLE t ADD COLUMN mail text;`, after: 'CREATE TABLE t (\n  id int PRIMARY KEY, a text, n int,\n  -- schemaop:renamed-from mail\n  email text\n);', directive: true },
  { rule: 'drop_not_null', before: T.replace('a text', 'a text NOT NULL'), after: T, level: 'warn' },
  { rule: 'drop_foreign_key', before: `${T}CREATE TABLE u (id int PRIMARY KEY);\nALTER TABLE t ADD CONSTRAINT t_n_fk FOREIGN KEY (n) REFERENCES u(id);`, after: `${T}CREATE TABLE u (id int PRIMARY KEY);` },
  { rule: 'grant_revoke', before: T, after: T, engine: ['GRANT SELECT ON public.t TO PUBLIC'], level: 'warn' },
  { rule: 'row_level_security', before: `${T}ALTER TABLE t ENABLE ROW LEVEL SECURITY;`, after: T, engine: ['ALTER TABLE public.t DISABLE ROW LEVEL SECURITY'] },
  { rule: 'alter_extension', before: `${T}CREATE EXTENSION pgcrypto;`, after: `${T}CREATE EXTENSION pgcrypto;`, engine: ['ALTER EXTENSION pgcrypto UPDATE'], level: 'warn' },
  {
    rule: 'replace_immutable_function',
    before: `CREATE FUNCTION norm(x text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT lower(x)';\n${T}CREATE INDEX t_norm ON t (norm(a));`,
    after: `CREATE FUNCTION norm(x text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT upper(x)';\n${T}CREATE INDEX t_norm ON t (norm(a));`,
    says: /index public\.t_norm/,
  },
  { rule: 'drop_trigger', before: `${T}CREATE FUNCTION tg() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';\nCREATE TRIGGER t_tg BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION tg();`, after: `${T}CREATE FUNCTION tg() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';`, level: 'warn' },
];

/**
 * Another engine's plan for the same change. Like a migration-history engine, it plans its change
 * until a revision has applied it: apply's verifying re-plan must then be empty.
 */
const otherEngine = (sqls: string[]): PlanTransform => ({
  name: 'stand-in engine',
  async run(_statements, ctx) {
    if (await currentRevision(ctx.target)) return [];
    const out: PlannedStatement[] = [];
    for (const sql of sqls) out.push({ ...(await classify(sql)), sql, source: 'stand-in' });
    return out;
  },
});

describe('a before/after pair for every rule (prod levels, online-safe off)', () => {
  it('covers every rule', () => {
    expect(PAIRS.map((p) => p.rule).sort()).toEqual(RULES.map((r) => r.id).sort());
  });

  it.concurrent.each(PAIRS.map((p) => [p.rule, p] as const))('%s', async (_r, pair) => {
    const url = await freshDatabase(pair.before + ';\n' + (pair.data ?? ''));
    const dir = await schemaDir({ '10.sql': pair.after });
    const transforms = pair.engine ? [otherEngine(pair.engine)] : [];
    const run = (allow: string[] = []) => apply({ url, schemaDir: dir, engine: 'builtin', transforms, checks: [lintCheck(resolveLint({}, { online: 'off', allow }, 'prod'))] });
    // Plan and lint: the rule fires at its level; a blocked plan changes nothing (exit 8).
    let r = await run().catch((e: unknown) => e);
    const blocked = r instanceof BlockedError;
    if (!blocked && r instanceof Error) throw r;
    const findings = blocked ? (r as BlockedError).plan.findings : (r as Awaited<ReturnType<typeof run>>).plan.findings;
    const f = findings.find((x) => x.rule === pair.rule);
    expect(f, JSON.stringify(findings)).toBeDefined();
    expect(f!.level).toBe(pair.level ?? 'block');
    if (pair.says) expect(f!.message).toMatch(pair.says);
    if (pair.directive) expect(f!.allowedBy).toMatch(/renamed-from directive at schema\/10\.sql:\d+/);
    expect(blocked).toBe((pair.level ?? 'block') === 'block' && !pair.directive);
    if (blocked) {
      expect((r as BlockedError).exitCode).toBe(8);
      // With a reviewed allowance for each blocking finding, the plan applies.
      const allow = findings.filter((x) => x.level === 'block' && !x.allowedBy).map((x) => `${x.rule}:${x.object}:reviewed in the test of ${pair.rule}`);
      r = await run(allow);
      expect((r as Awaited<ReturnType<typeof run>>).plan.findings.filter((x) => x.level === 'block' && !x.allowedBy)).toEqual([]);
    }
    expect((r as Awaited<ReturnType<typeof run>>).applied).toBe(true);
    // Converged: the database now equals one loaded from the desired schema directly.
    if (!pair.engine) {
      const direct = await freshDatabase(pair.after);
      expect(snapshotDiff(await catalogSnapshot(url), await catalogSnapshot(direct))).toEqual([]);
    }
  });
});
