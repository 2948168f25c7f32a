// Each statement of a plan is parsed once: where it is made (the differ, a fixer, an online step,
// the desired files), and every later stage (the engine's exclusions, the plan, online rewriting,
// lint) reads the parse tree and classification it carries.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { countParses, parseKey } from '../../src/engine/sql';
import { planSafe } from '../lint/support';
import { CASES_DIR } from '../support/cases';
import { dropDatabase, freshDatabase } from '../support/db';
import { PROJECT_SCHEMA, scenarioDatabase, schemaDir } from '../support/schema';

const SCENARIOS = fs.readdirSync(path.join(__dirname, '../scenarios'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
const RUNS = SCENARIOS.flatMap((name) => [[name, 'off'] as const, [name, 'on'] as const]);

/** Corpus cases with many kinds of change (partitions, inheritance, keys, views, names with dots and quotes). */
const CASES = ['names_with_dots_and_quotes', 'column_options_statistics_triggers', 'table_leaves_inheritance', 'view_on_changed_column_type', 'drop_partitioned_tree', 'constraint_exclusion_change', 'column_type_with_index_and_check'];

function expectParsedOnce(statements: { sql: string }[], counts: Map<string, number>) {
  expect(statements.length).toBeGreaterThan(0);
  // The statements were parsed where they were made (alone, or in the differ's multi-statement
  // chunks) ...
  expect(statements.filter((s) => counts.has(parseKey(s.sql))).length).toBeGreaterThan(statements.length / 2);
  // ... and no text twice.
  expect([...counts].filter(([, n]) => n > 1).map(([sql, n]) => `${n}x ${sql.slice(0, 100)}`)).toEqual([]);
}

describe('a plan parses each statement once', () => {
  it.each(CASES.flatMap((name) => [[name, 'off'] as const, [name, 'on'] as const]))('case %s, online-safe %s', async (name, online) => {
    const read = (f: string) => fs.readFileSync(path.join(CASES_DIR, name, f), 'utf8');
    const rows = fs.existsSync(path.join(CASES_DIR, name, 'rows.sql')) ? read('rows.sql') : '';
    const url = await freshDatabase(`${read('before.sql')}\n${rows}`);
    try {
      const dir = await schemaDir({ 'schema.sql': read('after.sql') });
      const done = countParses();
      const p = await planSafe(url, dir, { online, env: 'prod' });
      expectParsedOnce(p.statements, done());
    } finally {
      await dropDatabase(url);
    }
  }, 300_000);

  it.each(RUNS)('%s, online-safe %s, with lint: the platform schema over an older version of it', async (scenario, online) => {
    const url = await scenarioDatabase(scenario);
    const done = countParses();
    const p = await planSafe(url, PROJECT_SCHEMA, { online, env: 'prod' });
    expectParsedOnce(p.statements, done());
  }, 300_000);
});
