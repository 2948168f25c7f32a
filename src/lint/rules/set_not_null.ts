import { parseSqlSync } from '../../engine/sql';
import type { SuggestedBackfill } from '../../engine/extensions';
import { backfillWrites } from '../../engine/source';
import { qi, qualified, splitName } from '../names';
import { BLOCKS, type Node, type RawFinding, type Rule, type RuleContext, type StatementChange } from '../types';
import { changesOf, constraintNode, failing, str, tableOf } from './util';

/** Whether a CHECK constraint node is exactly `column IS NOT NULL`. */
export function isNotNullCheck(k: Node, column: string): boolean {
  const t = k.raw_expr?.NullTest;
  return k.contype === 'CONSTR_CHECK' && t?.nulltesttype === 'IS_NOT_NULL' && (t.arg?.ColumnRef?.fields ?? []).map(str).join('.') === column;
}

/**
 * The online-safe form: an earlier `CHECK (col IS NOT NULL) NOT VALID`, validated outside the
 * transaction that added it, lets SET NOT NULL skip its scan.
 */
function provenByCheck(ctx: RuleContext, ch: StatementChange): boolean {
  const { table, column } = tableOf(ch.object);
  // A check already in the live database (left by an interrupted online apply), validated
  // outside the transaction earlier in this plan.
  const liveCheck = ctx.changes.some((v) => {
    if (v.kind !== 'validate_constraint' || v.index > ch.index || v.statement.phase === 'transaction' || !v.object.startsWith(`${table}.`)) return false;
    const def = ctx.live?.constraints.get(v.object)?.def;
    if (!def) return false;
    const k = parseSqlSync(`ALTER TABLE t ADD CONSTRAINT c ${def}`).stmts?.[0]?.stmt?.AlterTableStmt?.cmds?.[0]?.AlterTableCmd?.def?.Constraint ?? {};
    return isNotNullCheck(k, column);
  });
  if (liveCheck) return true;
  return ctx.changes.some(
    (a) =>
      a.index < ch.index &&
      a.kind === 'add_constraint' &&
      a.object.startsWith(`${table}.`) &&
      isNotNullCheck(constraintNode(a), column) &&
      (a.details.notValid !== true || ctx.changes.some((v) => v.kind === 'validate_constraint' && v.object === a.object && v.index > a.index && v.index < ch.index && v.statement.phase !== 'transaction')),
  );
}

export const setNotNull: Rule = {
  id: 'set_not_null',
  summary: 'SET NOT NULL on an existing column scans the table under an ACCESS EXCLUSIVE lock',
  levels: BLOCKS,
  safeAlternative: 'ADD CONSTRAINT ... CHECK (col IS NOT NULL) NOT VALID; VALIDATE CONSTRAINT (separately); SET NOT NULL (no scan); DROP the check. The online-safe plan does this for you',
  doc: 'Every read and write waits for a full scan; the change fails if any row holds NULL.',
  seeAlso: { squawk: 'adding-not-nullable-field', atlas: 'MF104 (modify nullable column)', pgSchemaDiff: 'ACQUIRES_ACCESS_EXCLUSIVE_LOCK' },
  examples: {
    unsafe: [['ALTER TABLE public.users ALTER COLUMN email SET NOT NULL']],
    safe: [
      ['CREATE TABLE public.users (email text)', 'ALTER TABLE public.users ALTER COLUMN email SET NOT NULL'],
      ['ALTER TABLE public.users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL)', 'ALTER TABLE public.users ALTER COLUMN email SET NOT NULL'],
    ],
  },
  async check(ctx) {
    const out: RawFinding[] = [];
    for (const c of changesOf(ctx, 'set_not_null')) {
      const { table } = tableOf(c.object);
      if (!ctx.existed(table) || provenByCheck(ctx, c)) continue;
      if (ctx.live && !ctx.live.column(c.object)) continue; // a column added by this plan
      const n = ctx.live ? await ctx.live.nonNull(c.object, true) : undefined;
      const message = `sets ${c.object} NOT NULL, scanning ${table} under an ACCESS EXCLUSIVE lock.`;
      const filler = ctx.backfills.find((b) => backfillWrites(b, c.id));
      if (filler) {
        out.push({ statement: c.index, object: c.object, message: `${message} Backfill ${filler.id} runs first and sets its NULLs.` });
        continue;
      }
      const derived = n && n.n > 0 && hasDefaultAfter(ctx, c.object) ? derivedBackfill(c.object) : undefined;
      const data = ctx.live ? failing(n, 'holds NULL', 'hold NULL') : '';
      out.push({
        statement: c.index,
        object: c.object,
        message: message + data,
        data: n && [n],
        ...(derived ? { backfill: { id: derived.id, text: derived.text }, fix: `declare the backfill its DEFAULT implies (\`schemaop plan --write-backfills\` writes it to schema/backfills/): ${derived.sql}` } : {}),
      });
    }
    return out;
  },
};

/** Whether the column has a DEFAULT once the plan ran: set by the plan, or already there and not dropped. */
function hasDefaultAfter(ctx: RuleContext, column: string): boolean {
  const set = ctx.changes.some((x) => x.kind === 'set_default' && x.object === column);
  const dropped = ctx.changes.some((x) => x.kind === 'drop_default' && x.object === column);
  return set || (!!ctx.live?.column(column)?.hasDefault && !dropped);
}

/**
 * The backfill a column's DEFAULT implies for the rows that hold NULL. `SET col = DEFAULT` takes
 * the default the column has when the backfill runs: after the plan's schema statements.
 */
function derivedBackfill(column: string): SuggestedBackfill & { sql: string } {
  const { table, column: name } = tableOf(column);
  const id = `${splitName(table).pop()}_${name}_default`.replace(/[^A-Za-z0-9_.-]+/g, '_');
  const sql = `UPDATE ${qualified(table)} SET ${qi(name)} = DEFAULT WHERE ${qi(name)} IS NULL;`;
  const text = [
    `-- schemaop:backfill ${id}`,
    `-- Sets ${column} to its DEFAULT where it holds NULL, before it is made NOT NULL (offered by schemaop plan).`,
    sql,
    '',
  ].join('\n');
  return { id, text, sql };
}
