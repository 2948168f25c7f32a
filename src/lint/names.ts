// Names as the classification writes them (`schema.table.column`, src/pg/identity's dottedKey), quoted for SQL.
import { quoteIdent } from '../db/connect';
import { dottedKey, splitKey } from '../pg/identity';

/** Splits `schema.table.column` into its parts (a part with a dot or a quote in it comes quoted in the key). */
export const splitName = splitKey;

export const qi = quoteIdent;

/** `"schema"."table"` from `schema.table`. */
export function qualified(rel: string): string {
  return splitName(rel).map(quoteIdent).join('.');
}

/** Table and column of `schema.table.column`. */
export function tableOf(col: string): { table: string; column: string } {
  const p = splitName(col);
  return { table: dottedKey(...p.slice(0, -1)), column: p[p.length - 1] };
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
