// Orders planned statements by dependency (PostgreSQL's pg_depend): every statement comes after the
// statements that create what it needs in the desired database, and every drop after the
// statements that drop (or stop using) what depends on it in the live database. The differ's own order is kept
// wherever no dependency says otherwise; a statement that needs something planned later pulls it
// (and what that needs) forward, as pg_dump's topological sort would place it. Cycles are broken
// where they close, which is where pg_dump breaks them too: functions are created with bodies
// unchecked, and foreign keys are separate statements after the tables.
import type { Change, Classification } from '../classify';
import { dottedKey, type ObjectId } from '../../pg/identity';
import type { DependencyGraph } from './graph';

/** Joins the parts of a name in a graph key (graph.ts joins them with chr(31) too): a name may hold dots. */
export const KEY_SEP = '\u001f';

/** The graph key of an object: `rel:` + schema, name (and sub-name) joined by KEY_SEP. */
export const graphKey = (prefix: string, id: ObjectId) => `${prefix}:${[id.schema, id.name, ...(id.sub === undefined ? [] : [id.sub])].join(KEY_SEP)}`;

/** A relation named as `schema.name` in a change's details (the schema holds no dot; the name may). */
const relKey = (qualified: string) => `rel:${qualified.replace('.', KEY_SEP)}`;

/** The parts of a key after its prefix. */
const keyParts = (key: string) => key.slice(key.indexOf(':') + 1).split(KEY_SEP);
/** The key of the relation a sub-object key (`con:`, `trg:`, ...) belongs to. */
const relationKeyOf = (key: string) => `rel:${keyParts(key).slice(0, 2).join(KEY_SEP)}`;

export { dependencyGraph } from './graph';
export type { DependencyGraph } from './graph';

const PREFIX: Record<string, string> = {
  table: 'rel',
  view: 'rel',
  'materialized view': 'rel',
  sequence: 'rel',
  index: 'rel',
  type: 'rel',
  domain: 'rel',
  'foreign table': 'rel',
  column: 'rel',
  function: 'fn',
  procedure: 'fn',
  aggregate: 'fn',
  routine: 'fn',
  constraint: 'con',
  trigger: 'trg',
  policy: 'pol',
  rule: 'rule',
  statistics: 'stat',
  schema: 'nsp',
  extension: 'ext',
  collation: 'coll',
  operator: 'op',
  server: 'server',
  'foreign data wrapper': 'fdw',
  tsconfiguration: 'tsconfiguration',
  tsdictionary: 'tsdictionary',
  tsparser: 'tsparser',
  tstemplate: 'tstemplate',
};

/** The graph key of a classified change, or undefined for kinds the graph does not name. */
export function objectKey(ch: Pick<Change, 'objectType' | 'object' | 'id'>): string | undefined {
  const p = PREFIX[ch.objectType];
  if (!p || !ch.object) return undefined;
  // A column is named by its table.
  if (ch.id) return graphKey(p, ch.objectType === 'column' ? { schema: ch.id.schema, name: ch.id.name } : ch.id);
  // Objects named by one identifier (schema, extension, server): that name.
  return `${p}:${ch.object.replace(/\(.*$/, '')}`;
}

/** `drop_*` changes that drop no object (a property, a link to another table). */
const NOT_DROPS = new Set(['drop_default', 'drop_not_null', 'drop_cluster', 'drop_identity', 'drop_expression', 'drop_inherit']);

interface Keys {
  provides: string[];
  subjects: string[];
  drops: string[];
}

function statementKeys(c: Classification): Keys {
  const k: Keys = { provides: [], subjects: [], drops: [] };
  for (const ch of c.changes) {
    const key = objectKey(ch);
    const table = ch.details.table as string | undefined;
    const partition = ch.details.partition as string | undefined;
    const parent = ch.details.parent as string | undefined;
    if (table) k.subjects.push(relKey(table));
    if (partition) k.subjects.push(relKey(partition));
    if (parent) k.subjects.push(relKey(parent));
    if (!key) continue;
    if (ch.kind.startsWith('rename_') && ch.objectType !== 'column' && typeof ch.details.newName === 'string') {
      // A rename frees the old name (for what is created under it next) and creates the new one.
      k.drops.push(key);
      const parts = key.split(KEY_SEP);
      k.provides.push([...parts.slice(0, -1), ch.details.newName].join(KEY_SEP));
    } else if (ch.kind.startsWith('create_') || ch.kind === 'add_constraint') {
      k.provides.push(key);
      // A primary key, unique or exclusion constraint names the index it builds.
      if (ch.kind === 'add_constraint' && ch.id?.sub && ['primary', 'unique', 'exclusion'].includes(String(ch.details.constraintType))) {
        k.provides.push(graphKey('rel', { schema: ch.id.schema, name: ch.id.sub }));
      }
      // A constraint, trigger, policy or rule belongs to its table.
      if (['con', 'trg', 'pol', 'rule'].some((p) => key.startsWith(p + ':'))) k.subjects.push(relationKeyOf(key));
    } else if (ch.kind.startsWith('drop_') && !NOT_DROPS.has(ch.kind)) {
      k.drops.push(key);
    } else k.subjects.push(key);
  }
  return k;
}

/** Sub-commands that make a live object stop using another one without dropping anything. */
const RELEASES = new Set(['drop_default', 'drop_constraint', 'drop_identity', 'drop_expression', 'detach_partition', 'drop_inherit']);

/** Reverse edges of a graph: key → keys that need it; and table key → sequences it owns. */
function dependents(g: DependencyGraph) {
  const of = new Map<string, Set<string>>();
  for (const [k, needs] of g.needs) for (const n of needs) (of.get(n) ?? of.set(n, new Set()).get(n)!).add(k);
  const owns = new Map<string, string[]>();
  for (const [seq, tab] of g.ownedBy) (owns.get(tab) ?? owns.set(tab, []).get(tab)!).push(seq);
  return { of, owns };
}

/**
 * `items` in an order where each statement follows the statements creating what it needs in the
 * desired database (`graph`), and each drop follows the statements that drop or release what
 * depends on it in the live database (`live`), as pg_dump's reverse order would drop them. Drops
 * otherwise keep their order among themselves and precede a re-creation of what they drop.
 */
export function orderByDependency<T extends { c: Classification; provides?: string[] }>(items: T[], graph: DependencyGraph, live?: DependencyGraph): T[] {
  const keys = items.map((i) => {
    const k = statementKeys(i.c);
    k.provides.push(...(i.provides ?? []));
    // A primary key, unique or exclusion constraint drops the index it built.
    for (const d of [...k.drops]) {
      const index = live?.indexOf?.get(d);
      if (index) k.drops.push(index);
    }
    return k;
  });
  const providers = new Map<string, number[]>();
  const droppers = new Map<string, number[]>();
  const releasers = new Map<string, number[]>();
  /** SET DEFAULT: releases the old default's objects (a sequence, a function) for their drop, not for a rename. */
  const defaultSetters = new Map<string, number[]>();
  const sequenceAlters = new Map<string, number[]>();
  /** partition or child table → the statements detaching it from its parent */
  const detachers = new Map<string, number[]>();
  keys.forEach((k, i) => {
    for (const p of k.provides) (providers.get(p) ?? providers.set(p, []).get(p)!).push(i);
    for (const d of k.drops) (droppers.get(d) ?? droppers.set(d, []).get(d)!).push(i);
    const c = items[i].c;
    if (c.changes.some((ch) => RELEASES.has(ch.kind))) for (const s of k.subjects) (releasers.get(s) ?? releasers.set(s, []).get(s)!).push(i);
    if (c.changes.some((ch) => ch.kind === 'set_default')) for (const s of k.subjects) (defaultSetters.get(s) ?? defaultSetters.set(s, []).get(s)!).push(i);
    if (c.node === 'AlterSeqStmt') for (const s of k.subjects) (sequenceAlters.get(s) ?? sequenceAlters.set(s, []).get(s)!).push(i);
    for (const ch of c.changes) {
      const child = ch.kind === 'detach_partition' ? relKey(String(ch.details.partition)) : ch.kind === 'drop_inherit' ? (ch.id ? graphKey('rel', ch.id) : relKey(ch.object)) : undefined;
      if (child) (detachers.get(child) ?? detachers.set(child, []).get(child)!).push(i);
    }
  });
  const liveDeps = live ? dependents(live) : undefined;
  /** Statements that must run before dropping `key` in the live database. */
  const beforeDropping = (key: string, out: Set<number>, rename: boolean) => {
    if (!liveDeps) return;
    // What a partition has from its parent can be dropped once it is detached.
    for (const n of live?.needs.get(key) ?? []) for (const j of detachers.get(n) ?? []) out.add(j);
    const table = /^con:/.test(key) ? relationKeyOf(key) : undefined;
    if (table) for (const j of detachers.get(table) ?? []) out.add(j);
    for (const y of liveDeps.of.get(key) ?? []) {
      const own = droppers.get(y);
      for (const j of own ?? []) out.add(j);
      // A constraint, trigger, policy, rule or index not dropped on its own goes with its table's drop.
      const owner = own ? undefined : /^(con|trg|pol|rule):/.test(y) ? relationKeyOf(y) : live?.tableOf?.get(y);
      if (owner) for (const j of droppers.get(owner) ?? []) out.add(j);
      for (const j of releasers.get(y) ?? []) out.add(j);
      if (!rename) for (const j of defaultSetters.get(y) ?? []) out.add(j);
      // A dependent replaced in place (CREATE OR REPLACE) stops using it once replaced.
      if (!own && !owner) for (const j of providers.get(y) ?? []) if (items[j].c.changes[0]?.details.replace) out.add(j);
    }
    // Dropping a table drops the sequences it owns: a sequence moved to another owner moves first.
    // (Not a statement giving it to the same table again: that one follows the table's re-creation.)
    const again = (j: number) => String(items[j].c.changes[0]?.details.ownedBy ?? '').startsWith(`${dottedKey(...keyParts(key))}.`);
    for (const seq of liveDeps.owns.get(key) ?? []) for (const j of sequenceAlters.get(seq) ?? []) if (!again(j)) out.add(j);
  };
  const deps = (i: number): number[] => {
    const k = keys[i];
    const out = new Set<number>();
    const need = new Set<string>();
    // A release (a DETACH, a DROP DEFAULT) is of the live object, before its drop and re-creation.
    const releases = items[i].c.changes.length > 0 && items[i].c.changes.every((ch) => RELEASES.has(ch.kind));
    for (const p of k.provides) for (const n of graph.needs.get(p) ?? []) need.add(n);
    for (const s of k.subjects) {
      if (releases && droppers.has(s)) continue;
      need.add(s);
      // Changing a table may use what its columns use (a default, a type, a collation).
      for (const n of graph.needs.get(s) ?? []) need.add(n);
      const owner = graph.ownedBy.get(s);
      // Owned by a table column: after the table (OWNED BY NONE needs no table).
      if (owner && items[i].c.node === 'AlterSeqStmt' && items[i].c.changes[0]?.details.ownedBy !== 'none') need.add(owner);
    }
    for (const n of need) for (const j of providers.get(n) ?? []) if (j !== i) out.add(j);
    const renames = items[i].c.changes.some((ch) => ch.kind.startsWith('rename_'));
    for (const d of k.drops) beforeDropping(d, out, renames);
    out.delete(i);
    // What is dropped goes before it is created again, wherever the differ put the drop (not the
    // later drop of a name a rename gives: the type renamed aside, then dropped); a statement on
    // an object that is dropped works on the new one when the drop came first.
    for (const p of k.provides) for (const j of droppers.get(p) ?? []) if (j !== i && (j < i || !renames)) out.add(j);
    if (!releases) for (const p of k.subjects) for (const j of droppers.get(p) ?? []) if (j < i) out.add(j);
    return [...out].sort((a, b) => a - b);
  };
  const memo = new Map<number, number[]>();
  const depsOf = (i: number) => memo.get(i) ?? memo.set(i, deps(i)).get(i)!;
  // Drops keep their order among themselves where nothing orders them otherwise: the previous
  // drop in an order of the drops that follows the dependencies between them.
  const prevDrop: number[] = keys.map(() => -1);
  let lastDrop = -1;
  for (const i of dropOrder(keys.flatMap((k, i) => (k.drops.length ? [i] : [])), depsOf, (i) => keys[i].drops.length > 0)) {
    prevDrop[i] = lastDrop;
    lastDrop = i;
  }
  const state = new Uint8Array(items.length); // 0 new, 1 visiting, 2 emitted
  const out: T[] = [];
  const visit = (root: number) => {
    // Iterative depth-first walk: a long chain of dependencies must not exhaust the stack.
    const stack: { i: number; next: number[] }[] = [];
    const enter = (i: number) => {
      state[i] = 1;
      const before = [...depsOf(i)];
      if (prevDrop[i] >= 0) before.unshift(prevDrop[i]);
      stack.push({ i, next: before });
    };
    if (state[root]) return;
    enter(root);
    while (stack.length) {
      const top = stack[stack.length - 1];
      const j = top.next.shift();
      if (j === undefined) {
        stack.pop();
        state[top.i] = 2;
        out.push(items[top.i]);
      } else if (state[j] === 0) enter(j);
      // state 1: a cycle, broken here; state 2: already placed.
    }
  };
  for (let i = 0; i < items.length; i++) visit(i);
  return out;
}

/**
 * The drops `drops` (statement indexes, ascending) in their order, except that a drop follows the
 * drops it depends on (directly, or through statements that are not drops); a cycle keeps the
 * order.
 */
function dropOrder(drops: number[], depsOf: (i: number) => number[], isDrop: (i: number) => boolean): number[] {
  const before = new Map<number, Set<number>>();
  for (const d of drops) {
    const found = new Set<number>();
    const seen = new Set<number>([d]);
    const todo = [...depsOf(d)];
    while (todo.length) {
      const j = todo.pop()!;
      if (seen.has(j)) continue;
      seen.add(j);
      if (isDrop(j)) found.add(j);
      else todo.push(...depsOf(j));
    }
    before.set(d, found);
  }
  const placed = new Set<number>();
  const out: number[] = [];
  while (out.length < drops.length) {
    const ready = drops.find((d) => !placed.has(d) && [...before.get(d)!].every((j) => placed.has(j))) ?? drops.find((d) => !placed.has(d))!;
    placed.add(ready);
    out.push(ready);
  }
  return out;
}
