// The grants table of a preview from an Access step: each kind of difference between the deployed
// access state and the one the model asks for is one row.
import { describe, expect, it } from 'vitest';
import type { AccessState, RoleState } from '../../src/access';
import { accessStateChanges } from '../../src/report/markdown/access-diff';

const role = (over: Partial<RoleState> = {}): RoleState => ({ login: false, superuser: false, createrole: false, createdb: false, replication: false, bypassrls: false, inherit: true, connectionLimit: -1, settings: {}, memberOf: [], comment: 'schemaop: roles.x', ...over });
const state = (over: Partial<AccessState> = {}): AccessState => ({ roles: {}, database: {}, owners: {}, privileges: {}, defaults: {}, ...over });

describe('access state changes', () => {
  it('names every kind of change once', () => {
    const from = state({
      roles: { app: role({ superuser: true, settings: { work_mem: '64MB' }, memberOf: ['pg_read_all_data'] }), old: role() },
      database: { PUBLIC: ['CONNECT', 'TEMPORARY'], app: ['CONNECT'] },
      owners: { 'table public.users': 'app' },
      privileges: { 'table public.users': { app: ['SELECT', 'UPDATE'] }, 'column public.creds(id)': { app: ['SELECT'] } },
      defaults: { 'mig tables in public': { app: ['SELECT'] } },
    });
    const to = state({
      roles: { app: role({ connectionLimit: 5, settings: {}, memberOf: ['pg_read_all_stats'] }), ro: role({ login: true, memberOf: ['app'] }) },
      database: { app: ['CONNECT'] },
      owners: { 'table public.users': 'mig' },
      privileges: { 'table public.users': { app: ['SELECT'], ro: ['SELECT'] }, 'column public.creds(id)': { app: ['SELECT'], ro: ['SELECT'] }, 'column public.creds(kind)': { ro: ['SELECT'] } },
      defaults: {},
    });
    const rows = accessStateChanges(from, to).map((g) => `${g.action} | ${g.role} | ${g.object} | ${g.privileges.join(',')}`);
    expect(rows.sort()).toEqual(
      [
        'alter role | app |  | CONNECTION LIMIT 5',
        'alter role | app |  | NOSUPERUSER',
        'role setting | app | work_mem | RESET',
        'member of | app | pg_read_all_stats | ',
        'not member of | app | pg_read_all_data | ',
        'revoke | old | (role dropped) | ',
        'create role | ro |  | LOGIN',
        'member of | ro | app | ',
        'database revoke | PUBLIC | database | CONNECT,TEMPORARY',
        'owner | mig | public.users | OWNER',
        'revoke | app | public.users | UPDATE',
        'grant | ro | public.users | SELECT',
        'grant | ro | public.creds(id, kind) | SELECT',
        'default revoke | app | default privileges of mig on tables in public | SELECT',
      ].sort(),
    );
  });

  it('a first deploy grants everything and a delete revokes it; equal states change nothing', () => {
    const s = state({ roles: { app: role() }, privileges: { 'schema public': { app: ['USAGE'] } } });
    expect(accessStateChanges(null, s).map((g) => g.action)).toEqual(['grant', 'create role']);
    expect(accessStateChanges(s, null).map((g) => `${g.action} ${g.object}`)).toEqual(['revoke schema public', 'revoke (role dropped)']);
    expect(accessStateChanges(s, structuredClone(s))).toEqual([]);
  });
});
