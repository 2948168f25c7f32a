// Column type changes as PostgreSQL accepts them. migra sets a column's new default before it
// changes the column's type (the default must already fit the new type, so that fails) and casts
// the old value with `USING col::new`, which fails where PostgreSQL has no cast between the two
// types. Here the default moves after the type change (the old one dropped before it, as it may
// not cast to the new type either), and a missing cast goes through the
// conversion PostgreSQL has: whole numbers to timestamps as Unix epoch seconds (to_timestamp), and
// anything else through its text form.
import type { Fixer } from './types';
import { classifyCached, quoteLiteral, rows } from './catalog';
import type { DiffStatement } from './types';
import { splitKey } from '../../pg/identity';

const INTEGERS = new Set(['smallint', 'integer', 'bigint', 'numeric', 'real', 'double precision']);
const TIMESTAMPS = /^timestamp(\(\d+\))? with(out)? time zone$/;

export const typeChanges: Fixer = {
  name: 'type-changes',
  doc: "column type changes: the new default after the new type, and a conversion where the types have no cast",
  async run(ctx, planned) {
    const out: DiffStatement[] = [...planned];
    const typeAt = new Map<string, number>();
    const cls = await Promise.all(out.map((s) => classifyCached(s.sql)));
    cls.forEach((c, i) => {
      for (const ch of c.changes) if (ch.kind === 'alter_column_type' && out[i].source === 'migra') typeAt.set(ch.object, i);
    });
    if (!typeAt.size) return {};
    // Casts that do not exist: asked of the live database's parser (EXPLAIN runs nothing).
    const using = new Map<number, string>();
    const hadDefault = new Set<number>();
    for (const [col, i] of typeAt) {
      const m = out[i].sql.match(/^(alter table .* alter column (".*?"|\S+) set data type (.*?)) using (.*)$/is);
      if (!m) continue;
      const [schema, table, column] = splitKey(col);
      const live = (await rows<{ t: string; d: boolean }>(ctx.from, `SELECT format_type(a.atttypid, a.atttypmod) AS t, a.atthasdef AS d FROM pg_attribute a
          JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = ${quoteLiteral(schema)} AND c.relname = ${quoteLiteral(table)} AND a.attname = ${quoteLiteral(column)}`))[0];
      if (!live) continue;
      if (live.d) hadDefault.add(i);
      const old = live.t;
      const casts = await ctx.from.query(`EXPLAIN SELECT NULL::${old}::${m[3]}`).then(
        () => true,
        (e: { code?: string }) => e.code !== '42846', // cannot_coerce; any other error (a type not created yet): leave the statement alone
      );
      if (casts) continue;
      const value = m[2];
      using.set(i, `${m[1]} using ${INTEGERS.has(old) && TIMESTAMPS.test(m[3]) ? `to_timestamp(${value})::${m[3]}` : `${value}::text::${m[3]}`}`);
    }
    for (const [i, sql] of using) out[i] = { ...out[i], sql };
    // A default set before its column's type change goes right after it.
    const moved: DiffStatement[] = [];
    const after = new Map<number, DiffStatement[]>();
    const before = new Map<number, DiffStatement>();
    cls.forEach((c, i) => {
      const ch = c.changes[0];
      const at = ch && c.changes.length === 1 && ch.kind === 'set_default' ? typeAt.get(ch.object) : undefined;
      if (at !== undefined && at > i) {
        (after.get(at) ?? after.set(at, []).get(at)!).push(out[i]);
        if (hadDefault.has(at)) before.set(at, { ...out[i], sql: out[i].sql.replace(/\bset default\b[\s\S]*?(;?)\s*$/i, 'drop default$1') });
      } else {
        const drop = before.get(i);
        if (drop) moved.push(drop);
        moved.push(out[i]);
      }
      for (const x of after.get(i) ?? []) moved.push(x);
    });
    if (!using.size && !after.size) return {};
    return { replace: moved };
  },
};

