// What a relation loses when the plan drops and re-creates it (a materialized view whose query
// changed, a table that becomes partitioned): its indexes and constraints go with the drop, and
// migra, which sees them unchanged, does not create them again.
import type { Fixer } from './fixers';
import { DiffContext, classifyCached, createdByMigra, droppedByMigra, key, nsFilter, qname, quoteIdent, rows } from './catalog';

interface DepRow {
  schema: string;
  rel: string;
  name: string;
  def: string;
  what: 'index' | 'constraint';
}

const query = (ctx: DiffContext) => `
  SELECT n.nspname AS schema, t.relname AS rel, i.relname AS name, pg_get_indexdef(x.indexrelid) AS def, 'index' AS what
    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
   WHERE ${nsFilter('n.nspname', ctx)} AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.contype IN ('p', 'u', 'x'))
     AND NOT EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = x.indexrelid)
  UNION ALL
  SELECT n.nspname, t.relname, k.conname, pg_get_constraintdef(k.oid), 'constraint'
    FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
   WHERE ${nsFilter('n.nspname', ctx)} AND k.conparentid = 0 AND k.conislocal`;

export const recreatedDependents: Fixer = {
  name: 'recreated',
  doc: 'indexes and constraints of relations the plan drops and re-creates, which migra does not restate',
  async run(ctx, planned) {
    const dropped = droppedByMigra(ctx);
    const created = createdByMigra(ctx);
    const recreated = new Set([...dropped].filter((k) => created.has(k)));
    if (!recreated.size) return {};
    const want = await rows<DepRow>(ctx.to, query(ctx));
    const added = new Set<string>();
    for (const p of planned) {
      const c = await classifyCached(p.sql);
      for (const ch of c.changes) if (ch.kind === 'add_constraint' || ch.kind === 'create_index') added.add(ch.object);
    }
    const after: string[] = [];
    for (const w of want) {
      if (!recreated.has(key(w.schema, w.rel))) continue;
      if (w.what === 'index' && !added.has(key(w.schema, w.name))) after.push(w.def);
      if (w.what === 'constraint' && !added.has(key(w.schema, w.rel, w.name))) after.push(`ALTER TABLE ${qname(w.schema, w.rel)} ADD CONSTRAINT ${quoteIdent(w.name)} ${w.def}`);
    }
    // Constraints last among them: a foreign key may need a unique index added just before.
    after.sort((a, b) => Number(a.startsWith('ALTER')) - Number(b.startsWith('ALTER')));
    return { after };
  },
};
