// Replacing an IMMUTABLE function whose results are stored (indexes, generated columns, CHECKs):
// found from the live database's pg_depend, for a real plan of a real schema change.
import { describe, expect, it } from 'vitest';
import { freshDatabase } from '../support/db';
import { schemaDir } from '../support/schema';
import { planSafe } from './support';

const fn = (name: string, body: string, volatility = 'IMMUTABLE') => `CREATE FUNCTION ${name}(t text) RETURNS text LANGUAGE sql ${volatility} AS $$ SELECT ${body} $$;`;
const TABLE = (f: string) => `
CREATE TABLE users (id int PRIMARY KEY, email text, email_key text GENERATED ALWAYS AS (${f}(email)) STORED, CONSTRAINT users_email_norm CHECK (${f}(email) <> ''));
CREATE INDEX users_email_idx ON users (${f}(email));
CREATE DOMAIN handle AS text CHECK (${f}(VALUE) <> '');`;

const finding = (p: Awaited<ReturnType<typeof planSafe>>) => p.findings.filter((f) => f.rule === 'replace_immutable_function');

describe('replace_immutable_function', () => {
  it('flags a new body of an IMMUTABLE function that an index, a generated column and CHECKs depend on, naming each, in prod', async () => {
    const url = await freshDatabase(fn('norm', 'lower(t)') + TABLE('norm') + `INSERT INTO users (id, email) VALUES (1, 'A@x');`);
    const p = await planSafe(url, await schemaDir({ '10.sql': fn('norm', 'upper(t)') + TABLE('norm') }));
    const f = finding(p);
    expect(f).toHaveLength(1);
    expect(f[0].level).toBe('block');
    expect(f[0].object).toBe('public.norm');
    expect(p.statements[f[0].statement!].kind).toBe('create_function');
    expect(f[0].message).toContain('"public"."norm"(text)');
    for (const d of ['index public.users_email_idx', 'generated column public.users.email_key', 'CHECK public.users.users_email_norm', 'domain CHECK public.handle.handle_check']) expect(f[0].message).toContain(d);
    expect(f[0].fix).toContain('REINDEX INDEX CONCURRENTLY public.users_email_idx');
  });

  it('accepts a new function that the index, column and CHECKs move to, and a replaced function nothing stores', async () => {
    const url = await freshDatabase(fn('norm', 'lower(t)') + TABLE('norm') + fn('label', 'lower(t)'));
    const p = await planSafe(url, await schemaDir({ '10.sql': fn('norm', 'lower(t)') + fn('norm_v2', 'upper(t)') + TABLE('norm_v2') + fn('label', 'upper(t)') }));
    expect(p.statements.some((s) => s.kind === 'create_function' && s.object === 'public.label')).toBe(true);
    expect(finding(p)).toEqual([]);
  });

  it('a STABLE function is not trusted by indexes: replacing one used by a CHECK only is not this rule', async () => {
    const url = await freshDatabase(fn('norm', 'lower(t)', 'STABLE') + `CREATE TABLE t (a text CHECK (norm(a) <> ''));`);
    const p = await planSafe(url, await schemaDir({ '10.sql': fn('norm', 'upper(t)', 'STABLE') + `CREATE TABLE t (a text CHECK (norm(a) <> ''));` }));
    expect(p.statements.some((s) => s.kind === 'create_function')).toBe(true);
    expect(finding(p)).toEqual([]);
  });
});
