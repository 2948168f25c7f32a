// What a planned statement does, read from the real PostgreSQL parse tree (never from SQL text):
// the kind of change, the object, whether it deletes data and whether it can run in a transaction.
// Lint rules and reports read this, whichever engine produced the statement.
import { parseSql } from './sql';
import { dottedKey, objectId, type ObjectId } from '../pg/identity';

import type { AlterTableType, ObjectType as PgObjectType } from '@pgsql/types';
import type { Node as PgNode } from '@pgsql/types';

/** When a statement runs relative to the plan's single transaction. */
export type Phase = 'pre' | 'transaction' | 'post';

// The kinds of change are typed from PostgreSQL's own lists (the parser's object types, ALTER TABLE
// sub-commands and statement nodes), spelled as the classifier spells them at run time: a rule or
// report comparing a kind that cannot occur fails to compile.
/** `AlterTSConfiguration` → `alter_tsconfiguration`: an underscore where a lower-case letter meets an upper-case one. */
type Snake<S extends string, Prev extends string = ''> = S extends `${infer H}${infer T}`
  ? `${H extends Lowercase<H> ? H : Prev extends Lowercase<Prev> ? (Prev extends Uppercase<Prev> ? Lowercase<H> : `_${Lowercase<H>}`) : Lowercase<H>}${Snake<T, H>}`
  : '';
type Spaced<S extends string> = S extends `${infer A}_${infer B}` ? `${A} ${Spaced<B>}` : S;
type Underscored<S extends string> = S extends `${infer A} ${infer B}` ? `${A}_${Underscored<B>}` : S;
type Unprefixed<T, P extends string> = T extends `${P}${infer R}` ? R : never;

/** Object types the classifier names otherwise than the parser does. */
const OBJECT_TYPE_NAMES = {
  OBJECT_MATVIEW: 'materialized view',
  OBJECT_FOREIGN_TABLE: 'foreign table',
  OBJECT_TABCONSTRAINT: 'constraint',
  OBJECT_DOMCONSTRAINT: 'domain constraint',
  OBJECT_EVENT_TRIGGER: 'event trigger',
  OBJECT_FDW: 'foreign data wrapper',
  OBJECT_FOREIGN_SERVER: 'server',
  OBJECT_STATISTIC_EXT: 'statistics',
} as const;
type Renamed = typeof OBJECT_TYPE_NAMES;

/** What a change is about: the parser's object types (`materialized view`, `text search ...` as `tsconfiguration`, ...). */
export type ObjectType =
  | { [K in PgObjectType]: K extends keyof Renamed ? Renamed[K] : Lowercase<Spaced<Unprefixed<K, 'OBJECT_'>>> }[PgObjectType]
  | 'setting'
  | 'other';
type ObjectKindName = Underscored<ObjectType>;
type NodeName<T = PgNode> = T extends unknown ? keyof T & string : never;
type StatementBase<T> = T extends `${infer B}Stmt` ? B : never;

export type ChangeKind =
  | Snake<Unprefixed<AlterTableType, 'AT_'>>
  | `${'create' | 'drop' | 'rename' | 'alter'}_${ObjectKindName}`
  | Snake<StatementBase<NodeName>>
  | 'set_default' | 'set_unlogged' | 'attach_index_partition' | 'create_partition' | 'create_enum' | 'create_table_as'
  | 'add_enum_value' | 'rename_enum_value' | 'truncate' | 'delete_rows' | 'update_rows' | 'insert_rows' | 'comment'
  | 'grant' | 'revoke' | 'set_schema' | 'set' | 'vacuum' | 'analyze' | 'reindex' | 'refresh_materialized_view' | 'other';

export interface Change {
  /** Specific change, e.g. `add_column`, `drop_column`, `alter_column_type`, `set_not_null`. */
  kind: ChangeKind;
  objectType: ObjectType;
  /** Qualified name, e.g. `public.users` or `public.users.email` (for people: parts joined by dots, as written). */
  object: string;
  /** The object's identity (schema, name[, sub-name]), where the statement names one: what code keys objects by. */
  id?: ObjectId;
  /** Node-specific facts lint rules need (constraint type, NOT VALID, new type, ...). */
  details: Record<string, unknown>;
}

export interface Classification {
  /** Summary kind: the single change's kind, or `alter_table` for several sub-commands. */
  kind: ChangeKind;
  objectType: ObjectType;
  object: string;
  /** The identity of `object`, when it names one object. */
  id?: ObjectId;
  /** ALTER TABLE sub-commands, or the one change of any other statement. */
  changes: Change[];
  /** Removes stored data: dropping a table, column, sequence, schema or type, TRUNCATE, DELETE. */
  deletesData: boolean;
  /** Removes an object that something else (applications, views, grants) may depend on. */
  drops: boolean;
  /** False for statements PostgreSQL refuses inside a transaction block (CONCURRENTLY, ...). */
  transactional: boolean;
  phase: Phase;
  /** Parse-tree node type, e.g. `AlterTableStmt`. */
  node: string;
  /** The statement's parse tree (`{ AlterTableStmt: ... }`), made once where the statement is made: later stages read it, never parse again. */
  tree: Node;
}

import { rangeVarId, rangeVarKey, type Node } from '../pg/node';

const str = (n: Node | undefined): string => (n?.String?.sval ?? n?.sval ?? '') as string;
const names = (list: Node[] | undefined) => (list ?? []).map(str).filter(Boolean);
/** A possibly unqualified name list as `schema.name` (unqualified names resolve in public). */
const qual = (list: Node[] | undefined) => {
  const n = names(list);
  return dottedKey(...(n.length === 1 ? ['public', ...n] : n));
};
/** The identity of a (possibly unqualified) name list: `[schema, name[, sub]]`. */
const qualId = (list: Node[] | undefined): ObjectId | undefined => {
  const n = names(list);
  const p = n.length === 1 ? ['public', ...n] : n;
  return p.length === 2 || p.length === 3 ? objectId(p[0], p[1], p[2]) : undefined;
};
/** A sub-object (column, constraint, trigger, ...) of a relation. */
const subId = (rel: ObjectId | undefined, sub: string | undefined): ObjectId | undefined => (rel && sub ? objectId(rel.schema, rel.name, sub) : undefined);
/** The key an object is named by (src/pg/identity's dottedKey), or the given text. */
const shown = (o: string | ObjectId | undefined): string => (o === undefined ? '' : typeof o === 'string' ? o : dottedKey(o.schema, o.name, ...(o.sub === undefined ? [] : [o.sub])));
/** `object` and, for an identity, `id` of a change. */
const named = (o: string | ObjectId | undefined) => (o !== undefined && typeof o !== 'string' ? { object: shown(o), id: o } : { object: shown(o) });
const lower = (s: string) => s.toLowerCase();

/** `OBJECT_MATVIEW` → `materialized view` */
function objType(t: string | undefined): ObjectType {
  const renamed = OBJECT_TYPE_NAMES[t as keyof Renamed];
  return renamed ?? (lower((t ?? 'OBJECT_OTHER').replace(/^OBJECT_/, '').replace(/_/g, ' ')) as ObjectType);
}

/** `materialized view` → `drop_materialized_view`, and so on for create/rename/alter. */
const kindOf = (verb: 'create' | 'drop' | 'rename' | 'alter', type: ObjectType) => `${verb}_${type.replace(/ /g, '_')}` as ChangeKind;
/** `AT_EnableRowSecurity` → `enable_row_security`, `AlterStatsStmt` → `alter_stats` (as `Snake` spells them). */
const snake = (name: string) => lower(name.replace(/([a-z])([A-Z])/g, '$1_$2')) as ChangeKind;

/** Identity of a DROP/COMMENT object node (a function by its name, without its arguments). */
function objectNodeId(o: Node, type: string): ObjectId | undefined {
  if (o.List) {
    if (['schema', 'extension', 'role', 'language', 'event trigger'].includes(type)) return undefined;
    return qualId(o.List.items);
  }
  if (o.TypeName) return qualId(o.TypeName.names);
  if (o.ObjectWithArgs) return qualId(o.ObjectWithArgs.objname);
  return undefined;
}

/** Name of a DROP/COMMENT object node: a list of names, a TypeName, or an ObjectWithArgs. */
function objectName(o: Node, type: string): string {
  if (o.List) {
    const parts = names(o.List.items);
    // Unqualified relation-like names resolve in public (the engine's plans are always qualified).
    if (parts.length === 1 && !['schema', 'extension', 'role', 'language', 'event trigger'].includes(type)) parts.unshift('public');
    return dottedKey(...parts);
  }
  if (o.TypeName) return qual(o.TypeName.names);
  if (o.ObjectWithArgs) {
    const args = (o.ObjectWithArgs.objargs ?? []).map((a: Node) => typeNameText(a.TypeName));
    const fn = names(o.ObjectWithArgs.objname);
    if (fn.length === 1) fn.unshift('public');
    return `${dottedKey(...fn)}(${args.join(', ')})`;
  }
  if (o.String) return str(o);
  return '?';
}

const DATA_HOLDING = new Set(['table', 'materialized view', 'sequence', 'schema', 'type', 'domain', 'foreign table']);

function typeNameText(t: Node | undefined): string {
  if (!t) return '';
  const n = names(t.names).filter((x) => x !== 'pg_catalog');
  const mods = (t.typmods ?? []).map((m: Node) => m.A_Const?.ival?.ival ?? m.A_Const?.ival ?? '').join(',');
  return n.join('.') + (mods ? `(${mods})` : '') + (t.arrayBounds ? '[]' : '');
}

/** Whether a change removes an object (`drop_default`, `drop_not_null` and SET WITHOUT CLUSTER remove none). */
export const dropsObject = (kind: string) => kind.startsWith('drop_') && kind !== 'drop_default' && kind !== 'drop_not_null' && kind !== 'drop_cluster';

function alterTableChange(rel: ObjectId | undefined, cmd: Node, relKind: ObjectType): Change {
  const st: string = cmd.subtype;
  const table = shown(rel);
  const col = cmd.name ? subId(rel, cmd.name) : rel;
  const c = (kind: ChangeKind, objectType: ObjectType, object: string | ObjectId | undefined, details: Record<string, unknown> = {}): Change => ({
    kind,
    objectType,
    ...named(object),
    details,
  });
  switch (st) {
    case 'AT_AddColumn': {
      const def = cmd.def?.ColumnDef ?? {};
      const cons = (def.constraints ?? []).map((x: Node) => x.Constraint);
      const dflt = cons.find((x: Node) => x.contype === 'CONSTR_DEFAULT');
      return c('add_column', 'column', subId(rel, def.colname), {
        type: typeNameText(def.typeName),
        notNull: cons.some((x: Node) => x.contype === 'CONSTR_NOTNULL' || x.contype === 'CONSTR_PRIMARY'),
        hasDefault: !!dflt || cons.some((x: Node) => x.contype === 'CONSTR_IDENTITY' || x.contype === 'CONSTR_GENERATED'),
        defaultExpr: dflt?.raw_expr,
        identity: cons.some((x: Node) => x.contype === 'CONSTR_IDENTITY'),
        generated: cons.some((x: Node) => x.contype === 'CONSTR_GENERATED'),
        constraints: cons.map((x: Node) => x.contype),
      });
    }
    case 'AT_DropColumn':
      return c('drop_column', 'column', col, { cascade: cmd.behavior === 'DROP_CASCADE' });
    case 'AT_AlterColumnType':
      return c('alter_column_type', 'column', col, { type: typeNameText(cmd.def?.ColumnDef?.typeName), using: !!cmd.def?.ColumnDef?.raw_default });
    case 'AT_SetNotNull':
      return c('set_not_null', 'column', col);
    case 'AT_DropNotNull':
      return c('drop_not_null', 'column', col);
    case 'AT_ColumnDefault':
      return c(cmd.def ? 'set_default' : 'drop_default', 'column', col, { defaultExpr: cmd.def });
    case 'AT_AddConstraint': {
      const k = cmd.def?.Constraint ?? {};
      return c('add_constraint', 'constraint', k.conname ? subId(rel, k.conname) : `${table}.`, {
        constraintType: lower(String(k.contype ?? '').replace(/^CONSTR_/, '')),
        notValid: k.skip_validation === true,
        usingIndex: k.indexname,
        columns: names(k.keys),
      });
    }
    case 'AT_DropConstraint':
      return c('drop_constraint', 'constraint', subId(rel, cmd.name), { cascade: cmd.behavior === 'DROP_CASCADE' });
    case 'AT_ValidateConstraint':
      return c('validate_constraint', 'constraint', subId(rel, cmd.name));
    case 'AT_AttachPartition':
      return relKind === 'index'
        ? c('attach_index_partition', 'index', rel, { partition: rangeVarKey(cmd.def?.PartitionCmd?.name) })
        : c('attach_partition', 'table', rel, { partition: rangeVarKey(cmd.def?.PartitionCmd?.name) });
    case 'AT_DetachPartition':
      return c('detach_partition', 'table', rel, { partition: rangeVarKey(cmd.def?.PartitionCmd?.name), concurrent: !!cmd.def?.PartitionCmd?.concurrent });
    case 'AT_AddIdentity':
      return c('add_identity', 'column', col);
    case 'AT_SetIdentity':
      return c('set_identity', 'column', col);
    case 'AT_DropIdentity':
      return c('drop_identity', 'column', col);
    case 'AT_EnableRowSecurity':
    case 'AT_DisableRowSecurity':
    case 'AT_ForceRowSecurity':
    case 'AT_NoForceRowSecurity':
      return c(snake(st.replace(/^AT_/, '')), 'table', rel);
    case 'AT_SetLogged':
    case 'AT_SetUnLogged':
      return c(st === 'AT_SetLogged' ? 'set_logged' : 'set_unlogged', 'table', rel, { rewrite: true });
    case 'AT_ChangeOwner':
      return c('change_owner', relKind, rel);
    case 'AT_AddInherit':
    case 'AT_DropInherit':
      return c(st === 'AT_AddInherit' ? 'add_inherit' : 'drop_inherit', 'table', rel, { parent: rangeVarKey(cmd.def?.RangeVar) });
    default:
      return c(snake(st.replace(/^AT_/, '')), relKind, col);
  }
}

function classifyNode(node: string, n: Node): Omit<Classification, 'phase' | 'transactional' | 'node' | 'tree' | 'kind' | 'objectType' | 'object'> & { transactional?: boolean; phase?: Phase } {
  const one = (kind: ChangeKind, objectType: ObjectType, object: string | ObjectId | undefined, details: Record<string, unknown> = {}) => ({
    changes: [{ kind, objectType, ...named(object), details }],
    deletesData: false,
    drops: false,
  });
  switch (node) {
    case 'CreateStmt':
      return one(n.partbound ? 'create_partition' : 'create_table', 'table', rangeVarId(n.relation), {
        partitionOf: n.partbound ? rangeVarKey(n.inhRelations?.[0]?.RangeVar) : undefined,
        partitioned: !!n.partspec,
      });
    case 'AlterTableStmt': {
      const relKind = objType(n.objtype);
      const changes = (n.cmds ?? []).map((x: Node) => alterTableChange(rangeVarId(n.relation), x.AlterTableCmd, relKind));
      // DETACH PARTITION ... CONCURRENTLY refuses to run in a transaction block.
      const concurrent = changes.some((c: Change) => c.kind === 'detach_partition' && c.details.concurrent);
      return {
        ...(concurrent ? { transactional: false, phase: 'post' as const } : {}),
        changes,
        deletesData: changes.some((c: Change) => c.kind === 'drop_column'),
        drops: changes.some((c: Change) => dropsObject(c.kind)),
      };
    }
    case 'IndexStmt':
      return {
        ...one('create_index', 'index', n.idxname ? objectId(n.relation?.schemaname ?? 'public', n.idxname) : `${n.relation?.schemaname ?? 'public'}.`, {
          table: rangeVarKey(n.relation),
          unique: !!n.unique,
          concurrent: !!n.concurrent,
          only: n.relation?.inh === false,
        }),
        transactional: !n.concurrent,
        phase: n.concurrent ? 'post' : undefined,
      };
    case 'DropStmt': {
      const type = objType(n.removeType);
      const objects = (n.objects ?? []).map((o: Node) => ({ object: objectName(o, type), id: objectNodeId(o, type) }));
      const cascade = n.behavior === 'DROP_CASCADE';
      return {
        changes: objects.map((o: { object: string; id?: ObjectId }) => ({ kind: kindOf('drop', type), objectType: type, object: o.object, ...(o.id ? { id: o.id } : {}), details: { cascade, ifExists: !!n.missing_ok, concurrent: !!n.concurrent } })),
        deletesData: DATA_HOLDING.has(type) || cascade,
        drops: true,
        transactional: !n.concurrent,
        phase: n.concurrent ? 'post' : undefined,
      };
    }
    case 'TruncateStmt':
      return { ...one('truncate', 'table', n.relations?.length === 1 ? rangeVarId(n.relations[0].RangeVar) : (n.relations ?? []).map((r: Node) => rangeVarKey(r.RangeVar)).join(', ')), deletesData: true };
    case 'DeleteStmt':
      return { ...one('delete_rows', 'table', rangeVarId(n.relation)), deletesData: true };
    case 'UpdateStmt':
      return one('update_rows', 'table', rangeVarId(n.relation));
    case 'InsertStmt':
      return one('insert_rows', 'table', rangeVarId(n.relation));
    case 'RenameStmt': {
      const type = objType(n.renameType);
      const base = n.relation ? rangeVarKey(n.relation) : n.object ? objectName(n.object, type) : '';
      const baseId = n.relation ? rangeVarId(n.relation) : n.object ? objectNodeId(n.object, type) : undefined;
      const id = n.subname ? subId(baseId, n.subname) : baseId;
      return one(kindOf('rename', type), type, id ?? (n.subname ? `${base}.${dottedKey(n.subname)}` : base), { newName: n.newname });
    }
    case 'ViewStmt':
      return one('create_view', 'view', rangeVarId(n.view), { replace: !!n.replace });
    case 'CreateTableAsStmt':
      return one(n.objtype === 'OBJECT_MATVIEW' ? 'create_materialized_view' : 'create_table_as', n.objtype === 'OBJECT_MATVIEW' ? 'materialized view' : 'table', rangeVarId(n.into?.rel));
    case 'RefreshMatViewStmt':
      return { ...one('refresh_materialized_view', 'materialized view', rangeVarId(n.relation)), transactional: !n.concurrent, phase: n.concurrent ? 'post' : undefined };
    case 'CreateFunctionStmt':
      return one(n.is_procedure ? 'create_procedure' : 'create_function', n.is_procedure ? 'procedure' : 'function', qualId(n.funcname) ?? qual(n.funcname), { replace: !!n.replace });
    case 'CreateTrigStmt':
      return one('create_trigger', 'trigger', subId(rangeVarId(n.relation), n.trigname), { replace: !!n.replace });
    case 'CreatePolicyStmt':
      return one('create_policy', 'policy', subId(rangeVarId(n.table), n.policy_name));
    case 'AlterPolicyStmt':
      return one('alter_policy', 'policy', subId(rangeVarId(n.table), n.policy_name));
    case 'CommentStmt': {
      const type = objType(n.objtype);
      return one('comment', type, objectName(n.object ?? {}, type), { removes: n.comment === undefined });
    }
    case 'GrantStmt': {
      const type = objType(n.objtype);
      return one(n.is_grant ? 'grant' : 'revoke', type, (n.objects ?? []).map((o: Node) => (o.RangeVar ? rangeVarKey(o.RangeVar) : objectName(o, type))).join(', '), {
        privileges: (n.privileges ?? []).map((p: Node) => p.AccessPriv?.priv_name ?? 'all'),
        grantees: (n.grantees ?? []).map((g: Node) => (g.RoleSpec?.roletype === 'ROLESPEC_PUBLIC' ? 'PUBLIC' : g.RoleSpec?.rolename)),
      });
    }
    case 'CreateSeqStmt':
      return one('create_sequence', 'sequence', rangeVarId(n.sequence));
    case 'AlterSeqStmt': {
      const owned = (n.options ?? []).find((o: Node) => o.DefElem?.defname === 'owned_by')?.DefElem;
      const owner = owned ? dottedKey(...names(owned.arg?.List?.items ?? owned.arg)) : undefined;
      return one('alter_sequence', 'sequence', rangeVarId(n.sequence), owner ? { ownedBy: owner } : {});
    }
    case 'CreateEnumStmt':
      return one('create_enum', 'type', qualId(n.typeName) ?? qual(n.typeName));
    case 'AlterEnumStmt':
      // A value added to an enum cannot be used by later statements of the same transaction: it is
      // added first, on its own (it is additive and idempotent with IF NOT EXISTS).
      return n.oldVal
        ? one('rename_enum_value', 'type', qualId(n.typeName) ?? qual(n.typeName), { from: n.oldVal, to: n.newVal })
        : { ...one('add_enum_value', 'type', qualId(n.typeName) ?? qual(n.typeName), { value: n.newVal }), transactional: false, phase: 'pre' };
    case 'CreateDomainStmt':
      return one('create_domain', 'domain', qualId(n.domainname) ?? qual(n.domainname));
    case 'AlterDomainStmt':
      return one('alter_domain', 'domain', qualId(n.typeName) ?? qual(n.typeName), { subtype: n.subtype });
    case 'CompositeTypeStmt':
      return one('create_type', 'type', rangeVarId(n.typevar));
    case 'CreateRangeStmt':
      return one('create_type', 'type', qualId(n.typeName) ?? qual(n.typeName));
    case 'CreateExtensionStmt':
      return one('create_extension', 'extension', n.extname);
    case 'AlterExtensionStmt':
      return one('alter_extension', 'extension', n.extname);
    case 'CreateSchemaStmt':
      return one('create_schema', 'schema', n.schemaname);
    case 'CreateStatsStmt':
      return one('create_statistics', 'statistics', qualId(n.defnames) ?? qual(n.defnames));
    case 'RuleStmt':
      return one('create_rule', 'rule', subId(rangeVarId(n.relation), n.rulename));
    case 'AlterObjectSchemaStmt':
      return one('set_schema', objType(n.objectType), n.relation ? rangeVarId(n.relation) : objectName(n.object ?? {}, objType(n.objectType)), { newSchema: n.newschema });
    case 'AlterOwnerStmt':
      return one('change_owner', objType(n.objectType), n.relation ? rangeVarId(n.relation) : objectName(n.object ?? {}, objType(n.objectType)));
    case 'AlterFunctionStmt':
      return one('alter_function', 'function', objectName({ ObjectWithArgs: n.func }, 'function'));
    case 'CreateEventTrigStmt':
      return one('create_event_trigger', 'event trigger', n.trigname);
    case 'AlterTSConfigurationStmt':
      return one('alter_tsconfiguration', 'tsconfiguration', qualId(n.cfgname) ?? qual(n.cfgname));
    case 'DefineStmt':
      return one(kindOf('create', objType(n.kind)), objType(n.kind), qualId(n.defnames) ?? qual(n.defnames));
    case 'VariableSetStmt':
      return one('set', 'setting', n.name);
    case 'CreatePublicationStmt':
      return one('create_publication', 'publication', n.pubname);
    case 'AlterPublicationStmt':
      return one('alter_publication', 'publication', n.pubname);
    case 'CreateCastStmt':
      return one('create_cast', 'cast', `${typeNameText(n.sourcetype)} AS ${typeNameText(n.targettype)}`);
    case 'VacuumStmt':
      return { ...one(n.is_vacuumcmd ? 'vacuum' : 'analyze', 'table', ''), transactional: !n.is_vacuumcmd, phase: n.is_vacuumcmd ? 'post' : undefined };
    case 'ReindexStmt': {
      const concurrent = (n.params ?? []).some((p: Node) => p.DefElem?.defname === 'concurrently');
      return { ...one('reindex', 'index', rangeVarId(n.relation) ?? ''), transactional: !concurrent, phase: concurrent ? 'post' : undefined };
    }
    default:
      return one(snake(node.replace(/Stmt$/, '')), 'other', '');
  }
}

/** Classifies a statement already parsed (its node, `{ AlterTableStmt: ... }`). */
export function classifyTree(stmt: Node): Classification {
  const node = Object.keys(stmt)[0];
  const r = classifyNode(node, stmt[node]);
  const first = r.changes[0] ?? { kind: 'other', objectType: 'other', object: '' };
  const tableLike = node === 'AlterTableStmt' && r.changes.length > 1;
  const transactional = r.transactional ?? true;
  return {
    kind: tableLike ? 'alter_table' : first.kind,
    objectType: tableLike ? 'table' : first.objectType,
    object: tableLike ? rangeVarKey(stmt[node].relation) : first.object,
    ...(tableLike ? { id: rangeVarId(stmt[node].relation) } : 'id' in first && first.id ? { id: first.id } : {}),
    changes: r.changes,
    deletesData: r.deletesData,
    drops: r.drops,
    transactional,
    phase: r.phase ?? (transactional ? 'transaction' : 'post'),
    node,
    tree: stmt,
  };
}

/** Classifies one SQL statement (exactly one: a planned statement). */
export async function classify(sql: string): Promise<Classification> {
  const tree = await parseSql(sql);
  const stmts = tree.stmts ?? [];
  if (stmts.length !== 1) throw new Error(`expected one statement, got ${stmts.length}: ${sql.slice(0, 80)}`);
  return classifyTree(stmts[0].stmt);
}
