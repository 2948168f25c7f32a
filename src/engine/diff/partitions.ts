// A table that becomes partitioned is dropped and re-created by migra, after the partitions it
// creates under it: those CREATE TABLE ... PARTITION OF statements are moved after the re-creation.
import type { Fixer } from './types';
import { classifyCached } from './catalog';

export const partitionOrder: Fixer = {
  name: 'partitions',
  doc: 'partitions of a re-created (newly partitioned) table are created after it',
  async run(_ctx, planned) {
    const out = [...planned];
    let moved = false;
    for (let i = 0; i < out.length; i++) {
      if (!/partition of/i.test(out[i].sql)) continue;
      const c = await classifyCached(out[i].sql);
      const parent = c.changes[0]?.details.partitionOf as string | undefined;
      if (c.kind !== 'create_partition' || !parent) continue;
      let last = -1;
      for (let j = i + 1; j < out.length; j++) {
        if (!/create table/i.test(out[j].sql)) continue;
        const cj = await classifyCached(out[j].sql);
        if (cj.changes.some((x) => x.object === parent && (x.kind === 'create_table' || x.kind === 'create_partition'))) last = j;
      }
      if (last > i) {
        const [s] = out.splice(i, 1);
        out.splice(last, 0, s);
        i--;
        moved = true;
      }
    }
    return moved ? { replace: out } : {};
  },
};
