// A key changed only in what its index does not show (DEFERRABLE, INITIALLY DEFERRED): migra drops
// the constraint, which drops the index it built, then adds it again USING that index. It is added
// by its definition instead, which builds the index again.
import type { Fixer } from './types';
import { DiffContext, classifyCached, nsFilter, qname, quoteIdentIfNeeded, rows, textArray } from './catalog';
import { dottedKey, dottedKeySql, splitKey } from '../../pg/identity';

const query = (ctx: DiffContext, keys: string[]) => `
  SELECT ${dottedKeySql('n.nspname', 'c.relname', 'k.conname')} AS key, n.nspname AS schema, c.relname AS table, k.conname AS name,
         pg_get_constraintdef(k.oid) AS def
    FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE ${nsFilter('n.nspname', ctx)} AND ${dottedKeySql('n.nspname', 'c.relname', 'k.conname')} = ANY (${textArray(keys)})`;

export const rebuiltKeys: Fixer = {
  name: 'keys',
  doc: 'a key dropped and added again builds its index again (its drop took the old one)',
  async run(ctx, planned) {
    const cls = await Promise.all(planned.map((s) => classifyCached(s.sql)));
    const dropped = new Set(cls.flatMap((c) => c.changes.filter((x) => x.kind === 'drop_constraint').map((x) => x.object)));
    const createdIndexes = new Set(cls.flatMap((c) => c.changes.filter((x) => x.kind === 'create_index').map((x) => x.object)));
    const readded = cls.flatMap((c, i) => {
      const ch = c.changes.length === 1 ? c.changes[0] : undefined;
      const via = /\busing\s+index\s+("(?:[^"]|"")+"|\S+)/i.exec(planned[i].sql)?.[1];
      if (ch?.kind !== 'add_constraint' || !via || !dropped.has(ch.object)) return [];
      const index = dottedKey(splitKey(ch.object)[0], via.replace(/^"|"$/g, '').replace(/""/g, '"'));
      return createdIndexes.has(index) ? [] : [{ i, key: ch.object }];
    });
    if (!readded.length) return {};
    const defs = new Map((await rows<{ key: string; schema: string; table: string; name: string; def: string }>(ctx.to, query(ctx, readded.map((r) => r.key)))).map((r) => [r.key, r]));
    const out = [...planned];
    for (const { i, key } of readded) {
      const d = defs.get(key);
      if (d) out[i] = { ...out[i], source: 'keys', sql: `ALTER TABLE ${qname(d.schema, d.table)} ADD CONSTRAINT ${quoteIdentIfNeeded(d.name)} ${d.def}` };
    }
    return { replace: out };
  },
};
