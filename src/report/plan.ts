// A plan as text (for people) and as JSON (for machines). Connection strings are redacted, secret
// seed values shown as stand-ins (src/seeds/secret-columns.ts).
import { redact } from '../db/url';
import type { StageChanges } from '../engine/extensions';
import { shownSeedTables } from '../seeds/secret-values';
import { SEED_STAGE, type SeedTableChanges } from '../seeds/stage';
import { Plan, hasChanges } from '../engine/plan';
import { describeRetry } from '../engine/retry';
import { relationOf, statementLocks } from './markdown/relations';
import type { PlanJsonOutput } from './plan-json';
import type { Style } from './style';

export function planSummary(plan: Plan): string {
  if (!hasChanges(plan)) return 'No changes.';
  const n = plan.statements.length;
  const deleting = plan.statements.filter((s) => s.deletesData).length;
  const outside = plan.statements.filter((s) => !s.transactional).length;
  const parts = [`${n} statement${n === 1 ? '' : 's'}`];
  if (deleting) parts.push(`${deleting} deleting data`);
  if (outside) parts.push(`${outside} outside the transaction`);
  if (plan.backfills.length) parts.push(`${plan.backfills.length} backfill${plan.backfills.length === 1 ? '' : 's'}`);
  for (const st of plan.stages) if (st.count) parts.push(`${st.count} ${st.stage} change${st.count === 1 ? '' : 's'}`);
  const blocked = plan.findings.filter((f) => f.level === 'block' && !f.allowedBy).length;
  if (blocked) parts.push(`BLOCKED by ${blocked} finding${blocked === 1 ? '' : 's'}`);
  return `Plan ${plan.hash}: ${parts.join(', ')}.`;
}

/**
 * The plan for a terminal. `summaryFirst`: the summary opens it in place of the target line (under a
 * Pulumi resource, whose first diagnostic line is what the preview's table shows).
 */
export function planText(plan: Plan, url: string, s: Style, summaryFirst = false): string {
  const lines: string[] = [];
  if (summaryFirst) lines.push(s.bold(planSummary(plan)));
  else lines.push(s.bold(`Plan for ${redact(url)}`) + s.dim(` (engine ${plan.engine}${plan.currentRevision ? `, at revision ${plan.currentRevision}` : ''})`));
  for (const w of plan.warnings) lines.push(s.yellow(`warning: ${w}`));
  lines.push('');
  if (!hasChanges(plan)) {
    lines.push(s.green('No changes: the database matches the desired state.'));
    return lines.join('\n');
  }
  plan.statements.forEach((st, i) => {
    const tags = [st.deletesData ? s.red('deletes data') : '', !st.transactional ? s.yellow('outside transaction') : '', st.afterBackfills ? s.yellow('after the backfills') : ''].filter(Boolean);
    lines.push(s.dim(`-- ${i + 1}. ${st.kind} ${st.object}`) + (tags.length ? ` ${tags.join(' ')}` : ''));
    lines.push((st.deletesData ? s.red : s.cyan)(st.sql.trimEnd() + ';'));
    if (st.retry) lines.push(s.dim(`   (runs in its own transaction with ${describeRetry(st.retry)}, so it never queues writes behind it)`));
    lines.push('');
  });
  for (const b of plan.backfills) {
    const when = plan.backfillBatchRows ? `, after the transaction in batches of ${plan.backfillBatchRows} rows` : '';
    lines.push(s.dim(`-- backfill ${b.id} (${b.file}), runs once${when}${b.description ? `: ${b.description}` : ''}`));
    lines.push(s.cyan(b.sql.trimEnd()));
    lines.push('');
  }
  for (const st of plan.stages) {
    if (!st.count) continue;
    lines.push(s.bold(`${st.stage}:`));
    for (const l of st.lines) lines.push(`  ${l}`);
    for (const w of st.warnings ?? []) lines.push(s.yellow(`  warning: ${w}`));
    lines.push('');
  }
  if (plan.findings.length) {
    lines.push(s.bold('Findings:'));
    for (const f of plan.findings) {
      const level = f.allowedBy ? s.green(`allowed (${f.allowedBy})`) : f.level === 'block' ? s.red('BLOCK') : s.yellow('warn');
      const where = f.statement !== undefined ? ` [statement ${f.statement + 1}]` : '';
      lines.push(`  ${level} ${f.rule} ${f.object}${where}: ${f.message}`);
      if (f.fix && !f.allowedBy) lines.push(s.dim(`      safe alternative: ${f.fix}`));
    }
    lines.push('');
  }
  if (summaryFirst) return lines.join('\n').trimEnd();
  lines.push(s.bold(planSummary(plan)));
  return lines.join('\n');
}

/** A stage's changes as they may be shown: seed values of secret columns as stand-ins (src/seeds/secret-columns.ts). */
function shownChanges(st: StageChanges): unknown {
  const data = st.data as { tables?: SeedTableChanges[] } | undefined;
  if (st.stage !== SEED_STAGE || !Array.isArray(data?.tables)) return st.data;
  return { ...data, tables: shownSeedTables(data.tables) };
}

export function planJson(plan: Plan, url: string): PlanJsonOutput {
  const locks = statementLocks(plan.statements);
  return {
    target: redact(url),
    hash: plan.hash,
    changes: hasChanges(plan),
    engine: plan.engine,
    fastPath: plan.fastPath,
    desiredHash: plan.desiredHash,
    currentRevision: plan.currentRevision ?? null,
    warnings: plan.warnings,
    statements: plan.statements.map((st, i) => ({
      sql: st.sql,
      kind: st.kind,
      objectType: st.objectType,
      object: st.object,
      deletesData: st.deletesData,
      drops: st.drops,
      transactional: st.transactional,
      phase: st.phase,
      /** Runs in the transaction after the backfills (a SET NOT NULL on a column a backfill fills). */
      afterBackfills: !!st.afterBackfills,
      /** A step that takes a strong lock: its lock_timeout and retries (apply carries them out). */
      retry: st.retry ?? null,
      source: st.source,
      /** The strongest lock on a table that existed before the plan, if any. */
      lock: locks[i] ?? null,
      changes: st.changes.map((c) => ({ kind: c.kind, objectType: c.objectType, object: c.object, relation: relationOf(c) ?? null })),
    })),
    backfills: plan.backfills,
    /** Set when the backfills run after the transaction in batches of this many rows (online-safe plans). */
    backfillBatchRows: plan.backfillBatchRows ?? null,
    stages: plan.stages.map((st) => ({ stage: st.stage, count: st.count, lines: st.lines, warnings: st.warnings ?? [], changes: shownChanges(st) })),
    findings: plan.findings,
    summary: planSummary(plan),
  };
}
