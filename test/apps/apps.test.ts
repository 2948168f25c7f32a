// Real-application-like schemas (test/apps/<name>/, files loaded in name order, each in its own
// session as psql runs them): applied to an empty database, each converges (a full re-plan is
// empty) to the catalog that psql builds from the same files; and `inspect` of the result loads
// back, with psql and with schemaop, into a database that plans nothing more.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { apply } from '../../src/engine/apply';
import { inspectSql } from '../../src/engine/inspect';
import { plan } from '../../src/engine/plan';
import { catalogSnapshot, snapshotDiff, withoutEquivalents } from '../support/catalog-compare';
import { dropDatabase, freshDatabase } from '../support/db';

const run = promisify(execFile);
const APPS = __dirname;
const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'schemaop-apps-'));
afterAll(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));

/** A ticketing schema with hundreds of triggers, written the way generated schemas are. */
function generatedTriggers(): string {
  const dir = path.join(tmpRoot, 'many_triggers');
  fs.mkdirSync(dir, { recursive: true });
  const head = [
    'SET search_path = audit;',
    'CREATE SCHEMA audit;',
    'CREATE TABLE audit.log (id bigserial PRIMARY KEY, tbl text NOT NULL, op text NOT NULL, at timestamptz NOT NULL DEFAULT now());',
    `CREATE FUNCTION audit.record() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO audit.log (tbl, op) VALUES (TG_TABLE_NAME, TG_OP); RETURN NULL; END $$;`,
    `CREATE FUNCTION audit.stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.changed_at := now(); RETURN NEW; END $$;`,
  ];
  fs.writeFileSync(path.join(dir, '01_audit.sql'), head.join('\n') + '\n');
  const body = ['SET search_path = tickets, audit;', 'CREATE SCHEMA tickets;'];
  for (let t = 0; t < 60; t++) {
    body.push(`CREATE TABLE tickets.t${t} (id int PRIMARY KEY, ref int ${t ? `REFERENCES tickets.t${t - 1}` : ''}, note text, changed_at timestamptz);`);
    body.push(`CREATE INDEX t${t}_ref ON tickets.t${t} (ref);`);
    for (const op of ['insert', 'update', 'delete']) body.push(`CREATE TRIGGER t${t}_${op} AFTER ${op.toUpperCase()} ON tickets.t${t} FOR EACH ROW EXECUTE FUNCTION audit.record();`);
    body.push(`CREATE TRIGGER t${t}_stamp BEFORE INSERT OR UPDATE OF note ON tickets.t${t} FOR EACH ROW WHEN (NEW.note IS NOT NULL) EXECUTE FUNCTION audit.stamp();`);
    body.push(`CREATE TRIGGER t${t}_truncate AFTER TRUNCATE ON tickets.t${t} FOR EACH STATEMENT EXECUTE FUNCTION audit.record();`);
  }
  fs.writeFileSync(path.join(dir, '02_tickets.sql'), body.join('\n') + '\n');
  return dir;
}

const apps: [string, () => string][] = [
  ...fs
    .readdirSync(APPS, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d): [string, () => string] => [d.name, () => path.join(APPS, d.name)]),
  ['many_triggers', generatedTriggers],
];

const sqlFiles = (dir: string) =>
  fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => path.join(dir, f));

/** Loads files the way psql does: one session per file, stopping at the first error. */
async function psql(url: string, files: string[]): Promise<void> {
  for (const f of files) await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-f', f], { env: { ...process.env, PGOPTIONS: '--client-min-messages=warning' } });
}

async function replan(url: string, schemaDir: string): Promise<string[]> {
  return (await plan({ url, schemaDir, engine: 'builtin', full: true })).statements.map((s) => `[${s.source}] ${s.sql}`);
}

describe.concurrent('application schemas', () => {
  for (const [name, dirOf] of apps) {
    it(name, async () => {
      const schemaDir = dirOf();
      const [url, expectedUrl, fromPsql, fromSchemaop] = await Promise.all(['a', 'e', 'p', 's'].map((p) => freshDatabase(undefined, p)));
      try {
        await psql(expectedUrl, sqlFiles(schemaDir));
        const applied = await apply({ url, schemaDir, engine: 'builtin' });
        const sql = applied.plan.statements.map((s) => `[${s.source}] ${s.sql}`).join('\n');
        expect(await replan(url, schemaDir), `re-plan after applying:\n${sql}`).toEqual([]);
        const [actual, expected] = await Promise.all([catalogSnapshot(url), catalogSnapshot(expectedUrl)]);
        expect(await withoutEquivalents(snapshotDiff(actual, expected), expectedUrl), `catalog differs after applying:\n${sql}`).toEqual([]);

        // inspect → psql into an empty database → nothing left to plan.
        const dumped = path.join(tmpRoot, `${name}-inspect`);
        fs.mkdirSync(dumped, { recursive: true });
        fs.writeFileSync(path.join(dumped, 'schema.sql'), await inspectSql({ url }));
        await psql(fromPsql, [path.join(dumped, 'schema.sql')]);
        expect(await replan(fromPsql, schemaDir), 'plan against the inspect output loaded by psql').toEqual([]);
        // ... and the same output as a schema directory of its own.
        await apply({ url: fromSchemaop, schemaDir: dumped, engine: 'builtin' });
        expect(await replan(fromSchemaop, schemaDir), 'plan against the inspect output applied by schemaop').toEqual([]);
      } finally {
        await Promise.all([url, expectedUrl, fromPsql, fromSchemaop].map((u) => dropDatabase(u))).catch(() => undefined);
      }
      // Four full plans of a whole application each.
    }, 600_000);
  }
});
