// Drift: the live database against the desired state (schema/, seeds/, access/) and against the
// last revision. Schema objects changed by hand come from a full plan (never the fast path), seed
// rows edited / added / removed field by field, grants added or removed from the access stage.
import { connect } from '../db/connect';
import { redact } from '../db/url';
import { catalogFingerprint } from '../engine/fingerprint';
import { currentRevision, PARTIAL_NOTE } from '../engine/history';
import { Plan, PlanOptions, excludedSchemas, planWith } from '../engine/plan';
import { loadDesiredSchema } from '../engine/source';
import type { AccessChange } from '../access/stage';
import { ACCESS_STAGE } from '../access/stage';
import { keyText, Json } from '../seeds/load';
import { toJson } from '../seeds/json';
import { SEED_STAGE, SeedTableChanges } from '../seeds/stage';
import { secretChange, shownSeedTables } from '../seeds/secret-values';

export interface SchemaDrift {
  kind: string;
  object: string;
  sql: string;
  deletesData: boolean;
  /** What the next apply does about it. */
  fix: string;
}

export interface SeedDrift {
  table: string;
  file: string;
  key: string;
  /** edited: a listed row differs; missing: a listed row is not in the database; added: a row not in the file. */
  kind: 'edited' | 'missing' | 'added';
  /** A secret column's values are stand-ins (`(secret) sha256:1a2b3c4d`, src/seeds/secret-values.ts), never the values. */
  fields?: { field: string; live: Json; desired: Json; secret?: true }[];
  fix: string;
}

export interface GrantDrift {
  action: AccessChange['action'];
  object: string;
  detail: string;
  sql: string;
}

export interface DriftReport {
  target: string;
  revision: { id: number; appliedBy: string; at: string; planHash: string } | null;
  /** The live catalog is the one the last revision left (false: something was changed by hand since). */
  liveMatchesRevision: boolean;
  /** schema/ is the one the last revision applied (false: there are unapplied changes, not drift by hand). */
  filesMatchRevision: boolean;
  /** The last revision committed its transaction but not all the statements after it. */
  partial: boolean;
  schema: SchemaDrift[];
  backfills: string[];
  seeds: SeedDrift[];
  /** Rows in seeded tables that the files do not list and keep (`unlisted: keep`): not drift. */
  unmanagedRows: { table: string; rows: number }[];
  grants: GrantDrift[];
  /** Other stages' changes. */
  other: { stage: string; lines: string[] }[];
  count: number;
  clean: boolean;
  planHash: string;
}

export async function drift(opts: PlanOptions): Promise<DriftReport> {
  const schema = await loadDesiredSchema(opts.schemaDir);
  const c = await connect(opts.url, { purpose: 'drift' });
  let plan: Plan;
  let rev;
  let live: string;
  try {
    rev = await currentRevision(c);
    live = await catalogFingerprint(c, excludedSchemas(opts.excludeSchemas), opts.exclude);
    plan = await planWith(c, schema, { ...opts, full: true });
  } finally {
    await c.end().catch(() => undefined);
  }
  const schemaDrift: SchemaDrift[] = plan.statements.map((s) => ({
    kind: s.kind,
    object: s.object,
    sql: s.sql,
    deletesData: s.deletesData,
    fix: s.deletesData ? 'the next apply runs this; it deletes data, so it needs a reviewed allowance' : 'the next apply runs this',
  }));
  const seeds: SeedDrift[] = [];
  const unmanaged: DriftReport['unmanagedRows'] = [];
  const grants: GrantDrift[] = [];
  const other: DriftReport['other'] = [];
  for (const st of plan.stages) {
    if (st.stage === SEED_STAGE) {
      for (const t of shownSeedTables((st.data as { tables: SeedTableChanges[] }).tables)) {
        if (t.unlisted) unmanaged.push({ table: t.table, rows: t.unlisted });
        for (const r of t.insert) seeds.push({ table: t.table, file: t.file, key: keyText(t.key, r.key), kind: 'missing', fix: t.createdByPlan ? 'the table does not exist; the next apply creates it and inserts the row' : 'the next apply inserts it' });
        for (const u of t.update) {
          const fields = Object.keys(u.set).map((f) => ({ field: f, live: u.from[f], desired: u.set[f], ...(t.secret?.includes(f) ? { secret: true as const } : {}) }));
          if (u.reason === 'edited') seeds.push({ table: t.table, file: t.file, key: keyText(t.key, u.key), kind: 'edited', fields, fix: 'the next apply sets the listed values' });
          else seeds.push({ table: t.table, file: t.file, key: keyText(t.key, u.key), kind: 'added', fields, fix: 'not in the file and still referenced: the next apply keeps it and sets the declared values' });
        }
        for (const d of t.delete) {
          seeds.push({
            table: t.table,
            file: t.file,
            key: keyText(t.key, d.key),
            kind: 'added',
            fix: d.refused ? `the next apply is refused: ${d.refused}` : d.reason === 'removed' ? 'listed under remove: the next apply deletes it' : 'the next apply deletes it (unlisted: delete)',
          });
        }
      }
    } else if (st.stage === ACCESS_STAGE) {
      for (const ch of (st.data as { changes: AccessChange[] }).changes) grants.push({ action: ch.action, object: ch.object, detail: ch.detail, sql: ch.sql });
    } else if (st.count) other.push({ stage: st.stage, lines: st.lines });
  }
  const count = schemaDrift.length + plan.backfills.length + seeds.length + grants.length + other.reduce((n, o) => n + o.lines.length, 0);
  return {
    target: redact(opts.url),
    revision: rev ? { id: rev.id, appliedBy: rev.appliedBy, at: rev.finishedAt ?? rev.startedAt, planHash: rev.planHash } : null,
    liveMatchesRevision: !!rev && rev.catalogFingerprint === live,
    filesMatchRevision: !!rev && rev.desiredHash === schema.hash,
    partial: rev?.outcome === 'partial',
    schema: schemaDrift,
    backfills: plan.backfills.map((b) => b.id),
    seeds,
    unmanagedRows: unmanaged,
    grants,
    other,
    count,
    clean: count === 0,
    planHash: plan.hash,
  };
}

const show = (v: unknown) => {
  const s = toJson(v);
  return s.length > 100 ? s.slice(0, 97) + '...' : s;
};

interface Style {
  bold(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  dim(s: string): string;
}

export function driftText(r: DriftReport, s: Style): string {
  const out: string[] = [];
  const at = r.revision ? `revision ${r.revision.id}, ${r.partial ? 'partial, started' : 'applied'} by ${r.revision.appliedBy} at ${r.revision.at}` : 'no revision recorded';
  out.push(s.bold(`Drift check of ${r.target}`) + s.dim(` (${at})`));
  if (r.revision) {
    // A partial revision recorded no catalog to compare with: the full plan below is the answer.
    if (r.partial) out.push(s.yellow(r.clean ? 'live schema: every change of that partial revision is in the database (the server finished it); the next `schemaop apply` records it complete' : PARTIAL_NOTE));
    else out.push(r.liveMatchesRevision ? 'live schema: unchanged since that revision' : s.yellow('live schema: changed since that revision (by hand, or by another tool)'));
    if (!r.filesMatchRevision) out.push(s.yellow('schema/: has changes that are not applied yet (they show below too)'));
  }
  out.push('');
  if (r.clean) {
    out.push(s.green('No drift: the database matches schema/, seeds/ and access/.'));
    for (const u of r.unmanagedRows) out.push(s.dim(`note: ${u.table} has ${u.rows} row${u.rows === 1 ? '' : 's'} not in its seed file, kept (unlisted: keep)`));
    return out.join('\n');
  }
  if (r.schema.length || r.backfills.length) {
    out.push(s.bold(`schema (${r.schema.length}):`));
    for (const d of r.schema) {
      out.push(`  ${d.kind} ${d.object}${d.deletesData ? ' ' + s.red('deletes data') : ''}: ${d.fix}`);
      out.push(s.dim(`      ${d.sql.split('\n').join('\n      ')};`));
    }
    for (const b of r.backfills) out.push(`  backfill ${b}: not run yet`);
    out.push('');
  }
  if (r.seeds.length) {
    out.push(s.bold(`seed rows (${r.seeds.length}):`));
    for (const d of r.seeds) {
      const name = `${d.table.replace(/^public\./, '')} ${d.key}`;
      if (d.kind === 'edited') {
        out.push(`  ${name}: edited in the database`);
        for (const f of d.fields ?? []) out.push(`      ${f.field}: ${f.secret ? `${secretChange(f.live, f.desired)} (the database's → ${d.file}'s)` : `${show(f.live)} in the database, ${show(f.desired)} in ${d.file}`}`);
      } else if (d.kind === 'missing') out.push(`  ${name}: in ${d.file}, missing from the database (removed by hand?)`);
      else out.push(`  ${name}: in the database, not in ${d.file} (added by hand?)`);
      out.push(s.dim(`      ${d.fix}`));
    }
    out.push('');
  }
  if (r.grants.length) {
    out.push(s.bold(`grants and roles (${r.grants.length}):`));
    for (const g of r.grants) {
      out.push(`  ${g.detail}`);
      out.push(s.dim(`      next apply: ${g.sql};`));
    }
    out.push('');
  }
  for (const o of r.other) {
    out.push(s.bold(`${o.stage} (${o.lines.length}):`));
    for (const l of o.lines) out.push(`  ${l}`);
    out.push('');
  }
  for (const u of r.unmanagedRows) out.push(s.dim(`note: ${u.table} has ${u.rows} row${u.rows === 1 ? '' : 's'} not in its seed file, kept (unlisted: keep)`));
  out.push(s.bold(s.yellow(`Drift: ${r.count} difference${r.count === 1 ? '' : 's'}.`)) + ` \`schemaop apply\` restores the declared state (plan ${r.planHash}).`);
  return out.join('\n');
}
