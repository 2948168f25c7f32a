// The Atlas engine: Atlas's plan from the live database to the desired one (`atlas schema diff`),
// completed with the built-in engine's statements for what Atlas's community engine leaves out
// (views, functions, triggers, sequences, domains, ... see docs/engines.md).
import type { Client } from '../db/connect';
import { SchemaopError } from '../errors';
import { forLibpq } from '../db/tls';
import { scrub } from '../db/url';
import { exec } from '../util/exec';
import { toolPath } from '../util/tools';
import { Change, classify } from './classify';
import type { DiffStatement } from './diff';
import { splitStatements } from './sql';
import { dottedKey, dottedKeySql, splitKey } from '../pg/identity';
import { EXIT } from '../exit-codes';

/** `$SCHEMAOP_ATLAS_BIN`, else the project's build (.tools/bin/atlas), else `atlas` on PATH. */
export const atlasBin = () => process.env.SCHEMAOP_ATLAS_BIN || toolPath('atlas');

const run = (args: string[]) => exec(atlasBin(), args);

let available: Promise<boolean> | undefined;

/** Whether an `atlas` executable answers `atlas version`. */
export function atlasAvailable(): Promise<boolean> {
  return (available ??= run(['version']).then(
    (r) => r.code === 0,
    () => false,
  ));
}

// Atlas reads sslmode as libpq does (lib/pq): the same parameters, spelled out.
const withSsl = forLibpq;
const isUrl = (s: string) => /^postgres(ql)?:\/\//.test(s);

/**
 * Atlas's planned statements from the database `fromUrl` to `to`: a database URL (the desired
 * schema already loaded), or a folder of .sql files that Atlas loads into `devUrl`, an empty
 * database it may use and clean.
 */
export async function runAtlasDiff(fromUrl: string, to: string, devUrl: string | undefined, exclude: string[]): Promise<string[]> {
  const args = ['schema', 'diff', '--from', withSsl(fromUrl), '--to', isUrl(to) ? withSsl(to) : `file://${to}`];
  if (devUrl) args.push('--dev-url', withSsl(devUrl));
  for (const s of exclude) args.push('--exclude', s);
  const r = await run(args);
  const urls = [fromUrl, ...(isUrl(to) ? [to] : []), ...(devUrl ? [devUrl] : [])];
  if (r.code !== 0) throw new SchemaopError(`atlas schema diff failed: ${scrub(r.stderr || r.stdout, ...urls).trim()}`, EXIT.error);
  if (/^\s*Schemas are synced/i.test(r.stdout)) return [];
  return (await splitStatements(r.stdout)).map((s) => s.sql);
}

/** Sequences owned by a column (serial, identity): they belong to that column. */
const OWNED_SEQUENCES = `
SELECT ${dottedKeySql('sn.nspname', 's.relname')} AS seq, ${dottedKeySql('tn.nspname', 't.relname', 'a.attname')} AS col
  FROM pg_depend d
  JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S' JOIN pg_namespace sn ON sn.oid = s.relnamespace
  JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = t.relnamespace
  JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
 WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')`;

/** Owned sequence → its column, read from both databases (a sequence may exist on one side only). */
export async function ownedSequences(...clients: Client[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const c of clients) for (const r of (await c.query(OWNED_SEQUENCES)).rows as { seq: string; col: string }[]) out.set(r.seq, r.col);
  return out;
}

const stripArgs = (o: string) => o.replace(/\(.*$/, '');
const BACKED_BY_INDEX = new Set(['primary', 'unique', 'exclusion']);

/** The objects a change is about, as keys shared by both engines' plans. */
function keys(ch: Change, owned: Map<string, string>): string[] {
  const object = stripArgs(ch.object);
  if (ch.objectType === 'sequence') {
    const col = owned.get(object);
    return col ? [col] : [object];
  }
  if (ch.objectType !== 'constraint') return [object];
  const table = object.slice(0, object.lastIndexOf('.'));
  let name = object.slice(table.length + 1);
  // ADD PRIMARY KEY without a name gets PostgreSQL's default one.
  if (!name && ch.details.constraintType === 'primary') name = `${table.slice(table.lastIndexOf('.') + 1)}_pkey`;
  const out = [`${table}.${dottedKey(name)}`];
  // A primary key, unique or exclusion constraint is also an index of that name.
  if (BACKED_BY_INDEX.has(String(ch.details.constraintType)) || ch.details.usingIndex) out.push(dottedKey(splitKey(table)[0], name));
  return out;
}

const CREATE_OR_DROP_TABLE = new Set(['create_table', 'create_partition', 'drop_table']);
// Objects other objects are built on: created before Atlas's statements when the built-in engine
// interleaves them with statements Atlas plans.
const FOUNDATIONS = /^(create|alter)_(schema|extension|collation|type|domain|function|procedure|aggregate|sequence)$/;
// Dependents of tables: dropped before Atlas's statements.
const DEPENDENTS = /^drop_(view|materialized_view|trigger|rule|policy|statistics)$/;

/**
 * Atlas's plan completed with the built-in plan's statements about objects Atlas's plan does not
 * touch at all (a kind Atlas's community engine does not manage, or a property it misses).
 * Atlas's statements keep their order; the added ones keep the built-in order, before Atlas's
 * block when the built-in engine put them before every statement Atlas covers (or they are
 * foundations / dropped dependents), after it otherwise.
 */
export async function completeAtlasPlan(atlas: string[], builtin: DiffStatement[], owned: Map<string, string>): Promise<DiffStatement[]> {
  const touched = new Set<string>();
  const wholeTables = new Set<string>();
  // Atlas's statements are parsed once, here, on the way in: the plan carries the result.
  const fromAtlas = await Promise.all(atlas.map(async (sql) => ({ sql, source: 'atlas', classification: await classify(sql) })));
  for (const { classification } of fromAtlas) {
    for (const ch of classification.changes) {
      for (const k of keys(ch, owned)) touched.add(k);
      if (CREATE_OR_DROP_TABLE.has(ch.kind)) wholeTables.add(stripArgs(ch.object));
    }
  }
  const coveredKey = (k: string) => touched.has(k) || [...wholeTables].some((t) => k.startsWith(t + '.'));
  const classified = await Promise.all(builtin.map(async (s) => ({ s, c: s.classification ?? (await classify(s.sql)) })));
  // An index of a table Atlas creates or drops is Atlas's too (a primary key's, for instance).
  const onWholeTable = (ch: Change) => typeof ch.details.table === 'string' && wholeTables.has(ch.details.table);
  const covered = classified.map(({ c }) => c.changes.length > 0 && c.changes.every((ch) => onWholeTable(ch) || keys(ch, owned).some(coveredKey)));
  const first = covered.indexOf(true);
  const last = covered.lastIndexOf(true);
  const before: DiffStatement[] = [];
  const after: DiffStatement[] = [];
  classified.forEach(({ s, c }, i) => {
    if (covered[i]) return;
    const early = first < 0 || i < first || (i < last && c.changes.every((ch) => FOUNDATIONS.test(ch.kind) || DEPENDENTS.test(ch.kind)));
    (early ? before : after).push(s);
  });
  return [...before, ...fromAtlas, ...after];
}
