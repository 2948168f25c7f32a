// A plan (its JSON form, the same for `schemaop plan` and for a stack's Schema resource) as the
// parts of a review: statements with their locks and touched columns, backfills, seed rows field
// by field, grants as role x object x privilege, findings.
import type { AccessChange } from '../../access/stage';
import { ACCESS_STAGE } from '../../access/stage';
import { keyText } from '../../seeds/load';
import type { SeedTableChanges } from '../../seeds/stage';
import { SEED_STAGE } from '../../seeds/stage';
import { shownSeedTables } from '../../seeds/secret-values';
import type { PlanJson } from '../plan-json';
import type { LockMode } from './locks';
import type { Review, ReviewGrantChange, ReviewSeedChange, ReviewStatement } from './review';
import { splitKey } from '../../pg/identity';

const COLUMN_CHANGE: Record<string, string> = { add_column: 'added', drop_column: 'dropped', rename_column: 'renamed' };
const TABLE_CHANGE: Record<string, string> = { create_table: 'new', create_partition: 'new', drop_table: 'dropped' };

export function statementsOf(p: PlanJson): ReviewStatement[] {
  return p.statements.map((s) => ({
    sql: s.sql,
    kind: s.kind,
    object: s.object,
    deletesData: s.deletesData,
    transactional: s.transactional,
    afterBackfills: s.afterBackfills,
    lock: (s.lock ?? undefined) as LockMode | undefined,
    touches: s.changes.flatMap((c) => {
      const relation = c.relation ?? undefined;
      if (!relation) return [];
      if (c.objectType === 'column') return [{ relation, column: splitKey(c.object).pop(), change: COLUMN_CHANGE[c.kind] ?? 'changed' }];
      return [{ relation, change: TABLE_CHANGE[c.kind] ?? 'changed' }];
    }),
  }));
}

export function seedsOf(tables: SeedTableChanges[]): ReviewSeedChange[] {
  const out: ReviewSeedChange[] = [];
  // Values of secret columns as stand-ins (planJson wrote them so already; a plan from elsewhere may not have).
  for (const t of shownSeedTables(tables)) {
    for (const r of t.insert) out.push({ table: t.table, key: keyText(t.key, r.key), action: 'insert', fields: Object.entries(r.values).filter(([k]) => !t.key.includes(k)).map(([field, to]) => ({ field, to })), note: t.createdByPlan ? 'table created by this plan' : undefined });
    for (const u of t.update) out.push({ table: t.table, key: keyText(t.key, u.key), action: 'update', fields: Object.keys(u.set).map((field) => ({ field, from: u.from[field], to: u.set[field] })), note: u.reason === 'referenced' ? 'kept instead of deleted: still referenced' : undefined });
    for (const d of t.delete) {
      const refs = d.references.map((x) => `${x.onDelete} on ${x.rows} row${x.rows === 1 ? '' : 's'} of ${x.table}`).join(', ');
      out.push({ table: t.table, key: keyText(t.key, d.key), action: d.refused ? 'refused' : 'delete', fields: [], note: d.refused ?? ([d.reason === 'removed' ? 'listed under remove' : 'not in the file (unlisted: delete)', refs].filter(Boolean).join('; ')) });
    }
  }
  return out;
}

const ACTION: Record<AccessChange['action'], ReviewGrantChange['action']> = {
  create_role: 'create role',
  alter_role: 'alter role',
  owner: 'owner',
  grant: 'grant',
  revoke: 'revoke',
  default_grant: 'default grant',
  default_revoke: 'default revoke',
  comment: 'comment',
  role_setting: 'role setting',
  grant_role: 'member of',
  revoke_role: 'not member of',
  database_grant: 'database grant',
  database_revoke: 'database revoke',
  login_grant: 'member of',
};

export function grantsOf(changes: AccessChange[]): ReviewGrantChange[] {
  return changes.map((c) => ({
    action: ACTION[c.action],
    role: c.grantee ?? (c.action === 'owner' ? (/OWNER TO "?([^"]+)"?$/.exec(c.sql)?.[1] ?? '') : c.object),
    object: c.action === 'create_role' || c.action === 'alter_role' ? '' : c.object,
    privileges: c.privileges ?? (c.action === 'owner' ? ['OWNER'] : c.action === 'create_role' || c.action === 'alter_role' ? [c.sql.split(' ').pop() ?? ''] : []),
    sql: c.sql,
  }));
}

/** Statements, backfills, stages and findings of a plan into `r`. */
export function fillFromPlan(r: Review, p: PlanJson): Review {
  r.hash = p.hash;
  r.statements = statementsOf(p);
  r.backfills = p.backfills.map((b) => ({ id: b.id, file: b.file, sql: b.sql, description: b.description }));
  for (const st of p.stages) {
    const data = (st.changes ?? {}) as { tables?: SeedTableChanges[]; changes?: AccessChange[] };
    if (st.stage === SEED_STAGE && Array.isArray(data.tables)) r.seeds.push(...seedsOf(data.tables));
    else if (st.stage === ACCESS_STAGE && Array.isArray(data.changes)) r.grants.push(...grantsOf(data.changes));
    // A refused seed delete is already a finding and a row of the seed table.
    if (st.stage !== SEED_STAGE) r.warnings.push(...st.warnings);
  }
  r.findings = p.findings.map((f) => ({ rule: f.rule, level: f.level, object: f.object, message: f.message, fix: f.fix, allowedBy: f.allowedBy, statement: f.statement === undefined ? undefined : f.statement + 1 }));
  r.warnings.push(...p.warnings);
  return r;
}
