// The table lock a planned change takes (PostgreSQL's documentation of each command), so that the
// review can count the statements that stop writes, or reads and writes, on a live table.
export type LockMode = 'ACCESS EXCLUSIVE' | 'EXCLUSIVE' | 'SHARE ROW EXCLUSIVE' | 'SHARE' | 'SHARE UPDATE EXCLUSIVE';

const BY_KIND: Record<string, LockMode> = {
  // ALTER TABLE sub-commands default to ACCESS EXCLUSIVE; these are the documented exceptions.
  add_constraint: 'ACCESS EXCLUSIVE',
  validate_constraint: 'SHARE UPDATE EXCLUSIVE',
  set_statistics: 'SHARE UPDATE EXCLUSIVE',
  cluster_on: 'SHARE UPDATE EXCLUSIVE',
  attach_partition: 'SHARE UPDATE EXCLUSIVE',
  attach_index_partition: 'SHARE UPDATE EXCLUSIVE',
  create_index: 'SHARE',
  create_trigger: 'SHARE ROW EXCLUSIVE',
  refresh_materialized_view: 'EXCLUSIVE',
};

/** Sub-commands and statements on an existing relation that take ACCESS EXCLUSIVE. */
const ACCESS_EXCLUSIVE = /^(add_column|drop_column|alter_column_type|set_not_null|drop_not_null|set_default|drop_default|drop_constraint|add_identity|set_identity|drop_identity|set_logged|set_unlogged|detach_partition|enable_row_security|disable_row_security|force_row_security|no_force_row_security|rename.*|drop_table|drop_index|drop_view|drop_materialized_view|drop_trigger|truncate|alter_table|drop_rule|create_rule|cluster|vacuum_full)$/;

/** The lock a change takes on its table, when it touches an existing one. */
export function lockOf(kind: string, details: Record<string, unknown> = {}): LockMode | undefined {
  if (details.concurrent === true) return kind === 'create_index' || kind === 'drop_index' ? 'SHARE UPDATE EXCLUSIVE' : undefined;
  if (kind === 'add_constraint' && details.constraintType === 'foreign') return 'SHARE ROW EXCLUSIVE';
  return BY_KIND[kind] ?? (ACCESS_EXCLUSIVE.test(kind) ? 'ACCESS EXCLUSIVE' : undefined);
}

/** Locks that stop writes (and for ACCESS EXCLUSIVE, reads) while they are held. */
export const isStrong = (m: LockMode | undefined) => m !== undefined && m !== 'SHARE UPDATE EXCLUSIVE';

const RANK: LockMode[] = ['SHARE UPDATE EXCLUSIVE', 'SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'];
export const strongest = (modes: (LockMode | undefined)[]): LockMode | undefined =>
  modes.reduce<LockMode | undefined>((a, m) => (m && (!a || RANK.indexOf(m) > RANK.indexOf(a)) ? m : a), undefined);
