// `--format markdown` of plan, lint and drift: the review a pull request shows for a change.
import { redact } from '../../db/url';
import type { DriftReport } from '../../drift';
import type { Plan } from '../../engine/plan';
import { loadDesiredSchema } from '../../engine/source';
import { planJson } from '../plan';
import { PlanJsonSchema } from '../plan-json';
import { erDiagram, erModel } from './er';
import { fillFromPlan } from './from-plan';
import { RenderOptions, renderMarkdown } from './render';
import { Review, emptyReview, outcomeOf } from './review';
import { fence } from './text';

export { renderMarkdown, GITHUB_COMMENT_LIMIT } from './render';
export { markerFor, markerOf } from './marker';

export interface MarkdownContext extends RenderOptions {
  /** The desired schema folder, for the ER diagram (no diagram without it). */
  schemaDir?: string;
  /** Where the full report is kept (a CI artefact), named when the comment is truncated. */
  fullReport?: string;
  /** Identifies the comment for updates in place. */
  marker?: string;
  facts?: string[];
}

/** Adds the ER diagram of the review's touched tables, read from schema/. */
export async function withDiagram(r: Review, schemaDir: string | undefined): Promise<Review> {
  if (!schemaDir) return r;
  const d = erDiagram(await erModel(await loadDesiredSchema(schemaDir, { lazy: true })), r.statements);
  if (d) r.er = fence('mermaid', d.source) + (d.omitted.length ? `\n\nNot drawn: ${d.omitted.length} more tables (${d.omitted.slice(0, 10).join(', ')}${d.omitted.length > 10 ? ', …' : ''}).` : '');
  return r;
}

export function planReview(plan: Plan, url: string, kind: 'plan' | 'lint' = 'plan'): Review {
  const r = emptyReview(kind, kind === 'lint' ? `Lint of the plan for ${redact(url)}` : `Plan for ${redact(url)}`);
  fillFromPlan(r, PlanJsonSchema.parse(planJson(plan, url)));
  r.facts.push(`engine ${plan.engine}`, plan.currentRevision ? `at revision ${plan.currentRevision}` : 'no revision yet');
  r.outcome = outcomeOf(r);
  return r;
}

export async function planMarkdown(plan: Plan, url: string, ctx: MarkdownContext = {}, kind: 'plan' | 'lint' = 'plan'): Promise<string> {
  const r = planReview(plan, url, kind);
  r.facts.push(...(ctx.facts ?? []));
  r.fullReport = ctx.fullReport;
  r.marker = ctx.marker;
  return renderMarkdown(await withDiagram(r, ctx.schemaDir), ctx);
}

export function driftReview(d: DriftReport): Review {
  const r = emptyReview('drift', `Drift check of ${d.target}`);
  r.hash = d.planHash;
  r.facts.push(d.revision ? `revision ${d.revision.id}, applied by ${d.revision.appliedBy} at ${d.revision.at}` : 'no revision recorded');
  if (d.revision) r.facts.push(d.partial ? (d.clean ? 'revision partial: every change is in the database, the next apply records it complete' : 'revision partial: changes remain') : d.liveMatchesRevision ? 'live schema unchanged since that revision' : 'live schema changed since that revision');
  if (d.revision && !d.filesMatchRevision) r.facts.push('schema/ has changes that are not applied yet');
  r.statements = d.schema.map((s) => ({ sql: s.sql, kind: s.kind, object: s.object, deletesData: s.deletesData, transactional: true, touches: [] }));
  r.backfills = d.backfills.map((id) => ({ id, file: '', sql: '-- not run yet', description: '' }));
  r.seeds = d.seeds.map((s) => ({
    table: s.table,
    key: s.key,
    action: s.kind === 'missing' ? 'insert' : s.kind === 'edited' ? 'update' : 'delete',
    fields: (s.fields ?? []).map((f) => ({ field: f.field, from: f.live, to: f.desired })),
    note: `${s.kind === 'missing' ? `in ${s.file}, missing from the database` : s.kind === 'edited' ? 'edited in the database' : `in the database, not in ${s.file}`}; ${s.fix}`,
  }));
  r.grants = d.grants.map((g) => ({ action: g.action === 'grant' ? 'grant' : g.action === 'revoke' ? 'revoke' : (g.action.replace('_', ' ') as Review['grants'][number]['action']), role: /(?:TO|FROM) "?([^"\s]+)"?$/.exec(g.sql)?.[1] ?? '', object: g.object, privileges: (/^(?:ALTER DEFAULT PRIVILEGES .*?)?(?:GRANT|REVOKE) (.+?) (?:\(|ON )/.exec(g.sql)?.[1] ?? '').split(', ').filter(Boolean), sql: g.sql }));
  for (const o of d.other) r.warnings.push(...o.lines.map((l) => `${o.stage}: ${l}`));
  for (const u of d.unmanagedRows) r.warnings.push(`${u.table} has ${u.rows} row${u.rows === 1 ? '' : 's'} not in its seed file, kept (unlisted: keep)`);
  r.outcome = d.clean ? 'no changes' : 'changes';
  return r;
}

export async function driftMarkdown(d: DriftReport, ctx: MarkdownContext = {}): Promise<string> {
  const r = driftReview(d);
  r.facts.push(...(ctx.facts ?? []));
  r.fullReport = ctx.fullReport;
  r.marker = ctx.marker;
  return renderMarkdown(r, ctx);
}
