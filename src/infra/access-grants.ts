// The access model (access/access.yaml, loaded and validated by src/access) as explicit grants for
// the postgresql provider: every `tables: "*"` is expanded to the tables declared in schema/, so
// no grant is the provider's implicit "all tables in the schema" (which would also cover tables
// created later, by hand). SELECT on a credential table without `secrets: true` becomes a column
// grant of its non-secret columns. Pure: tested without Pulumi.
import type { AccessModel } from '../access/model';
import type { DesiredSchema } from '../engine/source';
import { parseSql } from '../engine/sql';
import type { DdlRelation } from '../seeds/ddl';
import { qualify } from '../seeds/ddl';

export type GrantObjectType = 'schema' | 'table' | 'sequence' | 'function' | 'column';

export interface GrantSpec {
  role: string;
  schema: string;
  objectType: GrantObjectType;
  /** Explicit objects, never empty (empty would mean "all" to the provider). */
  objects: string[];
  columns?: string[];
  privileges: string[];
}

export interface DefaultPrivilegeSpec {
  role: string;
  owner: string;
  /** Absent: database-wide. */
  schema?: string;
  objectType: 'table' | 'sequence' | 'function' | 'type';
  privileges: string[];
}

export interface RoleSpec {
  key: string;
  name: string;
  login: boolean;
  owner: boolean;
}

export interface AccessPlan {
  roles: RoleSpec[];
  grants: GrantSpec[];
  defaults: DefaultPrivilegeSpec[];
}

/** Functions declared in schema/, by `schema.name`. */
export async function ddlFunctions(schema: DesiredSchema): Promise<Set<string>> {
  const out = new Set<string>();
  for (const f of schema.files) {
    const tree = (await parseSql(f.text)) as { stmts?: { stmt: Record<string, any> }[] }; // eslint-disable-line @typescript-eslint/no-explicit-any
    for (const { stmt } of tree.stmts ?? []) {
      const fn = stmt.CreateFunctionStmt;
      if (!fn || fn.is_procedure) continue;
      const names: string[] = (fn.funcname ?? []).map((n: { String?: { sval: string } }) => n.String?.sval ?? '');
      out.add(names.length > 1 ? `${names[0]}.${names[1]}` : `public.${names[0]}`);
    }
  }
  return out;
}

const split = (q: string) => {
  const i = q.indexOf('.');
  return { schema: q.slice(0, i), name: q.slice(i + 1) };
};

export function accessPlan(model: AccessModel, relations: Map<string, DdlRelation>, functions: Set<string>): AccessPlan {
  const roleName = (k: string) => model.roles.get(k)!.name;
  const inScope = (q: string) => model.schemas.includes(split(q).schema);
  // role → object → table-level privileges; role → table → privilege → columns.
  const tablePrivs = new Map<string, Map<string, { type: GrantObjectType; privs: Set<string> }>>();
  const columnPrivs = new Map<string, Map<string, Map<string, Set<string>>>>();
  const addObj = (role: string, type: GrantObjectType, q: string, p: string) => {
    const m = tablePrivs.get(role) ?? new Map();
    tablePrivs.set(role, m);
    const e = m.get(`${type}|${q}`) ?? { type, privs: new Set<string>() };
    e.privs.add(p);
    m.set(`${type}|${q}`, e);
  };
  const addCols = (role: string, q: string, p: string, cols: string[]) => {
    const byTable = columnPrivs.get(role) ?? new Map();
    columnPrivs.set(role, byTable);
    const byPriv = byTable.get(q) ?? new Map();
    byTable.set(q, byPriv);
    const s = byPriv.get(p) ?? new Set<string>();
    for (const c of cols) s.add(c);
    byPriv.set(p, s);
  };
  const rels = [...relations.values()].filter((r) => inScope(`${r.schema}.${r.name}`));
  for (const g of model.grants) {
    const except = new Set(g.except.map(qualify));
    const roles = g.roles.map(roleName).filter((n) => n !== model.owner);
    const pick = (sel: '*' | string[], seq: boolean) =>
      (sel === '*' ? rels.filter((r) => (r.kind === 'sequence') === seq).map((r) => `${r.schema}.${r.name}`) : sel.map(qualify)).filter((q) => !except.has(q));
    for (const role of roles) {
      if (g.tables !== undefined) {
        for (const q of pick(g.tables, false)) {
          const rel = relations.get(q);
          for (const p of g.privileges) {
            if (g.columns) addCols(role, q, p, g.columns);
            else if (p === 'SELECT' && model.secrets.has(q) && !g.secrets) {
              const secret = model.secrets.get(q)!;
              addCols(role, q, p, (rel?.columns ?? []).map((c) => c.name).filter((c) => !secret.includes(c)));
            } else addObj(role, 'table', q, p);
          }
        }
      } else if (g.sequences !== undefined) {
        for (const q of pick(g.sequences, true)) for (const p of g.privileges) addObj(role, 'sequence', q, p);
      } else if (g.schemas) {
        for (const s of g.schemas) for (const p of g.privileges) addObj(role, 'schema', s, p);
      } else if (g.functions !== undefined) {
        const wanted = g.functions === '*' ? [...functions].filter((q) => inScope(q)) : g.functions.map(qualify);
        for (const q of wanted.filter((x) => !except.has(x))) for (const p of g.privileges) addObj(role, 'function', q, p);
      }
    }
  }
  const grants: GrantSpec[] = [];
  for (const [role, m] of [...tablePrivs].sort(([a], [b]) => a.localeCompare(b))) {
    // One grant per role, kind, schema and set of privileges, naming its objects.
    const groups = new Map<string, GrantSpec>();
    for (const [k, e] of [...m].sort(([a], [b]) => a.localeCompare(b))) {
      const q = k.slice(k.indexOf('|') + 1);
      const privileges = [...e.privs].sort();
      const { schema, name } = e.type === 'schema' ? { schema: q, name: q } : split(q);
      const gk = `${e.type}|${schema}|${privileges.join(',')}`;
      const spec = groups.get(gk) ?? { role, schema, objectType: e.type, objects: [], privileges };
      if (e.type !== 'schema') spec.objects.push(name);
      groups.set(gk, spec);
    }
    grants.push(...groups.values());
  }
  for (const [role, byTable] of [...columnPrivs].sort(([a], [b]) => a.localeCompare(b))) {
    for (const [q, byPriv] of [...byTable].sort(([a], [b]) => a.localeCompare(b))) {
      for (const [p, cols] of [...byPriv].sort(([a], [b]) => a.localeCompare(b))) {
        const { schema, name } = split(q);
        grants.push({ role, schema, objectType: 'column', objects: [name], columns: [...cols].sort(), privileges: [p] });
      }
    }
  }
  const defaults: DefaultPrivilegeSpec[] = [];
  const kinds = { tables: 'table', sequences: 'sequence', functions: 'function', types: 'type' } as const;
  if (model.owner) {
    for (const [k, type] of Object.entries(kinds) as [keyof typeof kinds, DefaultPrivilegeSpec['objectType']][]) {
      for (const schema of model.schemas) {
        for (const [r, privs] of Object.entries(model.defaults[k] ?? {})) defaults.push({ role: roleName(r), owner: model.owner, schema, objectType: type, privileges: [...privs].sort() });
      }
      // PostgreSQL's own defaults give PUBLIC EXECUTE on functions and USAGE on types: none. (Only
      // a database-wide default privilege, without a schema, can take those away.)
      if (type === 'function' || type === 'type') defaults.push({ role: 'public', owner: model.owner, objectType: type, privileges: [] });
    }
  }
  const roles = [...model.roles.values()].map((r) => ({ key: r.key, name: r.name, login: r.login ?? false, owner: r.owner }));
  return { roles, grants, defaults };
}
