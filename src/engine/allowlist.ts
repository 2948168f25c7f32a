// Which statements a schema file may hold: only those that define schema objects. Decided on the
// real parser's tree before any database is touched, so a plan can never change anything but its
// own scratch database (no roles, no other databases, no server settings, no data, no code run at
// load time). Every refusal says where the statement belongs instead.

import { REFUSED_KINDS } from './kinds';

import type { Node } from '../pg/node';

/** Statements that define, alter or comment on objects inside one database. */
const DEFINES = new Set([
  'CreateStmt', 'ViewStmt', 'IndexStmt', 'CreateFunctionStmt', 'AlterFunctionStmt', 'CreateSeqStmt', 'AlterSeqStmt',
  'AlterTableStmt', 'CreateEnumStmt', 'AlterEnumStmt', 'CompositeTypeStmt', 'CreateRangeStmt', 'DefineStmt',
  'CreateDomainStmt', 'AlterDomainStmt', 'CommentStmt', 'CreateSchemaStmt', 'CreateExtensionStmt', 'AlterExtensionStmt',
  'AlterExtensionContentsStmt', 'CreateTrigStmt', 'RuleStmt', 'CreatePolicyStmt',
  'AlterPolicyStmt', 'CreateStatsStmt', 'AlterStatsStmt', 'AlterObjectSchemaStmt', 'AlterObjectDependsStmt', 'RenameStmt',
  'AlterCollationStmt', 'AlterTSDictionaryStmt', 'AlterTSConfigurationStmt', 'AlterTypeStmt',
  'DropStmt', 'VariableShowStmt', 'CreateCastStmt', 'CreatePublicationStmt', 'AlterPublicationStmt', 'AlterOperatorStmt',
]);

const DATA = 'changes data: reference rows belong in seeds/, declared data changes in schema/backfills/';
const ROLES = 'manages roles, which belong in access/ (declared roles and memberships)';
const PRIVILEGES = 'grants privileges, which belong in access/';
const OWNER = 'changes an owner: ownership belongs in access/ (with pg_dump, use --no-owner --no-privileges)';
const DATABASES = 'manages databases: the target database is chosen with --url, never by a schema file';
const SERVER = 'changes the server, outside any schema';
const RUNS = 'runs code or a query at load time instead of defining an object (define a function, or use schema/backfills/)';

const REFUSED: Record<string, string> = {
  InsertStmt: DATA, UpdateStmt: DATA, DeleteStmt: DATA, MergeStmt: DATA, CopyStmt: DATA, TruncateStmt: DATA,
  CreateRoleStmt: ROLES, AlterRoleStmt: ROLES, AlterRoleSetStmt: ROLES, DropRoleStmt: ROLES, GrantRoleStmt: ROLES,
  ReassignOwnedStmt: OWNER, DropOwnedStmt: ROLES, AlterOwnerStmt: OWNER,
  GrantStmt: PRIVILEGES, AlterDefaultPrivilegesStmt: PRIVILEGES,
  CreatedbStmt: DATABASES, AlterDatabaseStmt: DATABASES, AlterDatabaseSetStmt: DATABASES, DropdbStmt: DATABASES,
  AlterDatabaseRefreshCollStmt: DATABASES,
  AlterSystemStmt: SERVER, CreateTableSpaceStmt: SERVER, DropTableSpaceStmt: SERVER, AlterTableSpaceOptionsStmt: SERVER,
  AlterTableMoveAllStmt: SERVER, LoadStmt: SERVER, CheckPointStmt: SERVER, CreateSubscriptionStmt: 'connects to another server (subscriptions are not schema)',
  AlterSubscriptionStmt: 'connects to another server (subscriptions are not schema)', DropSubscriptionStmt: 'manages a subscription, which is not schema',
  DoStmt: RUNS, CallStmt: RUNS, ExecuteStmt: RUNS, PrepareStmt: RUNS, DeallocateStmt: RUNS, ExplainStmt: RUNS,
  VacuumStmt: 'is maintenance, not schema', ClusterStmt: 'is maintenance, not schema', ReindexStmt: 'is maintenance, not schema',
  RefreshMatViewStmt: 'fills a materialized view with data at load time (declare it WITH DATA or WITH NO DATA instead)',
  NotifyStmt: RUNS, ListenStmt: RUNS, UnlistenStmt: RUNS, LockStmt: RUNS, DiscardStmt: RUNS, DeclareCursorStmt: RUNS,
  FetchStmt: RUNS, ClosePortalStmt: RUNS, ConstraintsSetStmt: RUNS,
};

/** Top-level functions a pg_dump file calls to set up its session; nothing else may be SELECTed. */
function isSessionSetup(select: Node): boolean {
  const keys = Object.keys(select).filter((k) => !['targetList', 'limitOption', 'op'].includes(k));
  if (keys.length) return false;
  return (select.targetList ?? []).every((t: Node) => {
    const f = t.ResTarget?.val?.FuncCall;
    const name = (f?.funcname ?? []).map((x: Node) => x.String?.sval).join('.');
    if (name !== 'pg_catalog.set_config' && name !== 'set_config') return false;
    const setting = f.args?.[0]?.A_Const?.sval?.sval;
    return typeof setting === 'string' && !isIdentitySetting(setting) && (f.args ?? []).every((a: Node) => a.A_Const);
  });
}

const isIdentitySetting = (name: string) => ['role', 'session_authorization'].includes(name.toLowerCase());

/**
 * Why the statement may not be in a schema file, or undefined when it may. `relative` is the
 * statement's location for messages that name a part of it.
 */
export function refusal(stmt: Node): string | undefined {
  const [kind] = Object.keys(stmt);
  const body = stmt[kind] as Node;
  switch (kind) {
    case 'SelectStmt':
      return isSessionSetup(body) ? undefined : 'is a query: a SELECT at the top of a schema file runs at load time (and may have side effects); schema files define objects';
    case 'CreateTableAsStmt':
      return body.objtype === 'OBJECT_MATVIEW' ? undefined : 'creates a table from the rows of a query (data): declare the table with CREATE TABLE';
    case 'VariableSetStmt':
      return isIdentitySetting(body.name ?? '') ? 'changes the session role, which schema files may not do' : undefined;
    case 'TransactionStmt':
      return ['TRANS_STMT_BEGIN', 'TRANS_STMT_START', 'TRANS_STMT_COMMIT'].includes(body.kind) ? undefined : 'controls transactions beyond BEGIN/COMMIT';
    case 'AlterTableStmt':
      return (body.cmds ?? []).some((c: Node) => c.AlterTableCmd?.subtype === 'AT_ChangeOwner') ? OWNER : undefined;
    case 'CreateSchemaStmt':
      if (body.authrole) return OWNER;
      for (const el of body.schemaElts ?? []) {
        const inner = refusal(el);
        if (inner) return inner;
      }
      return undefined;
  }
  // Kinds the differ does not plan would be built in the dev database and never reach the target.
  if (REFUSED_KINDS[kind]) return REFUSED_KINDS[kind];
  if (REFUSED[kind]) return REFUSED[kind];
  return DEFINES.has(kind) ? undefined : 'is not a statement that defines schema objects';
}

const KEYWORDS = new Set(
  ('CREATE ALTER DROP GRANT REVOKE SET SELECT INSERT UPDATE DELETE MERGE COPY TRUNCATE DO CALL LOAD CHECKPOINT VACUUM ANALYZE CLUSTER REINDEX ' +
    'REFRESH COMMENT TABLE ROLE USER GROUP SYSTEM DATABASE SCHEMA FUNCTION PROCEDURE VIEW MATERIALIZED INDEX SEQUENCE TYPE DOMAIN ' +
    'EXTENSION TRIGGER EVENT TABLESPACE SUBSCRIPTION PUBLICATION DEFAULT PRIVILEGES SESSION AUTHORIZATION OR REPLACE UNIQUE TEMP ' +
    'TEMPORARY UNLOGGED RESET DISCARD LISTEN NOTIFY LOCK EXPLAIN PREPARE EXECUTE INTO REASSIGN OWNED AGGREGATE OPERATOR POLICY RULE CAST CONVERSION CLASS FAMILY FOREIGN DATA WRAPPER SERVER MAPPING FOR IMPORT').split(' '),
);

/** The statement's leading keywords, for messages: `CREATE MATERIALIZED VIEW`, `INSERT INTO`. */
export function statementLabel(sql: string): string {
  const words = sql.replace(/\s+/g, ' ').trim().split(' ');
  const out: string[] = [];
  for (const w of words) {
    if (!KEYWORDS.has(w.toUpperCase()) || out.length === 4) break;
    out.push(w.toUpperCase());
  }
  return out.join(' ') || words[0].toUpperCase();
}
