// The access model: access/access.yaml declares the roles, which role owns the schema, the grants
// (with column-level grants that keep secret columns of credential tables from the roles that do
// not need them) and the default privileges of objects created later. Passwords are never part
// of it: roles are NOLOGIN groups, or get LOGIN here and their password from the platform.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { SchemaopError } from '../errors';
import type { DdlRelation } from '../engine/ddl-relations';
import { qualify } from '../engine/ddl-relations';
import { EXIT } from '../exit-codes';

export const ACCESS_FILE = 'access.yaml';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const TABLE_PRIVS = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'] as const;
const COLUMN_PRIVS = ['SELECT', 'INSERT', 'UPDATE', 'REFERENCES'];
const PRIVS = {
  tables: [...TABLE_PRIVS],
  sequences: ['USAGE', 'SELECT', 'UPDATE'],
  schemas: ['USAGE', 'CREATE'],
  functions: ['EXECUTE'],
  types: ['USAGE'],
} as const;
export const DATABASE_PRIVS = ['CONNECT', 'TEMPORARY', 'CREATE'] as const;

const selector = z.union([z.literal('*'), z.array(z.string().min(1)).min(1)]);
const upper = z.string().transform((s) => s.toUpperCase());

const Role = z
  .object({
    /** Role name; `{env}` and `{database}` are replaced (roles are cluster-wide: one set per environment). */
    name: z.string().min(1),
    /** The role that owns the schema and every object in it (exactly one). */
    owner: z.boolean().default(false),
    /** Managed when given; the password never is (see README). */
    login: z.boolean().optional(),
    superuser: z.boolean().default(false),
    createrole: z.boolean().default(false),
    createdb: z.boolean().default(false),
    replication: z.boolean().default(false),
    bypassrls: z.boolean().default(false),
    inherit: z.boolean().default(true),
    /** CONNECTION LIMIT; -1: none. */
    connection_limit: z.number().int().min(-1).default(-1),
    /** ALTER ROLE ... SET name = value; every other setting of the role is reset. */
    settings: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_.]*$/), z.union([z.string(), z.number(), z.boolean()]).transform(String)).default({}),
    /** Declared roles (by key) or predefined roles (pg_*) this role is a member of; no other. */
    member_of: z.array(z.string().min(1)).default([]),
    /**
     * The only undeclared roles that may be members of this one (`{env}` replaced); any other member
     * is drift and revoked (default: none). `external`: its members are managed elsewhere (the
     * platform adds its service logins), so they are neither read nor revoked.
     */
    members: z.union([z.literal('external'), z.array(z.string().min(1))]).default([]),
    description: z.string().optional(),
  })
  .strict();

const Grant = z
  .object({
    roles: z.array(z.string().regex(NAME)).min(1),
    tables: selector.optional(),
    sequences: selector.optional(),
    schemas: z.array(z.string().regex(NAME)).optional(),
    functions: selector.optional(),
    types: selector.optional(),
    except: z.array(z.string()).default([]),
    /** Column-level grant of these columns (tables only). */
    columns: z.array(z.string().regex(NAME)).optional(),
    /** SELECT includes the secret columns of credential tables (default: non-secret columns only). */
    secrets: z.boolean().default(false),
    privileges: z.array(upper).min(1),
  })
  .strict();

const Defaults = z.record(z.string().regex(NAME), z.array(upper)).default({});

export const AccessFileSchema = z
  .object({
    schemas: z.array(z.string().regex(NAME)).min(1).default(['public']),
    roles: z.record(z.string().regex(NAME), Role),
    /** Credential tables and the only columns of each that SELECT may read (an allow list: a new column is secret until listed). */
    readable_columns: z.record(z.string(), z.array(z.string().regex(NAME))).default({}),
    /** The former deny list: refused with a message that says what replaces it. */
    secret_columns: z.unknown().optional(),
    /** Privileges on the target database; PUBLIC gets none. Absent: the database's ACL is not managed. */
    database: z.object({ privileges: z.record(z.string().regex(NAME), z.array(upper)).default({}) }).strict().optional(),
    grants: z.array(Grant).default([]),
    default_privileges: z
      .object({ tables: Defaults, sequences: Defaults, functions: Defaults, types: Defaults })
      .strict()
      .default({ tables: {}, sequences: {}, functions: {}, types: {} }),
  })
  .strict();

export type AccessFile = z.infer<typeof AccessFileSchema>;
export type GrantRule = z.infer<typeof Grant>;

export interface ModelRole {
  key: string;
  name: string;
  owner: boolean;
  login?: boolean;
  superuser: boolean;
  createrole: boolean;
  createdb: boolean;
  replication: boolean;
  bypassrls: boolean;
  inherit: boolean;
  connectionLimit: number;
  settings: Record<string, string>;
  /** Role names (declared or predefined) it is a member of. */
  memberOf: string[];
  /** Undeclared roles that may be members; `external`: membership managed elsewhere. */
  members: string[] | 'external';
  description?: string;
  /** `access/access.yaml:line:col` of its name, for messages. */
  at: string;
}

export interface AccessModel {
  file: string;
  schemas: string[];
  /** Role key → resolved role. */
  roles: Map<string, ModelRole>;
  owner?: string;
  /** `schema.table` → secret columns: the columns schema/ declares that readable_columns does not list. */
  secrets: Map<string, string[]>;
  /** `schema.table` → the columns SELECT may read (credential tables). */
  readable: Map<string, string[]>;
  /** Role name → privileges on the database; undefined: not managed. */
  database?: Map<string, string[]>;

  grants: GrantRule[];
  defaults: Record<'tables' | 'sequences' | 'functions' | 'types', Record<string, string[]>>;
}

export interface AccessVars {
  env: string;
  database: string;
}

export class AccessError extends SchemaopError {
  constructor(problems: string[]) {
    super(`invalid access model; nothing was changed:\n  ${problems.join('\n  ')}`, EXIT.invalidSchema);
  }
}

const subst = (s: string, v: AccessVars) => s.replace(/\{(env|database)\}/g, (_, k: keyof AccessVars) => v[k]);

/** access/access.yaml as read and validated on its own, with where each of its paths is written. */
export interface AccessSource {
  /** The file, relative to the project. */
  file: string;
  data: z.infer<typeof AccessFileSchema>;
  /** `file:line:col` of a path in the file. */
  at: (p: (string | number)[]) => string;
}

/**
 * Reads and validates access/access.yaml by itself (a function of the file alone, so that a plan
 * reads it while it connects); undefined when the folder has no model.
 */
export async function readAccessFile(dir: string, root = path.dirname(dir)): Promise<AccessSource | undefined> {
  const full = path.join(dir, ACCESS_FILE);
  let text: string;
  try {
    text = await fs.readFile(full, 'utf8');
  } catch {
    return undefined;
  }
  const file = path.relative(root, full).split(path.sep).join('/');
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  const at = (p: (string | number)[]) => {
    let node: unknown;
    for (let k = p.length; k > 0 && !node; k--) node = doc.getIn(p.slice(0, k), true);
    const r = (node as { range?: [number, number] } | undefined)?.range;
    const pos = lc.linePos(r ? r[0] : 0);
    return `${file}:${pos.line}:${pos.col}`;
  };
  if (doc.errors.length) throw new AccessError(doc.errors.map((e) => `${file}:${lc.linePos(e.pos[0]).line}:${lc.linePos(e.pos[0]).col}: ${e.message.split('\n')[0]}`));
  const parsed = AccessFileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    throw new AccessError(parsed.error.issues.map((i) => `${at(i.path as (string | number)[])}: ${(i.path as (string | number)[]).join('.')}: ${i.message}`));
  }
  return { file, data: parsed.data, at };
}

/** Loads and validates access/access.yaml against schema/; undefined when the folder has no model. */
export async function loadAccess(
  dir: string,
  vars: AccessVars,
  relations: Map<string, DdlRelation>,
  root = path.dirname(dir),
  source: Promise<AccessSource | undefined> = readAccessFile(dir, root),
): Promise<AccessModel | undefined> {
  const src = await source;
  if (!src) return undefined;
  const { file, data: f, at } = src;
  const problems: string[] = [];
  const roles: AccessModel['roles'] = new Map();
  const names = new Set<string>();
  for (const [key, r] of Object.entries(f.roles)) {
    const name = subst(r.name, vars);
    if (!/^[A-Za-z_][A-Za-z0-9_$-]*$/.test(name) || name.length > 63) problems.push(`${at(['roles', key, 'name'])}: roles.${key}.name: ${JSON.stringify(name)} is not a valid role name (letters, digits, _; at most 63 characters)`);
    if (/^(pg_|public$)/i.test(name)) problems.push(`${at(['roles', key, 'name'])}: roles.${key}.name: ${name} is reserved`);
    if (names.has(name)) problems.push(`${at(['roles', key, 'name'])}: roles.${key}.name: ${name} is used by another role`);
    names.add(name);
    roles.set(key, {
      key,
      name,
      owner: r.owner,
      login: r.login,
      superuser: r.superuser,
      createrole: r.createrole,
      createdb: r.createdb,
      replication: r.replication,
      bypassrls: r.bypassrls,
      inherit: r.inherit,
      connectionLimit: r.connection_limit,
      settings: r.settings,
      memberOf: [],
      members: r.members === 'external' ? 'external' : r.members.map((m) => subst(m, vars)),
      description: r.description,
      at: at(['roles', key, 'name']),
    });
  }
  for (const [key, r] of Object.entries(f.roles)) {
    const role = roles.get(key)!;
    r.member_of.forEach((m, i) => {
      if (roles.has(m)) role.memberOf.push(roles.get(m)!.name);
      else if (/^pg_[a-z_]+$/.test(m)) role.memberOf.push(m);
      else problems.push(`${at(['roles', key, 'member_of', i])}: roles.${key}.member_of: ${m} is neither a declared role nor a predefined pg_* role`);
    });
    if (r.member_of.includes(key)) problems.push(`${at(['roles', key, 'member_of'])}: roles.${key}.member_of: a role cannot be a member of itself`);
    role.memberOf.sort();
  }
  const owners = [...roles.values()].filter((r) => r.owner);
  if (owners.length > 1) problems.push(`${at(['roles'])}: roles: only one role can own the schema (${owners.map((r) => r.key).join(', ')})`);
  if (f.secret_columns !== undefined) {
    // Say exactly what to write instead: the columns that are readable today.
    const old = (f.secret_columns && typeof f.secret_columns === 'object' ? f.secret_columns : {}) as Record<string, unknown>;
    const now = Object.entries(old).map(([t, cols]) => `${t}: [${(relations.get(qualify(t))?.columns ?? []).map((c) => c.name).filter((c) => !(Array.isArray(cols) && cols.includes(c))).join(', ')}]`);
    problems.push(`${at(['secret_columns'])}: secret_columns: a deny list lets a new column through; list the columns that may be read under readable_columns instead (every other column is secret)${now.length ? `: readable_columns: {${now.join(', ')}}` : ''}`);
  }
  const secrets = new Map<string, string[]>();
  const readable = new Map<string, string[]>();
  for (const [t, cols] of Object.entries(f.readable_columns)) {
    const q = qualify(t);
    const rel = relations.get(q);
    if (!rel || rel.kind !== 'table') problems.push(`${at(['readable_columns', t])}: readable_columns.${t}: not a table declared in schema/`);
    else {
      for (const c of cols) if (!rel.columns.some((x) => x.name === c)) problems.push(`${at(['readable_columns', t])}: readable_columns.${t}: ${q} has no column ${c}`);
      secrets.set(q, rel.columns.map((x) => x.name).filter((c) => !cols.includes(c)));
    }
    readable.set(q, cols);
  }
  let database: Map<string, string[]> | undefined;
  if (f.database) {
    database = new Map();
    for (const [r, privs] of Object.entries(f.database.privileges)) {
      if (!roles.has(r)) problems.push(`${at(['database', 'privileges', r])}: database.privileges.${r}: not a declared role (PUBLIC never gets anything)`);
      for (const p of privs) if (!(DATABASE_PRIVS as readonly string[]).includes(p)) problems.push(`${at(['database', 'privileges', r])}: database.privileges.${r}: ${p} is not a privilege on a database (allowed: ${DATABASE_PRIVS.join(', ')})`);
      if (roles.has(r)) database.set(roles.get(r)!.name, [...new Set(privs)].sort());
    }
  }
  f.grants.forEach((g, i) => {
    const where = at(['grants', i]);
    for (const r of g.roles) if (!roles.has(r)) problems.push(`${where}: grants[${i}].roles: ${r} is not declared under roles (PUBLIC never gets anything)`);
    const kinds = (['tables', 'sequences', 'schemas', 'functions', 'types'] as const).filter((k) => g[k] !== undefined);
    if (kinds.length !== 1) {
      problems.push(`${where}: grants[${i}]: give exactly one of tables, sequences, schemas, functions, types`);
      return;
    }
    const kind = kinds[0];
    const allowed: readonly string[] = g.columns ? COLUMN_PRIVS : PRIVS[kind];
    for (const p of g.privileges) if (!allowed.includes(p)) problems.push(`${where}: grants[${i}].privileges: ${p} cannot be granted on ${g.columns ? 'columns' : kind} (allowed: ${allowed.join(', ')})`);
    if (g.columns && kind !== 'tables') problems.push(`${where}: grants[${i}].columns: only for tables`);
    if (kind === 'tables' && Array.isArray(g.tables)) {
      for (const t of g.tables) {
        const rel = relations.get(qualify(t));
        if (!rel) problems.push(`${where}: grants[${i}].tables: ${t} is not declared in schema/`);
        else if (g.columns) for (const c of g.columns) if (!rel.columns.some((x) => x.name === c)) problems.push(`${where}: grants[${i}].columns: ${qualify(t)} has no column ${c}`);
      }
    }
    if (g.columns && g.tables === '*') problems.push(`${where}: grants[${i}].columns: name the tables`);
    if (kind === 'schemas') for (const s of g.schemas!) if (!f.schemas.includes(s)) problems.push(`${where}: grants[${i}].schemas: ${s} is not a managed schema (schemas: ${f.schemas.join(', ')})`);
  });
  for (const [kind, m] of Object.entries(f.default_privileges) as [keyof typeof PRIVS, Record<string, string[]>][]) {
    for (const [r, privs] of Object.entries(m)) {
      if (!roles.has(r)) problems.push(`${at(['default_privileges', kind, r])}: default_privileges.${kind}.${r}: not a declared role (PUBLIC never gets anything)`);
      for (const p of privs) if (!(PRIVS[kind] as readonly string[]).includes(p)) problems.push(`${at(['default_privileges', kind, r])}: default_privileges.${kind}.${r}: ${p} is not a privilege on ${kind}`);
    }
  }
  if (problems.length) throw new AccessError(problems);
  return { file, schemas: f.schemas, roles, owner: owners[0]?.name, secrets, readable, database, grants: f.grants, defaults: f.default_privileges };
}
