// Which table a planned change is about, and the lock each statement takes on a table that existed
// before the plan (a lock on a table the same plan creates stops nobody).
import type { PlannedStatement } from '../../engine/plan';
import { LockMode, lockOf, strongest } from './locks';
import { relationKey } from '../../pg/identity';

const RELATION_TYPES = new Set(['table', 'view', 'materialized view', 'foreign table', 'partitioned table']);

/** `public.users` for a change of the table, its columns, constraints, indexes and triggers. */
export function relationOf(c: { objectType: string; object: string; details?: Record<string, unknown> }): string | undefined {
  if (RELATION_TYPES.has(c.objectType)) return c.object;
  if (typeof c.details?.table === 'string' && c.details.table) return c.details.table;
  if (c.objectType === 'column' || c.objectType === 'constraint') return relationKey(c.object);
  return undefined;
}

const CREATES = new Set(['create_table', 'create_partition', 'create_view', 'create_materialized_view', 'create_table_as']);

/** The strongest lock of each statement on a relation that existed before the plan. */
export function statementLocks(statements: Pick<PlannedStatement, 'changes'>[]): (LockMode | undefined)[] {
  const created = new Set<string>();
  return statements.map((s) => {
    const modes = s.changes.map((c) => {
      const rel = relationOf(c);
      if (CREATES.has(c.kind) && rel) {
        created.add(rel);
        return undefined;
      }
      return rel && created.has(rel) ? undefined : lockOf(c.kind, c.details);
    });
    return strongest(modes);
  });
}
