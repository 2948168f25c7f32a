// The Drizzle schemas compile against the drizzle-orm of package.json, and typed queries over them
// compile too, while queries with wrong types do not: the repository's generated/drizzle/schema.ts
// and the one `schemaop types` writes for a schema that uses every mapping (fixture.ts).
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exec } from '../../src/util/exec';
import { ROOT } from '../support/cli';
import { freshDatabase } from '../support/db';
import { FIXTURE_SQL } from './fixture';
import { projectCopy, read, schemaopIn } from './project';

const GOOD = `import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { billingSubscriptions, people } from './fixture';
import * as schema from './schema';
import { exchanges, userCredentials, userExchanges } from './schema';

const db = drizzle('postgres://localhost/app', { schema });

export async function queries() {
  const rows = await db.select().from(userExchanges).where(eq(userExchanges.exchangeId, 1));
  const exchangeId: number | null = rows[0].exchangeId;
  await db.insert(userExchanges).values({ userId: 1, exchangeName: 'coinbase', exchangeId: 1, apiKey: 'k', apiSecret: 's' });
  const creds = await db.select({ nickname: userCredentials.nickname }).from(userCredentials);
  const nickname: string | null = creds[0].nickname;
  const one = await db.query.userExchanges.findFirst({ with: { exchange: true, user: true } });
  const exchangeName: string | undefined = one?.exchange?.name;
  const catalogue = await db.query.exchanges.findMany({ with: { userExchanges: true } });
  const timeframes: unknown = catalogue[0].supportedTimeframes;
  await db.insert(exchanges).values({ name: 'kraken', displayName: 'Kraken' });
  const p = await db.select().from(people).where(eq(people.mood, 'so-so'));
  const id: number = p[0].id;
  const moods: ('happy' | 'so-so' | 'not ok')[] = p[0].moods;
  const matrix: number[][] | null = p[0].matrix;
  const avatar: Uint8Array | null = p[0].avatar;
  await db.insert(people).values({ email: 'a@b.c', moods: ['happy'], tags: ['x'] });
  await db.insert(billingSubscriptions).values({ personId: 1, seq: 1, plan: 'pro', amount: '9.90' });
  return { exchangeId, nickname, exchangeName, timeframes, id, moods, matrix, avatar };
}
`;

/** Each line is a query a compiler must refuse. */
const BAD = [
  `db.select().from(userExchanges).where(eq(userExchanges.exchangeId, 'coinbase'));`,
  `db.insert(userExchanges).values({ userId: 1, exchangeName: 'coinbase', apiSecret: 's' });`,
  `export const nickname: string = (await db.select().from(userCredentials))[0].nickname;`,
  `db.insert(people).values({ email: 'a@b.c', mood: 'sad' });`,
  `db.insert(people).values({ id: 5, email: 'a@b.c' });`,
  `db.select().from(userExchanges).where(eq(userExchanges.exchange_id, 1));`,
];
const BAD_FILE = `import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { people } from './fixture';
import { userCredentials, userExchanges } from './schema';

const db = drizzle('postgres://localhost/app');
${BAD.join('\n')}
`;
const FIRST_BAD_LINE = 7;

let dir: string;
let fixture: string;

beforeAll(async () => {
  const project = await projectCopy({ 'schema/10_fixture.sql': FIXTURE_SQL, 'schemaop.yaml': 'types:\n  - format: drizzle\n    out: db/schema.ts\n' }, []);
  const r = await schemaopIn(project, ['types', '--url', await freshDatabase()]);
  expect(r.stderr).not.toMatch(/error/i);
  expect(r.code).toBe(0);
  fixture = await read(project, 'db/schema.ts');
  // Inside the repository, so that drizzle-orm resolves from its node_modules; scratch/ is ignored.
  await fs.mkdir(path.join(ROOT, 'scratch'), { recursive: true });
  dir = await fs.mkdtemp(path.join(ROOT, 'scratch', 'drizzle-'));
  await fs.copyFile(path.join(ROOT, 'generated/drizzle/schema.ts'), path.join(dir, 'schema.ts'));
  await fs.writeFile(path.join(dir, 'fixture.ts'), fixture);
  await fs.writeFile(path.join(dir, 'good.ts'), GOOD);
  await fs.writeFile(path.join(dir, 'bad.ts'), BAD_FILE);
  const compilerOptions = { strict: true, target: 'ES2022', module: 'node16', moduleResolution: 'node16', noEmit: true, skipLibCheck: true, types: ['node'], noUnusedLocals: true };
  await fs.writeFile(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['schema.ts', 'fixture.ts', 'good.ts', 'bad.ts'] }));
});
afterAll(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

describe('generated Drizzle schema', () => {
  it('maps the fixture schema to pg-core builders', () => {
    for (const line of [
      `import { bigint, bigserial, char, check, customType, date, doublePrecision, foreignKey, index, integer, interval, json, numeric, pgEnum, pgSchema, pgTable, primaryKey, real, smallint, smallserial, text, time, timestamp, unique, uniqueIndex, varchar } from 'drizzle-orm/pg-core';`,
      `export const billingSchema = pgSchema('billing');`,
      `export const billingPlan = billingSchema.enum('plan', ['free', 'pro']);`,
      `export const mood = pgEnum('mood', ['happy', 'so-so', 'not ok']);`,
      `const bytea = customType<{ data: Uint8Array }>({ dataType: () => 'bytea' });`,
      `const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });`,
      `export const billingSubscriptions = billingSchema.table(`,
      `    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),`,
      `    email: varchar('email', { length: 320 }).notNull(),`,
      `    mood: mood('mood').notNull().default('happy'),`,
      "    moods: mood('moods').array().notNull().default(sql`'{}'::mood[]`),",
      `    matrix: integer('matrix').array().array(),`,
      `    nick: char('nick', { length: 3 }),`,
      `    class: text('class'),`,
      `    from: integer('from').default(-1),`,
      `    note: text('note').default('it\\'s fine'),`,
      `    wakesAt: time('wakes_at', { precision: 0 }),`,
      `    seenAt: timestamp('seen_at', { precision: 3, withTimezone: true }),`,
      "    lowerEmail: text('lower_email').generatedAlwaysAs(sql`lower((email)::text)`),",
      `    amount: numeric('amount', { precision: 12, scale: 2 }).notNull().default('0.00'),`,
      `    n: bigserial('n', { mode: 'number' }).primaryKey(),`,
      `    small: smallserial('small').notNull(),`,
      `    primaryKey({ name: 'subscriptions_pk', columns: [t.personId, t.seq] }),`,
      `    unique('subscriptions_code_key').on(t.code).nullsNotDistinct(),`,
      `    foreignKey({ name: 'people_manager_id_fkey', columns: [t.managerId], foreignColumns: [t.id] }).onDelete('set null').onUpdate('no action'),`,
      `    foreignKey({ name: 'subscriptions_person_id_fkey', columns: [t.personId], foreignColumns: [people.id] }).onDelete('restrict').onUpdate('cascade'),`,
      "    index('people_lower_email').on(sql`lower(email::text)`),",
      `    index('people_seen').on(t.seenAt.desc().nullsLast(), t.id),`,
      `    index('people_tags').using('gin', t.tags),`,
      "    uniqueIndex('people_nick').on(t.nick).where(sql`nick IS NOT NULL`),",
      `  manager: one(people, { fields: [people.managerId], references: [people.id], relationName: 'people_manager_id_fkey' }),`,
    ]) {
      expect(fixture.split('\n')).toContain(line);
    }
  });

  it('compiles with typed queries (tsc --noEmit), and refuses queries with wrong types', async () => {
    const r = await exec(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(dir, 'tsconfig.json')], { cwd: dir });
    const errors = r.stdout.split('\n').filter((l) => /error TS\d+/.test(l));
    // Every error is one of the refused queries, and every refused query is an error.
    expect(errors.filter((l) => !l.startsWith('bad.ts('))).toEqual([]);
    const lines = new Set(errors.map((l) => Number(/^bad\.ts\((\d+),/.exec(l)![1])));
    expect([...lines].sort((a, b) => a - b)).toEqual(BAD.map((_, i) => FIRST_BAD_LINE + i));
    expect(r.code).not.toBe(0);
  }, 300_000);
});
