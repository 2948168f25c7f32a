// A table that starts inheriting: migra plans INHERIT before the columns are added, so a column
// added to both parent and child reaches the child twice (through the parent, then on its own).
// INHERIT is moved after the plan's column additions: the child's own column then merges.
import type { Fixer } from './types';
import { classifyCached } from './catalog';

export const inheritOrder: Fixer = {
  name: 'inheritance',
  doc: 'ALTER TABLE ... INHERIT after the column additions (migra plans it before them)',
  async run(_ctx, planned) {
    const inherits: number[] = [];
    let lastAdd = -1;
    for (let i = 0; i < planned.length; i++) {
      if (!/^alter table/i.test(planned[i].sql)) continue;
      const c = await classifyCached(planned[i].sql);
      if (c.changes.some((x) => x.kind === 'add_inherit')) inherits.push(i);
      if (c.changes.some((x) => x.kind === 'add_column')) lastAdd = i;
    }
    const move = inherits.filter((i) => i < lastAdd);
    if (!move.length) return {};
    const set = new Set(move);
    const out = planned.filter((_, i) => !set.has(i));
    const at = out.indexOf(planned[lastAdd]) + 1;
    out.splice(at, 0, ...move.map((i) => planned[i]));
    return { replace: out };
  },
};
