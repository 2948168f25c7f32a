// Grants as reconciled state: the access model gives the exact set of privileges on every table,
// column, sequence, function and managed schema (and the owner of each, and the default
// privileges of objects created later); the live state is read from the catalog (aclexplode of
// relacl / attacl / nspacl / proacl / pg_default_acl) and GRANT / REVOKE take one to the other,
// revoking anything extra, whoever granted it by hand. PUBLIC gets nothing.
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { Client } from '../db/connect';
import { quoteIdent, quoteQualified as qi } from '../db/connect';
import { SchemaopError } from '../errors';
import type { Stage, StageChanges } from '../engine/extensions';
import type { PlannedStatement } from '../engine/plan';
import type { DesiredSchema } from '../engine/source';
import { DdlRelation, ddlRelations, qualify } from '../seeds/ddl';
import { AccessModel, AccessVars, loadAccess } from './model';

export const ACCESS_STAGE = 'grants';

type ObjType = 'table' | 'view' | 'materialized view' | 'foreign table' | 'sequence' | 'schema' | 'function';

interface AclEntry {
  /** The grantee's role name, or PUBLIC. */
  g: string;
  p: string;
  /** WITH GRANT OPTION. */
  o: boolean;
}

interface Entry {
  type: ObjType;
  /** SQL identity: `"public"."users"`, `"public"`, `"public"."f"(integer)`. */
  ident: string;
  /** Readable name: `public.users`, `public.f(integer)`. */
  object: string;
  column?: string;
  grantee: string;
  priv: string;
  grantable: boolean;
}

export interface AccessChange {
  action: 'create_role' | 'alter_role' | 'owner' | 'revoke' | 'grant' | 'default_revoke' | 'default_grant';
  /** What it is about: a role, `public.users`, `public.users(api_key)`, `default privileges on tables`. */
  object: string;
  grantee?: string;
  privileges?: string[];
  columns?: string[];
  /** Live state it corrects, for drift reports. */
  detail: string;
  sql: string;
}

interface LiveRelation {
  schema: string;
  name: string;
  relkind: string;
  owner: string;
  ownedSeq: boolean;
  acl: AclEntry[];
  colacl: (AclEntry & { c: string })[];
  columns: string[];
}

interface LiveState {
  roles: Map<string, { login: boolean }>;
  schemas: Map<string, { owner: string; acl: AclEntry[] }>;
  relations: Map<string, LiveRelation>;
  functions: { ident: string; object: string; schema: string; name: string; owner: string; acl: AclEntry[] }[];
  /** Default privileges of the owner role: global (schema '') and per schema. */
  defaults: { objtype: string; schema: string; acl: AclEntry[] }[];
}

const ACL = (expr: string, owner: string) =>
  `(SELECT coalesce(json_agg(json_build_object('g', CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END, 'p', a.privilege_type, 'o', a.is_grantable) ORDER BY 1), '[]')
      FROM aclexplode(${expr}) a WHERE a.grantee <> ${owner})`;

const NOT_EXT = (cls: string, oid: string) => `NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = '${cls}'::regclass AND e.objid = ${oid} AND e.deptype = 'e')`;

async function readLive(c: Client, model: AccessModel): Promise<LiveState> {
  const roleNames = [...model.roles.values()].map((r) => r.name);
  const roles = new Map((await c.query('SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname = ANY($1)', [roleNames])).rows.map((r) => [r.rolname as string, { login: r.rolcanlogin as boolean }]));
  const schemas = new Map(
    (
      await c.query(`SELECT n.nspname, pg_get_userbyid(n.nspowner) AS owner, ${ACL('coalesce(n.nspacl, acldefault(\'n\', n.nspowner))', 'n.nspowner')} AS acl FROM pg_namespace n WHERE n.nspname = ANY($1)`, [model.schemas])
    ).rows.map((r) => [r.nspname as string, { owner: r.owner as string, acl: r.acl as AclEntry[] }]),
  );
  const rels = await c.query(
    `SELECT n.nspname AS schema, c.relname AS name, c.relkind::text AS relkind, pg_get_userbyid(c.relowner) AS owner,
            EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')) AS "ownedSeq",
            ${ACL(`coalesce(c.relacl, acldefault(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::"char", c.relowner))`, 'c.relowner')} AS acl,
            (SELECT coalesce(json_agg(json_build_object('c', t.attname, 'g', CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END, 'p', a.privilege_type, 'o', a.is_grantable)), '[]')
               FROM pg_attribute t CROSS JOIN LATERAL aclexplode(t.attacl) a
              WHERE t.attrelid = c.oid AND t.attnum > 0 AND NOT t.attisdropped AND t.attacl IS NOT NULL AND a.grantee <> c.relowner) AS colacl,
            array(SELECT t.attname::text FROM pg_attribute t WHERE t.attrelid = c.oid AND t.attnum > 0 AND NOT t.attisdropped ORDER BY t.attnum) AS columns
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND ${NOT_EXT('pg_class', 'c.oid')}`,
    [model.schemas],
  );
  const relations = new Map<string, LiveRelation>(rels.rows.map((r) => [`${r.schema}.${r.name}`, r as LiveRelation]));
  const functions = (
    await c.query(
      `SELECT format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) AS ident,
              format('%s.%s(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) AS object,
              n.nspname AS schema, p.proname AS name, pg_get_userbyid(p.proowner) AS owner,
              ${ACL(`coalesce(p.proacl, acldefault('f', p.proowner))`, 'p.proowner')} AS acl
         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = ANY($1) AND p.prokind IN ('f', 'p', 'w') AND ${NOT_EXT('pg_proc', 'p.oid')} ORDER BY 1`,
      [model.schemas],
    )
  ).rows;
  let defaults: LiveState['defaults'] = [];
  if (model.owner && roles.has(model.owner)) {
    const o = `(SELECT oid FROM pg_roles WHERE rolname = $1)`;
    defaults = (
      await c.query(
        `SELECT t.objtype, '' AS schema, ${ACL(`coalesce((SELECT d.defaclacl FROM pg_default_acl d WHERE d.defaclrole = ${o} AND d.defaclnamespace = 0 AND d.defaclobjtype = t.objtype::"char"), acldefault(t.dflt::"char", ${o}))`, o)} AS acl
           FROM (VALUES ('r', 'r'), ('S', 's'), ('f', 'f'), ('T', 'T')) t(objtype, dflt)
         UNION ALL
         SELECT d.defaclobjtype::text, n.nspname, ${ACL('d.defaclacl', o)}
           FROM pg_default_acl d JOIN pg_namespace n ON n.oid = d.defaclnamespace WHERE d.defaclrole = ${o}`,
        [model.owner],
      )
    ).rows;
  } else if (model.owner) {
    // The role does not exist yet: PostgreSQL's built-in defaults (functions and types for PUBLIC).
    defaults = [
      { objtype: 'r', schema: '', acl: [] },
      { objtype: 'S', schema: '', acl: [] },
      { objtype: 'f', schema: '', acl: [{ g: 'PUBLIC', p: 'EXECUTE', o: false }] },
      { objtype: 'T', schema: '', acl: [{ g: 'PUBLIC', p: 'USAGE', o: false }] },
    ];
  }
  return { roles, schemas, relations, functions, defaults };
}

const KIND: Record<string, ObjType> = { r: 'table', p: 'table', v: 'view', m: 'materialized view', f: 'foreign table', S: 'sequence' };
const grantee = (g: string) => (g === 'PUBLIC' ? 'PUBLIC' : quoteIdent(g));
const key = (e: Entry) => `${e.type}|${e.ident}|${e.column ?? ''}|${e.grantee}|${e.priv}|${e.grantable ? 'g' : ''}`;
const DEFAULT_KIND: Record<string, string> = { r: 'TABLES', S: 'SEQUENCES', f: 'FUNCTIONS', T: 'TYPES' };
const MODEL_DEFAULT: Record<string, 'tables' | 'sequences' | 'functions' | 'types'> = { r: 'tables', S: 'sequences', f: 'functions', T: 'types' };

interface ScopeRelation {
  schema: string;
  name: string;
  type: ObjType;
  columns: string[];
  ident: string;
  object: string;
}

/** The objects whose privileges are managed: the managed schemas' relations (desired and live). */
function scopeOf(model: AccessModel, ddl: Map<string, DdlRelation>, live: LiveState, statements: PlannedStatement[]): ScopeRelation[] {
  const dropped = new Set(statements.filter((s) => s.kind.startsWith('drop_') && ['table', 'view', 'materialized view', 'sequence', 'foreign table'].includes(s.objectType)).map((s) => s.object));
  const out = new Map<string, ScopeRelation>();
  for (const [q, r] of live.relations) {
    if (dropped.has(q)) continue;
    const d = ddl.get(q);
    out.set(q, { schema: r.schema, name: r.name, type: KIND[r.relkind], columns: d && d.kind === 'table' ? d.columns.map((x) => x.name) : r.columns, ident: qi(r.schema, r.name), object: q });
  }
  for (const [q, d] of ddl) {
    if (out.has(q) || !model.schemas.includes(d.schema)) continue;
    out.set(q, { schema: d.schema, name: d.name, type: d.kind, columns: d.columns.map((x) => x.name), ident: qi(d.schema, d.name), object: q });
  }
  return [...out.values()].sort((a, b) => (a.object < b.object ? -1 : 1));
}

function desiredEntries(model: AccessModel, scope: ScopeRelation[], live: LiveState): Entry[] {
  const out: Entry[] = [];
  const roleName = (k: string) => model.roles.get(k)!.name;
  for (const g of model.grants) {
    const except = new Set(g.except.map(qualify));
    const grantees = g.roles.map(roleName).filter((n) => n !== model.owner);
    const pickRel = (sel: '*' | string[], seq: boolean) =>
      (sel === '*' ? scope.filter((r) => (r.type === 'sequence') === seq) : sel.map(qualify).map((q) => scope.find((r) => r.object === q)).filter((r): r is ScopeRelation => !!r)).filter((r) => !except.has(r.object));
    if (g.tables !== undefined) {
      for (const r of pickRel(g.tables, false)) {
        for (const gr of grantees) {
          for (const p of g.privileges) {
            const base = { type: r.type, ident: r.ident, object: r.object, grantee: gr, priv: p, grantable: false };
            if (g.columns) for (const col of g.columns.filter((x) => r.columns.includes(x))) out.push({ ...base, column: col });
            else if (p === 'SELECT' && model.secrets.has(r.object) && !g.secrets) {
              const secret = model.secrets.get(r.object)!;
              for (const col of r.columns.filter((x) => !secret.includes(x))) out.push({ ...base, column: col });
            } else out.push(base);
          }
        }
      }
    } else if (g.sequences !== undefined) {
      for (const r of pickRel(g.sequences, true)) for (const gr of grantees) for (const p of g.privileges) out.push({ type: 'sequence', ident: r.ident, object: r.object, grantee: gr, priv: p, grantable: false });
    } else if (g.schemas) {
      for (const s of g.schemas) for (const gr of grantees) for (const p of g.privileges) out.push({ type: 'schema', ident: quoteIdent(s), object: s, grantee: gr, priv: p, grantable: false });
    } else if (g.functions !== undefined) {
      const names = g.functions === '*' ? undefined : new Set(g.functions.map(qualify));
      for (const f of live.functions) {
        if (names && !names.has(`${f.schema}.${f.name}`)) continue;
        if (except.has(`${f.schema}.${f.name}`)) continue;
        for (const gr of grantees) for (const p of g.privileges) out.push({ type: 'function', ident: f.ident, object: f.object, grantee: gr, priv: p, grantable: false });
      }
    }
  }
  const seen = new Set<string>();
  return out.filter((e) => (seen.has(key(e)) ? false : (seen.add(key(e)), true)));
}

function liveEntries(model: AccessModel, scope: ScopeRelation[], live: LiveState): Entry[] {
  const out: Entry[] = [];
  // After ALTER ... OWNER TO the owner role, its own privileges are implicit.
  const skip = (g: string) => g === model.owner;
  for (const s of model.schemas) {
    const l = live.schemas.get(s);
    if (!l) continue;
    for (const a of l.acl) if (!skip(a.g) && !(model.owner && a.g === l.owner)) out.push({ type: 'schema', ident: quoteIdent(s), object: s, grantee: a.g, priv: a.p, grantable: a.o });
  }
  for (const r of scope) {
    const l = live.relations.get(r.object);
    if (!l) continue;
    for (const a of l.acl) if (!skip(a.g)) out.push({ type: r.type, ident: r.ident, object: r.object, grantee: a.g, priv: a.p, grantable: a.o });
    for (const a of l.colacl) if (!skip(a.g)) out.push({ type: r.type, ident: r.ident, object: r.object, column: a.c, grantee: a.g, priv: a.p, grantable: a.o });
  }
  for (const f of live.functions) for (const a of f.acl) if (!skip(a.g)) out.push({ type: 'function', ident: f.ident, object: f.object, grantee: a.g, priv: a.p, grantable: a.o });
  return out;
}

const ON: Record<ObjType, string> = { table: 'TABLE', view: 'TABLE', 'materialized view': 'TABLE', 'foreign table': 'TABLE', sequence: 'SEQUENCE', schema: 'SCHEMA', function: 'ROUTINE' };
const ALTER: Record<ObjType, string> = { table: 'TABLE', view: 'VIEW', 'materialized view': 'MATERIALIZED VIEW', 'foreign table': 'FOREIGN TABLE', sequence: 'SEQUENCE', schema: 'SCHEMA', function: 'ROUTINE' };

function grantStatements(action: 'grant' | 'revoke', entries: Entry[]): AccessChange[] {
  // One statement per object and grantee (table level), per object, grantee and privilege (columns).
  const groups = new Map<string, Entry[]>();
  for (const e of entries) {
    const k = e.column ? `${e.ident}|${e.grantee}|${e.priv}|c` : `${e.ident}|${e.grantee}|t`;
    groups.set(k, [...(groups.get(k) ?? []), e]);
  }
  const out: AccessChange[] = [];
  for (const list of groups.values()) {
    const e = list[0];
    const to = action === 'grant' ? 'TO' : 'FROM';
    const verb = action === 'grant' ? 'GRANT' : 'REVOKE';
    if (e.column) {
      const cols = [...new Set(list.map((x) => x.column!))].sort();
      out.push({
        action,
        object: `${e.object}(${cols.join(', ')})`,
        grantee: e.grantee,
        privileges: [e.priv],
        columns: cols,
        detail: action === 'grant' ? `${e.grantee} lacks ${e.priv} on columns ${cols.join(', ')} of ${e.object}` : `${e.grantee} has ${e.priv} on columns ${cols.join(', ')} of ${e.object}, not declared`,
        sql: `${verb} ${e.priv} (${cols.map(quoteIdent).join(', ')}) ON TABLE ${e.ident} ${to} ${grantee(e.grantee)}`,
      });
    } else {
      const privs = [...new Set(list.map((x) => x.priv))].sort();
      const opt = list.some((x) => x.grantable) ? ' (WITH GRANT OPTION)' : '';
      out.push({
        action,
        object: e.object,
        grantee: e.grantee,
        privileges: privs,
        detail: action === 'grant' ? `${e.grantee} lacks ${privs.join(', ')} on ${e.type} ${e.object}` : `${e.grantee} has ${privs.join(', ')}${opt} on ${e.type} ${e.object}, not declared`,
        sql: `${verb} ${privs.join(', ')} ON ${ON[e.type]} ${e.ident} ${to} ${grantee(e.grantee)}`,
      });
    }
  }
  return out;
}

/** The statements that take the live state to the model, in order. */
export function accessChanges(model: AccessModel, ddl: Map<string, DdlRelation>, live: LiveState, statements: PlannedStatement[]): AccessChange[] {
  const out: AccessChange[] = [];
  for (const r of model.roles.values()) {
    const l = live.roles.get(r.name);
    const login = r.login ? 'LOGIN' : 'NOLOGIN';
    if (!l) out.push({ action: 'create_role', object: r.name, detail: `role ${r.name} does not exist`, sql: `CREATE ROLE ${quoteIdent(r.name)} ${login}` });
    else if (r.login !== undefined && l.login !== r.login) out.push({ action: 'alter_role', object: r.name, detail: `role ${r.name} is ${l.login ? 'LOGIN' : 'NOLOGIN'}`, sql: `ALTER ROLE ${quoteIdent(r.name)} ${login}` });
  }
  const scope = scopeOf(model, ddl, live, statements);
  if (model.owner) {
    const to = quoteIdent(model.owner);
    for (const s of model.schemas) {
      const l = live.schemas.get(s);
      if (l && l.owner !== model.owner) out.push({ action: 'owner', object: s, detail: `schema ${s} is owned by ${l.owner}`, sql: `ALTER SCHEMA ${quoteIdent(s)} OWNER TO ${to}` });
    }
    for (const r of scope) {
      const l = live.relations.get(r.object);
      // Sequences of serial and identity columns follow their table.
      if (l?.ownedSeq || (!l && r.type === 'sequence')) continue;
      if (!l || l.owner !== model.owner) out.push({ action: 'owner', object: r.object, detail: l ? `${r.type} ${r.object} is owned by ${l.owner}` : `${r.type} ${r.object} is created by this plan`, sql: `ALTER ${ALTER[r.type]} ${r.ident} OWNER TO ${to}` });
    }
    for (const f of live.functions) if (f.owner !== model.owner) out.push({ action: 'owner', object: f.object, detail: `function ${f.object} is owned by ${f.owner}`, sql: `ALTER ROUTINE ${f.ident} OWNER TO ${to}` });
  }
  const desired = desiredEntries(model, scope, live);
  const current = liveEntries(model, scope, live);
  const dKeys = new Set(desired.map(key));
  const revoke = current.filter((e) => !dKeys.has(key(e)));
  // REVOKE at table level also revokes that privilege on every column: re-grant declared ones.
  const tableRevokes = new Set(revoke.filter((e) => !e.column).map((e) => `${e.ident}|${e.grantee}|${e.priv}`));
  const after = new Set(current.filter((e) => dKeys.has(key(e)) && !(e.column && tableRevokes.has(`${e.ident}|${e.grantee}|${e.priv}`))).map(key));
  const grant = desired.filter((e) => !after.has(key(e)));
  out.push(...grantStatements('revoke', revoke.filter((e) => !e.column)), ...grantStatements('revoke', revoke.filter((e) => e.column)));
  out.push(...grantStatements('grant', grant.filter((e) => !e.column)), ...grantStatements('grant', grant.filter((e) => e.column)));
  if (model.owner) {
    const forRole = `ALTER DEFAULT PRIVILEGES FOR ROLE ${quoteIdent(model.owner)}`;
    for (const d of live.defaults) {
      const kind = DEFAULT_KIND[d.objtype];
      if (!kind) continue;
      const inSchema = d.schema ? ` IN SCHEMA ${quoteIdent(d.schema)}` : '';
      const want = new Map<string, Set<string>>();
      if (!d.schema) for (const [rk, privs] of Object.entries(model.defaults[MODEL_DEFAULT[d.objtype]])) if (model.roles.get(rk)!.name !== model.owner) want.set(model.roles.get(rk)!.name, new Set(privs));
      const have = new Map<string, AclEntry[]>();
      for (const a of d.acl) if (a.g !== model.owner) have.set(a.g, [...(have.get(a.g) ?? []), a]);
      const what = `default privileges on ${kind.toLowerCase()}${d.schema ? ` in schema ${d.schema}` : ''}`;
      for (const [g, list] of have) {
        const extra = list.filter((a) => a.o || !want.get(g)?.has(a.p)).map((a) => a.p);
        if (extra.length) out.push({ action: 'default_revoke', object: what, grantee: g, privileges: extra, detail: `objects ${model.owner} creates later would give ${g} ${extra.join(', ')}`, sql: `${forRole}${inSchema} REVOKE ${extra.join(', ')} ON ${kind} FROM ${grantee(g)}` });
      }
      for (const [g, privs] of want) {
        const missing = [...privs].filter((p) => !(have.get(g) ?? []).some((a) => a.p === p && !a.o));
        if (missing.length) out.push({ action: 'default_grant', object: what, grantee: g, privileges: missing, detail: `objects ${model.owner} creates later would not give ${g} ${missing.join(', ')}`, sql: `${forRole}${inSchema} GRANT ${missing.join(', ')} ON ${kind} TO ${grantee(g)}` });
      }
    }
  }
  return out;
}

export interface AccessStageOptions {
  /** The access folder (holding access.yaml). */
  dir: string;
  root?: string;
  /** `{env}` in role names: default $SCHEMAOP_ENV, else `dev`. `{database}` is the target's name. */
  env?: string;
}

async function loadFor(c: Client, opts: AccessStageOptions, schema: DesiredSchema) {
  const database = (await c.query('SELECT current_database() AS d')).rows[0].d as string;
  const vars: AccessVars = { env: opts.env ?? process.env.SCHEMAOP_ENV ?? 'dev', database };
  const ddl = await ddlRelations(schema);
  const model = await loadAccess(opts.dir, vars, ddl, opts.root ?? path.dirname(path.resolve(opts.dir)));
  return { model, ddl };
}

/** Reads the live access state and returns what must change to reach the model. */
export async function planAccess(c: Client, opts: AccessStageOptions, schema: DesiredSchema, statements: PlannedStatement[]): Promise<AccessChange[]> {
  const { model, ddl } = await loadFor(c, opts, schema);
  if (!model) return [];
  return accessChanges(model, ddl, await readLive(c, model), statements);
}

export function summariseAccess(changes: AccessChange[]): StageChanges {
  return {
    stage: ACCESS_STAGE,
    count: changes.length,
    lines: changes.map((x) => x.sql + ';'),
    hash: changes.length ? createHash('sha256').update(changes.map((x) => x.sql).join('\n')).digest('hex').slice(0, 16) : 'none',
    data: { changes },
  };
}

export function accessStage(opts: AccessStageOptions): Stage {
  let schema: DesiredSchema | undefined;
  return {
    name: ACCESS_STAGE,
    async plan(target, ctx) {
      schema = ctx.schema;
      return summariseAccess(await planAccess(target, opts, ctx.schema, ctx.statements));
    },
    async apply(target, planned) {
      if (!schema) throw new SchemaopError('grants: apply without a plan', 1);
      // The schema statements ran: the catalog is read again, so that objects created by this plan
      // (and any default privileges they received) end exactly as declared; then it is read back.
      const { model, ddl } = await loadFor(target, opts, schema);
      if (!model) return;
      for (let round = 0; round < 3; round++) {
        const todo = accessChanges(model, ddl, await readLive(target, model), []);
        if (todo.length === 0) return;
        for (const ch of todo) {
          try {
            await target.query(ch.sql);
          } catch (e) {
            throw new SchemaopError(`grants: statement failed: ${(e as Error).message}\n  ${ch.sql}`, 1);
          }
        }
      }
      const left = accessChanges(model, ddl, await readLive(target, model), []);
      if (left.length) throw new SchemaopError(`grants: the catalog does not match the access model after applying (planned ${planned.count} changes); still different:\n  ${left.map((x) => x.sql).join('\n  ')}`, 1);
    },
  };
}
