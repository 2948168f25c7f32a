// Sequence options (AS type, INCREMENT, MIN/MAXVALUE, START, CACHE, CYCLE), which migra ignores,
// for plain sequences and for the sequences of identity columns; and the order that lets a
// serial column become an identity column whose sequence keeps the serial sequence's name.
import type { Fixer } from './types';
import { DiffContext, classifyCached, createdByMigra, droppedByMigra, key, nsFilter, qname, quoteIdentIfNeeded, rows } from './catalog';
import type { DiffStatement } from './types';
import { notExtensionMember } from '../../pg/catalog-sql';

interface SeqRow {
  schema: string;
  name: string;
  type: string;
  start: string;
  inc: string;
  min: string;
  max: string;
  cache: string;
  cycle: boolean;
  /** The sequence's current value (its start when never called). */
  value: string;
  /** [schema, table, column, deptype] of the owning column, if any. */
  owner: [string, string, string, string] | null;
}

const query = (ctx: DiffContext) => `
  SELECT n.nspname AS schema, c.relname AS name, format_type(s.seqtypid, NULL) AS type, s.seqstart::text AS start,
         s.seqincrement::text AS inc, s.seqmin::text AS min, s.seqmax::text AS max, s.seqcache::text AS cache, s.seqcycle AS cycle,
         coalesce(CASE WHEN has_sequence_privilege(c.oid, 'SELECT') OR has_sequence_privilege(c.oid, 'USAGE') THEN pg_sequence_last_value(c.oid) END, s.seqstart)::text AS value,
         (SELECT json_build_array(tn.nspname, t.relname, a.attname, d.deptype) FROM pg_depend d
            JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = t.relnamespace
            JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
           WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
           LIMIT 1) AS owner
    FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE ${nsFilter('n.nspname', ctx)}
     AND ${notExtensionMember('pg_class', 'c.oid')}`;

const OPTS: [keyof SeqRow, (v: SeqRow) => string][] = [
  ['inc', (s) => `INCREMENT BY ${s.inc}`],
  ['min', (s) => `MINVALUE ${s.min}`],
  ['max', (s) => `MAXVALUE ${s.max}`],
  ['start', (s) => `START WITH ${s.start}`],
  ['cache', (s) => `CACHE ${s.cache}`],
  ['cycle', (s) => (s.cycle ? 'CYCLE' : 'NO CYCLE')],
];

/**
 * Option clauses that take `have` to `want`. New bounds that leave the current value outside
 * them are refused by PostgreSQL unless the sequence restarts: it restarts at its start, where a
 * sequence created with these options would be.
 */
function clauses(want: SeqRow, have: SeqRow): string[] {
  const out = OPTS.filter(([k]) => have[k] !== want[k]).map(([, f]) => f(want));
  const v = BigInt(have.value);
  if (out.length && (v < BigInt(want.min) || v > BigInt(want.max))) out.push(`RESTART WITH ${want.start}`);
  return out;
}

const MAX: Record<string, string> = { smallint: '32767', integer: '2147483647', bigint: '9223372036854775807' };

/** A sequence as CREATE SEQUENCE (or a new identity column) makes it without options. */
function defaults(schema: string, name: string, type: string): SeqRow {
  return { schema, name, type, start: '1', inc: '1', min: '1', max: MAX[type] ?? MAX.bigint, cache: '1', cycle: false, value: '1', owner: null };
}

async function run(ctx: DiffContext, planned: DiffStatement[]) {
  const [have, want] = await Promise.all([rows<SeqRow>(ctx.from, query(ctx)), rows<SeqRow>(ctx.to, query(ctx))]);
  const dropped = droppedByMigra(ctx);
  const created = createdByMigra(ctx);
  const fresh = (k: string) => dropped.has(k) || created.has(k);
  const after: string[] = [];

  // Identity sequences, matched by their column (their names are PostgreSQL's choice).
  const identityOf = (s: SeqRow) => (s.owner && s.owner[3] === 'i' ? key(s.owner[0], s.owner[1], s.owner[2]) : undefined);
  const liveIdentity = new Map(have.filter(identityOf).map((s) => [identityOf(s)!, s]));
  const addsIdentity = new Set<string>();
  for (const p of planned) {
    if (!/generated/i.test(p.sql)) continue;
    const c = await classifyCached(p.sql);
    for (const ch of c.changes) if (ch.kind === 'add_identity' || (ch.kind === 'add_column' && ch.details.identity)) addsIdentity.add(ch.object);
  }
  const moveDrops = new Map<string, string>(); // sequence key -> column key whose ADD IDENTITY must come after its drop
  for (const w of want) {
    const col = identityOf(w);
    if (!col) continue;
    const table = key(w.owner![0], w.owner![1]);
    const h = fresh(table) || addsIdentity.has(col) ? undefined : liveIdentity.get(col);
    const cl = clauses(w, h ?? defaults(w.schema, w.name, w.type));
    if (h && h.type !== w.type) {
      // The column's type change takes the sequence's type with it; bounds follow only if they were the type's defaults.
      if (!cl.some((x) => x.startsWith('MAXVALUE'))) cl.push(`MAXVALUE ${w.max}`);
      if (!cl.some((x) => x.startsWith('MINVALUE'))) cl.push(`MINVALUE ${w.min}`);
    }
    if (cl.length) after.push(`ALTER TABLE ${qname(w.owner![0], w.owner![1])} ALTER COLUMN ${quoteIdentIfNeeded(w.owner![2])} ${cl.map((x) => (x.startsWith('RESTART') ? x : `SET ${x}`)).join(' ')}`);
    if (h && h.name !== w.name && !fresh(key(w.schema, w.name))) after.push(`ALTER SEQUENCE ${qname(h.schema, h.name)} RENAME TO ${quoteIdentIfNeeded(w.name)}`);
    if (!h) moveDrops.set(key(w.schema, w.name), col);
  }

  // Plain sequences, matched by name; a new one starts as `CREATE SEQUENCE x` (bigint defaults).
  const liveByName = new Map(have.filter((s) => !identityOf(s)).map((s) => [key(s.schema, s.name), s]));
  for (const w of want) {
    if (identityOf(w)) continue;
    const k = key(w.schema, w.name);
    const h = (fresh(k) ? undefined : liveByName.get(k)) ?? defaults(w.schema, w.name, 'bigint');
    const cl = h.type !== w.type ? [`AS ${w.type}`, ...OPTS.map(([, f]) => f(w))] : clauses(w, h);
    if (cl.length) after.push(`ALTER SEQUENCE ${qname(w.schema, w.name)} ${cl.join(' ')}`);
  }

  // A serial column becoming an identity column: drop the serial's sequence before the identity's
  // sequence is created, so that it gets the name (PostgreSQL would pick `<name>1` otherwise).
  let replace: DiffStatement[] | undefined;
  if (moveDrops.size) {
    // One pass over the plan: which statement drops each sequence and which adds each identity.
    const dropOf = new Map<string, DiffStatement>();
    const addOf = new Map<string, DiffStatement>();
    for (const p of planned) {
      for (const x of (await classifyCached(p.sql)).changes) {
        if (x.kind === 'drop_sequence' && !dropOf.has(x.object)) dropOf.set(x.object, p);
        if (x.kind === 'add_identity' && !addOf.has(x.object)) addOf.set(x.object, p);
      }
    }
    const out = [...planned];
    for (const [seq, col] of moveDrops) {
      const d = dropOf.get(seq);
      const a = addOf.get(col);
      if (!d || !a) continue;
      const di = out.indexOf(d);
      const ai = out.indexOf(a);
      if (di > ai) {
        out.splice(di, 1);
        out.splice(ai, 0, d);
        replace = out;
      }
    }
  }
  return { after, replace };
}

export const sequenceOptions: Fixer = {
  name: 'sequences',
  doc: 'sequence and identity options (AS type, INCREMENT, MIN/MAX, START, CACHE, CYCLE) that migra ignores',
  run,
};
