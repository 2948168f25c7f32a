// Values added to an existing enum: ALTER TYPE ... ADD VALUE (BEFORE/AFTER keeps the order), which
// neither rewrites the tables using it nor touches the views over them. migra would rename the
// type, create a new one, re-type every column and drop the old type (see normalise() in migra.ts,
// which hides these additions from migra). The statements run before the plan's transaction.
import type { Fixer } from './types';
import { DiffContext, nsFilter, qname, quoteLiteral, rows } from './catalog';
import { enumOnlyGains } from './migra';
import { notExtensionMember } from '../../pg/catalog-sql';

interface EnumRow {
  schema: string;
  name: string;
  labels: string[];
}

const query = (ctx: DiffContext) => `
  SELECT n.nspname AS schema, t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
   WHERE ${nsFilter('n.nspname', ctx)}
     AND ${notExtensionMember('pg_type', 't.oid')}
   GROUP BY n.nspname, t.typname`;

export function addValueStatements(type: string, have: string[], want: string[]): string[] {
  const out: string[] = [];
  const present = new Set(have);
  want.forEach((v, i) => {
    if (present.has(v)) return;
    const where = i > 0 ? ` AFTER ${quoteLiteral(want[i - 1])}` : ` BEFORE ${quoteLiteral(want[1])}`;
    out.push(`ALTER TYPE ${type} ADD VALUE IF NOT EXISTS ${quoteLiteral(v)}${where}`);
    present.add(v);
  });
  return out;
}

export const enumValues: Fixer = {
  name: 'enums',
  doc: 'values added to an existing enum, as ALTER TYPE ... ADD VALUE instead of migra\'s re-create',
  async run(ctx) {
    const [have, want] = await Promise.all([rows<EnumRow>(ctx.from, query(ctx)), rows<EnumRow>(ctx.to, query(ctx))]);
    const live = new Map(have.map((e) => [`${e.schema}.${e.name}`, e.labels]));
    const before: string[] = [];
    for (const w of want) {
      const h = live.get(`${w.schema}.${w.name}`);
      if (h && enumOnlyGains(h, w.labels)) before.push(...addValueStatements(qname(w.schema, w.name), h, w.labels));
    }
    // `before` statements are put in front one by one: reverse so that they keep their order.
    return { before };
  },
};
