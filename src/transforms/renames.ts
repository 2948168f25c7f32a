// Renames declared in schema/ with `-- schemaop:renamed-from OLD` become RENAME statements that
// keep the data, instead of the drop and add a declarative diff sees.
//
// How: in the dev database (a scratch copy of the desired schema), the renamed tables and columns
// are renamed back to their live names, and the live database is diffed with that: what remains
// is every other change (a new type, a new index, ...) expressed with the old names. The plan is
// that diff followed by the RENAME statements; the dev database is then renamed forward again.
// A directive whose rename is already applied (the live database has the new name) is a no-op.
import { withClient, type Client } from '../db/connect';
import { diffDatabases } from '../engine/diff';
import { classify } from '../engine/classify';
import type { PlanTransform } from '../engine/extensions';
import type { PlannedStatement } from '../engine/plan';
import { SchemaopError } from '../errors';
import { renameDirectives, type RenameDirective } from '../lint/directives';
import { qi, qualified, splitName } from '../lint/names';

async function hasRelation(c: Client, rel: string): Promise<boolean> {
  const [s, n] = splitName(rel);
  const r = await c.query(`SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r','p')`, [s, n]);
  return (r.rowCount ?? 0) > 0;
}

async function hasColumn(c: Client, rel: string, col: string): Promise<boolean> {
  const [s, n] = splitName(rel);
  const r = await c.query(
    `SELECT 1 FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = $2 AND a.attname = $3 AND a.attnum > 0 AND NOT a.attisdropped`,
    [s, n, col],
  );
  return (r.rowCount ?? 0) > 0;
}

const relName = (rel: string) => splitName(rel)[1];

/** The renames still to do on the live database, table renames first. */
async function pending(target: Client, dev: Client, ds: RenameDirective[]): Promise<RenameDirective[]> {
  const out: RenameDirective[] = [];
  for (const d of ds.filter((x) => x.kind === 'table')) {
    if (d.from.split('.')[0] !== d.to.split('.')[0]) throw new SchemaopError(`${d.where}: renamed-from across schemas is not supported (use ALTER TABLE ... SET SCHEMA by hand)`, 6);
    if ((await hasRelation(target, d.to)) || !(await hasRelation(target, d.from))) continue;
    out.push(d);
  }
  for (const d of ds.filter((x) => x.kind === 'column')) {
    // The table as it is named in the live database (it may be renamed in the same plan).
    const t = out.find((x) => x.to === d.table)?.from ?? d.table;
    if (!(await hasRelation(target, t)) || (await hasColumn(target, t, d.to)) || !(await hasColumn(target, t, d.from))) continue;
    if (!(await hasColumn(dev, d.table, d.to))) throw new SchemaopError(`${d.where}: column ${d.to} not found in ${d.table}`, 6);
    out.push(d);
  }
  return out;
}

interface Dependent {
  kind: 'constraint' | 'index' | 'sequence';
  name: string;
}

async function dependents(c: Client, rel: string): Promise<Dependent[]> {
  const r = await c.query<Dependent>(
    `SELECT 'constraint' AS kind, conname AS name FROM pg_constraint WHERE conrelid = $1::regclass
     UNION ALL
     SELECT 'index', i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
      WHERE x.indrelid = $1::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.conrelid = x.indrelid)
     UNION ALL
     SELECT 'sequence', s.relname FROM pg_class s JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid
      WHERE s.relkind = 'S' AND d.refclassid = 'pg_class'::regclass AND d.refobjid = $1::regclass AND d.deptype IN ('a', 'i')`,
    [qualified(rel)],
  );
  return r.rows;
}

/** Statements renaming the objects named after a renamed table: back in the dev database, forward on the live one. */
async function namedAfter(dev: Client, target: Client, d: RenameDirective): Promise<{ back: string; devForward: string; liveForward: string }[]> {
  const [schema, newRel] = splitName(d.to);
  const oldRel = relName(d.from);
  const live = await dependents(target, d.from);
  const out = [];
  for (const x of await dependents(dev, d.to)) {
    if (!x.name.startsWith(`${newRel}_`)) continue;
    const old = `${oldRel}_${x.name.slice(newRel.length + 1)}`;
    if (!live.some((l) => l.kind === x.kind && l.name === old)) continue;
    const rename = (table: string, from: string, to: string) =>
      x.kind === 'constraint'
        ? `ALTER TABLE ${qualified(table)} RENAME CONSTRAINT ${qi(from)} TO ${qi(to)}`
        : `ALTER ${x.kind === 'index' ? 'INDEX' : 'SEQUENCE'} ${qi(schema)}.${qi(from)} RENAME TO ${qi(to)}`;
    // In the dev database the table carries its old name again when these run.
    out.push({ back: rename(d.from, x.name, old), devForward: rename(d.from, old, x.name), liveForward: rename(d.to, old, x.name) });
  }
  return out;
}

export function renamesTransform(): PlanTransform {
  return {
    name: 'renames (schemaop:renamed-from)',
    async run(statements, ctx) {
      const ds = await renameDirectives(ctx.schema);
      if (!ds.length) return statements;
      return withClient(
        ctx.devUrl,
        async (dev) => {
          const todo = await pending(ctx.target, dev, ds);
          if (!todo.length) return statements;
          const tables = todo.filter((d) => d.kind === 'table');
          const columns = todo.filter((d) => d.kind === 'column');
          const back: string[] = [];
          const forward: string[] = [];
          // Columns first (under the table's new name), then tables.
          for (const d of columns) {
            back.push(`ALTER TABLE ${qualified(d.table)} RENAME COLUMN ${qi(d.to)} TO ${qi(d.from)}`);
            forward.unshift(`ALTER TABLE ${qualified(d.table)} RENAME COLUMN ${qi(d.from)} TO ${qi(d.to)}`);
          }
          for (const d of tables) {
            back.push(`ALTER TABLE ${qualified(d.to)} RENAME TO ${qi(relName(d.from))}`);
            forward.unshift(`ALTER TABLE ${qualified(d.from)} RENAME TO ${qi(relName(d.to))}`);
          }
          // Constraints, indexes and sequences named after a renamed table (`accounts_pkey` →
          // `user_accounts_pkey`) are renamed too, rather than dropped and rebuilt.
          const live: string[] = [];
          for (const d of tables) {
            for (const x of await namedAfter(dev, ctx.target, d)) {
              back.push(x.back);
              forward.unshift(x.devForward);
              live.push(x.liveForward);
            }
          }
          for (const sql of back) await dev.query(sql);
          let diff;
          try {
            diff = await diffDatabases(ctx.targetUrl, ctx.devUrl, { excludeSchemas: ctx.excludeSchemas });
          } finally {
            for (const sql of forward) await dev.query(sql);
          }
          // The live database then gets the renames, columns (under the live table name) first.
          const renames = [
            ...columns.map((d) => {
              const t = tables.find((x) => x.to === d.table)?.from ?? d.table;
              return `ALTER TABLE ${qualified(t)} RENAME COLUMN ${qi(d.from)} TO ${qi(d.to)}`;
            }),
            ...tables.map((d) => `ALTER TABLE ${qualified(d.from)} RENAME TO ${qi(relName(d.to))}`),
            ...live,
          ];
          const out: PlannedStatement[] = [];
          for (const d of diff) out.push({ ...(await classify(d.sql)), sql: d.sql, source: d.source });
          for (const sql of renames) out.push({ ...(await classify(sql)), sql, source: 'renamed-from' });
          return out;
        },
        'dev database',
      );
    },
  };
}
