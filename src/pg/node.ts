// The parse tree libpg-query returns (JSON), as the code reads it: one node type for every layer.
// @pgsql/types describes each node exactly, but as a union of one-key objects every read would
// need narrowing first; the code reads optional paths (`stmt.IndexStmt?.concurrent`) instead, and
// this is the one place that allows them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Node = Record<string, any>;

/** A parsed text: its statements with their byte offsets. */
export type ParseTree = { stmts?: { stmt: Node; stmt_location?: number; stmt_len?: number }[] };
