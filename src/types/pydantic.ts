// A Python module of Pydantic models of the desired schema: one BaseModel per table, its fields
// typed from the columns (nullable ones Optional[...] = None), enums as str Enum classes or
// Literals. Only what Pydantic v1 and v2 both accept: typing's generics, Field(alias=...,
// max_length=...), no validators or model_config.
import type { PydanticOutput } from './config';
import type { Column, Enum, Table, TypeCatalog } from './catalog';
import { header } from './header';
import { pascalCase, singular, unique } from './names';

const KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' '),
);
/** BaseModel's own attributes (v1 and v2): a field of that name needs another name and an alias. */
const MODEL_ATTRS = new Set(
  'construct copy dict fields from_orm json parse_file parse_obj parse_raw schema schema_json update_forward_refs validate Config model_config model_fields model_computed_fields'.split(' '),
);
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const pyStr = (s: string) => JSON.stringify(s);
const oneLine = (s: string) => s.replace(/\s*\n\s*/g, ' ');

/** Python types of PostgreSQL (element) types, and what they import. */
const SCALARS: Record<string, [string, string?]> = {
  int2: ['int'],
  int4: ['int'],
  int8: ['int'],
  oid: ['int'],
  float4: ['float'],
  float8: ['float'],
  numeric: ['Decimal', 'from decimal import Decimal'],
  money: ['str'],
  bool: ['bool'],
  text: ['str'],
  varchar: ['str'],
  bpchar: ['str'],
  name: ['str'],
  citext: ['str'],
  uuid: ['UUID', 'from uuid import UUID'],
  json: ['Any', 'from typing import Any'],
  jsonb: ['Any', 'from typing import Any'],
  date: ['date', 'from datetime import date'],
  timestamp: ['datetime', 'from datetime import datetime'],
  timestamptz: ['datetime', 'from datetime import datetime'],
  time: ['time', 'from datetime import time'],
  timetz: ['time', 'from datetime import time'],
  interval: ['timedelta', 'from datetime import timedelta'],
  bytea: ['bytes'],
  inet: ['str'],
  cidr: ['str'],
  macaddr: ['str'],
};

class Module {
  readonly imports = new Map<string, Set<string>>();
  readonly enumClass = new Map<string, string>();
  readonly taken = new Set<string>(['BaseModel', 'Field', 'Enum', 'Any', 'List', 'Literal', 'Optional', 'Decimal', 'UUID', 'date', 'datetime', 'time', 'timedelta']);

  need(line: string) {
    const m = /^from (\S+) import (\S+)$/.exec(line)!;
    if (!this.imports.has(m[1])) this.imports.set(m[1], new Set());
    this.imports.get(m[1])!.add(m[2]);
  }
}

function fieldType(m: Module, c: Column): string {
  const t = c.type;
  let py: string;
  if (t.kind === 'e') py = m.enumClass.get(`${t.schema}.${t.name}`)!;
  else {
    const [name, imp] = SCALARS[t.name] ?? ['Any', 'from typing import Any'];
    if (imp) m.need(imp);
    py = name;
  }
  for (let i = 0; i < t.dims; i++) {
    m.need('from typing import List');
    py = `List[${py}]`;
  }
  return py;
}

function fieldLines(m: Module, c: Column, taken: Set<string>): string[] {
  let name = IDENT.test(c.name) ? c.name : c.name.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(\d)/, '_$1');
  // A field named like an imported type would hide it from the fields after it.
  if (KEYWORDS.has(name) || MODEL_ATTRS.has(name) || m.taken.has(name) || name.startsWith('_') || name.startsWith('model_')) name = `${name.replace(/^_+/, '')}_`;
  name = unique(name, taken);
  let type = fieldType(m, c);
  const args: string[] = [];
  if (name !== c.name) args.push(`alias=${pyStr(c.name)}`);
  if (c.type.length !== undefined && !c.type.dims) args.push(`max_length=${c.type.length}`);
  const optional = !c.notNull;
  if (optional) {
    m.need('from typing import Optional');
    type = `Optional[${type}]`;
  }
  let value = '';
  if (args.length) {
    m.need('from pydantic import Field');
    value = ` = Field(${[optional ? 'None' : '...', ...args].join(', ')})`;
  } else if (optional) value = ' = None';
  return [...(c.comment ? [`    # ${oneLine(c.comment)}`] : []), `    ${name}: ${type}${value}`];
}

function enumBlock(m: Module, e: Enum, style: 'enum' | 'literal'): string[] {
  const cls = m.enumClass.get(`${e.schema}.${e.name}`)!;
  if (style === 'literal') {
    m.need('from typing import Literal');
    return [`${cls} = Literal[${e.labels.map(pyStr).join(', ')}]`];
  }
  m.need('from enum import Enum');
  const members = new Set<string>();
  const lines = [`class ${cls}(str, Enum):`, `    """${e.schema === 'public' ? '' : `${e.schema}.`}${e.name}"""`, ''];
  for (const label of e.labels) {
    let member = label.toUpperCase().replace(/[^A-Z0-9_]/g, '_').replace(/^(\d)/, '_$1') || '_';
    if (KEYWORDS.has(member) || member.startsWith('_')) member = `V${member}`;
    lines.push(`    ${unique(member, members)} = ${pyStr(label)}`);
  }
  return lines;
}

function classBlock(m: Module, t: Table, naming: 'singular' | 'plural'): string[] {
  const base = t.schema === 'public' ? t.name : `${t.schema}_${t.name}`;
  const cls = unique(pascalCase(naming === 'singular' ? singular(base) : base), m.taken);
  const what = `${t.schema === 'public' ? '' : `${t.schema}.`}${t.name}`;
  const lines = [`class ${cls}(BaseModel):`, `    """A row of ${what}${t.comment ? `: ${oneLine(t.comment).replace(/"""/g, '\\"\\"\\"')}` : '.'}"""`, ''];
  const taken = new Set<string>();
  for (const c of t.columns) lines.push(...fieldLines(m, c, taken));
  return lines;
}

/** The module's text. */
export function pydanticModels(catalog: TypeCatalog, opts: Pick<PydanticOutput, 'naming' | 'enums'>, schemaHash: string): string {
  const m = new Module();
  m.need('from pydantic import BaseModel');
  for (const e of catalog.enums) m.enumClass.set(`${e.schema}.${e.name}`, unique(pascalCase(e.schema === 'public' ? e.name : `${e.schema}_${e.name}`), m.taken));
  const blocks = [...catalog.enums.map((e) => enumBlock(m, e, opts.enums ?? 'enum')), ...catalog.tables.map((t) => classBlock(m, t, opts.naming ?? 'singular'))];
  const order = (mod: string) => (mod === 'pydantic' ? 1 : 0);
  const imports = [...m.imports.entries()]
    .sort(([a], [b]) => order(a) - order(b) || (a < b ? -1 : 1))
    .map(([mod, names]) => `from ${mod} import ${[...names].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)).join(', ')}`);
  const std = imports.filter((l) => !l.startsWith('from pydantic'));
  const third = imports.filter((l) => l.startsWith('from pydantic'));
  return [...header('#', schemaHash), '', ...std, '', ...third, ...blocks.flatMap((b) => ['', '', ...b]), ''].join('\n');
}
