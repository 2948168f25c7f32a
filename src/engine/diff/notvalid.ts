// Constraints the desired schema declares NOT VALID: migra adds every CHECK and foreign key as
// NOT VALID and then validates it; a constraint that is NOT VALID on purpose must stay so (the
// existing rows may violate it).
import type { Fixer } from './types';
import { DiffContext, classifyCached, key, nsFilter, rows } from './catalog';

const query = (ctx: DiffContext) => `
  SELECT n.nspname AS schema, c.relname AS table, k.conname AS name
    FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE NOT k.convalidated AND ${nsFilter('n.nspname', ctx)}`;

export const notValidConstraints: Fixer = {
  name: 'not-valid',
  doc: 'constraints declared NOT VALID stay unvalidated (migra validates every constraint it adds)',
  async run(ctx, planned) {
    const want = await rows<{ schema: string; table: string; name: string }>(ctx.to, query(ctx));
    if (!want.length) return {};
    const keep = new Set(want.map((r) => key(r.schema, r.table, r.name)));
    const out = [];
    for (const p of planned) {
      if (/validate constraint/i.test(p.sql)) {
        const c = await classifyCached(p.sql);
        if (c.changes.every((x) => x.kind === 'validate_constraint' && keep.has(x.object))) continue;
      }
      out.push(p);
    }
    return out.length === planned.length ? {} : { replace: out };
  },
};
