// Object names as the plan keys them: `dottedKey` and `splitKey` give the parts back exactly, for
// names holding dots, quotes, upper case and non-ASCII letters; plain names read as plain text;
// the SQL form names catalog rows the same way.
import { describe, expect, it } from 'vitest';
import { dottedKey, dottedKeySql, idOfKey, parseQualified, relationKey, splitKey } from '../../src/pg/identity';
import { query, serverUrl } from '../support/db';

const NAMES: string[][] = [
  ['public', 'users'],
  ['public', 'users', 'email'],
  ['public', 'we.ird"name'],
  ['s.x', 'chi"ld', 'fk.parent'],
  ['Ünïcode', 'Tä', 'Col'],
  ['public', '"', '.'],
  ['public', '..', '""'],
  ['a b', 'c d'],
];

describe('dottedKey and splitKey', () => {
  it.each(NAMES.map((n) => [n.join(' | '), n]))('%s comes back as its parts', (_, parts) => {
    expect(splitKey(dottedKey(...(parts as string[])))).toEqual(parts);
  });

  it('leaves a name without a dot or a quote as written', () => {
    expect(dottedKey('public', 'Users', 'é')).toBe('public.Users.é');
    expect(dottedKey('public', 'we.ird"name')).toBe('public."we.ird""name"');
  });

  it('keeps a key of a table apart from a key of its sub-object', () => {
    expect(relationKey(dottedKey('public', 'a.b', 'c'))).toBe(dottedKey('public', 'a.b'));
    expect(idOfKey(dottedKey('s.x', 'chi"ld', 'fk.parent'))).toEqual({ schema: 's.x', name: 'chi"ld', sub: 'fk.parent' });
    expect(dottedKey('public', 'a.b')).not.toBe(dottedKey('public', 'a', 'b'));
  });

  it('differs from SQL reading where it must: a key part is never case-folded', () => {
    expect(parseQualified('public.Users').name).toBe('users');
    expect(splitKey('public.Users')[1]).toBe('Users');
  });

  it('is the same key in SQL', async () => {
    const rows = await query<{ k: string }>(
      serverUrl(),
      `SELECT ${dottedKeySql('a', 'b', 'c')} AS k FROM unnest($1::text[], $2::text[], $3::text[]) AS t(a, b, c)`,
      [NAMES.map((n) => n[0]), NAMES.map((n) => n[1]), NAMES.map((n) => n[2] ?? 'x')],
    );
    expect(rows.map((r) => r.k)).toEqual(NAMES.map((n) => dottedKey(n[0], n[1], n[2] ?? 'x')));
  });
});
