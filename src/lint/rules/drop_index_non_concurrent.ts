import { BLOCKS, type Rule, type StatementChange } from '../types';
import { splitName } from '../names';
import { changesOf } from './util';

/**
 * The index of a UNIQUE / PRIMARY KEY constraint bears the constraint's name and goes with it: a
 * DROP INDEX IF EXISTS of it after the plan dropped that constraint (`schema.table.name`) is a no-op.
 */
function droppedWithConstraint(changes: StatementChange[], c: StatementChange): boolean {
  const [schema, name] = splitName(c.object);
  return changes.some((x) => x.index < c.index && x.kind === 'drop_constraint' && splitName(x.object)[0] === schema && splitName(x.object)[2] === name);
}

export const dropIndexNonConcurrent: Rule = {
  id: 'drop_index_non_concurrent',
  summary: 'DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the table',
  levels: BLOCKS,
  safeAlternative: 'DROP INDEX CONCURRENTLY, outside the transaction (the online-safe plan does it)',
  doc: 'The drop waits for every running query on the table, and every query queued behind it waits too.',
  seeAlso: { squawk: 'require-concurrent-index-deletion', atlas: 'concurrent_index analyzer', pgSchemaDiff: 'ACQUIRES_ACCESS_EXCLUSIVE_LOCK, INDEX_DROPPED' },
  examples: { unsafe: [['DROP INDEX IF EXISTS public.users_email']], safe: [['DROP INDEX CONCURRENTLY IF EXISTS public.users_email']] },
  check: (ctx) =>
    changesOf(ctx, 'drop_index')
      .filter((c) => !c.details.concurrent && ctx.existed(c.object) && !droppedWithConstraint(ctx.changes, c))
      .map((c) => ({ statement: c.index, object: c.object, message: `drops index ${c.object} without CONCURRENTLY: its table is locked against reads and writes meanwhile` })),
};
