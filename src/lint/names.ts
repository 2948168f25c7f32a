// Names as the classification writes them (`schema.table.column`), quoted for SQL.
import { quoteIdent } from '../db/connect';

/** Splits `schema.table.column` (identifiers never contain dots in plans the engine emits unquoted). */
export function splitName(name: string): string[] {
  return name.split('.');
}

export const qi = quoteIdent;

/** `"schema"."table"` from `schema.table`. */
export function qualified(rel: string): string {
  return splitName(rel).map(quoteIdent).join('.');
}

/** Table and column of `schema.table.column`. */
export function tableOf(col: string): { table: string; column: string } {
  const p = splitName(col);
  return { table: p.slice(0, -1).join('.'), column: p[p.length - 1] };
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
