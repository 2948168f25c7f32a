// The grant changes of an `Access` resource step: the differences between the old and the new
// `access` state (the engine's diffAccessState, one entry per changed field) as review rows:
// roles created / dropped, attributes, settings, memberships, owners, privileges per grantee,
// column grants (grouped per table), default privileges and database privileges.
import { AccessState, diffAccessState } from '../../access';
import type { ReviewGrantChange } from './review';

const EMPTY: AccessState = { roles: {}, database: {}, owners: {}, privileges: {}, defaults: {} };
const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const ATTRIBUTE: Record<string, string> = { login: 'LOGIN', superuser: 'SUPERUSER', createrole: 'CREATEROLE', createdb: 'CREATEDB', replication: 'REPLICATION', bypassrls: 'BYPASSRLS', inherit: 'INHERIT' };

/** `roles.dev_app.superuser`, `privileges["table public.users"].dev_app` as its keys. */
export function pathKeys(p: string): string[] {
  const out: string[] = [];
  for (const m of `.${p}`.matchAll(/\.([A-Za-z_][A-Za-z0-9_]*)|\[("(?:[^"\\]|\\.)*")\]/g)) out.push(m[1] ?? (JSON.parse(m[2]) as string));
  return out;
}

/** A changed subtree as its entries `depth` levels down (a key one side lacks is undefined there). */
function leaves(keys: string[], from: unknown, to: unknown, depth: number): { keys: string[]; from: unknown; to: unknown }[] {
  if (keys.length >= depth || !(isRecord(from) || isRecord(to))) return [{ keys, from, to }];
  const a = isRecord(from) ? from : {};
  const b = isRecord(to) ? to : {};
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].sort().flatMap((k) => leaves([...keys, k], a[k], b[k], depth));
}

/** `table public.users` as the review writes it (`public.users`); other kinds keep their word. */
const objectName = (key: string) => key.replace(/^table /, '');
const added = (from: unknown, to: unknown) => list(to).filter((x) => !list(from).includes(x));

/** One changed field of a role that exists on both sides (`sub`: the setting's name, when known). */
function roleFieldChanges(role: string, field: string, sub: string[], from: unknown, to: unknown): ReviewGrantChange[] {
  const row = (action: ReviewGrantChange['action'], object: string, privileges: string[] = [], who = role): ReviewGrantChange => ({ action, role: who, object, privileges });
  if (field in ATTRIBUTE) return [row('alter role', '', [`${to ? '' : 'NO'}${ATTRIBUTE[field]}`])];
  if (field === 'connectionLimit') return [row('alter role', '', [`CONNECTION LIMIT ${String(to)}`])];
  if (field === 'comment') return [row('comment', '')];
  if (field === 'memberOf') return [...added(from, to).map((m) => row('member of', m)), ...added(to, from).map((m) => row('not member of', m))];
  // Undeclared members of this role (managed when it lists `members:`).
  if (field === 'members') return [...added(from, to).map((m) => row('member of', role, [], m)), ...added(to, from).map((m) => row('not member of', role, [], m))];
  if (field === 'settings') return leaves(sub, from, to, 1).map((s) => row('role setting', s.keys[0] ?? '', [s.to === undefined ? 'RESET' : `= ${String(s.to)}`]));
  return [];
}

/** Grant changes from the state `from` (null: nothing deployed) to `to` (null: the resource is deleted). */
export function accessStateChanges(from: AccessState | null | undefined, to: AccessState | null | undefined): ReviewGrantChange[] {
  const out: ReviewGrantChange[] = [];
  const columns = new Map<string, ReviewGrantChange & { cols: string[] }>();
  const both = (role: string, object: string, f: unknown, t: unknown, grant: ReviewGrantChange['action'], revoke: ReviewGrantChange['action']) => {
    const g = added(f, t);
    const r = added(t, f);
    if (g.length) out.push({ action: grant, role, object, privileges: g });
    if (r.length) out.push({ action: revoke, role, object, privileges: r });
  };
  for (const d of diffAccessState(from ?? EMPTY, to ?? EMPTY)) {
    const [section, ...rest] = pathKeys(d.path);
    if (section === 'roles') {
      if (rest.length >= 2) {
        out.push(...roleFieldChanges(rest[0], rest[1], rest.slice(2), d.from, d.to));
        continue;
      }
      // A whole role: one side lacks it (diffAccessState goes down to the field otherwise).
      for (const r of leaves(rest, d.from, d.to, 1)) {
        const [role] = r.keys;
        if (isRecord(r.to) && !isRecord(r.from)) {
          out.push({ action: 'create role', role, object: '', privileges: r.to.login ? ['LOGIN'] : [] });
          for (const m of list(r.to.memberOf)) out.push({ action: 'member of', role, object: m, privileges: [] });
        } else if (isRecord(r.from) && !isRecord(r.to)) out.push({ action: 'revoke', role, object: '(role dropped)', privileges: [] });
      }
    } else if (section === 'database') {
      for (const e of leaves(rest, d.from, d.to, 1)) both(e.keys[0], 'database', e.from, e.to, 'database grant', 'database revoke');
    } else if (section === 'owners') {
      for (const e of leaves(rest, d.from, d.to, 1)) if (typeof e.to === 'string') out.push({ action: 'owner', role: e.to, object: objectName(e.keys[0]), privileges: ['OWNER'] });
    } else if (section === 'defaults') {
      for (const e of leaves(rest, d.from, d.to, 2)) {
        const [owner, ...what] = e.keys[0].split(' ');
        both(e.keys[1], `default privileges of ${owner} on ${what.join(' ')}`, e.from, e.to, 'default grant', 'default revoke');
      }
    } else if (section === 'privileges') {
      for (const e of leaves(rest, d.from, d.to, 2)) {
        const [object, grantee] = e.keys;
        const col = /^column (.+)\((.+)\)$/.exec(object);
        if (!col) {
          both(grantee, objectName(object), e.from, e.to, 'grant', 'revoke');
          continue;
        }
        // One row per table, grantee and privilege, naming its columns (as the plan does).
        for (const [action, privs] of [['grant', added(e.from, e.to)], ['revoke', added(e.to, e.from)]] as const) {
          for (const p of privs) {
            const k = `${action}|${grantee}|${col[1]}|${p}`;
            const row = columns.get(k) ?? { action, role: grantee, object: col[1], privileges: [p], cols: [] };
            row.cols.push(col[2]);
            columns.set(k, row);
          }
        }
      }
    }
  }
  for (const { cols, ...row } of columns.values()) out.push({ ...row, object: `${row.object}(${cols.sort().join(', ')})` });
  return out;
}
