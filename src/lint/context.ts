// Builds what rules see from a list of classified statements.
import type { PlannedBackfill, PlannedStatement } from '../engine/plan';
import { classify } from '../engine/classify';
import { loadParser, parseSqlSync } from '../engine/sql';
import type { LiveCatalog } from './live';
import type { Node, RuleContext, StatementChange } from './types';

/** The statement node of one planned statement. */
export function statementTree(sql: string): Node {
  const t = parseSqlSync(sql);
  return t.stmts?.[0]?.stmt ?? {};
}

/** The nodes of a statement's changes, in the order classify() lists them. */
function changeNodes(tree: Node): Node[] {
  const type = Object.keys(tree)[0];
  const n = tree[type] ?? {};
  if (type === 'AlterTableStmt') return (n.cmds ?? []).map((c: Node) => c.AlterTableCmd);
  if (type === 'DropStmt') return (n.objects ?? []).map(() => n);
  return [n];
}

export async function buildContext(statements: PlannedStatement[], live?: LiveCatalog, backfills: PlannedBackfill[] = []): Promise<RuleContext> {
  await loadParser();
  const trees = statements.map((s) => s.tree ?? statementTree(s.sql));
  const changes: StatementChange[] = [];
  statements.forEach((statement, index) => {
    const nodes = changeNodes(trees[index]);
    statement.changes.forEach((c, k) => changes.push({ index, statement, kind: c.kind, object: c.object, objectType: c.objectType, ...(c.id ? { id: c.id } : {}), details: c.details, node: nodes[k] ?? {} }));
  });
  const created = new Set(changes.filter((c) => ['create_table', 'create_partition', 'create_table_as', 'create_materialized_view'].includes(c.kind)).map((c) => c.object));
  return {
    statements,
    changes,
    tree: (i) => trees[i],
    // A relation the plan creates is new (empty); without the live database every other one is
    // taken as existing.
    existed: (rel) => !created.has(rel) && (live ? live.has(rel) : true),
    live,
    backfills,
  };
}

/**
 * The planned statements as a plan's JSON carries them, classified again without a database: for
 * the policy pack, which checks the text it was handed with rules of its own process. Where a step
 * runs (phase, transaction, retry) is what the plan says, not what the text alone would suggest.
 */
export async function classifyStatements(statements: (Pick<PlannedStatement, 'sql'> & Partial<Pick<PlannedStatement, 'phase' | 'transactional' | 'retry' | 'afterBackfills'>>)[]): Promise<PlannedStatement[]> {
  const out: PlannedStatement[] = [];
  for (const s of statements) {
    const c = await classify(s.sql);
    out.push({
      ...c,
      sql: s.sql,
      source: 'plan',
      ...(s.phase ? { phase: s.phase } : {}),
      ...(s.transactional !== undefined ? { transactional: s.transactional } : {}),
      ...(s.retry ? { retry: s.retry } : {}),
      ...(s.afterBackfills ? { afterBackfills: true as const } : {}),
    });
  }
  return out;
}
