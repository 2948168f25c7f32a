// Seed rows as reconciled state: a row-level plan (insert, update of the changed fields, delete)
// by natural key, applied in the plan's transaction after the schema statements. One query reads
// a table's rows, the comparison is in memory (only rows that differ as written are sent to
// PostgreSQL to be normalised), and every write is one set-based statement (jsonb_to_recordset),
// so a no-op reconcile of 10,000 rows costs about as much as a COPY of them.
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import pg from 'pg';
import type { Client } from '../db/connect';
import { quoteIdent } from '../db/connect';
import { SchemaopError } from '../errors';
import type { Stage, StageChanges, StageContext, PlanCheck, Finding } from '../engine/extensions';
import { excludeMatcher } from '../engine/exclude';
import { sameId } from '../pg/identity';
import { preparedWork } from '../engine/extensions';
import type { PlannedStatement } from '../engine/plan';
import { DdlRelation, quoteQualified } from '../engine/ddl-relations';
import { parseJsonFromServer, toJson } from './json';
import { Json, SeedFile, SeedError, keyText, loadSeeds } from './load';
import { secretColumns, secretColumnsOf } from './secret-columns';
import { secretChange, standIn } from './secret-values';

export const SEED_STAGE = 'seeds';

import type { SeedDelete, SeedInsert, SeedTableChanges } from './changes';
import { EXIT } from '../exit-codes';
import { quoteLiteral } from '../pg/quote';
export type { RowRef, SeedDelete, SeedInsert, SeedTableChanges, SeedUpdate } from './changes';

const LINES_PER_TABLE = 50;

/** Equality of JSON values by value (object key order does not matter). Loops, not closures: it runs for every field of every row. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  let n = 0;
  for (const k in a) {
    if (!Object.prototype.hasOwnProperty.call(b, k) || !jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
    n++;
  }
  return n === Object.keys(b).length;
}

const show = (v: unknown) => {
  const s = toJson(v);
  return s.length > 80 ? s.slice(0, 77) + '...' : s;
};

interface LiveColumn {
  name: string;
  type: string;
  identityAlways: boolean;
  /** row_to_json writes its values as to_jsonb does (built-in scalar types, jsonb, enums). */
  plain: boolean;
}

/** Built-in types whose values row_to_json and to_jsonb write alike: bool, bytea, "char", name, int8, int2, int4, text, oid, cidr, macaddr, inet, bpchar, varchar, date, time, timestamp, timestamptz, interval, timetz, numeric, uuid, jsonb. */
const PLAIN_TYPES = [16, 17, 18, 19, 20, 21, 23, 25, 26, 650, 829, 869, 1042, 1043, 1082, 1083, 1114, 1184, 1186, 1266, 1700, 2950, 3802];

async function liveColumns(c: Client, table: string): Promise<LiveColumn[] | undefined> {
  const r = await c.query(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attidentity = 'a' AS "identityAlways",
            a.atttypid = ANY('{${PLAIN_TYPES.join(',')}}'::oid[]) OR t.typtype = 'e' AS plain
       FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
      WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
    [quoteQualified(table)],
  );
  if (r.rowCount === 0) {
    const exists = await c.query('SELECT to_regclass($1) IS NOT NULL AS ok', [quoteQualified(table)]);
    return exists.rows[0].ok ? [] : undefined;
  }
  return r.rows as LiveColumn[];
}

/** Runs a query, handing each row to `onRow` as it arrives rather than collecting them all first. */
function eachRow(c: Client, sql: string, onRow: (row: Record<string, unknown>) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const q = new pg.Query(sql);
    q.on('row', (row: Record<string, unknown>) => {
      try {
        onRow(row);
      } catch (e) {
        reject(e);
      }
    });
    q.on('error', reject);
    q.on('end', () => resolve());
    c.query(q);
  });
}

const recordDef = (cols: LiveColumn[]) => cols.map((c) => `${quoteIdent(c.name)} ${c.type}`).join(', ');

/** A table's live rows being read: its live columns, the ones read, and the rows. */
export interface LiveRead {
  columns: LiveColumn[];
  read: Set<string>;
  rows: Promise<Record<string, Json>[]>;
}

/**
 * The live rows as to_jsonb writes them; row_to_json is much faster and writes the same for most
 * types, so only the other columns go through to_jsonb. Each row is parsed as it arrives, while
 * the server is still writing the next ones.
 */
function readLive(c: Client, table: string, cols: LiveColumn[]): Promise<Record<string, Json>[]> {
  const colList = cols.map((x) => (x.plain ? quoteIdent(x.name) : `to_jsonb(${quoteIdent(x.name)}) AS ${quoteIdent(x.name)}`)).join(', ');
  const rows: Record<string, Json>[] = [];
  return eachRow(c, `SELECT row_to_json(x)::text AS j FROM (SELECT ${colList} FROM ${quoteQualified(table)}) x`, (x) => {
    rows.push(parseJsonFromServer(x.j as string) as Record<string, Json>);
  }).then(() => rows);
}

/**
 * Starts reading a table's live rows (every column schema/ lets a seed file set) before its seed
 * file is parsed, so that the server writes them meanwhile; undefined when the table does not exist.
 */
export async function startLiveRead(c: Client, table: string, ddl: DdlRelation): Promise<LiveRead | undefined> {
  const live = await liveColumns(c, table);
  if (!live) return undefined;
  const seedable = new Set(ddl.columns.filter((x) => !x.generated).map((x) => x.name));
  const cols = live.filter((x) => seedable.has(x.name));
  const rows = readLive(c, table, cols);
  // Awaited by planTable; a file refused meanwhile never is.
  rows.catch(() => undefined);
  return { columns: live, read: new Set(cols.map((x) => x.name)), rows };
}

/** Plans one table: compares the file's rows with the live ones (`early`: read already started by startLiveRead). */
export async function planTable(c: Client, seed: SeedFile, statements: PlannedStatement[], early?: LiveRead): Promise<SeedTableChanges> {
  const out: SeedTableChanges = { file: seed.file, table: seed.table, key: seed.key, createdByPlan: false, insert: [], update: [], delete: [], unlisted: 0, ...(seed.secret?.length ? { secret: seed.secret } : {}) };
  // A row's key as one string, for maps: a lone text key as itself (marked, so that it cannot
  // equal the JSON text of another key), else the JSON text of the key's values.
  const single = seed.key.length === 1 ? seed.key[0] : undefined;
  const keyOf = (row: Record<string, unknown>) => {
    const v = single === undefined ? undefined : row[single];
    return typeof v === 'string' ? `s${v}` : toJson(seed.key.map((k) => row[k] ?? null));
  };
  const json = (sql: string, values: unknown[] = []) => c.query(sql, values).then((r) => r.rows.map((x) => parseJsonFromServer(x.j) as Record<string, Json>));
  const pick = (row: Record<string, Json>, cols: string[]) => Object.fromEntries(cols.map((k) => [k, row[k] ?? null]));
  const live = early?.columns ?? (await liveColumns(c, seed.table));
  if (!live) {
    // A fresh database: the table is created by this plan's statements, which run first.
    const creates = statements.some((s) => (s.kind === 'create_table' || s.kind === 'create_partition') && !!s.id && sameId(s.id, seed.id));
    if (!creates) {
      throw new SchemaopError(`${seed.file}: table ${seed.table} does not exist in the database and the plan does not create it`, EXIT.invalidSchema);
    }
    out.createdByPlan = true;
    out.insert = seed.rows.map((r) => ({ key: pick(r, seed.key), values: r }));
    return out;
  }
  const liveNames = new Set(live.map((x) => x.name));
  const used = new Set<string>(seed.key);
  for (const r of seed.rows) for (const k of Object.keys(r)) used.add(k);
  const setCols = typeof seed.referenced === 'object' ? Object.keys(seed.referenced.set) : [];
  for (const k of setCols) used.add(k);
  // Columns this plan adds: every listed value for them is a change.
  const pending = [...used].filter((k) => !liveNames.has(k));
  const cols = live.filter((x) => used.has(x.name));
  const rows = early && cols.every((x) => early.read.has(x.name)) ? await early.rows : await readLive(c, seed.table, cols);
  const liveByKey = new Map<string, Record<string, Json>>();
  for (const r of rows) liveByKey.set(keyOf(r), r);
  // A row written exactly as the live one reads (key and every listed field) is unchanged: a
  // value PostgreSQL wrote reads back as itself. Only the other rows need PostgreSQL to normalise
  // them (numeric scale, timestamps, uuid case, jsonb) before they are compared.
  const settled: (string | undefined)[] = new Array(seed.rows.length);
  const open: number[] = [];
  const keySet = new Set(seed.key);
  const asLive = (raw: Record<string, Json>, cur: Record<string, Json>) => {
    for (const f in raw) if (!keySet.has(f) && !jsonEqual(raw[f], cur[f] ?? null)) return false;
    return true;
  };
  seed.rows.forEach((raw, i) => {
    if (!pending.length) {
      const k = keyOf(raw);
      const cur = liveByKey.get(k);
      if (cur && asLive(raw, cur)) {
        settled[i] = k;
        return;
      }
    }
    open.push(i);
  });
  // The other rows as PostgreSQL reads them. First every value of every such row is read (one that
  // does not fit its column fails here, at plan time) and only the keys come back: a row whose key
  // is not live is an insert, written as the file lists it (a first insert needs no more). Then
  // the whole of each row whose key is live, to compare it field by field.
  const desired: Record<string, Json>[] = new Array(seed.rows.length);
  const normalise = async (indices: number[], project: string) => {
    try {
      return await json(`SELECT to_jsonb(y)::text AS j FROM (SELECT ${project} FROM jsonb_to_recordset($1::jsonb) AS x(${recordDef(cols)})) y`, [toJson(indices.map((i) => seed.rows[i]))]);
    } catch (e) {
      // PostgreSQL quotes the value it could not read: a secret one is not repeated.
      let message = (e as Error).message;
      for (const i of indices) for (const c of seed.secret ?? []) if (typeof seed.rows[i][c] === 'string' && seed.rows[i][c]) message = message.split(seed.rows[i][c] as string).join(String(standIn(seed.rows[i][c])));
      throw new SchemaopError(`${seed.file}: a value does not fit its column in ${seed.table}: ${message}; nothing was written`, EXIT.invalidSchema);
    }
  };
  if (open.length) {
    const keys = await normalise(open, seed.key.map((k) => `x.${quoteIdent(k)}`).join(', '));
    const matched = open.filter((i, j) => liveByKey.has(keyOf(keys[j])));
    open.forEach((i, j) => (desired[i] = keys[j]));
    if (matched.length) {
      const full = await normalise(matched, 'x.*');
      matched.forEach((i, j) => (desired[i] = full[j]));
    }
  }
  // Keys that PostgreSQL reads as the same value (uuid case, timestamp spelling) are one row twice.
  const firstOf = new Map<string, number>();
  const same: string[] = [];
  seed.rows.forEach((_, i) => {
    const k = settled[i] ?? keyOf(desired[i]);
    const j = firstOf.get(k);
    if (j === undefined) firstOf.set(k, i);
    else same.push(`${seed.locate?.(i) ?? seed.file}: rows[${i}] (${keyText(seed.key, seed.rows[i])}): the same key as rows[${j}] (${keyText(seed.key, seed.rows[j])}) once PostgreSQL reads it (${keyText(seed.key, desired[i] ?? liveByKey.get(k)!)})`);
  });
  if (same.length) throw new SeedError(same);
  // The keys the file lists: firstOf's.
  const listed = firstOf;
  for (const i of open) {
    const raw = seed.rows[i];
    const norm = desired[i];
    const k = keyOf(norm);
    const cur = liveByKey.get(k);
    if (!cur) {
      out.insert.push({ key: pick(norm, seed.key), values: raw });
      continue;
    }
    const set: Record<string, Json> = {};
    const from: Record<string, Json> = {};
    for (const f of Object.keys(raw)) {
      if (seed.key.includes(f)) continue;
      if (pending.includes(f) || !jsonEqual(norm[f] ?? null, cur[f] ?? null)) {
        set[f] = raw[f];
        from[f] = pending.includes(f) ? null : (cur[f] ?? null);
      }
    }
    if (Object.keys(set).length) out.update.push({ key: pick(norm, seed.key), set, from, reason: 'edited' });
  }
  // Rows to delete: unlisted ones when declared, and the ones listed under `remove`.
  const removeKeys = new Set(seed.remove.map((r) => keyOf(r)));
  let removeNorm: Set<string> = removeKeys;
  if (seed.remove.length) {
    const keyCols = live.filter((x) => seed.key.includes(x.name));
    removeNorm = new Set((await json(`SELECT to_jsonb(x)::text AS j FROM jsonb_to_recordset($1::jsonb) AS x(${recordDef(keyCols)})`, [toJson(seed.remove)])).map((x) => keyOf(x)));
  }
  const doomed: { row: Record<string, Json>; reason: SeedDelete['reason'] }[] = [];
  for (const [k, r] of liveByKey) {
    if (listed.has(k)) continue;
    if (removeNorm.has(k)) doomed.push({ row: r, reason: 'removed' });
    else if (seed.unlisted === 'delete') doomed.push({ row: r, reason: 'unlisted' });
    else out.unlisted++;
  }
  if (doomed.length) {
    const refs = await referencesOf(c, seed, doomed.map((d) => pick(d.row, seed.key)));
    for (const d of doomed) {
      const key = pick(d.row, seed.key);
      const references = refs.get(toJson(key)) ?? [];
      const referenced = references.filter((x) => x.rows > 0);
      if (referenced.length && typeof seed.referenced === 'object') {
        // Declared: keep the referenced row and update it instead (e.g. is_active: false).
        const want = seed.referenced.set;
        const set: Record<string, Json> = {};
        const from: Record<string, Json> = {};
        const norm = (await json(`SELECT to_jsonb(x)::text AS j FROM jsonb_to_record($1::jsonb) AS x(${recordDef(live.filter((x) => x.name in want))})`, [toJson(want)]))[0];
        for (const f of Object.keys(want)) {
          if (!jsonEqual(norm[f], d.row[f] ?? null)) {
            set[f] = want[f];
            from[f] = d.row[f] ?? null;
          }
        }
        if (Object.keys(set).length) out.update.push({ key, set, from, reason: 'referenced' });
        continue;
      }
      let refused: string | undefined;
      if (referenced.length) {
        const what = referenced.map((x) => `${x.table} (${x.rows} row${x.rows === 1 ? '' : 's'}, ${x.constraint} ON DELETE ${x.onDelete})`).join(', ');
        const blocking = referenced.filter((x) => x.onDelete === 'NO ACTION' || x.onDelete === 'RESTRICT');
        if (seed.referenced === 'refuse') {
          refused = `still referenced by ${what}; declare \`referenced: delete\` (the foreign keys' ON DELETE applies) or \`referenced: {set: {...}}\` (keep and update the row) in ${seed.file}`;
        } else if (blocking.length) {
          refused = `still referenced by ${what}; the foreign key does not allow the delete: declare \`referenced: {set: {...}}\` in ${seed.file} or move those rows first`;
        }
      }
      out.delete.push({ key, references: referenced, refused, reason: d.reason });
    }
  }
  return out;
}

const ON_DELETE: Record<string, string> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

/** For each key, the rows of other tables that reference it, per foreign key. */
async function referencesOf(c: Client, seed: SeedFile, keys: Record<string, Json>[]): Promise<Map<string, SeedDelete['references']>> {
  const fks = await c.query(
    `SELECT k.conname, k.conrelid::regclass::text AS ref, k.confdeltype,
            array(SELECT quote_ident(a.attname) FROM unnest(k.conkey) WITH ORDINALITY u(n, o) JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.o) AS cols,
            array(SELECT quote_ident(a.attname) FROM unnest(k.confkey) WITH ORDINALITY u(n, o) JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.o) AS refcols
       FROM pg_constraint k WHERE k.contype = 'f' AND k.confrelid = to_regclass($1) ORDER BY 2, 1`,
    [quoteQualified(seed.table)],
  );
  const out = new Map<string, SeedDelete['references']>();
  const keyExpr = `jsonb_build_object(${seed.key.map((k) => `${quoteLiteral(k)}, t.${quoteIdent(k)}`).join(', ')})`;
  for (const fk of fks.rows) {
    const on = (fk.cols as string[]).map((col, i) => `r.${col} = t.${(fk.refcols as string[])[i]}`).join(' AND ');
    const counts = await c.query(
      `SELECT ${keyExpr} AS k, count(*)::int AS n FROM ${fk.ref} r JOIN ${quoteQualified(seed.table)} t ON ${on}
        WHERE ${keyExpr} IN (SELECT jsonb_array_elements($1::jsonb)) GROUP BY 1`,
      [toJson(keys)],
    );
    for (const row of counts.rows) {
      const id = toJson(Object.fromEntries(seed.key.map((k) => [k, row.k[k]])));
      const list = out.get(id) ?? [];
      list.push({ table: fk.ref, constraint: fk.conname, rows: row.n, onDelete: ON_DELETE[fk.confdeltype] ?? fk.confdeltype });
      out.set(id, list);
    }
  }
  // Keys as planned (pick order = seed.key order) so that lookups match.
  const norm = new Map<string, SeedDelete['references']>();
  for (const [k, v] of out) norm.set(k, v);
  return norm;
}

export const tableCount = (t: SeedTableChanges) => t.insert.length + t.update.length + t.delete.length;

function linesOf(t: SeedTableChanges): string[] {
  const name = t.table.replace(/^public\./, '');
  const all: string[] = [];
  for (const d of t.delete.filter((x) => x.refused)) all.push(`! ${name} ${keyText(t.key, d.key)}: delete REFUSED: ${d.refused}`);
  for (const r of t.insert) {
    const fields = Object.keys(r.values).filter((k) => !t.key.includes(k));
    all.push(`+ ${name} ${keyText(t.key, r.key)}${fields.length ? ` (${fields.join(', ')})` : ''}${t.createdByPlan ? ' [table created by this plan]' : ''}`);
  }
  for (const u of t.update) {
    const what = Object.keys(u.set).map((f) => `${f}: ${t.secret?.includes(f) ? secretChange(u.from[f], u.set[f]) : `${show(u.from[f])} → ${show(u.set[f])}`}`);
    all.push(`~ ${name} ${keyText(t.key, u.key)}: ${what.join(', ')}${u.reason === 'referenced' ? ' (kept instead of deleted: still referenced)' : ''}`);
  }
  for (const d of t.delete.filter((x) => !x.refused)) {
    const refs = d.references.map((x) => `${x.onDelete} on ${x.rows} row${x.rows === 1 ? '' : 's'} of ${x.table}`).join(', ');
    all.push(`- ${name} ${keyText(t.key, d.key)} (${d.reason === 'removed' ? 'listed under remove' : 'not in the file, unlisted: delete'})${refs ? `: ${refs}` : ''}`);
  }
  if (all.length <= LINES_PER_TABLE) return all;
  return [...all.slice(0, LINES_PER_TABLE), `... and ${all.length - LINES_PER_TABLE} more ${name} changes (see --format json)`];
}

export interface SeedStageOptions {
  /** The seeds folder. */
  dir: string;
  /** Project root, for the file names in messages (default: the folder's parent). */
  root?: string;
  /** The access model's folder, whose credential tables have secret columns (default: access/ beside the seeds folder). */
  accessDir?: string;
}

export function summarise(tables: SeedTableChanges[]): StageChanges {
  const count = tables.reduce((n, t) => n + tableCount(t), 0);
  const changed = tables.filter((t) => tableCount(t) > 0);
  const data = { tables: changed };
  const refused = tables.flatMap((t) => t.delete.filter((d) => d.refused).map((d) => `${t.file}: ${t.table} ${keyText(t.key, d.key)}: delete refused: ${d.refused}`));
  return {
    stage: SEED_STAGE,
    count,
    lines: changed.flatMap(linesOf),
    hash: count ? createHash('sha256').update(toJson(data)).digest('hex').slice(0, 16) : 'none',
    data: { tables },
    warnings: refused,
  };
}

export function seedStage(opts: SeedStageOptions): Stage {
  const root = opts.root ?? path.dirname(path.resolve(opts.dir));
  const prepared = preparedWork<Awaited<ReturnType<typeof loadSeeds>>>();
  return {
    name: SEED_STAGE,
    prepare(schema) {
      prepared.start(schema, loadSeeds(opts.dir, schema, root));
    },
    async plan(target: Client, ctx: StageContext) {
      // Files read by prepare were parsed while the plan connected; else each table's live rows
      // are read while its file is parsed.
      const loading = prepared.take(ctx.schema);
      const early = new Map<string, LiveRead>();
      // One query at a time on the connection: each read starts once the one before has ended.
      let reading: Promise<unknown> = Promise.resolve();
      const seeds = await (loading ??
        loadSeeds(opts.dir, ctx.schema, root, {
          async table(table, ddl) {
            if (early.has(table)) return;
            const started = reading.then(() => startLiveRead(target, table, ddl));
            reading = started.then((r) => r?.rows).catch(() => undefined);
            const read = await started;
            if (read) early.set(table, read);
          },
        }));
      await reading;
      // Which columns are secret: the access model beside seeds/, the credential tables, the files' own `secret:`.
      const secrets = await secretColumns({ schema: ctx.schema, accessDir: opts.accessDir ?? path.join(path.dirname(path.resolve(opts.dir)), 'access'), root, declared: seeds });
      for (const s of seeds) s.secret = secretColumnsOf(secrets, s.table);
      const tables: SeedTableChanges[] = [];
      // A table the plan leaves alone (exclude:) keeps its rows, even when a seed file lists them.
      const excluded = excludeMatcher(ctx.exclude ?? []);
      for (const s of seeds) if (!excluded(s.id)) tables.push(await planTable(target, s, ctx.statements, early.get(s.table)));
      return summarise(tables);
    },
    async apply(target: Client, changes: StageChanges) {
      await applySeedChanges(target, changes);
    },
  };
}

/** Rows per INSERT, UPDATE or DELETE statement of the seed writes. */
const WRITE_CHUNK = 10_000;

/** Writes planned seed changes; runs inside the apply transaction. */
export async function applySeedChanges(c: Client, changes: StageChanges): Promise<void> {
  const tables = (changes.data as { tables: SeedTableChanges[] }).tables;
  const refused = changes.warnings ?? [];
  if (refused.length) throw new SchemaopError(`seed rows: ${refused.join('\n')}\nnothing was applied`, EXIT.blocked);
  // Inserts and updates in file order (referenced tables first), deletes in reverse order.
  for (const t of tables) {
    if (!t.insert.length && !t.update.length) continue;
    const cols = (await liveColumns(c, t.table)) ?? [];
    const byName = new Map(cols.map((x) => [x.name, x]));
    const tbl = quoteQualified(t.table);
    // Rows that omit a column get its default: one INSERT per set of listed columns.
    const groups = new Map<string, SeedInsert[]>();
    for (const r of t.insert) {
      const sig = Object.keys(r.values).sort().join('\0');
      const group = groups.get(sig);
      if (group) group.push(r);
      else groups.set(sig, [r]);
    }
    for (const [sig, rows] of groups) {
      const names = sig.split('\0');
      const used = names.map((n) => byName.get(n)!);
      const list = names.map(quoteIdent).join(', ');
      const overriding = used.some((x) => x.identityAlways) ? ' OVERRIDING SYSTEM VALUE' : '';
      const insert = `INSERT INTO ${tbl} (${list})${overriding} SELECT ${list} FROM jsonb_to_recordset($1::jsonb) AS x(${recordDef(used)})`;
      // In chunks: one parameter of a million rows would be a string of hundreds of megabytes.
      for (let i = 0; i < rows.length; i += WRITE_CHUNK) await c.query(insert, [toJson(rows.slice(i, i + WRITE_CHUNK).map((r) => r.values))]);
    }
    if (t.update.length) {
      const setNames = [...new Set(t.update.flatMap((u) => Object.keys(u.set)))];
      const used = [...new Set([...t.key, ...setNames])].map((n) => byName.get(n)!);
      // The list of fields each row sets travels in a field named like no column of the table.
      let mark = '?set';
      while (byName.has(mark)) mark += '_';
      const assign = setNames.map((n) => `${quoteIdent(n)} = CASE WHEN x.${quoteIdent(mark)} ? ${quoteLiteral(n)} THEN x.${quoteIdent(n)} ELSE t.${quoteIdent(n)} END`).join(', ');
      const match = t.key.map((k) => `t.${quoteIdent(k)} = x.${quoteIdent(k)}`).join(' AND ');
      const payload = t.update.map((u) => ({ ...u.key, ...u.set, [mark]: Object.keys(u.set) }));
      const update = `UPDATE ${tbl} AS t SET ${assign} FROM jsonb_to_recordset($1::jsonb) AS x(${recordDef(used)}, ${quoteIdent(mark)} jsonb) WHERE ${match}`;
      for (let i = 0; i < payload.length; i += WRITE_CHUNK) await c.query(update, [toJson(payload.slice(i, i + WRITE_CHUNK))]);
    }
  }
  for (const t of [...tables].reverse()) {
    if (!t.delete.length) continue;
    const cols = (await liveColumns(c, t.table)) ?? [];
    const keyCols = cols.filter((x) => t.key.includes(x.name));
    const match = t.key.map((k) => `t.${quoteIdent(k)} = x.${quoteIdent(k)}`).join(' AND ');
    const del = `DELETE FROM ${quoteQualified(t.table)} AS t USING jsonb_to_recordset($1::jsonb) AS x(${recordDef(keyCols)}) WHERE ${match}`;
    for (let i = 0; i < t.delete.length; i += WRITE_CHUNK) await c.query(del, [toJson(t.delete.slice(i, i + WRITE_CHUNK).map((d) => d.key))]);
  }
}

/** Plan check: a refused delete blocks the plan (exit 8), with the referencing tables named. */
export const seedCheck: PlanCheck = {
  name: 'seeds',
  async run(plan) {
    const out: Finding[] = [];
    for (const st of plan.stages) {
      if (st.stage !== SEED_STAGE) continue;
      for (const t of (st.data as { tables: SeedTableChanges[] }).tables) {
        for (const d of t.delete) {
          if (d.refused) out.push({ rule: 'seed-delete-referenced', level: 'block', object: `${t.table} ${keyText(t.key, d.key)}`, message: `delete refused: ${d.refused}` });
        }
      }
    }
    return out;
  },
};
