import { BLOCKS, type Rule } from '../types';
import { changesOf, constraintNode, duplicatesText, nameList, tableOf } from './util';

export const addUniqueConstraint: Rule = {
  id: 'add_unique_constraint',
  summary: 'UNIQUE, PRIMARY KEY or EXCLUDE constraint added directly: its index is built under an ACCESS EXCLUSIVE lock',
  levels: BLOCKS,
  safeAlternative: 'CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT ... UNIQUE (or PRIMARY KEY) USING INDEX; the online-safe plan does it (an exclusion constraint has no online form)',
  doc: 'Reads and writes wait for the index build; the statement fails on duplicates.',
  seeAlso: { squawk: 'disallowed-unique-constraint, adding-serial-primary-key-field', atlas: 'MF101 (unique index on existing column)', pgSchemaDiff: 'ACQUIRES_ACCESS_EXCLUSIVE_LOCK, INDEX_BUILD' },
  examples: {
    unsafe: [['ALTER TABLE public.users ADD CONSTRAINT users_email_key UNIQUE (email)'], ['ALTER TABLE public.users ADD PRIMARY KEY (id)']],
    safe: [['ALTER TABLE public.users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key']],
  },
  async check(ctx) {
    const out = [];
    for (const c of changesOf(ctx, 'add_constraint')) {
      const k = constraintNode(c);
      const { table } = tableOf(c.object);
      if (!['CONSTR_UNIQUE', 'CONSTR_PRIMARY', 'CONSTR_EXCLUSION'].includes(k.contype) || k.indexname || !ctx.existed(table)) continue;
      const cols = nameList(k.keys);
      let data = '';
      const n = ctx.live && k.contype !== 'CONSTR_EXCLUSION' && cols.length ? await ctx.live.duplicates(table, cols) : undefined;
      if (n) data = duplicatesText(n);
      const what = k.contype === 'CONSTR_PRIMARY' ? 'PRIMARY KEY' : k.contype === 'CONSTR_UNIQUE' ? 'UNIQUE' : 'EXCLUDE';
      out.push({ statement: c.index, object: c.object, message: `adds ${what} ${c.object}${cols.length ? ` (${cols.join(', ')})` : ''}, building its index while ${table} is locked.${data}`, data: n && [n] });
    }
    return out;
  },
};
