// The live access state, read from the catalog: the declared roles (attributes, settings,
// memberships, comment), the database's ACL, owners and ACLs of the managed schemas' objects
// (aclexplode of relacl / attacl / nspacl / proacl / typacl) and every default-privilege entry of
// the database. Never a password (rolpassword is not read).
import type { Client } from '../db/connect';
import type { AccessModel } from './model';
import { dottedKey } from '../pg/identity';
import { notExtensionMember } from '../pg/catalog-sql';

export type ObjType = 'table' | 'view' | 'materialized view' | 'foreign table' | 'sequence' | 'schema' | 'function' | 'type' | 'domain';

export interface AclEntry {
  /** The grantee's role name, or PUBLIC. */
  g: string;
  p: string;
  /** WITH GRANT OPTION. */
  o: boolean;
}

export interface LiveRole {
  oid: number;
  login: boolean;
  superuser: boolean;
  createrole: boolean;
  createdb: boolean;
  replication: boolean;
  bypassrls: boolean;
  inherit: boolean;
  connectionLimit: number;
  comment: string | null;
  /** Memberships of this role: the group, who granted it, with ADMIN OPTION. */
  memberOf: { role: string; grantor: string; admin: boolean }[];
  /** Members of this role. */
  members: { role: string; grantor: string; superuser: boolean }[];
  /** `name=value`: database-wide (db false) or in this database. */
  settings: { db: boolean; c: string }[];
}

export interface LiveRelation {
  schema: string;
  name: string;
  relkind: string;
  owner: string;
  ownedSeq: boolean;
  /** The table owning this sequence (serial, identity). */
  ownedBy: { schema: string; name: string } | null;
  acl: AclEntry[];
  colacl: (AclEntry & { c: string })[];
  columns: string[];
}

export interface LiveRoutine {
  ident: string;
  object: string;
  schema: string;
  name: string;
  owner: string;
  acl: AclEntry[];
}

export interface LiveType extends LiveRoutine {
  /** e: enum, d: domain, r: range, c: composite. */
  typtype: string;
}

export interface LiveDefaults {
  role: string;
  /** r, S, f, T, n (pg_default_acl.defaclobjtype). */
  objtype: string;
  /** '' for database-wide entries. */
  schema: string;
  acl: AclEntry[];
}

/** server_version_num of PostgreSQL 16, which changed what CREATEROLE may do. */
export const PG16 = 160000;

/** The applying login (current_user): what it may do without being a superuser. */
export interface LiveLogin {
  name: string;
  superuser: boolean;
  createrole: boolean;
  createdb: boolean;
  replication: boolean;
  bypassrls: boolean;
  /** server_version_num: PostgreSQL 16 changed what CREATEROLE may do. */
  version: number;
}

/** What the applying login may do with one role (pg_has_role; all true for a superuser). */
export interface RoleRights {
  /** It has the role's privileges (USAGE: an owner's rights over the role's objects). */
  usage: boolean;
  /** It may SET ROLE to it (PostgreSQL 16+; MEMBER before): give it ownership. */
  set: boolean;
  /** It may grant and revoke the role's membership and alter the role (ADMIN OPTION; CREATEROLE before 16). */
  admin: boolean;
  superuser: boolean;
}

export interface LiveState {
  database: string;
  login: LiveLogin;
  /** The login's rights on every role the state names (declared roles, owners, grantors, members). */
  rights: Map<string, RoleRights>;
  /** The role this session runs as, and its session user. */
  currentUser: string;
  sessionUser: string;
  roles: Map<string, LiveRole>;
  /** The database's ACL without its owner's own entries. */
  databaseAcl: AclEntry[];
  schemas: Map<string, { owner: string; acl: AclEntry[] }>;
  relations: Map<string, LiveRelation>;
  functions: LiveRoutine[];
  types: LiveType[];
  /** The owner role's default privileges: global (built-in ones included) and per schema. */
  defaults: LiveDefaults[];
  /** Every other role's default-privilege entries in this database. */
  otherDefaults: LiveDefaults[];
}

const GRANTEE = `CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END`;
export const ACL = (expr: string, owner: string) =>
  `(SELECT coalesce(json_agg(json_build_object('g', ${GRANTEE}, 'p', a.privilege_type, 'o', a.is_grantable) ORDER BY 1), '[]')
      FROM aclexplode(${expr}) a WHERE a.grantee <> ${owner})`;


/** The built-in default privileges of objects a role creates (PostgreSQL's acldefault), for others than the role. */
export const BUILTIN_DEFAULTS: Record<string, AclEntry[]> = {
  r: [],
  S: [],
  f: [{ g: 'PUBLIC', p: 'EXECUTE', o: false }],
  T: [{ g: 'PUBLIC', p: 'USAGE', o: false }],
  n: [],
};

export async function readLive(c: Client, model: AccessModel): Promise<LiveState> {
  const roleNames = [...model.roles.values()].map((r) => r.name);
  const who = (await c.query('SELECT current_database() AS d, current_user AS cu, session_user AS su')).rows[0];
  const roleRows = (
    await c.query(
      `SELECT r.rolname, r.oid::int8 AS oid, r.rolcanlogin AS login, r.rolsuper AS superuser, r.rolcreaterole AS createrole, r.rolcreatedb AS createdb,
              r.rolreplication AS replication, r.rolbypassrls AS bypassrls, r.rolinherit AS inherit, r.rolconnlimit AS "connectionLimit",
              shobj_description(r.oid, 'pg_authid') AS comment,
              (SELECT coalesce(json_agg(json_build_object('role', g.rolname, 'grantor', pg_get_userbyid(m.grantor), 'admin', m.admin_option) ORDER BY g.rolname), '[]')
                 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = r.oid) AS "memberOf",
              (SELECT coalesce(json_agg(json_build_object('role', u.rolname, 'grantor', pg_get_userbyid(m.grantor), 'superuser', u.rolsuper) ORDER BY u.rolname), '[]')
                 FROM pg_auth_members m JOIN pg_roles u ON u.oid = m.member WHERE m.roleid = r.oid) AS members,
              (SELECT coalesce(json_agg(json_build_object('db', s.setdatabase <> 0, 'c', x) ORDER BY s.setdatabase, x), '[]')
                 FROM pg_db_role_setting s CROSS JOIN LATERAL unnest(s.setconfig) x
                WHERE s.setrole = r.oid AND s.setdatabase IN (0, (SELECT oid FROM pg_database WHERE datname = current_database()))) AS settings
         FROM pg_roles r WHERE r.rolname = ANY($1)`,
      [roleNames],
    )
  ).rows;
  const roles = new Map<string, LiveRole>(roleRows.map((r) => [r.rolname as string, { ...r, oid: Number(r.oid) } as LiveRole]));
  const databaseAcl = (await c.query(`SELECT ${ACL('coalesce(d.datacl, acldefault(\'d\', d.datdba))', 'd.datdba')} AS acl FROM pg_database d WHERE d.datname = current_database()`)).rows[0].acl as AclEntry[];
  const schemas = new Map(
    (
      await c.query(`SELECT n.nspname, pg_get_userbyid(n.nspowner) AS owner, ${ACL("coalesce(n.nspacl, acldefault('n', n.nspowner))", 'n.nspowner')} AS acl FROM pg_namespace n WHERE n.nspname = ANY($1)`, [model.schemas])
    ).rows.map((r) => [r.nspname as string, { owner: r.owner as string, acl: r.acl as AclEntry[] }]),
  );
  const rels = await c.query(
    `SELECT n.nspname AS schema, c.relname AS name, c.relkind::text AS relkind, pg_get_userbyid(c.relowner) AS owner,
            EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')) AS "ownedSeq",
            (SELECT json_build_object('schema', tn.nspname, 'name', t.relname) FROM pg_depend d JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = t.relnamespace
              WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') LIMIT 1) AS "ownedBy",
            ${ACL(`coalesce(c.relacl, acldefault(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::"char", c.relowner))`, 'c.relowner')} AS acl,
            (SELECT coalesce(json_agg(json_build_object('c', t.attname, 'g', ${GRANTEE}, 'p', a.privilege_type, 'o', a.is_grantable)), '[]')
               FROM pg_attribute t CROSS JOIN LATERAL aclexplode(t.attacl) a
              WHERE t.attrelid = c.oid AND t.attnum > 0 AND NOT t.attisdropped AND t.attacl IS NOT NULL AND a.grantee <> c.relowner) AS colacl,
            array(SELECT t.attname::text FROM pg_attribute t WHERE t.attrelid = c.oid AND t.attnum > 0 AND NOT t.attisdropped ORDER BY t.attnum) AS columns
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND ${notExtensionMember('pg_class', 'c.oid')}`,
    [model.schemas],
  );
  const relations = new Map<string, LiveRelation>(rels.rows.map((r) => [dottedKey(r.schema, r.name), r as LiveRelation]));
  const functions = (
    await c.query(
      `SELECT format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) AS ident,
              format('%s.%s(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) AS object,
              n.nspname AS schema, p.proname AS name, pg_get_userbyid(p.proowner) AS owner,
              ${ACL(`coalesce(p.proacl, acldefault('f', p.proowner))`, 'p.proowner')} AS acl
         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = ANY($1) AND p.prokind IN ('f', 'p', 'w') AND ${notExtensionMember('pg_proc', 'p.oid')} ORDER BY 1`,
      [model.schemas],
    )
  ).rows as LiveRoutine[];
  // Enums, domains, ranges and free-standing composite types (a table's row type follows the table).
  const types = (
    await c.query(
      `SELECT format('%I.%I', n.nspname, t.typname) AS ident, format('%s.%s', n.nspname, t.typname) AS object, n.nspname AS schema, t.typname AS name,
              pg_get_userbyid(t.typowner) AS owner, t.typtype::text AS typtype,
              ${ACL(`coalesce(t.typacl, acldefault('T', t.typowner))`, 't.typowner')} AS acl
         FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = ANY($1) AND (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c'))
          AND ${notExtensionMember('pg_type', 't.oid')} ORDER BY 1`,
      [model.schemas],
    )
  ).rows as LiveType[];
  let defaults: LiveDefaults[] = [];
  const owner = model.owner;
  if (owner && roles.has(owner)) {
    const o = `(SELECT oid FROM pg_roles WHERE rolname = $1)`;
    defaults = (
      await c.query(
        `SELECT $1::text AS role, t.objtype, '' AS schema, ${ACL(`coalesce((SELECT d.defaclacl FROM pg_default_acl d WHERE d.defaclrole = ${o} AND d.defaclnamespace = 0 AND d.defaclobjtype = t.objtype::"char"), acldefault(t.dflt::"char", ${o}))`, o)} AS acl
           FROM (VALUES ('r', 'r'), ('S', 's'), ('f', 'f'), ('T', 'T'), ('n', 'n')) t(objtype, dflt)
         UNION ALL
         SELECT $1::text, d.defaclobjtype::text, n.nspname, ${ACL('d.defaclacl', o)}
           FROM pg_default_acl d JOIN pg_namespace n ON n.oid = d.defaclnamespace WHERE d.defaclrole = ${o}`,
        [owner],
      )
    ).rows;
  } else if (owner) {
    // The role does not exist yet: PostgreSQL's built-in defaults.
    defaults = Object.entries(BUILTIN_DEFAULTS).map(([objtype, acl]) => ({ role: owner, objtype, schema: '', acl }));
  }
  const otherDefaults = (
    await c.query(
      `SELECT pg_get_userbyid(d.defaclrole) AS role, d.defaclobjtype::text AS objtype, coalesce(n.nspname, '') AS schema, ${ACL('d.defaclacl', 'd.defaclrole')} AS acl
         FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace
        WHERE pg_get_userbyid(d.defaclrole) IS DISTINCT FROM $1::text ORDER BY 1, 2, 3`,
      [owner ?? null],
    )
  ).rows as LiveDefaults[];
  const login = (
    await c.query(
      `SELECT rolname AS name, rolsuper AS superuser, rolcreaterole AS createrole, rolcreatedb AS createdb, rolreplication AS replication, rolbypassrls AS bypassrls,
              current_setting('server_version_num')::int AS version
         FROM pg_roles WHERE rolname = current_user`,
    )
  ).rows[0] as LiveLogin;
  const named = new Set<string>(roleNames);
  for (const r of roles.values()) for (const m of [...r.memberOf, ...r.members]) named.add(m.role).add(m.grantor);
  for (const m of model.roles.values()) for (const g of m.memberOf) named.add(g);
  for (const o of [...schemas.values(), ...relations.values(), ...functions, ...types]) named.add(o.owner);
  for (const d of otherDefaults) named.add(d.role);
  const rights = await roleRights(c, login, [...named]);
  return { database: who.d, login, rights, currentUser: who.cu, sessionUser: who.su, roles, databaseAcl, schemas, relations, functions, types, defaults, otherDefaults };
}

async function roleRights(c: Client, login: LiveLogin, names: string[]): Promise<Map<string, RoleRights>> {
  const set = login.version >= PG16 ? 'SET' : 'MEMBER';
  const rows = (
    await c.query(
      `SELECT r.rolname AS name, r.rolsuper AS superuser, pg_has_role(current_user, r.oid, 'USAGE') AS usage, pg_has_role(current_user, r.oid, '${set}') AS set,
              pg_has_role(current_user, r.oid, 'MEMBER WITH ADMIN OPTION') AS admin
         FROM pg_roles r WHERE r.rolname = ANY($1)`,
      [names],
    )
  ).rows as (RoleRights & { name: string })[];
  // Before PostgreSQL 16, CREATEROLE administers every role that is not a superuser.
  const createrole15 = login.version < PG16 && login.createrole;
  return new Map(rows.map(({ name, ...r }) => [name, { ...r, admin: r.admin || login.superuser || (createrole15 && !r.superuser) }]));
}
