// `inspect`: a live database's schema as DDL that can be dropped into schema/. It is the plan
// from an empty database to the live one, so it uses the same differ and its gap fixers, and
// loading its output back plans nothing.
import { DiffStatement, diffDatabases } from './diff';
import { withScratchDatabase } from './devdb';
import { excludedSchemas } from './plan';

export interface InspectOptions {
  url: string;
  /** Server for the empty scratch database; defaults to the inspected server. */
  devUrl?: string;
  excludeSchemas?: string[];
}

export async function inspectStatements(opts: InspectOptions): Promise<DiffStatement[]> {
  const exclude = excludedSchemas(opts.excludeSchemas);
  return withScratchDatabase(opts.devUrl ?? opts.url, (empty) => diffDatabases(empty, opts.url, { excludeSchemas: exclude }));
}

export async function inspectSql(opts: InspectOptions): Promise<string> {
  const stmts = await inspectStatements(opts);
  // In dependency order, as pg_dump writes it: function bodies are checked when they run, not when
  // they are created (a SQL function may read a table created after it).
  return ['SET check_function_bodies = false;\n', ...stmts.map((s) => s.sql.trim() + ';\n')].join('\n');
}
