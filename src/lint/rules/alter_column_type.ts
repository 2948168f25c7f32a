import { qi } from '../names';
import { BLOCKS, type Node, type Rule } from '../types';
import { changesOf, failing, nameList, tableOf } from './util';

/** A type as a base name and its modifiers: `varchar` [20], `numeric` [7, 2]. */
export interface SimpleType {
  name: string;
  mods: number[];
  array: boolean;
}

const ALIASES: Record<string, string> = {
  'character varying': 'varchar',
  character: 'bpchar',
  integer: 'int4',
  int: 'int4',
  bigint: 'int8',
  smallint: 'int2',
  boolean: 'bool',
  'double precision': 'float8',
  real: 'float4',
  decimal: 'numeric',
  'timestamp with time zone': 'timestamptz',
  'timestamp without time zone': 'timestamp',
  'time with time zone': 'timetz',
  'time without time zone': 'time',
  'bit varying': 'varbit',
};

/** From format_type() output, e.g. `character varying(10)[]`. */
export function parseFormatType(t: string): SimpleType {
  const array = t.endsWith('[]');
  const s = array ? t.slice(0, -2) : t;
  const m = /^(.*?)(?:\(([\d,\s]+)\))?$/.exec(s)!;
  const name = m[1].trim().replace(/^"?public"?\./, '');
  return { name: ALIASES[name] ?? name, mods: m[2] ? m[2].split(',').map((x) => Number(x.trim())) : [], array };
}

/** From a parse tree TypeName. */
export function fromTypeName(t: Node | undefined): SimpleType {
  const names = nameList(t?.names).filter((x) => x !== 'pg_catalog');
  const name = names[names.length - 1] ?? '';
  const mods = (t?.typmods ?? []).map((m: Node) => Number(m.A_Const?.ival?.ival ?? m.A_Const?.ival ?? NaN));
  return { name: ALIASES[name] ?? name, mods, array: !!t?.arrayBounds };
}

const INT_RANGE: Record<string, [string, string]> = { int2: ['-32768', '32767'], int4: ['-2147483648', '2147483647'] };

/** Whether PostgreSQL changes `from` to `to` without rewriting the table (and without scanning it). */
export function changeWithoutRewrite(from: SimpleType, to: SimpleType): boolean {
  if (from.array !== to.array) return false;
  if (from.name === to.name && JSON.stringify(from.mods) === JSON.stringify(to.mods)) return true;
  const textual = (t: SimpleType) => t.name === 'text' || (t.name === 'varchar' && t.mods.length === 0);
  if (from.name === 'varchar' && textual(to)) return true;
  if (from.name === 'varchar' && to.name === 'varchar') return to.mods[0] >= from.mods[0];
  if (from.name === 'text' && textual(to)) return true;
  if (from.name === 'varbit' && to.name === 'varbit') return to.mods.length === 0 || (from.mods.length > 0 && to.mods[0] >= from.mods[0]);
  if (from.name === 'numeric' && to.name === 'numeric') {
    if (to.mods.length === 0) return true;
    if (from.mods.length === 0) return false;
    const [p1, s1 = 0] = from.mods;
    const [p2, s2 = 0] = to.mods;
    return s1 === s2 && p2 >= p1;
  }
  if (from.name === 'cidr' && to.name === 'inet') return true;
  return false;
}

/** SQL condition for the existing values that the new type cannot hold (narrowing changes only). */
function rejected(column: string, from: SimpleType, to: SimpleType): string | undefined {
  const c = qi(column);
  if ((to.name === 'varchar' || to.name === 'bpchar') && to.mods.length) return `length(${c}) > ${to.mods[0]}`;
  if (to.name in INT_RANGE && ['int8', 'int4', 'numeric'].includes(from.name)) {
    const [lo, hi] = INT_RANGE[to.name];
    return `${c} < ${lo} OR ${c} > ${hi}`;
  }
  if (to.name === 'numeric' && to.mods.length && from.name === 'numeric') {
    const [p, s = 0] = to.mods;
    return `abs(round(${c}, ${s})) >= 1e${p - s}`;
  }
  return undefined;
}

const DISPLAY: Record<string, string> = Object.fromEntries(Object.entries(ALIASES).filter(([k]) => !['int', 'decimal'].includes(k)).map(([k, v]) => [v, k]));

/** Types some change reaches without a rewrite. */
const REWRITE_FREE_TARGETS = new Set(['varchar', 'text', 'numeric', 'varbit', 'inet']);

export const alterColumnType: Rule = {
  id: 'alter_column_type',
  summary: 'changes a column type in a way that rewrites the table under an ACCESS EXCLUSIVE lock',
  levels: BLOCKS,
  safeAlternative:
    'add a new column of the new type, backfill it in batches, switch the application, then drop the old column; changes PostgreSQL makes without a rewrite (widening varchar, varchar to text, raising numeric precision) pass',
  doc: 'Reads and writes on the table wait for the whole rewrite, and every index is rebuilt. A narrowing change also fails on values that do not fit.',
  seeAlso: { squawk: 'changing-column-type', atlas: 'data-dependent changes (MF)', pgSchemaDiff: 'ACQUIRES_ACCESS_EXCLUSIVE_LOCK, IMPACTS_DATABASE_PERFORMANCE' },
  examples: {
    unsafe: [['ALTER TABLE public.t ALTER COLUMN n SET DATA TYPE bigint USING n::bigint']],
    safe: [['CREATE TABLE public.t (n int)', 'ALTER TABLE public.t ALTER COLUMN n SET DATA TYPE bigint']],
  },
  async check(ctx) {
    const out = [];
    for (const c of changesOf(ctx, 'alter_column_type')) {
      const { table, column } = tableOf(c.object);
      if (!ctx.existed(table)) continue;
      const to = fromTypeName(c.node?.def?.ColumnDef?.typeName);
      const typeText = `${DISPLAY[to.name] ?? to.name}${to.mods.length ? `(${to.mods.join(',')})` : ''}${to.array ? '[]' : ''}`;
      if (!ctx.live) {
        // Without the live database the old type is unknown: only a target type that no change
        // reaches without a rewrite is certain (the plan's carried findings cover the rest).
        if (!REWRITE_FREE_TARGETS.has(to.name)) out.push({ statement: c.index, object: c.object, message: `changes ${c.object} to ${typeText}: the table is rewritten under an ACCESS EXCLUSIVE lock.` });
        continue;
      }
      const live = ctx.live.column(c.object);
      if (!live) continue;
      const from = parseFormatType(live.type);
      if (changeWithoutRewrite(from, to)) continue;
      let data = '';
      const cond = rejected(column, from, to);
      const n = cond ? await ctx.live.matching(table, `${qi(column)} IS NOT NULL AND (${cond})`) : undefined;
      if (cond) data = failing(n, `does not fit the new type`, `do not fit the new type`);
      out.push({ statement: c.index, object: c.object, message: `changes ${c.object} from ${live.type} to ${typeText}: the table is rewritten under an ACCESS EXCLUSIVE lock.${data}`, data: n && [n] });
    }
    return out;
  },
};
