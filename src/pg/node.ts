// The parse tree libpg-query returns (JSON), as the code reads it: one node type for every layer.
// @pgsql/types describes each node exactly, but as a union of one-key objects every read would
// need narrowing first; the code reads optional paths (`stmt.IndexStmt?.concurrent`) instead, and
// this is the one place that allows them.
import { dottedKey, objectId, type ObjectId } from './identity';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Node = Record<string, any>;

/** A parsed text: its statements with their byte offsets. */
export type ParseTree = { stmts?: { stmt: Node; stmt_location?: number; stmt_len?: number }[] };

/** The relation a RangeVar node names (a relation without a schema is in `public`). */
export const rangeVarId = (r: Node | undefined): ObjectId | undefined => (r?.relname ? objectId(r.schemaname ?? 'public', r.relname) : undefined);

/** The key (`dottedKey`) of the relation a RangeVar node names; '' without one. */
export const rangeVarKey = (r: Node | undefined): string => (r?.relname ? dottedKey(r.schemaname ?? 'public', r.relname) : '');
