// Every rule: its metadata, and its SQL examples on both sides, linted next to a real database
// holding the tables the examples touch.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Client } from '../../src/db/connect';
import { classify } from '../../src/engine/classify';
import type { PlannedStatement } from '../../src/engine/plan';
import { resolveLint } from '../../src/lint/config';
import { lintStatements } from '../../src/lint/lint';
import { LiveCatalog } from '../../src/lint/live';
import { RULES } from '../../src/lint/registry';
import { ENVIRONMENTS } from '../../src/lint/types';
import { freshDatabase } from '../support/db';

const SETUP = `
CREATE EXTENSION pgcrypto;
CREATE SCHEMA reporting;
CREATE TYPE mood AS ENUM ('ok', 'meh');
CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%');
CREATE SEQUENCE invoice_no;
CREATE TABLE users (id int PRIMARY KEY, email text, mail text, legacy_flag boolean, m mood);
CREATE INDEX users_email ON users (email);
CREATE FUNCTION norm(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lower(t) $$;
CREATE INDEX users_norm_email ON users (norm(email));
CREATE TABLE orders (id int, user_id int, total numeric, CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users(id), CONSTRAINT orders_total_check CHECK (total >= 0));
CREATE TABLE t (n int, c int);
CREATE TABLE accounts (id int);
CREATE VIEW active_users AS SELECT id FROM users;
CREATE VIEW v AS SELECT 1 AS one;
CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON users USING (true);
CREATE TABLE events (at date) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
INSERT INTO users VALUES (1, 'a@x', 'a@x', true, 'ok');
`;

let c: Client;
let live: LiveCatalog;
const config = resolveLint({}, {}, 'prod');

beforeAll(async () => {
  const url = await freshDatabase(SETUP);
  c = await connect(url);
  live = await LiveCatalog.load(c);
});
afterAll(() => c?.end());

async function statements(sqls: string[]): Promise<PlannedStatement[]> {
  const out: PlannedStatement[] = [];
  for (const sql of sqls) out.push({ ...(await classify(sql)), sql, source: 'example' });
  return out;
}

describe('the rule set', () => {
  it('every rule has an id, a summary, levels for every environment, a safe alternative, a doc line and examples on both sides', () => {
    const ids = new Set<string>();
    for (const r of RULES) {
      expect(r.id).toMatch(/^[a-z_]+$/);
      expect(ids.has(r.id)).toBe(false);
      ids.add(r.id);
      expect(r.summary.length).toBeGreaterThan(10);
      expect(r.safeAlternative.length).toBeGreaterThan(10);
      expect(r.doc.length).toBeGreaterThan(10);
      for (const e of ENVIRONMENTS) expect(['block', 'warn', 'off']).toContain(r.levels[e]);
      expect(r.examples.unsafe.length).toBeGreaterThan(0);
      expect(r.examples.safe.length).toBeGreaterThan(0);
    }
    expect(RULES.length).toBeGreaterThanOrEqual(30);
  });

  it('one file per rule under src/lint/rules/', () => {
    const files = fs.readdirSync(path.resolve(__dirname, '../../src/lint/rules')).filter((f) => f !== 'util.ts');
    expect(files.sort()).toEqual(RULES.map((r) => `${r.id}.ts`).sort());
  });

  it('production is the strictest environment', () => {
    const rank = { off: 0, warn: 1, block: 2 };
    for (const r of RULES) {
      expect(rank[r.levels.prod]).toBeGreaterThanOrEqual(rank[r.levels.staging]);
      expect(rank[r.levels.staging]).toBeGreaterThanOrEqual(rank[r.levels.dev]);
    }
  });
});

describe.each(RULES.map((r) => [r.id, r] as const))('%s', (_id, rule) => {
  it.each(rule.examples.unsafe.map((e) => [e.join('; ')] as const).map((x, i) => [...x, i] as const))('flags: %s', async (_s, i) => {
    const f = await lintStatements(await statements(rule.examples.unsafe[i]), { config, live });
    const mine = f.filter((x) => x.rule === rule.id);
    expect(mine.length, JSON.stringify(f)).toBeGreaterThan(0);
    for (const x of mine) {
      expect(x.message.length).toBeGreaterThan(5);
      expect(x.fix).toBeTruthy();
      expect(x.statement).toBeTypeOf('number');
    }
  });
  it.each(rule.examples.safe.map((e) => [e.join('; ')] as const).map((x, i) => [...x, i] as const))('accepts: %s', async (_s, i) => {
    const f = await lintStatements(await statements(rule.examples.safe[i]), { config, live });
    expect(f.filter((x) => x.rule === rule.id && x.level === 'block')).toEqual([]);
  });
});
