// Helpers shared by the differ's gap fixers: reading both catalogs and naming objects.
import type { Client } from '../../db/connect';
import { Classification, classify } from '../classify';
import { userNamespaceFilter } from '../fingerprint';
import { dottedKey } from '../../pg/identity';

export interface DiffContext {
  /** The live database (what is). */
  from: Client;
  /** The dev database holding the desired schema (what should be). */
  to: Client;
  excludeSchemas: string[];
  /** Statements migra planned, already classified: fixers add only what migra misses. */
  migra: { sql: string; drops: string[]; creates: string[] }[];
}

export const nsFilter = (col: string, ctx: DiffContext) => userNamespaceFilter(col, ctx.excludeSchemas);

/** Key of an object for matching across databases and parse trees: src/pg/identity's dottedKey of the parts given. */
export const key = (...parts: (string | undefined | null)[]) => dottedKey(...parts.filter((p): p is string => p !== undefined && p !== null && p !== ''));

import { quoteIdentIfNeeded, quoteLiteral } from '../../pg/quote';

export { quoteIdentIfNeeded, quoteLiteral };
/** A SQL `text[]` literal of `values`. */
export const textArray = (values: string[]) => `ARRAY[${values.map(quoteLiteral).join(', ')}]::text[]`;
export const qname = (schema: string, name: string) => `${quoteIdentIfNeeded(schema)}.${quoteIdentIfNeeded(name)}`;


export async function rows<T = Record<string, unknown>>(c: Client, sql: string): Promise<T[]> {
  return (await c.query(sql)).rows as T[];
}

/** Objects (as keys) that migra's statements drop; a desired property of them must be re-stated. */
export function droppedByMigra(ctx: DiffContext): Set<string> {
  return new Set(ctx.migra.flatMap((m) => m.drops));
}

export function createdByMigra(ctx: DiffContext): Set<string> {
  return new Set(ctx.migra.flatMap((m) => m.creates));
}

/**
 * The parse of a planned statement, cached by text: fixers ask about the same statements again and
 * again, so the cache must hold a whole plan (a 1,000-table plan has ~10,000 statements). It is
 * emptied after each diff (clearClassifyCache), never capped mid-plan.
 */
const classified = new Map<string, Promise<Classification>>();
export function classifyCached(sql: string): Promise<Classification> {
  let c = classified.get(sql);
  if (!c) {
    c = classify(sql);
    classified.set(sql, c);
  }
  return c;
}

/** Seeds the cache with statements already classified. */
export function rememberClassification(sql: string, c: Classification): void {
  classified.set(sql, Promise.resolve(c));
}

export function clearClassifyCache(): void {
  classified.clear();
}

const SETUP_NODES = new Set(['CreateSchemaStmt', 'CreateExtensionStmt', 'AlterExtensionStmt', 'CreateEnumStmt', 'CreateRangeStmt', 'CreateDomainStmt', 'AlterDomainStmt', 'CompositeTypeStmt']);

/**
 * Index just after the plan's leading "setup" block (schemas, extensions, collations, enums, range
 * types, domains, composite types): where a type that later statements may use is created.
 */
export async function setupEnd(planned: { sql: string }[]): Promise<number> {
  let i = 0;
  for (; i < planned.length; i++) {
    const c = await classifyCached(planned[i].sql);
    const collation = c.node === 'DefineStmt' && c.objectType === 'collation';
    if (!SETUP_NODES.has(c.node) && !collation) break;
  }
  return i;
}
