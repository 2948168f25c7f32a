// Builds what rules see from a list of classified statements.
import type { PlannedBackfill, PlannedStatement } from '../engine/plan';
import { classify } from '../engine/classify';
import { loadParser, parseSqlSync } from '../engine/sql';
import { unwrapRetry } from '../engine/retry';
import type { LiveCatalog } from './live';
import type { Node, RuleContext, StatementChange } from './types';

/** The statement node of one planned statement (inside a retry wrapper: the wrapped statement). */
export function statementTree(sql: string): Node {
  const t = parseSqlSync(unwrapRetry(sql));
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
    statement.changes.forEach((c, k) => changes.push({ index, statement, kind: c.kind, object: c.object, objectType: c.objectType, details: c.details, node: nodes[k] ?? {} }));
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

/** Classifies planned SQL (as carried by a plan's JSON) without a database: for the policy pack. */
export async function classifyStatements(sqls: string[]): Promise<PlannedStatement[]> {
  const out: PlannedStatement[] = [];
  for (const sql of sqls) {
    const inner = unwrapRetry(sql);
    const c = await classify(inner);
    const wrapped = inner !== sql;
    out.push({ ...c, sql, source: 'plan', ...(wrapped ? { transactional: false, phase: 'post' as const } : {}) });
  }
  return out;
}
