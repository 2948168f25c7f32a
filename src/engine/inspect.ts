// `inspect`: a live database's schema as DDL that can be dropped into schema/. It is the plan
// from an empty database to the live one, so it uses the same differ and its gap fixers, and
// loading its output back plans nothing.
import { withClient } from '../db/connect';
import { classify } from './classify';
import { DiffStatement, diffDatabases } from './diff';
import { withScratchDatabase } from './devdb';
import { excludedStatements } from './exclude';
import { excludedSchemas } from './plan';

export interface InspectOptions {
  url: string;
  /** Server for the empty scratch database; defaults to the inspected server. */
  devUrl?: string;
  excludeSchemas?: string[];
  /** Object patterns left out (schemaop.yaml's `exclude:`, `--exclude`): what the project does not manage. */
  exclude?: string[];
}

export async function inspectStatements(opts: InspectOptions): Promise<DiffStatement[]> {
  const schemas = excludedSchemas(opts.excludeSchemas);
  const all = await withScratchDatabase(opts.devUrl ?? opts.url, (empty) => diffDatabases(empty, opts.url, { excludeSchemas: schemas }));
  if (!opts.exclude?.length) return all;
  const excluded = await withClient(opts.url, (c) => excludedStatements([c], opts.exclude!), 'inspect');
  const keep = await Promise.all(all.map(async (s) => !excluded(await classify(s.sql))));
  return all.filter((_, i) => keep[i]);
}

export async function inspectSql(opts: InspectOptions): Promise<string> {
  const stmts = await inspectStatements(opts);
  // In dependency order, as pg_dump writes it: function bodies are checked when they run, not when
  // they are created (a SQL function may read a table created after it).
  return ['SET check_function_bodies = false;\n', ...stmts.map((s) => s.sql.trim() + ';\n')].join('\n');
}
