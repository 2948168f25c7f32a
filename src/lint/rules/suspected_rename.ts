import { splitName } from '../names';
import { BLOCKS, type Node, type Rule } from '../types';
import { changesOf, nameList, tableOf } from './util';
import { fromTypeName, parseFormatType } from './alter_column_type';

const sameType = (a: { name: string; mods: number[]; array: boolean }, b: typeof a) => a.name === b.name && a.array === b.array && JSON.stringify(a.mods) === JSON.stringify(b.mods);

export const suspectedRename: Rule = {
  id: 'suspected_rename',
  summary: 'a column (or table) is dropped and a similar one added in the same plan: probably a rename that would lose the data',
  levels: BLOCKS,
  safeAlternative: 'declare the rename with `-- schemaop:renamed-from OLD` next to the new column (or above the new CREATE TABLE): the plan then renames and keeps the data',
  doc: 'A declarative schema cannot tell a rename from a drop and an add; without the directive the old values are deleted.',
  seeAlso: { atlas: 'DS103 + BC102 (rename detection is interactive in Atlas)' },
  examples: {
    unsafe: [['ALTER TABLE public.users DROP COLUMN mail', 'ALTER TABLE public.users ADD COLUMN email text']],
    safe: [['ALTER TABLE public.users RENAME COLUMN mail TO email'], ['ALTER TABLE public.users ADD COLUMN email text']],
  },
  check(ctx) {
    const out = [];
    const adds = changesOf(ctx, 'add_column');
    for (const d of changesOf(ctx, 'drop_column')) {
      const { table } = tableOf(d.object);
      const old = ctx.live?.column(d.object);
      const similar = adds.filter((a) => tableOf(a.object).table === table && (!old || sameType(parseFormatType(old.type), fromTypeName(a.node?.def?.ColumnDef?.typeName))));
      if (similar.length) out.push({ statement: d.index, object: d.object, message: `drops ${d.object} and adds ${similar.map((a) => a.object).join(', ')}${old ? ` of the same type (${old.type})` : ''}: if this is a rename, the data is lost` });
    }
    for (const d of changesOf(ctx, 'drop_table')) {
      if (!ctx.live) continue;
      const cols = [...ctx.live.columns.keys()].filter((k) => k.startsWith(`${d.object}.`) && splitName(k).length === 3).map((k) => splitName(k)[2]).sort();
      for (const cr of changesOf(ctx, 'create_table')) {
        const elts = (ctx.tree(cr.index).CreateStmt?.tableElts ?? []) as Node[];
        const newCols = elts.map((e) => e.ColumnDef?.colname).filter(Boolean).sort();
        const shared = cols.filter((x) => newCols.includes(x));
        // Similar: at least half of all the column names in common.
        if (cols.length && shared.length * 2 >= new Set([...cols, ...newCols]).size)
          out.push({ statement: d.index, object: d.object, message: `drops ${d.object} and creates ${cr.object} with similar columns (${shared.join(', ')} in common): if this is a rename, the rows are lost` });
      }
    }
    return out;
  },
};
void nameList;
