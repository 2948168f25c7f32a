// Comments on every kind of object (migra plans none). Compared by the object's address, so a
// comment follows its object whatever kind it is; a comment on an object that the plan drops and
// re-creates is stated again, since the drop takes the comment with it.
import { DiffContext, createdByMigra, droppedByMigra, key, nsFilter, quoteLiteral, rows } from './catalog';
import { notExtensionMember } from '../../pg/catalog-sql';

interface CommentRow {
  type: string;
  identity: string;
  qname: string;
  names: string[];
  description: string;
}

function query(ctx: DiffContext): string {
  return `
    SELECT o.type, o.identity, quote_ident(coalesce(o.name, '')) AS qname, a.object_names AS names, d.description
    FROM pg_description d
    CROSS JOIN LATERAL pg_identify_object(d.classoid, d.objoid, d.objsubid) o
    CROSS JOIN LATERAL pg_identify_object_as_address(d.classoid, d.objoid, d.objsubid) a
    WHERE d.objoid >= 16384
      -- An extension's comment is its control file's unless the schema states another one.
      AND (o.type <> 'extension' OR d.description IS DISTINCT FROM (SELECT x.comment FROM pg_available_extensions x WHERE x.name = o.identity))
      AND ${notExtensionMember('d.classoid', 'd.objoid')}
      AND ${nsFilter(`coalesce(o.schema, CASE WHEN o.type = 'schema' THEN o.identity END, 'public')`, ctx)}
    -- By name: pg_description's physical order differs between two dev databases, and a reviewed
    -- plan must be the one applied, statement for statement.
    ORDER BY o.type, o.identity`;
}

/** COMMENT ON target for an object as pg_identify_object describes it. */
function target(r: CommentRow): string | undefined {
  switch (r.type) {
    case 'table column':
    case 'view column':
    case 'materialized view column':
    case 'foreign table column':
    case 'composite type column':
      return `COLUMN ${r.identity}`;
    case 'table constraint':
      return `CONSTRAINT ${r.identity}`;
    case 'domain constraint': {
      // identity: "<constraint> on <domain>" (pg_identify_object gives no separate name for it).
      const m = /^(.*?) on (.*)$/.exec(r.identity);
      return m ? `CONSTRAINT ${m[1]} ON DOMAIN ${m[2]}` : undefined;
    }
    case 'trigger':
      return `TRIGGER ${r.identity}`;
    case 'policy':
      return `POLICY ${r.identity}`;
    case 'rule':
      return `RULE ${r.identity}`;
    case 'composite type':
      return `TYPE ${r.identity}`;
    case 'statistics object':
      return `STATISTICS ${r.identity}`;
    case 'text search configuration':
    case 'text search dictionary':
    case 'text search parser':
    case 'text search template':
      return `${r.type.toUpperCase()} ${r.identity}`;
    case 'table':
    case 'view':
    case 'materialized view':
    case 'index':
    case 'sequence':
    case 'foreign table':
    case 'schema':
    case 'type':
    case 'domain':
    case 'function':
    case 'procedure':
    case 'aggregate':
    case 'collation':
    case 'conversion':
    case 'operator':
    case 'event trigger':
    case 'operator class':
    case 'operator family':
    case 'cast':
    case 'language':
    case 'server':
    case 'foreign data wrapper':
    case 'publication':
    case 'access method':
    case 'extension':
      return `${r.type.toUpperCase()} ${r.identity}`;
    default:
      return undefined;
  }
}

/** Keys under which a plan statement may have dropped this comment's object (itself, or its table). */
function keysOf(r: CommentRow): string[] {
  const n = r.names;
  if (r.type.endsWith(' column') || ['table constraint', 'trigger', 'policy', 'rule'].includes(r.type)) {
    return [key(...n), key(n[0], n[1])];
  }
  if (r.type === 'domain constraint') return [key(...n), key(...n.slice(0, -1))];
  if (r.type === 'schema') return [key(...n)];
  return [key(...n)];
}

export async function commentChanges(ctx: DiffContext): Promise<string[]> {
  const [have, want] = await Promise.all([rows<CommentRow>(ctx.from, query(ctx)), rows<CommentRow>(ctx.to, query(ctx))]);
  const haveBy = new Map(have.map((r) => [`${r.type}\0${r.identity}`, r]));
  const wantBy = new Map(want.map((r) => [`${r.type}\0${r.identity}`, r]));
  const dropped = droppedByMigra(ctx);
  const created = createdByMigra(ctx);
  const out: string[] = [];
  for (const [k, w] of wantBy) {
    const h = haveBy.get(k);
    const recreated = keysOf(w).some((x) => dropped.has(x) || created.has(x));
    if (h && h.description === w.description && !recreated) continue;
    const t = target(w);
    if (t) out.push(`COMMENT ON ${t} IS ${quoteLiteral(w.description)}`);
  }
  for (const [k, h] of haveBy) {
    if (wantBy.has(k)) continue;
    // Only objects that survive the plan keep a comment to remove; the others go with their drop.
    if (keysOf(h).some((x) => dropped.has(x))) continue;
    const t = target(h);
    if (!t || !(await objectStillWanted(ctx, h))) continue;
    if (h.type === 'extension') {
      // Back to the control file's comment, which the desired database has.
      const own = await rows<{ comment: string | null }>(ctx.to, `SELECT comment FROM pg_available_extensions WHERE name = ${quoteLiteral(h.identity)}`);
      out.push(`COMMENT ON ${t} IS ${own[0]?.comment == null ? 'NULL' : quoteLiteral(own[0].comment)}`);
    } else out.push(`COMMENT ON ${t} IS NULL`);
  }
  return out;
}

/** Whether the object of a comment present only in the live database also exists in the desired one. */
async function objectStillWanted(ctx: DiffContext, r: CommentRow): Promise<boolean> {
  const res = await ctx.to.query(
    `SELECT 1 FROM (SELECT (pg_get_object_address($1, $2, $3)).*) a`,
    [r.type, r.names, await argsOf(ctx, r)],
  ).catch(() => undefined);
  return !!res && res.rowCount === 1;
}

async function argsOf(ctx: DiffContext, r: CommentRow): Promise<string[]> {
  // Functions, operators and casts are addressed with their argument types.
  const res = await ctx.from.query(
    `SELECT a.object_args FROM pg_description d
       CROSS JOIN LATERAL pg_identify_object(d.classoid, d.objoid, d.objsubid) o
       CROSS JOIN LATERAL pg_identify_object_as_address(d.classoid, d.objoid, d.objsubid) a
      WHERE o.type = $1 AND o.identity = $2 LIMIT 1`,
    [r.type, r.identity],
  );
  return (res.rows[0]?.object_args as string[]) ?? [];
}
