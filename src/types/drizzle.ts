// A drizzle-orm schema module (pg-core) of the desired schema: one pgEnum per enum, one pgTable
// per table with its columns, keys, checks and indexes, and relations() for the foreign keys.
import type { DrizzleOutput } from './config';
import type { Column, Enum, Index, Table, TypeCatalog } from './catalog';
import { camelCase, singular, unique } from './names';
import { header } from './header';

/** Words a generated `const` may not be named. */
const RESERVED = new Set(
  'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await sql relations'.split(
    ' ',
  ),
);

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const str = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
const tsql = (s: string) => 'sql`' + s.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`';
const doc = (text: string | undefined, indent: string) => (text ? [`${indent}/** ${text.replace(/\*\//g, '* /').replace(/\s*\n\s*/g, ' ')} */`] : []);
const prop = (key: string) => (IDENT.test(key) ? key : str(key));

const INT = new Set(['int2', 'int4', 'int8']);
const TEXT = new Set(['text', 'varchar', 'bpchar']);
/** The pg-core builders of types that take no options. */
const PLAIN = new Set(['bool', 'text', 'uuid', 'json', 'jsonb', 'date', 'interval', 'inet', 'cidr', 'macaddr', 'macaddr8', 'point', 'line']);

const SIMPLE_STRING = /^'((?:[^']|'')*)'::[a-z_ ."]+(\([0-9, ]+\))?$/;

class Module {
  readonly core = new Set<string>();
  readonly orm = new Set<string>();
  /** Types pg-core has no builder for: customType declarations, by PostgreSQL type. */
  readonly custom = new Map<string, { name: string; data: string }>();
  readonly taken = new Set<string>(RESERVED);
  readonly enumVar = new Map<string, string>();
  readonly tableVar = new Map<string, string>();
  readonly columnKey = new Map<string, Map<string, string>>();
  /** pgSchema() declarations of the schemas other than public. */
  readonly schemaVar = new Map<string, string>();

  constructor(readonly naming: 'camel' | 'snake') {}

  ident(name: string): string {
    const base = this.naming === 'camel' ? camelCase(name) : name.replace(/[^A-Za-z0-9_$]/g, '_').replace(/^(\d)/, '_$1');
    return unique(base, this.taken);
  }
}

const qualified = (schema: string, name: string) => `${schema}.${name}`;

function builder(m: Module, c: Column): string {
  const t = c.type;
  const n = str(c.name);
  const use = (fn: string, args = '') => {
    m.core.add(fn);
    return `${fn}(${n}${args})`;
  };
  if (t.kind === 'e') return `${m.enumVar.get(qualified(t.schema, t.name))}(${n})`;
  if (INT.has(t.name)) {
    const serial = c.serial && !t.dims;
    if (t.name === 'int2') return use(serial ? 'smallserial' : 'smallint');
    if (t.name === 'int4') return use(serial ? 'serial' : 'integer');
    return use(serial ? 'bigserial' : 'bigint', ", { mode: 'number' }");
  }
  switch (t.name) {
    case 'float4':
      return use('real');
    case 'float8':
      return use('doublePrecision');
    case 'numeric':
      return use('numeric', t.precision !== undefined ? `, { precision: ${t.precision}, scale: ${t.scale} }` : '');
    case 'varchar':
      return use('varchar', t.length !== undefined ? `, { length: ${t.length} }` : '');
    case 'bpchar':
      return use('char', t.length !== undefined ? `, { length: ${t.length} }` : '');
    case 'timestamp':
    case 'timestamptz':
    case 'time':
    case 'timetz': {
      const opts = [...(t.precision !== undefined ? [`precision: ${t.precision}`] : []), ...(t.name.endsWith('tz') ? ['withTimezone: true'] : [])];
      return use(t.name.startsWith('timestamp') ? 'timestamp' : 'time', opts.length ? `, { ${opts.join(', ')} }` : '');
    }
    case 'bool':
      return use('boolean');
  }
  if (PLAIN.has(t.name)) return use(t.name);
  // No builder in pg-core: a customType named for the type (bytea as bytes, the rest as text).
  const sqlName = t.schema === 'pg_catalog' ? t.name : `${t.schema}.${t.name}`;
  let decl = m.custom.get(sqlName);
  if (!decl) {
    decl = { name: m.ident(t.schema === 'pg_catalog' ? t.name : `${t.schema}_${t.name}`), data: t.name === 'bytea' ? 'Uint8Array' : 'string' };
    m.custom.set(sqlName, decl);
    m.core.add('customType');
  }
  return `${decl.name}(${n})`;
}

function defaultCall(m: Module, c: Column): string {
  const d = c.default;
  if (d === undefined || c.serial || c.identity) return '';
  const t = c.type;
  if (!t.dims && t.kind !== 'e') {
    if ((d === 'now()' || d === 'CURRENT_TIMESTAMP') && (t.name === 'timestamp' || t.name === 'timestamptz')) return '.defaultNow()';
    if (d === 'gen_random_uuid()' && t.name === 'uuid') return '.defaultRandom()';
    if (t.name === 'bool' && (d === 'true' || d === 'false')) return `.default(${d})`;
    const num = /^'?(-?\d+(?:\.\d+)?)'?(?:::(?:integer|bigint|smallint|numeric|real|double precision))?$/.exec(d);
    if (num && (INT.has(t.name) || t.name === 'float4' || t.name === 'float8') && (!INT.has(t.name) || !num[1].includes('.'))) return `.default(${num[1]})`;
    // numeric columns are strings in drizzle-orm, as the driver returns them.
    if (num && t.name === 'numeric') return `.default(${str(num[1])})`;
  }
  const s = SIMPLE_STRING.exec(d);
  if (s && !t.dims && (TEXT.has(t.name) || t.kind === 'e')) return `.default(${str(s[1].replace(/''/g, "'"))})`;
  m.orm.add('sql');
  return `.default(${tsql(d)})`;
}

function columnLine(m: Module, c: Column, key: string, inlinePk: boolean): string[] {
  let b = builder(m, c) + '.array()'.repeat(c.type.dims);
  if (inlinePk) b += '.primaryKey()';
  else if (c.notNull) b += '.notNull()';
  if (c.identity) b += c.identity === 'always' ? '.generatedAlwaysAsIdentity()' : '.generatedByDefaultAsIdentity()';
  if (c.generated !== undefined) {
    m.orm.add('sql');
    b += `.generatedAlwaysAs(${tsql(c.generated)})`;
  }
  b += defaultCall(m, c);
  return [...doc(c.comment, '    '), `    ${prop(key)}: ${b},`];
}

function indexCall(m: Module, ix: Index, col: (name: string) => string): string {
  const fn = ix.unique ? 'uniqueIndex' : 'index';
  m.core.add(fn);
  const keys = ix.keys.map((k) => {
    if (k.column === undefined) {
      m.orm.add('sql');
      return tsql(k.expression!);
    }
    let e = col(k.column);
    if (k.desc) e += '.desc()';
    if (k.desc && !k.nullsFirst) e += '.nullsLast()';
    if (!k.desc && k.nullsFirst) e += '.nullsFirst()';
    return e;
  });
  let call = `${fn}(${str(ix.name)})` + (ix.method === 'btree' ? `.on(${keys.join(', ')})` : `.using(${str(ix.method)}, ${keys.join(', ')})`);
  if (ix.where) {
    m.orm.add('sql');
    call += `.where(${tsql(ix.where)})`;
  }
  return call;
}

function tableBlock(m: Module, table: Table, inOutput: Set<string>): string[] {
  const v = m.tableVar.get(qualified(table.schema, table.name))!;
  const keys = m.columnKey.get(qualified(table.schema, table.name))!;
  const col = (name: string) => `t.${keys.get(name)}`;
  const pk = table.primaryKey;
  const inlinePk = !!pk && pk.columns.length === 1 && pk.name === `${table.name}_pkey`;
  const lines = [...doc(table.comment, ''), `export const ${v} = ${tableFn(m, table)}(`, `  ${str(table.name)},`, '  {'];
  for (const c of table.columns) lines.push(...columnLine(m, c, keys.get(c.name)!, inlinePk && pk!.columns[0] === c.name));
  lines.push('  },');
  const extras: string[] = [];
  if (pk && !inlinePk) {
    m.core.add('primaryKey');
    extras.push(`primaryKey({ name: ${str(pk.name)}, columns: [${pk.columns.map(col).join(', ')}] })`);
  }
  for (const u of table.uniques) {
    m.core.add('unique');
    extras.push(`unique(${str(u.name)}).on(${u.columns.map(col).join(', ')})${u.nullsNotDistinct ? '.nullsNotDistinct()' : ''}`);
  }
  for (const fk of table.foreignKeys) {
    const ref = qualified(fk.refSchema, fk.refTable);
    if (!inOutput.has(ref)) {
      extras.push(`// ${fk.name}: references ${ref}, which this file leaves out`);
      continue;
    }
    m.core.add('foreignKey');
    const self = ref === qualified(table.schema, table.name);
    const refKeys = m.columnKey.get(ref)!;
    const refCols = fk.refColumns.map((c) => (self ? col(c) : `${m.tableVar.get(ref)}.${refKeys.get(c)}`));
    extras.push(
      `foreignKey({ name: ${str(fk.name)}, columns: [${fk.columns.map(col).join(', ')}], foreignColumns: [${refCols.join(', ')}] })` +
        `.onDelete(${str(fk.onDelete)}).onUpdate(${str(fk.onUpdate)})`,
    );
  }
  for (const ch of table.checks) {
    m.core.add('check');
    m.orm.add('sql');
    extras.push(`check(${str(ch.name)}, ${tsql(ch.expression)})`);
  }
  for (const ix of table.indexes) extras.push(indexCall(m, ix, col));
  if (extras.length) {
    lines.push('  (t) => [');
    for (const e of extras) lines.push(e.startsWith('//') ? `    ${e}` : `    ${e},`);
    lines.push('  ],');
  }
  lines.push(');');
  return lines;
}

/** Schemas other than public are declared with pgSchema(); their tables are made by it. */
function tableFn(m: Module, table: Table): string {
  if (table.schema === 'public') {
    m.core.add('pgTable');
    return 'pgTable';
  }
  return `${m.schemaVar.get(table.schema)}.table`;
}

interface Relation {
  key: string;
  code: string;
  kind: 'one' | 'many';
}

function relationsBlocks(m: Module, tables: Table[], inOutput: Set<string>): string[] {
  const byTable = new Map<string, Relation[]>();
  const keysOf = (q: string) => {
    if (!byTable.has(q)) byTable.set(q, []);
    return byTable.get(q)!;
  };
  const taken = new Map<string, Set<string>>();
  const takenOf = (q: string) => {
    if (!taken.has(q)) taken.set(q, new Set([...m.columnKey.get(q)!.values()]));
    return taken.get(q)!;
  };
  const name = (s: string) => (m.naming === 'camel' ? camelCase(s) : s);
  for (const t of tables) {
    const q = qualified(t.schema, t.name);
    for (const fk of t.foreignKeys) {
      const ref = qualified(fk.refSchema, fk.refTable);
      if (!inOutput.has(ref)) continue;
      // Several keys between the same two tables (or a key to the table itself) need a relationName.
      const ambiguous = ref === q || t.foreignKeys.filter((k) => qualified(k.refSchema, k.refTable) === ref).length > 1;
      const relationName = ambiguous ? `, relationName: ${str(fk.name)}` : '';
      const stem = fk.columns.length === 1 && /_id$/.test(fk.columns[0]) ? fk.columns[0].slice(0, -3) : singular(fk.refTable);
      const one = unique(name(stem), takenOf(q));
      const tv = m.tableVar.get(q)!;
      const rv = m.tableVar.get(ref)!;
      const fields = fk.columns.map((c) => `${tv}.${m.columnKey.get(q)!.get(c)}`).join(', ');
      const refs = fk.refColumns.map((c) => `${rv}.${m.columnKey.get(ref)!.get(c)}`).join(', ');
      keysOf(q).push({ key: one, kind: 'one', code: `one(${rv}, { fields: [${fields}], references: [${refs}]${relationName} })` });
      const many = unique(name(ambiguous ? `${t.name}_${stem}` : t.name), takenOf(ref));
      keysOf(ref).push({ key: many, kind: 'many', code: `many(${tv}${ambiguous ? `, { relationName: ${str(fk.name)} }` : ''})` });
    }
  }
  const out: string[] = [];
  for (const t of tables) {
    const q = qualified(t.schema, t.name);
    const rels = (byTable.get(q) ?? []).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    if (!rels.length) continue;
    m.orm.add('relations');
    const helpers = (['one', 'many'] as const).filter((k) => rels.some((r) => r.kind === k));
    const tv = m.tableVar.get(q)!;
    out.push('', `export const ${unique(`${tv}Relations`, m.taken)} = relations(${tv}, ({ ${helpers.join(', ')} }) => ({`);
    for (const r of rels) out.push(`  ${r.key}: ${r.code},`);
    out.push('}));');
  }
  return out;
}

function enumLine(m: Module, e: Enum): string {
  const v = m.enumVar.get(qualified(e.schema, e.name))!;
  const fn = e.schema === 'public' ? (m.core.add('pgEnum'), 'pgEnum') : `${m.schemaVar.get(e.schema)}.enum`;
  return `export const ${v} = ${fn}(${str(e.name)}, [${e.labels.map(str).join(', ')}]);`;
}

/** The module's text. */
export function drizzleSchema(catalog: TypeCatalog, opts: Pick<DrizzleOutput, 'naming'>, schemaHash: string): string {
  const m = new Module(opts.naming ?? 'camel');
  const schemas = m.schemaVar;
  for (const s of [...new Set([...catalog.tables.map((t) => t.schema), ...catalog.enums.map((e) => e.schema)])].filter((s) => s !== 'public').sort()) {
    m.core.add('pgSchema');
    schemas.set(s, m.ident(`${s}_schema`));
  }
  for (const e of catalog.enums) m.enumVar.set(qualified(e.schema, e.name), m.ident(e.schema === 'public' ? e.name : `${e.schema}_${e.name}`));
  for (const t of catalog.tables) {
    const q = qualified(t.schema, t.name);
    m.tableVar.set(q, m.ident(t.schema === 'public' ? t.name : `${t.schema}_${t.name}`));
    const keys = new Map<string, string>();
    const used = new Set<string>();
    for (const c of t.columns) keys.set(c.name, unique(m.naming === 'camel' ? camelCase(c.name) : c.name, used));
    m.columnKey.set(q, keys);
  }
  const inOutput = new Set(catalog.tables.map((t) => qualified(t.schema, t.name)));
  const body: string[] = [];
  for (const [s, v] of schemas) body.push(`export const ${v} = pgSchema(${str(s)});`);
  if (schemas.size) body.push('');
  for (const e of catalog.enums) body.push(enumLine(m, e));
  if (catalog.enums.length) body.push('');
  const tables: string[][] = catalog.tables.map((t) => tableBlock(m, t, inOutput));
  const relations = relationsBlocks(m, catalog.tables, inOutput);
  const custom = [...m.custom.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([sqlName, d]) => `const ${d.name} = customType<{ data: ${d.data} }>({ dataType: () => ${str(sqlName)} });`);
  const sorted = (s: Set<string>) => [...s].sort();
  const imports = [
    ...(m.orm.size ? [`import { ${sorted(m.orm).join(', ')} } from 'drizzle-orm';`] : []),
    `import { ${sorted(m.core).join(', ')} } from 'drizzle-orm/pg-core';`,
  ];
  return [
    ...header('//', schemaHash),
    '',
    ...imports,
    '',
    ...(custom.length ? [...custom, ''] : []),
    ...body,
    ...tables.flatMap((b, i) => (i ? ['', ...b] : b)),
    ...relations,
    '',
  ].join('\n');
}
