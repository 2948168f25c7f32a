// Helpers shared by rules: finding changes, recreated objects, constraint facts from parse trees.
import { scanSync } from 'libpg-query';
import { countText, type Count } from '../live';
import { qi, tableOf } from '../names';
import type { ChangeKind } from '../../engine/classify';
import type { Node, RuleContext, StatementChange } from '../types';

export const changesOf = (ctx: RuleContext, ...kinds: ChangeKind[]) => ctx.changes.filter((c) => kinds.includes(c.kind));

/** Whether the plan also creates `object` again (with `createKinds`), e.g. a view whose definition changed. */
export const recreatedLater = (ctx: RuleContext, ch: StatementChange, createKinds: ChangeKind[], same = (o: string) => o === ch.object) =>
  ctx.changes.some((c) => c.index > ch.index && createKinds.includes(c.kind) && same(c.object));

export const str = (n: Node | undefined): string => (n?.String?.sval ?? n?.sval ?? '') as string;
export const nameList = (l: Node[] | undefined) => (l ?? []).map(str).filter(Boolean);

/** The Constraint node of an ADD CONSTRAINT change (or of ADD COLUMN's column constraints). */
export const constraintNode = (ch: StatementChange): Node => ch.node?.def?.Constraint ?? {};


/**
 * The text of a CHECK constraint's expression in the statement, read with PostgreSQL's scanner:
 * the balanced parentheses after the CHECK keyword. Used to count the rows that violate it.
 */
export function checkExpression(text: string): string | undefined {
  const tokens = scanSync(text).tokens;
  const i = tokens.findIndex((t) => t.text.toUpperCase() === 'CHECK');
  if (i < 0 || tokens[i + 1]?.text !== '(') return undefined;
  let depth = 0;
  for (let j = i + 1; j < tokens.length; j++) {
    if (tokens[j].text === '(') depth++;
    else if (tokens[j].text === ')' && --depth === 0) return Buffer.from(text).subarray(tokens[i + 1].start, tokens[j].end).toString();
  }
  return undefined;
}

/** Whether a later statement VALIDATEs `constraint` in the same phase (so under the ADD's lock). */
export const validatedInSamePhase = (ctx: RuleContext, ch: StatementChange) =>
  ctx.changes.some((c) => c.index > ch.index && c.kind === 'validate_constraint' && c.object === ch.object && c.statement.phase === ch.statement.phase && ch.statement.phase === 'transaction');

/** A data fact phrased for review: "3 existing rows have NULL: the apply would FAIL" / "no existing row has NULL". */
export function failing(count: Count | undefined, one: string, many: string): string {
  if (!count) return '';
  if (count.n === 0 && count.exact) return ` No existing row ${one}: the change will succeed.`;
  return ` ${countText(count, 'existing row')} ${count.n === 1 ? one : many}: the apply would FAIL.`;
}

/** What a unique index would find among existing rows. */
export function duplicatesText(count: Count | undefined): string {
  if (!count) return '';
  if (count.n === 0) return ' No existing values are duplicated: the change will succeed.';
  return ` ${countText(count, 'value')} ${count.n === 1 ? 'is' : 'are'} duplicated in existing rows: the apply would FAIL.`;
}

export { tableOf, qi };
