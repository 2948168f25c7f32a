// The dev stack with the real Pulumi CLI, step by step on one stack (issue 8, section 2; issue 27):
// first the walkthrough of docs/pulumi.md, its `sh e2e` blocks run line by line as written, in a
// copy of this checkout, with the repository's own Pulumi.yaml, Pulumi.dev.yaml and policy pack;
// then the properties the walkthrough rests on. Every step checks the database itself, logging in
// as members of the declared roles, not only Pulumi's output. Each step's time is printed at the end.
import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withClient } from '../../src/db/connect';
import * as embedded from '../../src/db/embedded';
import { buildUrl } from '../../src/db/url';
import { assertNoSecrets } from '../support/secrets';
import { missingTool } from '../support/tools';
import { Stack, devStack, walkthrough } from './stack';

const ROLES = ['app', 'readonly', 'credentials'] as const;
const LOGIN_PASSWORD = 'e2e-login-pw-7f3a';
const times: [string, number][] = [];
let stack: Stack;
let superUrl: string;

async function step(name: string, fn: () => Promise<void>): Promise<void> {
  const t = Date.now();
  try {
    await fn();
  } finally {
    times.push([name, Date.now() - t]);
    console.log(`e2e step ${name}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
}

const sql = async <T = Record<string, unknown>>(q: string, url = superUrl) => withClient(url, async (c) => (await c.query(q)).rows as T[]);
/** A login of the platform's kind: a member of the declared group role (the credentials role admits only the login access.yaml lists). */
const loginOf = (role: (typeof ROLES)[number]) => (role === 'credentials' ? 'dev_svc_credentials' : `e2e_${role}_login`);
const loginUrl = (role: (typeof ROLES)[number]) => buildUrl({ host: '127.0.0.1', port: stack.port, user: loginOf(role), password: LOGIN_PASSWORD, database: 'app' });
/** Runs `q` as a member of `role`: undefined when it works, else the error message. */
async function as(role: (typeof ROLES)[number], q: string): Promise<string | undefined> {
  try {
    await withClient(loginUrl(role), (c) => c.query(q));
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}
async function addLogins(): Promise<void> {
  for (const r of ROLES) await sql(`DO $$BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${loginOf(r)}') THEN CREATE ROLE ${loginOf(r)} LOGIN PASSWORD '${LOGIN_PASSWORD}' IN ROLE dev_${r}; END IF; END$$`);
}

const ok = async (args: string[], opts?: { cwd?: string }) => {
  const r = await stack.pulumi(args, opts);
  expect(r.code, `pulumi ${args.join(' ')}\n${r.out}`).toBe(0);
  return r.out;
};
const fails = async (args: string[]) => {
  const r = await stack.pulumi(args);
  expect(r.code, `pulumi ${args.join(' ')} should fail\n${r.out}`).not.toBe(0);
  return r.out;
};
/** An edit as a developer commits it: a change of schema/ comes with its regenerated types (`npx schemaop types`). */
const edit = async (file: string, fn: (s: string) => string) => {
  const p = path.join(stack.project, file);
  await fs.writeFile(p, fn(await fs.readFile(p, 'utf8')));
  if (!file.startsWith('schema/')) return;
  const types = await stack.schemaop(['types']);
  expect(types.code, `schemaop types\n${types.out}`).toBe(0);
};

/** Runs `probe` until `until` resolves, collecting every failure: "no still-declared privilege was ever revoked". */
async function watching<T>(probe: () => Promise<string | undefined>, until: Promise<T>): Promise<{ result: T; failures: string[]; probes: number }> {
  const failures: string[] = [];
  let done = false;
  let probes = 0;
  const loop = (async () => {
    while (!done) {
      const f = await probe();
      probes++;
      if (f) failures.push(f);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const result = await until.finally(() => (done = true));
  await loop;
  return { result, failures, probes };
}

const declaredProbe = async () =>
  (await as('app', 'SELECT id, email FROM users LIMIT 1')) ??
  (await as('app', 'SELECT id, nickname FROM user_credentials LIMIT 1')) ??
  (await as('readonly', 'SELECT name FROM exchanges LIMIT 1')) ??
  (await as('credentials', 'SELECT api_key_encrypted FROM user_credentials LIMIT 1'));

/** What each command of the walkthrough (its comment left out) must show (`n`: its n-th run), beyond its exit code. */
async function checkWalkthrough(line: string, n: number, out: string): Promise<void> {
  if (line === 'pulumi preview --policy-pack policies' && n === 1) {
    // A new stack: the plan is not known at preview, and the pack says so instead of passing silently.
    expect(out).toMatch(/schema plan is not known at preview/);
    expect(out).not.toMatch(/failed to start|not supported/);
  }
  if (line === 'pulumi up --policy-pack policies') {
    superUrl = await embedded.url({ dir: stack.dbDir }, 'app');
    expect(await sql(`SELECT count(*)::int AS n FROM exchanges`)).toEqual([{ n: 2 }]);
    expect(await sql(`SELECT rolname FROM pg_roles WHERE rolname LIKE 'dev\\_%' ORDER BY 1`)).toEqual(['dev_app', 'dev_credentials', 'dev_migrator', 'dev_readonly'].map((rolname) => ({ rolname })));
  }
  if (line.startsWith('echo ') && line.includes('>> schema/')) added = /ADD COLUMN (\w+)/i.exec(line)![1];
  if (added && line === 'pulumi preview --policy-pack policies' && n === 2) {
    // The statement that will run, under the Schema resource; the grants do not change, so Access is not updated.
    expect(out).toMatch(new RegExp(`ALTER TABLE "?public"?\\."?users"? ADD COLUMN "?${added}"? text`, 'i'));
    expect(out).toMatch(/Schema \(schema\):/);
    expect(out).not.toMatch(/Access access update/);
    expect(out).toMatch(/1 to update/);
  }
  if (line === 'pulumi preview --diff') {
    // Only what this update changes: not the plan the stack was created with.
    console.log(`pulumi preview --diff for one added column: ${out.trimEnd().split('\n').length} lines`);
    expect(out.trimEnd().split('\n').length).toBeLessThan(60);
    expect(out).toMatch(new RegExp(`ADD COLUMN "?${added}"?`, 'i'));
    expect(out).not.toMatch(/CREATE TABLE/i);
  }
  if (line.startsWith('pulumi up --policy-pack policies --plan')) {
    const rev = await sql<{ statements: string[] }>(`SELECT statements FROM schemaop.revisions ORDER BY id DESC LIMIT 1`);
    expect(rev[0].statements.join('\n')).toMatch(new RegExp(`ADD COLUMN "?${added}"?`, 'i'));
  }
  if (line.startsWith('psql ')) expect(out).toContain(added);
}
let added: string | undefined;

describe.skipIf(missingTool('pulumi', 'test/e2e/dev-stack.test.ts'))('the dev stack with the real Pulumi CLI', () => {
  beforeAll(async () => {
    stack = await devStack();
  });
  afterAll(async () => {
    await embedded.stop({ dir: stack?.dbDir }).catch(() => undefined);
    if (stack) await fs.rm(stack.root, { recursive: true, force: true });
    const width = Math.max(...times.map(([n]) => n.length));
    console.log(['', 'e2e step times:', ...times.map(([n, ms]) => `  ${n.padEnd(width)}  ${(ms / 1000).toFixed(1).padStart(6)} s`), `  ${'total'.padEnd(width)}  ${(times.reduce((a, [, ms]) => a + ms, 0) / 1000).toFixed(1).padStart(6)} s`].join('\n'));
  });

  it('1. the walkthrough of docs/pulumi.md, verbatim: a new dev stack with the policy pack, a column reviewed in the terminal preview, the reviewed plan applied', () =>
    step('1 walkthrough', async () => {
      const blocks = walkthrough();
      expect(blocks.length, 'docs/pulumi.md has no `sh e2e` blocks').toBeGreaterThan(2);
      const seen = new Map<string, number>();
      for (const { heading, lines } of blocks) {
        for (const line of lines) {
          const r = await stack.shell(line);
          expect(r.code, `${heading}\n$ ${line}\n${r.out}`).toBe(0);
          const command = line.replace(/\s+#.*$/, '');
          const n = (seen.get(command) ?? 0) + 1;
          seen.set(command, n);
          await checkWalkthrough(command, n, r.out);
        }
      }
      // Every command the assertions below speak of was in the walkthrough.
      expect([...seen.keys()]).toEqual(expect.arrayContaining(['pulumi up --policy-pack policies', 'pulumi preview --diff']));
      await addLogins();
      expect(await declaredProbe()).toBeUndefined();
      expect(await as('app', 'SELECT api_key_encrypted FROM user_credentials')).toMatch(/permission denied/);
      expect(await as('readonly', 'INSERT INTO exchanges (name, display_name) VALUES (1, 1)')).toMatch(/permission denied/);
      const drift = await stack.schemaop(['drift', '--url', superUrl, '--env', 'dev']);
      expect(drift.code, drift.out).toBe(0);
    }), 1_800_000); // two updates and five previews: longer than one step on a loaded machine

  it('2. nothing diffs forever: preview, refresh, preview', () =>
    step('2 expect-no-changes, refresh', async () => {
      await ok(['preview', '--expect-no-changes']);
      await ok(['refresh', '--yes']);
      await ok(['preview', '--expect-no-changes']);
    }));

  it('3. a column and an index: the preview shows the planned SQL, up applies exactly it; a database changed after a saved plan is refused', () =>
    step('3 schema edit, saved plan', async () => {
      await edit('schema/20_users.sql', (s) => `${s}\nALTER TABLE users ADD COLUMN e2e_note text;\nCREATE INDEX users_e2e_note ON users (e2e_note);\n`);
      const preview = await ok(['preview', '--diff']);
      // `--diff` prints the planned SQL as JSON strings: identifiers' quotes come escaped.
      expect(preview).toMatch(/ALTER TABLE (\\?")?public(\\?")?\.(\\?")?users(\\?")? ADD COLUMN (\\?")?e2e_note(\\?")? text/i);
      expect(preview).toMatch(/CREATE INDEX (\\?")?users_e2e_note(\\?")? ON (\\?")?public(\\?")?\.(\\?")?users(\\?")?/i);
      // The reviewed plan, then a change by hand before the up: refused, nothing applied.
      await ok(['preview', '--save-plan', path.join(stack.root, 'plan.json')]);
      await sql('CREATE TABLE by_hand_between (id int)');
      const refused = await fails(['up', '--yes', '--plan', path.join(stack.root, 'plan.json')]);
      // Refused by the CLI's plan constraint or by the schema resource's reviewed plan hash, not by a bad flag.
      expect(refused).toMatch(/violates plan|the plan changed since it was reviewed/);
      expect(await sql(`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'e2e_note'`)).toEqual([{ n: 0 }]);
      await sql('DROP TABLE by_hand_between');
      await ok(['up', '--yes']);
      const rev = await sql<{ statements: string[] }>(`SELECT statements FROM schemaop.revisions ORDER BY id DESC LIMIT 1`);
      expect(rev[0].statements.join('\n')).toMatch(/ADD COLUMN "?e2e_note"?/i);
      expect(rev[0].statements.join('\n')).toMatch(/CREATE INDEX "?users_e2e_note"?/i);
      expect(await as('app', 'SELECT e2e_note FROM users')).toBeUndefined();
      await ok(['preview', '--expect-no-changes']);
    }));

  it('4. a destructive edit is blocked by the pack and by up, rows kept; a reviewed allowance lets it pass', () =>
    step('4 destructive edit', async () => {
      await sql(`INSERT INTO users (email, cognito_user_id, e2e_note) VALUES ('e2e@example.com', 'e2e-cognito-id', 'keep me')`);
      await stack.setConfig('schemaop:lint.rules.drop_column', 'block');
      await edit('schema/20_users.sql', (s) => s.replace(/\nALTER TABLE users ADD COLUMN e2e_note text;\nCREATE INDEX users_e2e_note ON users \(e2e_note\);\n/, '\n'));
      const blocked = await fails(['preview', '--policy-pack', 'policies']);
      expect(blocked).toMatch(/schemaop-migration-safety/);
      expect(blocked).toMatch(/drop_column on public\.users\.e2e_note/);
      await fails(['up', '--yes']);
      expect(await sql(`SELECT e2e_note FROM users WHERE email = 'e2e@example.com'`)).toEqual([{ e2e_note: 'keep me' }]);
      await stack.setConfig('schemaop:lint.allow', [{ rule: 'drop_column', object: 'public.users.e2e_note', reason: 'e2e: the note column was a trial' }]);
      await ok(['preview', '--policy-pack', 'policies']);
      await ok(['up', '--yes', '--policy-pack', 'policies']);
      expect(await sql(`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'e2e_note'`)).toEqual([{ n: 0 }]);
      await ok(['config', 'rm', '--path', 'schemaop:lint.rules']);
      await ok(['config', 'rm', '--path', 'schemaop:lint.allow']);
      // The lint settings are inputs of the Schema resource: their removal is an update with no SQL.
      await ok(['up', '--yes']);
      await ok(['preview', '--expect-no-changes']);
    }));

  it('5. drift by hand (a seed field, a secret column granted, a column added) is named and reverted', () =>
    step('5 drift by hand', async () => {
      await sql(`UPDATE exchanges SET display_name = 'edited by hand' WHERE name = 'binance'`);
      await sql(`GRANT SELECT (api_key_encrypted) ON user_credentials TO dev_app`);
      await sql(`ALTER TABLE exchanges ADD COLUMN by_hand text`);
      expect(await as('app', 'SELECT api_key_encrypted FROM user_credentials')).toBeUndefined();
      const drift = await fails(['preview', '--refresh', '--expect-no-changes', '--diff']);
      expect(drift).toMatch(/edited by hand/);
      expect(drift).toMatch(/api_key_encrypted/);
      expect(drift).toMatch(/by_hand/);
      await ok(['up', '--refresh', '--yes']);
      expect(await sql(`SELECT display_name FROM exchanges WHERE name = 'binance'`)).toEqual([{ display_name: 'Binance Spot' }]);
      expect(await as('app', 'SELECT api_key_encrypted FROM user_credentials')).toMatch(/permission denied/);
      expect(await sql(`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'exchanges' AND column_name = 'by_hand'`)).toEqual([{ n: 0 }]);
      await ok(['preview', '--expect-no-changes']);
    }));

  it('6. access changes: every role has exactly the declared privileges, none revoked mid-update, next preview empty', () =>
    step('6 access changes', async () => {
      // A table, a column on a credential table, and another privilege set for a role, in one update.
      await edit('schema/60_trading.sql', (s) => `${s}\nCREATE TABLE e2e_things (id bigint PRIMARY KEY, label text);\n`);
      await edit('schema/40_credentials.sql', (s) => `${s}\nALTER TABLE user_credentials ADD COLUMN e2e_secret text;\n`);
      await edit('access/access.yaml', (s) => s.replace(/grants:\n/, 'grants:\n  - roles: [readonly]\n    sequences: "*"\n    privileges: [SELECT]\n'));
      const first = await watching(declaredProbe, ok(['up', '--yes']));
      expect(first.failures, `probes: ${first.probes}`).toEqual([]);
      expect(first.probes).toBeGreaterThan(0);
      expect(await as('app', 'SELECT id, label FROM e2e_things')).toBeUndefined();
      expect(await as('readonly', 'SELECT last_value FROM exchanges_id_seq')).toBeUndefined();
      // A new column of a credential table is secret until readable_columns lists it.
      expect(await as('readonly', 'SELECT e2e_secret FROM user_credentials')).toMatch(/permission denied/);
      expect(await as('credentials', 'SELECT e2e_secret FROM user_credentials')).toBeUndefined();
      await ok(['preview', '--expect-no-changes']);
      expect((await stack.schemaop(['drift', '--url', superUrl, '--env', 'dev'])).code).toBe(0);
      // Drop a table that had grants: no grant fails on delete, now or later.
      await edit('schema/60_trading.sql', (s) => s.replace(/\nCREATE TABLE e2e_things \(id bigint PRIMARY KEY, label text\);\n/, '\n'));
      const second = await watching(declaredProbe, ok(['up', '--yes']));
      expect(second.failures).toEqual([]);
      expect(await sql(`SELECT to_regclass('public.e2e_things') AS t`)).toEqual([{ t: null }]);
      await ok(['preview', '--expect-no-changes']);
      expect((await stack.schemaop(['drift', '--url', superUrl, '--env', 'dev'])).code).toBe(0);
    }));

  it('7. seeds across seeds.groupAbove and back: no row ever deleted; a stopped server is started by up --refresh', () =>
    step('7 seeds regroup, stopped server', async () => {
      const rows = async () => (await sql<{ n: number }>(`SELECT (SELECT count(*) FROM exchanges) + (SELECT count(*) FROM dexes) AS n`))[0].n;
      const before = Number(await rows());
      const missing = async () => (Number(await rows()) < before ? `rows: ${await rows()} < ${before}` : undefined);
      await stack.setConfig('schemaop:seeds.groupAbove', 1);
      const grouped = await watching(missing, ok(['up', '--yes']));
      expect(grouped.failures).toEqual([]);
      await stack.setConfig('schemaop:seeds.groupAbove', 25);
      const split = await watching(missing, ok(['up', '--yes']));
      expect(split.failures).toEqual([]);
      expect(Number(await rows())).toBe(before);
      await ok(['preview', '--expect-no-changes']);
      await embedded.stop({ dir: stack.dbDir });
      await ok(['up', '--refresh', '--yes']);
      expect((await embedded.status({ dir: stack.dbDir })).running).toBe(true);
      await ok(['preview', '--expect-no-changes']);
    }));

  it('8. no plaintext password, URL password, data key or secret seed value in the state or any output', () =>
    step('8 no secrets in state or output', async () => {
      // A seeded API key (secret columns: its hash and ciphertext), written by up, changed by hand,
      // found by preview and refresh, restored by up: neither value shows in any output or the state.
      const fileKey = randomBytes(32);
      const handKey = randomBytes(32);
      const keyHash = randomBytes(24).toString('hex');
      const [{ id: userId }] = await sql<{ id: number }>(`INSERT INTO users (email, cognito_user_id) VALUES ('secrets@example.com', 'e2e-secrets') RETURNING id`);
      const keyId = randomUUID();
      const seedFile = path.join(stack.project, 'seeds/40_api_keys.yaml');
      await fs.writeFile(seedFile, `table: api_keys\nkey: id\nrows:\n  - {id: ${keyId}, name: e2e-ci, user_id: ${userId}, key_prefix: sk_e2e, key_hash: '${keyHash}', key_encrypted: '\\x${fileKey.toString('hex')}'}\n`);
      const liveKey = async () => (await sql<{ k: string }>(`SELECT encode(key_encrypted, 'hex') AS k FROM api_keys WHERE name = 'e2e-ci'`)).map((r) => r.k);
      await ok(['up', '--yes']);
      expect(await liveKey()).toEqual([fileKey.toString('hex')]);
      await sql(`UPDATE api_keys SET key_encrypted = decode('${handKey.toString('hex')}', 'hex') WHERE name = 'e2e-ci'`);
      expect(await ok(['preview', '--diff', '--refresh'])).toContain(`seed:public.api_keys:id=${keyId}`);
      await ok(['refresh', '--yes']);
      await ok(['up', '--yes']);
      expect(await liveKey()).toEqual([fileKey.toString('hex')]);
      const seeded = [await ok(['stack', 'export']), ...stack.transcript].join('\n');
      assertNoSecrets(seeded, [fileKey, handKey, keyHash], 'pulumi up/preview/refresh output and the stack state');
      await fs.rm(seedFile);
      await ok(['up', '--yes']);
      await sql(`DELETE FROM users WHERE id = ${userId}`);

      const exported = await ok(['stack', 'export']);
      const outputs = await ok(['stack', 'output', '--json']);
      const superPassword = decodeURIComponent(new URL(superUrl).password);
      const dataKey = JSON.parse(await ok(['stack', 'output', 'dataKey', '--show-secrets', '--json'])) as string;
      const databaseUrl = JSON.parse(await ok(['stack', 'output', 'databaseUrl', '--show-secrets', '--json'])) as string;
      expect(dataKey.length).toBeGreaterThan(20);
      // The exported URL is one psql takes, and it logs in.
      expect(new URL(databaseUrl).searchParams.get('sslmode')).toBeNull();
      expect(await sql('SELECT 1 AS one', databaseUrl)).toEqual([{ one: 1 }]);
      const everything = [exported, outputs, ...stack.transcript.slice(0, -2)].join('\n');
      for (const secret of [superPassword, encodeURIComponent(superPassword), dataKey, LOGIN_PASSWORD]) expect(everything.includes(secret), 'a secret appears in the state or the output').toBe(false);
    }));

  it('10. the pull-request comment from a real preview: schema, backfill, seed row, grant and a blocked drop', () =>
    step('10 review comment of a real preview', async () => {
      const files = ['schema/20_users.sql', 'schema/30_exchanges.sql', 'seeds/10_exchanges.yaml', 'access/access.yaml', 'generated/drizzle/schema.ts', 'generated/python/models.py'];
      const kept = await Promise.all(files.map((f) => fs.readFile(path.join(stack.project, f), 'utf8')));
      await stack.setConfig('schemaop:lint.rules.drop_column', 'block');
      await edit('schema/30_exchanges.sql', (s) => `${s}\nALTER TABLE exchanges ADD COLUMN e2e_region text;\n`);
      await fs.mkdir(path.join(stack.project, 'schema/backfills'), { recursive: true });
      await fs.writeFile(path.join(stack.project, 'schema/backfills/e2e_region.sql'), "-- schemaop:backfill exchanges_e2e_region\nUPDATE exchanges SET e2e_region = 'global' WHERE e2e_region IS NULL;\n");
      await edit('schema/20_users.sql', (s) => s.replace(/\n {4}name {12}varchar\(255\),/, ''));
      await edit('seeds/10_exchanges.yaml', (s) => s.replace('display_name: Binance Spot', 'display_name: Binance Spot (e2e)'));
      await edit('access/access.yaml', (s) => s.replace(/grants:\n/, 'grants:\n  - roles: [credentials]\n    tables: [exchanges]\n    privileges: [UPDATE]\n'));
      const events = path.join(stack.root, 'events.jsonl');
      // `--event-log` is behind PULUMI_DEBUG_COMMANDS, as Pulumi's Automation API sets it to stream events.
      const preview = await stack.pulumi(['preview', '--json', '--policy-pack', 'policies', '--event-log', events], { env: { PULUMI_DEBUG_COMMANDS: 'true' } });
      expect(preview.code, preview.out).not.toBe(0);
      expect(await fs.stat(events).then(() => true, () => false), `no event log written:\n${preview.out}`).toBe(true);
      const file = path.join(stack.root, 'preview.json');
      await fs.writeFile(file, preview.stdout);
      const report = await stack.schemaop(['report', '--preview', file, '--events', events, '--schema', path.join(stack.project, 'schema'), '--full-report', 'the review-dev artefact']);
      expect(report.code, report.out).toBe(8);
      const md = report.stdout.split(String(stack.port)).join('<port>').split(stack.root).join('<root>');
      expect(md.startsWith('<!-- schemaop:report stack=dev -->')).toBe(true);
      expect(md).toContain('Stack dev: blocked');
      expect(md).toMatch(/ADD COLUMN "?e2e_region"?/i);
      expect(md).toContain('exchanges_e2e_region');
      expect(md).toContain('Binance Spot (e2e)');
      expect(md).toMatch(/drop_column.*public\.users\.name/);
      expect(md).toContain('schemaop-migration-safety');
      // The grant change is exactly the one declared: the applied access state against the new one.
      expect(md).toContain('#### Grants (1 change)');
      expect(md).toContain('| `dev_credentials` | `public.exchanges` | `UPDATE` | grant |');
      await expect(md).toMatchFileSnapshot('golden/preview.md');
      // Put everything back: the preview changed nothing.
      await Promise.all(files.map((f, i) => fs.writeFile(path.join(stack.project, f), kept[i])));
      await fs.rm(path.join(stack.project, 'schema/backfills/e2e_region.sql'));
      await ok(['config', 'rm', '--path', 'schemaop:lint.rules']);
      await ok(['preview', '--expect-no-changes']);
    }));

  it('9. destroy (roles gone, server stopped, data folder kept), up again, and the checkout moved to another path has no changes', () =>
    step('9 destroy, up again, moved checkout', async () => {
      for (const r of ROLES) await sql(`DROP ROLE ${loginOf(r)}`);
      await ok(['destroy', '--yes']);
      const st = await embedded.status({ dir: stack.dbDir });
      expect(st.running).toBe(false);
      expect(st.initialised).toBe(true);
      const { url } = await embedded.start({ dir: stack.dbDir, port: stack.port });
      expect(await sql(`SELECT count(*)::int AS n FROM pg_roles WHERE rolname LIKE 'dev\\_%'`, url)).toEqual([{ n: 0 }]);
      await embedded.stop({ dir: stack.dbDir });
      await ok(['up', '--yes']);
      // No absolute path of the checkout is in the state: moved (its server's folder with it), nothing changes.
      await embedded.stop({ dir: stack.dbDir });
      await stack.move();
      await embedded.start({ dir: stack.dbDir, port: stack.port });
      // The stack selection lives per project folder: the moved checkout names it.
      await ok(['preview', '--expect-no-changes', '--stack', 'dev']);
    }));
});
