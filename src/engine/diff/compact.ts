// A plan a reviewer reads: what the plan creates is created in one statement. migra writes a new
// table as CREATE TABLE, then a unique index and ADD CONSTRAINT ... USING INDEX for each key, and
// each CHECK / foreign key as NOT VALID + VALIDATE; a new sequence as CREATE then ALTER ... AS.
// On objects the plan itself creates none of that protects anything (the table is empty and not
// yet visible to anyone), so:
// - keys, CHECKs and exclusion constraints of a new table go inline into its CREATE TABLE;
// - foreign keys of a new table are added valid (after the tables, by dependency order);
// - a new sequence's options go into its CREATE SEQUENCE.
import type { Client } from '../../db/connect';
import { classifyCached, key, nsFilter, qname, quoteIdentIfNeeded, rows } from './catalog';
import type { DiffContext } from './catalog';
import type { DiffStatement } from './types';
import { graphKey } from '../order';
import { dottedKey, relationKey, splitKey } from '../../pg/identity';

interface ConRow {
  schema: string;
  table: string;
  name: string;
  type: string;
  def: string;
}

const conQuery = (ctx: DiffContext) => `
  SELECT n.nspname AS schema, c.relname AS table, k.conname AS name, k.contype AS type, pg_get_constraintdef(k.oid) AS def
    FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE ${nsFilter('n.nspname', ctx)} AND k.conislocal AND k.conparentid = 0`;

const COLUMN_CHANGES = new Set(['add_column', 'drop_column', 'alter_column_type', 'set_not_null', 'drop_not_null', 'set_default', 'drop_default']);

/** Where migra's CREATE TABLE closes its column list (its template ends the list on a line of its own). */
const COLUMNS_END = '\n      )';
/** A possibly quoted, possibly qualified name (`"public"."foobar sequence"`). */
const NAME = String.raw`(?:"(?:[^"]|"")*"|[^\s."]+)(?:\.(?:"(?:[^"]|"")*"|[^\s."]+))*`;
/** migra's `create table x partition of y FOR VALUES ...` (or DEFAULT), up to the parent's name. */
const PARTITION_OF = new RegExp(String.raw`^(create\s+(?:unlogged\s+)?table\s+${NAME}\s+partition\s+of\s+${NAME})\s+(?:FOR\s+VALUES|DEFAULT)`, 'is');

export async function compactCreates(ctx: DiffContext, planned: DiffStatement[], dev: Client = ctx.to): Promise<DiffStatement[]> {
  const cls = await Promise.all(planned.map((s) => classifyCached(s.sql)));
  const createdTables = new Map<string, number>();
  const createdSeqs = new Map<string, number>();
  cls.forEach((c, i) => {
    if (c.node === 'CreateStmt' && (c.kind === 'create_table' || c.kind === 'create_partition')) createdTables.set(c.object, i);
    if (c.node === 'CreateSeqStmt') createdSeqs.set(c.object, i);
  });
  if (!createdTables.size && !createdSeqs.size) return planned;
  const cons = new Map((await rows<ConRow>(dev, conQuery(ctx))).map((r) => [key(r.schema, r.table, r.name), r]));
  const out: (DiffStatement | undefined)[] = planned.map((s) => ({ ...s }));
  const inline = new Map<number, ConRow[]>();
  /** Unique indexes that a new table's key is built from (they go with the key). */
  const keyIndexes = new Map<string, number>();
  cls.forEach((c, i) => {
    if (c.node === 'IndexStmt' && createdTables.has(String(c.changes[0]?.details.table))) keyIndexes.set(c.object, i);
  });
  // A table dropped and created again: migra's column changes were computed against the old one.
  const dropped = new Set(cls.flatMap((c) => c.changes.filter((x) => x.kind === 'drop_table').map((x) => x.object)));
  cls.forEach((c, i) => {
    const table = c.changes[0] ? relationKey(c.changes[0].object) : '';
    if (c.node !== 'AlterTableStmt' || planned[i].source !== 'migra' || !dropped.has(table) || !createdTables.has(table)) return;
    if (c.changes.every((x) => COLUMN_CHANGES.has(x.kind))) out[i] = undefined;
  });
  cls.forEach((c, i) => {
    const ch = c.changes[0];
    if (c.node !== 'AlterTableStmt' || c.changes.length !== 1 || !ch || !out[i]) return;
    const table = relationKey(ch.object);
    const at = createdTables.get(table);
    if (at === undefined) return;
    if (ch.kind === 'validate_constraint') {
      out[i] = undefined;
      return;
    }
    if (ch.kind !== 'add_constraint') return;
    const con = cons.get(ch.object);
    if (!con) return;
    if (con.type === 'f') {
      out[i] = { ...planned[i], sql: `ALTER TABLE ${qname(con.schema, con.table)} ADD CONSTRAINT ${quoteIdentIfNeeded(con.name)} ${con.def}` };
      return;
    }
    const create = out[at]!;
    if (!create.sql.includes(COLUMNS_END) && !PARTITION_OF.test(create.sql)) return;
    (inline.get(at) ?? inline.set(at, []).get(at)!).push(con);
    out[i] = undefined;
    const via = planned[i].sql.match(/using index\s+("(?:[^"]|"")+"|\S+)\s*$/i)?.[1];
    if (via) {
      const idx = keyIndexes.get(dottedKey(splitKey(table)[0], via.replace(/^"|"$/g, '').replace(/""/g, '"')));
      if (idx !== undefined) out[idx] = undefined;
    }
  });
  for (const [at, list] of inline) {
    const s = out[at]!;
    const body = list.map((k) => `,\n    CONSTRAINT ${quoteIdentIfNeeded(k.name)} ${k.def}`).join('');
    const partition = s.sql.match(PARTITION_OF);
    if (partition) {
      // A partition's keys in its CREATE TABLE ... PARTITION OF (list) FOR VALUES: their indexes
      // then also serve (are attached to) the parent's matching partitioned indexes, as in the
      // desired database, instead of the parent's index creating one of its own on the partition
      // (one the parent already has is met by attaching the partition, see adopted.ts).
      s.sql = `${partition[1]} (${body.replace(/^,/, '')}\n) ${s.sql.slice(partition[1].length).trimStart()}`;
    } else {
      const end = s.sql.lastIndexOf(COLUMNS_END);
      const hasColumns = s.sql.slice(0, end).trimEnd().endsWith('(') === false;
      s.sql = s.sql.slice(0, end) + (hasColumns ? body : body.replace(/^,/, '')) + s.sql.slice(end);
    }
    // The dependency order must know that this statement now creates the constraints (and their indexes).
    const table = cls[at].id;
    s.provides = [
      ...(s.provides ?? []),
      ...(table ? list.map((k) => graphKey('con', { ...table, sub: k.name })) : []),
      ...list.map((k) => graphKey('rel', { schema: k.schema, name: k.name })),
    ];
  }
  // A new sequence's options in its CREATE SEQUENCE.
  cls.forEach((c, i) => {
    if (c.node !== 'AlterSeqStmt' || !out[i]) return;
    const at = createdSeqs.get(c.object);
    const opts = planned[i].sql.match(new RegExp(String.raw`^ALTER SEQUENCE\s+${NAME}\s+(.*)$`, 'is'))?.[1];
    if (at === undefined || !opts || /\b(RESTART|OWNED\s+BY|RENAME|SET\s+SCHEMA|OWNER)\b/i.test(opts) || !new RegExp(String.raw`^create sequence\s+${NAME}\s*$`, 'i').test(out[at]!.sql.trim())) return;
    out[at] = { ...out[at]!, sql: `${out[at]!.sql.trim()} ${opts}` };
    out[i] = undefined;
  });
  return out.filter((s): s is DiffStatement => !!s);
}
