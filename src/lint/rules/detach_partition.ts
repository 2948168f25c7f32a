import { BLOCKS, type Rule } from '../types';
import { changesOf } from './util';

export const detachPartition: Rule = {
  id: 'detach_partition',
  summary: 'DETACH PARTITION without CONCURRENTLY locks the partitioned table',
  levels: BLOCKS,
  safeAlternative: 'ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY (outside a transaction)',
  doc: 'A plain detach takes ACCESS EXCLUSIVE on the parent: every query on any partition waits.',
  seeAlso: { pgSchemaDiff: 'ACQUIRES_ACCESS_EXCLUSIVE_LOCK' },
  examples: { unsafe: [['ALTER TABLE public.events DETACH PARTITION public.events_2024']], safe: [['ALTER TABLE public.events DETACH PARTITION public.events_2024 CONCURRENTLY']] },
  check: (ctx) =>
    changesOf(ctx, 'detach_partition')
      .filter((c) => !c.node?.def?.PartitionCmd?.concurrent)
      .map((c) => ({ statement: c.index, object: c.object, message: `detaches ${c.details.partition} from ${c.object} under an ACCESS EXCLUSIVE lock on ${c.object}` })),
};
