import type { Count } from '../live';
import { plural, qi, splitName, tableOf } from '../names';
import { BLOCKS, type Node, type Rule } from '../types';
import { OLD_ENUM_SUFFIX } from './drop_type';
import { changesOf, str } from './util';
import { parseFormatType } from './alter_column_type';
import { quoteLiteral } from '../../pg/quote';

export const enumValueRemoved: Rule = {
  id: 'enum_value_removed',
  summary: 'removes (or reorders) values of an enum: the type is recreated and every column using it rewritten',
  levels: BLOCKS,
  safeAlternative: 'stop writing the value and update the rows that hold it (a backfill), then remove it with a reviewed allowance; adding values is always safe',
  doc: 'PostgreSQL cannot drop an enum value: the type is replaced, columns are converted (a rewrite), and rows holding a removed value make the apply fail.',
  seeAlso: { pgSchemaDiff: 'DELETES_DATA (type recreated)' },
  examples: {
    unsafe: [['ALTER TYPE public.mood RENAME TO mood__old_version_to_be_dropped', "CREATE TYPE public.mood AS ENUM ('ok')", 'DROP TYPE public.mood__old_version_to_be_dropped']],
    safe: [["ALTER TYPE public.mood ADD VALUE IF NOT EXISTS 'great'"]],
  },
  async check(ctx) {
    const out = [];
    for (const r of changesOf(ctx, 'rename_type')) {
      const newName = String(r.details.newName ?? '');
      if (!newName.endsWith(OLD_ENUM_SUFFIX)) continue;
      const type = r.object;
      const create = ctx.changes.find((c) => c.index > r.index && c.kind === 'create_enum' && c.object === type);
      const newLabels: string[] = ((ctx.tree(create?.index ?? -1)?.CreateEnumStmt?.vals ?? []) as Node[]).map(str);
      let message = `recreates enum ${type}: values were removed or reordered`;
      const counts: Count[] = [];
      if (ctx.live) {
        const old = await ctx.live.enumLabels(type);
        const removed = old.filter((l) => !newLabels.includes(l));
        if (!removed.length) continue; // only a new order / new values: handled by the engine without loss
        message = `removes ${removed.map((l) => `'${l}'`).join(', ')} from enum ${type}`;
        const typeName = splitName(type)[1];
        const cols = [...ctx.live.columns.entries()].filter(([, v]) => parseFormatType(v.type).name === typeName).map(([k]) => k);
        const lits = removed.map(quoteLiteral).join(', ');
        for (const col of cols) {
          const { table, column } = tableOf(col);
          const n = await ctx.live.matching(table, `${qi(column)}::text IN (${lits})`);
          if (n) counts.push(n);
          if (n && n.n > 0) message += `; ${plural(n.n, 'row')} of ${col} ${n.n === 1 ? 'holds' : 'hold'} a removed value: the apply would FAIL`;
          else if (n) message += `; no row of ${col} holds a removed value`;
        }
      }
      out.push({ statement: r.index, object: type, message, data: counts.length ? counts : undefined });
    }
    return out;
  },
};
