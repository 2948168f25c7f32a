// The access planner: the one implementation behind the CLI's grants stage and the Pulumi layer.
// The model (access/access.yaml) gives the exact roles (attributes, settings, memberships), the
// database's privileges, the owner and the privileges of every object in the managed schemas and
// the default privileges; the live state is read from the catalog (./live) and the changes take
// one to the other, revoking anything extra, whoever granted it by hand. PUBLIC gets nothing.
// See docs/access.md, "Engine API".
import * as path from 'node:path';
import type { Client } from '../db/connect';
import { quoteIdent, quoteLiteral, quoteQualified as qi } from '../db/connect';
import { SchemaopError } from '../errors';
import type { DesiredSchema } from '../engine/source';
import { DdlRelation, ddlRelations, qualify } from '../engine/ddl-relations';
import { EXIT } from '../exit-codes';
import { AclEntry, BUILTIN_DEFAULTS, LiveState, ObjType, PG16, RoleRights, readLive } from './live';
import { AccessError, AccessModel, type AccessSource, AccessVars, loadAccess } from './model';
import { excludeMatcher } from '../engine/exclude';
import { objectId } from '../pg/identity';

export interface AccessOptions {
  /** The access folder (holding access.yaml). */
  dir: string;
  root?: string;
  /** `{env}` in role names: default $SCHEMAOP_ENV, else `dev`. `{database}` is the target's name. */
  env?: string;
  /** Objects left alone (exclude patterns, src/engine/exclude.ts): no owner, grant or revoke on them. */
  exclude?: string[];
}

export interface LoadedAccess {
  model: AccessModel;
  /** Tables, views and sequences declared in schema/. */
  ddl: Map<string, DdlRelation>;
  /** Object patterns left alone. */
  exclude: string[];
}

export interface AccessChange {
  action:
    | 'create_role'
    | 'alter_role'
    | 'role_setting'
    | 'comment'
    | 'grant_role'
    | 'revoke_role'
    | 'owner'
    | 'grant'
    | 'revoke'
    | 'default_grant'
    | 'default_revoke'
    | 'database_grant'
    | 'database_revoke'
    | 'login_grant';
  /** What it is about: a role, `public.users`, `public.users(api_key)`, `default privileges on tables`. */
  object: string;
  grantee?: string;
  privileges?: string[];
  columns?: string[];
  /** The live state it corrects, for drift reports; for `login_grant`, why the login needs it. */
  detail: string;
  sql: string;
  /**
   * Set when the applying login may not run it (a grant made by a grantor it has no rights of, an
   * attribute only a superuser can remove): never run, kept visible as drift, with what it lacks.
   */
  cannot?: string;
}

export interface RoleState {
  login: boolean;
  superuser: boolean;
  createrole: boolean;
  createdb: boolean;
  replication: boolean;
  bypassrls: boolean;
  inherit: boolean;
  connectionLimit: number;
  /** ALTER ROLE ... SET: name → value; `<database>/name` for settings in this database only. */
  settings: Record<string, string>;
  /** Roles it is a member of; ` (admin)` when WITH ADMIN OPTION. */
  memberOf: string[];
  /** Members that are neither declared roles nor listed under `members:` (absent when `members: external`). */
  members?: string[];
  comment: string | null;
}

/** The access state, canonical (sorted keys and arrays) and JSON-serialisable; never a password. */
export interface AccessState {
  roles: Record<string, RoleState | null>;
  database: Record<string, string[]>;
  owners: Record<string, string>;
  privileges: Record<string, Record<string, string[]>>;
  defaults: Record<string, Record<string, string[]>>;
}

/** The comment that marks a role schemaop manages (a superuser without it is never touched). */
export const roleMarker = (key: string) => `schemaop: roles.${key}`;
const MARKED = /^schemaop: roles\./;

// ---------------------------------------------------------------------------------------------
// Loading

/** The folder access.yaml's positions are relative to. */
export const accessRoot = (opts: AccessOptions) => opts.root ?? path.dirname(path.resolve(opts.dir));

/** Loads and validates access.yaml against schema/ and against the server; undefined without one. */
export async function loadAccessModel(c: Client, opts: AccessOptions, schema: DesiredSchema, source?: Promise<AccessSource | undefined>): Promise<LoadedAccess | undefined> {
  const database = (await c.query('SELECT current_database() AS d')).rows[0].d as string;
  const vars: AccessVars = { env: opts.env ?? process.env.SCHEMAOP_ENV ?? 'dev', database };
  const ddl = await ddlRelations(schema);
  const model = await loadAccess(opts.dir, vars, ddl, accessRoot(opts), source);
  if (!model) return undefined;
  await refuseForeignRoles(c, model);
  const exclude = opts.exclude ?? [];
  return { model, ddl: exclude.length ? withoutExcludedDdl(ddl, exclude) : ddl, exclude };
}

/** Declared relations minus the excluded ones. */
function withoutExcludedDdl(ddl: Map<string, DdlRelation>, exclude: string[]): Map<string, DdlRelation> {
  const excluded = excludeMatcher(exclude);
  return new Map([...ddl].filter(([, d]) => !excluded(objectId(d.schema, d.name))));
}

/** The live state of what the model manages: excluded relations (with their owned sequences), routines and types left out. */
async function readManaged(c: Client, access: LoadedAccess): Promise<LiveState> {
  const live = await readLive(c, access.model);
  if (!access.exclude.length) return live;
  const excluded = excludeMatcher(access.exclude);
  const out = (o: { schema: string; name: string }) => !excluded(objectId(o.schema, o.name));
  return { ...live, relations: new Map([...live.relations].filter(([, r]) => out(r) && !(r.ownedBy && excluded(objectId(r.ownedBy.schema, r.ownedBy.name))))), functions: live.functions.filter(out), types: live.types.filter(out) };
}

/** A declared role must never be a role the server or its operator depends on. */
async function refuseForeignRoles(c: Client, model: AccessModel): Promise<void> {
  const names = [...model.roles.values()].map((r) => r.name);
  const predefined = [...new Set([...model.roles.values()].flatMap((r) => r.memberOf.filter((m) => m.startsWith('pg_'))))];
  const rows = (
    await c.query(
      `SELECT rolname, oid::int8 AS oid, rolsuper, shobj_description(oid, 'pg_authid') AS comment, rolname = current_user AS cur, rolname = session_user AS ses
         FROM pg_roles WHERE rolname = ANY($1) OR rolname = ANY($2)`,
      [names, predefined],
    )
  ).rows;
  const byName = new Map(rows.map((r) => [r.rolname as string, r]));
  const problems: string[] = [];
  for (const r of model.roles.values()) {
    const l = byName.get(r.name);
    const what = `roles.${r.key}.name: ${r.name}`;
    if (!l) continue;
    if (l.cur || l.ses) problems.push(`${r.at}: ${what} is the role schemaop is connected as; declare another role (managing it could lock this session out)`);
    else if (Number(l.oid) < 16384) problems.push(`${r.at}: ${what} is a role of the server itself (bootstrap or predefined); it cannot be managed`);
    else if (l.rolsuper && !MARKED.test(l.comment ?? '')) problems.push(`${r.at}: ${what} is an existing superuser that schemaop did not create; it cannot be managed`);
  }
  for (const m of predefined) {
    const l = byName.get(m);
    if (!l || Number(l.oid) >= 16384) {
      const r = [...model.roles.values()].find((x) => x.memberOf.includes(m))!;
      problems.push(`${r.at}: roles.${r.key}.member_of: ${m} is not a predefined role of this server`);
    }
  }
  if (problems.length) throw new AccessError(problems);
}

// ---------------------------------------------------------------------------------------------
// Objects in scope and their privileges

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

interface ScopeRelation {
  schema: string;
  name: string;
  type: ObjType;
  columns: string[];
  ident: string;
  object: string;
  live: boolean;
}

const KIND: Record<string, ObjType> = { r: 'table', p: 'table', v: 'view', m: 'materialized view', f: 'foreign table', S: 'sequence' };
const grantee = (g: string) => (g === 'PUBLIC' ? 'PUBLIC' : quoteIdent(g));
const key = (e: Entry) => `${e.type}|${e.ident}|${e.column ?? ''}|${e.grantee}|${e.priv}|${e.grantable ? 'g' : ''}`;
const DEFAULT_KIND: Record<string, string> = { r: 'TABLES', S: 'SEQUENCES', f: 'FUNCTIONS', T: 'TYPES', n: 'SCHEMAS' };
const MODEL_DEFAULT: Record<string, 'tables' | 'sequences' | 'functions' | 'types' | undefined> = { r: 'tables', S: 'sequences', f: 'functions', T: 'types' };
const TYPE_KIND = (typtype: string): ObjType => (typtype === 'd' ? 'domain' : 'type');

/** The managed schemas' relations: desired (schema/) and live, minus what the schema plan drops. */
function scopeOf(model: AccessModel, ddl: Map<string, DdlRelation>, live: LiveState, dropped: string[]): ScopeRelation[] {
  const gone = new Set(dropped);
  const out = new Map<string, ScopeRelation>();
  for (const [q, r] of live.relations) {
    if (gone.has(q)) continue;
    const d = ddl.get(q);
    out.set(q, { schema: r.schema, name: r.name, type: KIND[r.relkind], columns: d && d.kind === 'table' ? d.columns.map((x) => x.name) : r.columns, ident: qi(r.schema, r.name), object: q, live: true });
  }
  for (const [q, d] of ddl) {
    if (out.has(q) || !model.schemas.includes(d.schema)) continue;
    out.set(q, { schema: d.schema, name: d.name, type: d.kind, columns: d.columns.map((x) => x.name), ident: qi(d.schema, d.name), object: q, live: false });
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
    const each = (type: ObjType, ident: string, object: string) => {
      for (const gr of grantees) for (const p of g.privileges) out.push({ type, ident, object, grantee: gr, priv: p, grantable: false });
    };
    if (g.tables !== undefined) {
      for (const r of pickRel(g.tables, false)) {
        for (const gr of grantees) {
          for (const p of g.privileges) {
            const base = { type: r.type, ident: r.ident, object: r.object, grantee: gr, priv: p, grantable: false };
            if (g.columns) for (const col of g.columns.filter((x) => r.columns.includes(x))) out.push({ ...base, column: col });
            else if (p === 'SELECT' && model.readable.has(r.object) && !g.secrets) {
              // An allow list: a column schema/ (or the live table) has and the list lacks stays unreadable.
              const readable = model.readable.get(r.object)!;
              for (const col of r.columns.filter((x) => readable.includes(x))) out.push({ ...base, column: col });
            } else out.push(base);
          }
        }
      }
    } else if (g.sequences !== undefined) {
      for (const r of pickRel(g.sequences, true)) each('sequence', r.ident, r.object);
    } else if (g.schemas) {
      for (const s of g.schemas) each('schema', quoteIdent(s), s);
    } else if (g.functions !== undefined || g.types !== undefined) {
      const sel = (g.functions ?? g.types)!;
      const names = sel === '*' ? undefined : new Set(sel.map(qualify));
      const objects = g.functions !== undefined ? live.functions.map((f) => ({ ...f, type: 'function' as ObjType })) : live.types.map((t) => ({ ...t, type: TYPE_KIND(t.typtype) }));
      for (const f of objects) {
        const q = `${f.schema}.${f.name}`;
        if ((names && !names.has(q)) || except.has(q)) continue;
        each(f.type, f.ident, f.object);
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
  for (const t of live.types) for (const a of t.acl) if (!skip(a.g)) out.push({ type: TYPE_KIND(t.typtype), ident: t.ident, object: t.object, grantee: a.g, priv: a.p, grantable: a.o });
  return out;
}

const ON: Record<ObjType, string> = {
  table: 'TABLE',
  view: 'TABLE',
  'materialized view': 'TABLE',
  'foreign table': 'TABLE',
  sequence: 'SEQUENCE',
  schema: 'SCHEMA',
  function: 'ROUTINE',
  type: 'TYPE',
  domain: 'DOMAIN',
};
const ALTER: Record<ObjType, string> = { ...ON, view: 'VIEW', 'materialized view': 'MATERIALIZED VIEW', 'foreign table': 'FOREIGN TABLE' };

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
        // A grant option that was used: what the grantee granted on goes with it.
        sql: `${verb} ${privs.join(', ')} ON ${ON[e.type]} ${e.ident} ${to} ${grantee(e.grantee)}${action === 'revoke' && opt ? ' CASCADE' : ''}`,
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Roles

const ATTRS = [
  ['superuser', 'SUPERUSER'],
  ['createrole', 'CREATEROLE'],
  ['createdb', 'CREATEDB'],
  ['replication', 'REPLICATION'],
  ['bypassrls', 'BYPASSRLS'],
  ['inherit', 'INHERIT'],
] as const;

const settingOf = (c: string) => {
  const i = c.indexOf('=');
  return { name: c.slice(0, i), value: c.slice(i + 1) };
};

/**
 * A member the state leaves out: a declared role (its membership is its `member_of`), or a login the
 * role lists under `members:`, which may come and go (the platform creates it) without any change to make.
 */
const declaredOrListed = (model: AccessModel, listed: string[] | 'external', role: string) =>
  [...model.roles.values()].some((x) => x.name === role) || (listed !== 'external' && listed.includes(role));

/**
 * Undeclared members of a role that must go: all but the listed ones, superusers and this
 * session's roles (the applying login's own membership: as a role's creator it may grant itself
 * any of them, and revoking it would lock the apply out). None when `members: external`.
 */
function extraMembers(model: AccessModel, live: LiveState, role: { name: string; members: string[] | 'external' }) {
  const declared = new Set([...model.roles.values()].map((r) => r.name));
  const l = live.roles.get(role.name);
  const listed = role.members;
  if (!l || listed === 'external') return [];
  return l.members.filter((m) => !declared.has(m.role) && !m.superuser && m.role !== live.currentUser && m.role !== live.sessionUser && !listed.includes(m.role));
}

// ---------------------------------------------------------------------------------------------
// What the applying login may do (a managed server's admin is no superuser)

/** The plan asks for something the applying login may not do: refused before anything runs. */
export class AccessRefused extends SchemaopError {
  constructor(login: string, problems: string[]) {
    super(`grants: the connecting role ${login} may not do what access/access.yaml asks; nothing was changed:\n  ${problems.join('\n  ')}`, EXIT.refused);
  }
}

const rightsOf = (live: LiveState, role: string): RoleRights =>
  live.login.superuser ? { usage: true, set: true, admin: true, superuser: false } : (live.rights.get(role) ?? { usage: role === live.login.name, set: role === live.login.name, admin: false, superuser: false });

/** May the login alter this existing role (attributes, settings, comment)? The missing privilege, else undefined. */
function alterNeeds(live: LiveState, role: string): string | undefined {
  const { login } = live;
  if (login.superuser) return undefined;
  const r = rightsOf(live, role);
  if (r.superuser) return `SUPERUSER (${role} is a superuser)`;
  if (!login.createrole) return 'CREATEROLE';
  if (!r.admin) return `ADMIN OPTION on ${role} (PostgreSQL 16+: a CREATEROLE login manages only the roles it created or holds WITH ADMIN OPTION)`;
  return undefined;
}

/** The privilege the login lacks to set or clear a role attribute, else undefined. */
function attributeNeeds(live: LiveState, attr: (typeof ATTRS)[number][0]): string | undefined {
  const { login } = live;
  if (login.superuser || attr === 'inherit' || attr === 'createrole') return undefined;
  if (attr === 'superuser') return 'SUPERUSER';
  if (login.version < PG16) return attr === 'createdb' ? undefined : 'SUPERUSER';
  // PostgreSQL 16+: only a role that has CREATEDB, REPLICATION or BYPASSRLS may give or take it.
  return login[attr] ? undefined : `${attr.toUpperCase()} (PostgreSQL 16+: only a role that has it may give it)`;
}

/** `GRANT role TO login` as PostgreSQL 16+ lets a role's creator make itself a member. */
const loginGrant = (live: LiveState, role: string, set: boolean) =>
  `GRANT ${quoteIdent(role)} TO ${quoteIdent(live.login.name)}${live.login.version >= PG16 ? ` WITH INHERIT TRUE, SET ${set ? 'TRUE' : 'FALSE'}` : ''}`;

/** A membership revoke as the login may run it; `cannot` when only another role could. */
function revokeMembership(live: LiveState, group: string, member: string, grantor: string, adminOnly: boolean): { sql: string; cannot?: string } {
  const what = `${adminOnly ? 'ADMIN OPTION FOR ' : ''}${quoteIdent(group)} FROM ${quoteIdent(member)}`;
  if (live.login.version < PG16) {
    // Before 16 one grant per pair, whoever made it; GRANTED BY may only name the current role.
    const sql = `REVOKE ${what} CASCADE`;
    return rightsOf(live, group).admin ? { sql } : { sql, cannot: `${live.login.name} has no ADMIN OPTION on ${group}${rightsOf(live, group).superuser ? ' (a superuser role: only a superuser may)' : ''}` };
  }
  const sql = `REVOKE ${what} GRANTED BY ${quoteIdent(grantor)} CASCADE`;
  if (grantor === live.login.name || rightsOf(live, grantor).usage) return { sql };
  return { sql, cannot: `it was granted by ${grantor}, and only a role with the privileges of ${grantor} may revoke it (${live.login.name} is not a member of ${grantor})` };
}

function roleChanges(model: AccessModel, live: LiveState, refused: string[]): { first: AccessChange[]; last: AccessChange[] } {
  const first: AccessChange[] = [];
  const last: AccessChange[] = [];
  const me = live.login.name;
  for (const r of model.roles.values()) {
    const q = quoteIdent(r.name);
    const l = live.roles.get(r.name);
    const mark = first.length;
    if (!l) {
      const attrs = [r.login ? 'LOGIN' : 'NOLOGIN', ...ATTRS.filter(([k]) => k !== 'inherit' && r[k]).map(([, w]) => w), ...(r.inherit ? [] : ['NOINHERIT']), ...(r.connectionLimit !== -1 ? [`CONNECTION LIMIT ${r.connectionLimit}`] : [])];
      if (!live.login.superuser && !live.login.createrole) refused.push(`${r.at}: creating role ${r.name} needs CREATEROLE`);
      for (const [k, word] of ATTRS) {
        const needs = r[k] && k !== 'inherit' ? attributeNeeds(live, k) : undefined;
        if (needs) refused.push(`${r.at}: roles.${r.key}.${k}: creating ${r.name} with ${word} needs ${needs}, which ${me} does not have`);
      }
      first.push({ action: 'create_role', object: r.name, detail: `role ${r.name} does not exist`, sql: `CREATE ROLE ${q} ${attrs.join(' ')}` });
    } else {
      if (r.login !== undefined && l.login !== r.login) first.push({ action: 'alter_role', object: r.name, detail: `role ${r.name} is ${l.login ? 'LOGIN' : 'NOLOGIN'}`, sql: `ALTER ROLE ${q} ${r.login ? 'LOGIN' : 'NOLOGIN'}` });
      for (const [k, word] of ATTRS) {
        if (l[k] === r[k]) continue;
        const change: AccessChange = { action: 'alter_role', object: r.name, detail: `role ${r.name} is ${l[k] ? '' : 'NO'}${word}, declared ${r[k] ? '' : 'NO'}${word}`, sql: `ALTER ROLE ${q} ${r[k] ? '' : 'NO'}${word}` };
        const needs = attributeNeeds(live, k);
        // Declared: refused. Given by hand and beyond the login: drift it cannot undo.
        if (needs && r[k]) refused.push(`${r.at}: roles.${r.key}.${k}: giving ${r.name} ${word} needs ${needs}, which ${me} does not have`);
        else if (needs) change.cannot = `removing ${word} needs ${needs}, which ${me} does not have`;
        first.push(change);
      }
      if (l.connectionLimit !== r.connectionLimit) first.push({ action: 'alter_role', object: r.name, detail: `role ${r.name} has CONNECTION LIMIT ${l.connectionLimit}, declared ${r.connectionLimit}`, sql: `ALTER ROLE ${q} CONNECTION LIMIT ${r.connectionLimit}` });
    }
    if ((l?.comment ?? null) !== roleMarker(r.key)) first.push({ action: 'comment', object: r.name, detail: `role ${r.name} does not carry schemaop's marker`, sql: `COMMENT ON ROLE ${q} IS ${quoteLiteral(roleMarker(r.key))}` });
    const global = new Map<string, string>();
    for (const s of l?.settings ?? []) {
      const { name, value } = settingOf(s.c);
      if (s.db) first.push({ action: 'role_setting', object: r.name, detail: `role ${r.name} has ${name} = ${value} in database ${live.database}, not declared`, sql: `ALTER ROLE ${q} IN DATABASE ${quoteIdent(live.database)} RESET ${quoteIdent(name)}` });
      else global.set(name, value);
    }
    for (const [name, value] of global) if (!(name in r.settings)) first.push({ action: 'role_setting', object: r.name, detail: `role ${r.name} has ${name} = ${value}, not declared`, sql: `ALTER ROLE ${q} RESET ${quoteIdent(name)}` });
    for (const [name, value] of Object.entries(r.settings)) {
      if (global.get(name) !== value) first.push({ action: 'role_setting', object: r.name, detail: global.has(name) ? `role ${r.name} has ${name} = ${global.get(name)}, declared ${value}` : `role ${r.name} lacks ${name} = ${value}`, sql: `ALTER ROLE ${q} SET ${quoteIdent(name)} = ${quoteLiteral(value)}` });
    }
    if (l) {
      // Changing an existing role needs ADMIN on it (PostgreSQL 16+) and more for a superuser.
      const needs = alterNeeds(live, r.name);
      for (const ch of first.slice(mark)) if (needs && !ch.cannot) ch.cannot = `altering role ${r.name} needs ${needs}, which ${me} does not have`;
    }
    const have = l?.memberOf ?? [];
    for (const g of r.memberOf) {
      if (have.some((m) => m.role === g)) continue;
      // A declared group this plan creates is administered by its creator.
      const createdHere = !live.roles.has(g) && [...model.roles.values()].some((x) => x.name === g);
      if (!createdHere && !rightsOf(live, g).admin) refused.push(`${r.at}: roles.${r.key}.member_of: making ${r.name} a member of ${g} needs ADMIN OPTION on ${g}, which ${me} does not have`);
      first.push({ action: 'grant_role', object: r.name, grantee: r.name, detail: `role ${r.name} is not a member of ${g}`, sql: `GRANT ${quoteIdent(g)} TO ${q}` });
    }
    for (const m of have) {
      if (!r.memberOf.includes(m.role)) {
        const { sql, cannot } = revokeMembership(live, m.role, r.name, m.grantor, false);
        last.push({ action: 'revoke_role', object: r.name, grantee: r.name, detail: `role ${r.name} is a member of ${m.role}, not declared`, sql, cannot });
      } else if (m.admin) {
        const { sql, cannot } = revokeMembership(live, m.role, r.name, m.grantor, true);
        last.push({ action: 'revoke_role', object: r.name, grantee: r.name, detail: `role ${r.name} may administer ${m.role} (WITH ADMIN OPTION), not declared`, sql, cannot });
      }
    }
    for (const m of extraMembers(model, live, r)) {
      const { sql, cannot } = revokeMembership(live, r.name, m.role, m.grantor, false);
      const listed = r.members === 'external' || !r.members.length ? '' : ` (members: ${r.members.join(', ')})`;
      last.push({ action: 'revoke_role', object: r.name, grantee: m.role, detail: `${m.role} is a member of ${r.name}, not declared under members${listed}`, sql, cannot });
    }
  }
  return { first, last };
}

function databaseChanges(model: AccessModel, live: LiveState): { grant: AccessChange[]; revoke: AccessChange[] } {
  const grant: AccessChange[] = [];
  const revoke: AccessChange[] = [];
  if (!model.database) return { grant, revoke };
  const db = quoteIdent(live.database);
  const have = new Map<string, AclEntry[]>();
  for (const a of live.databaseAcl) if (a.g !== model.owner || model.database.has(a.g)) have.set(a.g, [...(have.get(a.g) ?? []), a]);
  for (const [g, list] of have) {
    const want = model.database.get(g) ?? [];
    const extra = [...new Set(list.filter((a) => a.o || !want.includes(a.p)).map((a) => a.p))].sort();
    if (extra.length) revoke.push({ action: 'database_revoke', object: `database ${live.database}`, grantee: g, privileges: extra, detail: `${g} has ${extra.join(', ')} on database ${live.database}, not declared`, sql: `REVOKE ${extra.join(', ')} ON DATABASE ${db} FROM ${grantee(g)}` });
  }
  for (const [g, want] of model.database) {
    const missing = want.filter((p) => !(have.get(g) ?? []).some((a) => a.p === p && !a.o));
    if (missing.length) grant.push({ action: 'database_grant', object: `database ${live.database}`, grantee: g, privileges: missing, detail: `${g} lacks ${missing.join(', ')} on database ${live.database}`, sql: `GRANT ${missing.join(', ')} ON DATABASE ${db} TO ${quoteIdent(g)}` });
  }
  return { grant, revoke };
}

// ---------------------------------------------------------------------------------------------
// Default privileges

const sameAcl = (a: AclEntry, b: AclEntry) => a.g === b.g && a.p === b.p && a.o === b.o;

/** What an entry of another role's default privileges gives beyond PostgreSQL's built-in defaults. */
const beyondBuiltin = (d: { objtype: string; schema: string; acl: AclEntry[] }) => d.acl.filter((a) => !(d.schema ? [] : (BUILTIN_DEFAULTS[d.objtype] ?? [])).some((b) => sameAcl(a, b)));

function ownerDefaultsWanted(model: AccessModel, objtype: string): Map<string, Set<string>> {
  const want = new Map<string, Set<string>>();
  const k = MODEL_DEFAULT[objtype];
  if (k) for (const [rk, privs] of Object.entries(model.defaults[k])) if (model.roles.get(rk)!.name !== model.owner) want.set(model.roles.get(rk)!.name, new Set(privs));
  return want;
}

function defaultChanges(model: AccessModel, live: LiveState): { grant: AccessChange[]; revoke: AccessChange[] } {
  const grant: AccessChange[] = [];
  const revoke: AccessChange[] = [];
  const what = (role: string, kind: string, schema: string) => `default privileges of ${role} on ${kind.toLowerCase()}${schema ? ` in schema ${schema}` : ''}`;
  if (model.owner) {
    const forRole = `ALTER DEFAULT PRIVILEGES FOR ROLE ${quoteIdent(model.owner)}`;
    for (const d of live.defaults) {
      const kind = DEFAULT_KIND[d.objtype];
      if (!kind) continue;
      const inSchema = d.schema ? ` IN SCHEMA ${quoteIdent(d.schema)}` : '';
      const want = d.schema ? new Map<string, Set<string>>() : ownerDefaultsWanted(model, d.objtype);
      const have = new Map<string, AclEntry[]>();
      for (const a of d.acl) if (a.g !== model.owner) have.set(a.g, [...(have.get(a.g) ?? []), a]);
      for (const [g, list] of have) {
        const extra = list.filter((a) => a.o || !want.get(g)?.has(a.p)).map((a) => a.p);
        if (extra.length) revoke.push({ action: 'default_revoke', object: what(model.owner, kind, d.schema), grantee: g, privileges: extra, detail: `objects ${model.owner} creates later would give ${g} ${extra.join(', ')}`, sql: `${forRole}${inSchema} REVOKE ${extra.join(', ')} ON ${kind} FROM ${grantee(g)}` });
      }
      for (const [g, privs] of want) {
        const missing = [...privs].filter((p) => !(have.get(g) ?? []).some((a) => a.p === p && !a.o));
        if (missing.length) grant.push({ action: 'default_grant', object: what(model.owner, kind, d.schema), grantee: g, privileges: missing, detail: `objects ${model.owner} creates later would not give ${g} ${missing.join(', ')}`, sql: `${forRole}${inSchema} GRANT ${missing.join(', ')} ON ${kind} TO ${grantee(g)}` });
      }
    }
  }
  // Any other role's default privileges may only narrow PostgreSQL's defaults, never widen them.
  for (const d of live.otherDefaults) {
    const kind = DEFAULT_KIND[d.objtype];
    if (!kind) continue;
    const byGrantee = new Map<string, string[]>();
    for (const a of beyondBuiltin(d)) byGrantee.set(a.g, [...(byGrantee.get(a.g) ?? []), a.p]);
    for (const [g, privs] of byGrantee) {
      const list = [...new Set(privs)].sort();
      revoke.push({
        action: 'default_revoke',
        object: what(d.role, kind, d.schema),
        grantee: g,
        privileges: list,
        detail: `objects ${d.role} creates later${d.schema ? ` in schema ${d.schema}` : ''} would give ${g} ${list.join(', ')}, not declared`,
        sql: `ALTER DEFAULT PRIVILEGES FOR ROLE ${quoteIdent(d.role)}${d.schema ? ` IN SCHEMA ${quoteIdent(d.schema)}` : ''} REVOKE ${list.join(', ')} ON ${kind} FROM ${grantee(g)}`,
        // Only a member of the role may change its default privileges.
        cannot: d.role === live.login.name || rightsOf(live, d.role).usage ? undefined : `only a member of ${d.role} may change its default privileges`,
      });
    }
  }
  return { grant, revoke };
}

// ---------------------------------------------------------------------------------------------
// Changes

/** The statements that take the live state to the model, in execution order (see docs/access.md). */
export function accessChanges(model: AccessModel, ddl: Map<string, DdlRelation>, live: LiveState, dropped: string[] = []): AccessChange[] {
  const refused: string[] = [];
  const roles = roleChanges(model, live, refused);
  const db = databaseChanges(model, live);
  const defaults = defaultChanges(model, live);
  const owners: AccessChange[] = [];
  const scope = scopeOf(model, ddl, live, dropped);
  const me = live.login.name;
  // A login that is no superuser grants itself the memberships ownership needs, shown in the plan.
  const logins: AccessChange[] = [];
  if (model.owner && !live.login.superuser) {
    const exists = live.roles.has(model.owner);
    const r = rightsOf(live, model.owner);
    if (!exists || !r.set || !r.usage) {
      if (exists && !r.admin) refused.push(`giving ${model.owner} ownership needs SET on it and its privileges: ${me} is not a member of ${model.owner} and has no ADMIN OPTION on it to make itself one`);
      const pg16 = live.login.version >= PG16 ? '; PostgreSQL 16+ gives the creator of a role only ADMIN on it' : '';
      logins.push({
        action: 'login_grant',
        object: model.owner,
        grantee: me,
        detail: `${me} is no superuser: it becomes a member of ${model.owner} to give it ownership (SET) and to change and grant what it owns (INHERIT)${pg16}`,
        sql: loginGrant(live, model.owner, true),
      });
    }
  }
  const actAs = new Set<string>();
  /** Ownership passes only from a role whose privileges the login has: become a member, or refuse. */
  const from = (old: string, what: string) => {
    if (live.login.superuser || old === me || old === model.owner || actAs.has(old) || rightsOf(live, old).usage) return;
    actAs.add(old);
    const r = rightsOf(live, old);
    if (r.admin && !r.superuser) {
      logins.push({ action: 'login_grant', object: old, grantee: me, detail: `${me} becomes a member of ${old} (INHERIT, no SET) to transfer what ${old} owns (${what}) to ${model.owner}`, sql: loginGrant(live, old, false) });
    } else {
      refused.push(`transferring ${what} from ${old} to ${model.owner} needs the privileges of ${old}: ${me} is not a member of ${old} and has no ADMIN OPTION on it${r.superuser ? ` (${old} is a superuser)` : ''}`);
    }
  };
  if (model.owner) {
    const to = quoteIdent(model.owner);
    for (const s of model.schemas) {
      const l = live.schemas.get(s);
      if (l && l.owner !== model.owner) {
        from(l.owner, `schema ${s}`);
        owners.push({ action: 'owner', object: s, detail: `schema ${s} is owned by ${l.owner}`, sql: `ALTER SCHEMA ${quoteIdent(s)} OWNER TO ${to}` });
      }
    }
    for (const r of scope) {
      const l = live.relations.get(r.object);
      // Sequences of serial and identity columns follow their table.
      if (l?.ownedSeq || (!l && r.type === 'sequence')) continue;
      if (l && l.owner !== model.owner) from(l.owner, `${r.type} ${r.object}`);
      if (!l || l.owner !== model.owner) owners.push({ action: 'owner', object: r.object, detail: l ? `${r.type} ${r.object} is owned by ${l.owner}` : `${r.type} ${r.object} is created by this plan`, sql: `ALTER ${ALTER[r.type]} ${r.ident} OWNER TO ${to}` });
    }
    for (const f of live.functions) {
      if (f.owner === model.owner) continue;
      from(f.owner, `function ${f.object}`);
      owners.push({ action: 'owner', object: f.object, detail: `function ${f.object} is owned by ${f.owner}`, sql: `ALTER ROUTINE ${f.ident} OWNER TO ${to}` });
    }
    for (const t of live.types) {
      if (t.owner === model.owner) continue;
      from(t.owner, `${TYPE_KIND(t.typtype)} ${t.object}`);
      owners.push({ action: 'owner', object: t.object, detail: `${TYPE_KIND(t.typtype)} ${t.object} is owned by ${t.owner}`, sql: `ALTER ${ALTER[TYPE_KIND(t.typtype)]} ${t.ident} OWNER TO ${to}` });
    }
  }
  if (refused.length) throw new AccessRefused(me, refused);
  const desired = desiredEntries(model, scope, live);
  const current = liveEntries(model, scope, live);
  const dKeys = new Set(desired.map(key));
  const revoke = current.filter((e) => !dKeys.has(key(e)));
  // REVOKE at table level also revokes that privilege on every column: re-grant declared ones after it.
  const tableRevokes = new Set(revoke.filter((e) => !e.column).map((e) => `${e.ident}|${e.grantee}|${e.priv}`));
  const after = new Set(current.filter((e) => dKeys.has(key(e)) && !(e.column && tableRevokes.has(`${e.ident}|${e.grantee}|${e.priv}`))).map(key));
  const grant = desired.filter((e) => !after.has(key(e)));
  // New privileges first, then revokes, then column grants (after the table-level revokes).
  const all = [
    ...roles.first,
    ...logins,
    ...db.grant,
    ...owners,
    ...grantStatements('grant', grant.filter((e) => !e.column)),
    ...defaults.grant,
    ...grantStatements('revoke', revoke.filter((e) => !e.column)),
    ...grantStatements('revoke', revoke.filter((e) => e.column)),
    ...grantStatements('grant', grant.filter((e) => e.column)),
    ...db.revoke,
    ...defaults.revoke,
    ...roles.last,
  ];
  // What the login may not run stays in the list (drift sees it), never runs, and says why.
  for (const ch of all) {
    if (!ch.cannot) continue;
    ch.detail = `${ch.detail}; ${me} cannot change it: ${ch.cannot}`;
    ch.sql = `-- not run as ${me}: ${ch.sql}`;
  }
  return all;
}

/** The changes the applying login runs (without those it may not). */
export const runnable = (changes: AccessChange[]) => changes.filter((c) => !c.cannot);

/** Relations the schema plan drops, from its statements (left out of the scope). */
export const droppedRelations = (statements: { kind: string; objectType: string; object: string }[]) =>
  statements.filter((s) => s.kind.startsWith('drop_') && ['table', 'view', 'materialized view', 'sequence', 'foreign table'].includes(s.objectType)).map((s) => s.object);

/** What must change to reach the model, in execution order. */
export async function planAccess(c: Client, access: LoadedAccess, opts: { dropped?: string[] } = {}): Promise<AccessChange[]> {
  return accessChanges(access.model, access.ddl, await readManaged(c, access), opts.dropped ?? []);
}

/** Applies until a fresh re-plan is empty, in one transaction unless told it runs inside one. */
export async function applyAccess(c: Client, access: LoadedAccess, opts: { transaction?: boolean } = {}): Promise<{ changes: AccessChange[]; state: AccessState }> {
  const own = opts.transaction !== false;
  const ran: AccessChange[] = [];
  if (own) await c.query('BEGIN');
  try {
    for (let round = 0; round < 3; round++) {
      const todo = runnable(await planAccess(c, access));
      if (todo.length === 0) break;
      for (const ch of todo) {
        try {
          await c.query(ch.sql);
        } catch (e) {
          throw new SchemaopError(`grants: statement failed: ${(e as Error).message}\n  ${ch.sql}`, EXIT.error);
        }
        ran.push(ch);
      }
    }
    const live = await readManaged(c, access);
    const left = runnable(accessChanges(access.model, access.ddl, live));
    if (left.length) throw new SchemaopError(`grants: the catalog does not match the access model after applying; still different:\n  ${left.map((x) => x.sql).join('\n  ')}`, EXIT.error);
    if (own) await c.query('COMMIT');
    return { changes: ran, state: stateOf(access.model, access.ddl, live, 'live') };
  } catch (e) {
    if (own) await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// State

const sortRecord = <T>(r: Record<string, T>): Record<string, T> => Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

function privilegesOf(entries: Entry[]): AccessState['privileges'] {
  const out: Record<string, Record<string, Set<string>>> = {};
  for (const e of entries) {
    const k = e.column ? `column ${e.object}(${e.column})` : `${e.type} ${e.object}`;
    const byG = (out[k] ??= {});
    (byG[e.grantee] ??= new Set()).add(e.priv + (e.grantable ? '*' : ''));
  }
  return sortRecord(Object.fromEntries(Object.entries(out).map(([k, v]) => [k, sortRecord(Object.fromEntries(Object.entries(v).map(([g, s]) => [g, [...s].sort()])))])));
}

const aclRecord = (acl: AclEntry[], skip: (g: string) => boolean = () => false) => {
  const out: Record<string, string[]> = {};
  for (const a of acl) if (!skip(a.g)) (out[a.g] ??= []).push(a.p + (a.o ? '*' : ''));
  return sortRecord(Object.fromEntries(Object.entries(out).map(([g, l]) => [g, [...new Set(l)].sort()])));
};

function stateOf(model: AccessModel, ddl: Map<string, DdlRelation>, live: LiveState, which: 'live' | 'desired', dropped: string[] = []): AccessState {
  const scope = scopeOf(model, ddl, live, dropped);
  const roles: AccessState['roles'] = {};
  for (const r of model.roles.values()) {
    const l = live.roles.get(r.name);
    if (which === 'live') {
      if (!l) {
        roles[r.name] = null;
        continue;
      }
      const settings: Record<string, string> = {};
      for (const s of l.settings) {
        const { name, value } = settingOf(s.c);
        settings[s.db ? `${live.database}/${name}` : name] = value;
      }
      roles[r.name] = {
        login: l.login,
        superuser: l.superuser,
        createrole: l.createrole,
        createdb: l.createdb,
        replication: l.replication,
        bypassrls: l.bypassrls,
        inherit: l.inherit,
        connectionLimit: l.connectionLimit,
        settings: sortRecord(settings),
        memberOf: [...new Set(l.memberOf.map((m) => m.role + (m.admin ? ' (admin)' : '')))].sort(),
        ...(r.members !== 'external' ? { members: [...new Set(l.members.filter((m) => !declaredOrListed(model, r.members, m.role)).map((m) => m.role))].sort() } : {}),
        comment: l.comment,
      };
    } else {
      const revoked = new Set(extraMembers(model, live, r).map((m) => m.role));
      roles[r.name] = {
        login: r.login ?? l?.login ?? false,
        superuser: r.superuser,
        createrole: r.createrole,
        createdb: r.createdb,
        replication: r.replication,
        bypassrls: r.bypassrls,
        inherit: r.inherit,
        connectionLimit: r.connectionLimit,
        settings: sortRecord({ ...r.settings }),
        memberOf: [...r.memberOf].sort(),
        ...(r.members !== 'external' ? { members: [...new Set((l?.members ?? []).filter((m) => !declaredOrListed(model, r.members, m.role) && !revoked.has(m.role)).map((m) => m.role))].sort() } : {}),
        comment: roleMarker(r.key),
      };
    }
  }
  let database: AccessState['database'] = {};
  if (model.database) {
    database =
      which === 'live'
        ? aclRecord(live.databaseAcl, (g) => g === model.owner && !model.database!.has(g))
        : sortRecord(Object.fromEntries([...model.database].filter(([, p]) => p.length)));
  }
  const owners: AccessState['owners'] = {};
  if (model.owner) {
    for (const s of model.schemas) {
      const l = live.schemas.get(s);
      if (l) owners[`schema ${s}`] = which === 'live' ? l.owner : model.owner;
    }
    for (const r of scope) {
      const l = live.relations.get(r.object);
      if (which === 'live' ? l : !(r.type === 'sequence' && !l)) owners[`${r.type} ${r.object}`] = which === 'live' ? l!.owner : model.owner;
    }
    for (const f of live.functions) owners[`function ${f.object}`] = which === 'live' ? f.owner : model.owner;
    for (const t of live.types) owners[`${TYPE_KIND(t.typtype)} ${t.object}`] = which === 'live' ? t.owner : model.owner;
  }
  const privileges = privilegesOf(which === 'live' ? liveEntries(model, scope, live) : desiredEntries(model, scope, live));
  const defaults: AccessState['defaults'] = {};
  const dkey = (role: string, objtype: string, schema: string) => `${role} ${DEFAULT_KIND[objtype].toLowerCase()}${schema ? ` in ${schema}` : ''}`;
  if (model.owner) {
    for (const d of live.defaults) {
      if (!DEFAULT_KIND[d.objtype]) continue;
      if (which === 'live') defaults[dkey(model.owner, d.objtype, d.schema)] = aclRecord(d.acl, (g) => g === model.owner);
      else if (!d.schema) defaults[dkey(model.owner, d.objtype, '')] = sortRecord(Object.fromEntries([...ownerDefaultsWanted(model, d.objtype)].map(([g, s]) => [g, [...s].sort()])));
    }
  }
  if (which === 'live') {
    for (const d of live.otherDefaults) {
      if (!DEFAULT_KIND[d.objtype]) continue;
      const extra = aclRecord(beyondBuiltin(d));
      if (Object.keys(extra).length) defaults[dkey(d.role, d.objtype, d.schema)] = extra;
    }
  }
  return { roles: sortRecord(roles), database, owners: sortRecord(owners), privileges, defaults: sortRecord(defaults) };
}

/** The live access state of everything the model manages. */
export async function readAccess(c: Client, access: LoadedAccess): Promise<AccessState> {
  return stateOf(access.model, access.ddl, await readManaged(c, access), 'live');
}

/** The state the model asks for, in the shape of readAccess. */
export async function desiredAccess(c: Client, access: LoadedAccess, opts: { dropped?: string[] } = {}): Promise<AccessState> {
  const live = await readManaged(c, access);
  // What the login may not do is refused here too, so that a preview fails, not the update after it.
  accessChanges(access.model, access.ddl, live, opts.dropped ?? []);
  return stateOf(access.model, access.ddl, live, 'desired', opts.dropped ?? []);
}

const pathKey = (k: string) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`);

/** Field-by-field differences of two states (for a detailed diff). */
export function diffAccessState(from: AccessState, to: AccessState): { path: string; from: unknown; to: unknown }[] {
  const out: { path: string; from: unknown; to: unknown }[] = [];
  const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
  const walk = (a: unknown, b: unknown, p: string) => {
    if (isRecord(a) && isRecord(b)) {
      for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) walk(a[k], b[k], p + pathKey(k));
    } else if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ path: p.replace(/^\./, ''), from: a, to: b });
  };
  walk(from, to, '');
  return out;
}

/**
 * For destroy: revokes everything the declared roles were given in this database (DROP OWNED after
 * the owner's objects are handed to the connecting role, so no object is dropped), then drops the
 * roles schemaop created. A role without schemaop's marker is left alone.
 */
export async function dropAccess(c: Client, access: LoadedAccess): Promise<AccessChange[]> {
  const live = await readManaged(c, access);
  const ran: AccessChange[] = [];
  const run = async (ch: AccessChange) => {
    await c.query(ch.sql);
    ran.push(ch);
  };
  await c.query('BEGIN');
  try {
    for (const r of access.model.roles.values()) {
      const l = live.roles.get(r.name);
      if (!l || l.comment !== roleMarker(r.key)) continue;
      const q = quoteIdent(r.name);
      // REASSIGN / DROP OWNED need the role's privileges: a login that is no superuser (PostgreSQL
      // 16+: only ADMIN on the roles it created) becomes a member first; DROP ROLE ends it.
      if (!rightsOf(live, r.name).usage) await run({ action: 'login_grant', object: r.name, grantee: live.login.name, detail: `${live.login.name} acts with the privileges of ${r.name} to drop what it owns and was given`, sql: loginGrant(live, r.name, false) });
      if (r.owner) await run({ action: 'owner', object: r.name, detail: `objects owned by ${r.name} are handed to ${live.currentUser}`, sql: `REASSIGN OWNED BY ${q} TO CURRENT_USER` });
      await run({ action: 'revoke', object: r.name, detail: `privileges and default privileges of ${r.name} are revoked`, sql: `DROP OWNED BY ${q}` });
    }
    for (const r of access.model.roles.values()) {
      const l = live.roles.get(r.name);
      if (!l || l.comment !== roleMarker(r.key)) continue;
      await run({ action: 'revoke_role', object: r.name, detail: `role ${r.name} is dropped`, sql: `DROP ROLE ${quoteIdent(r.name)}` });
    }
    await c.query('COMMIT');
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw new SchemaopError(`access: cannot drop the declared roles: ${(e as Error).message} (a role that still has privileges in another database must be cleaned there first)`, EXIT.error);
  }
  return ran;
}
