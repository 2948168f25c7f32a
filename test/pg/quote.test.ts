// The one quoting module, checked by PostgreSQL itself: every quoted identifier and literal reads
// back as the text it was made from, with standard_conforming_strings on and off; the plain form
// of an identifier is used only where it reads back as itself.
import { describe, expect, it } from 'vitest';
import { withClient } from '../../src/db/connect';
import { quoteIdent, quoteIdentIfNeeded, quoteLiteral, quoteQualified } from '../../src/pg/quote';
import { serverUrl } from '../support/db';

const TEXTS = ['plain', 'Mixed', 'with space', 'we"ird', "it's", 'back\\slash', "\\'", 'ünï', 'user', 'select', 'a$b', '_x1', '1abc', ''];

describe('quoting', () => {
  it.each(['on', 'off'])('literals read back as written with standard_conforming_strings %s', async (scs) => {
    await withClient(serverUrl(), async (c) => {
      await c.query(`SET standard_conforming_strings = ${scs}`);
      await c.query('SET escape_string_warning = off');
      const r = await c.query(`SELECT ${TEXTS.map((t, i) => `${quoteLiteral(t)} AS c${i}`).join(', ')}`);
      expect(TEXTS.map((_, i) => r.rows[0][`c${i}`])).toEqual(TEXTS);
    });
  });

  it('identifiers read back as written, quoted always or only where needed (reserved words too)', async () => {
    const names = [...TEXTS.filter((t) => t !== ''), 'all', 'table', 'left', 'int', 'values', 'time'];
    await withClient(serverUrl(), async (c) => {
      const r = await c.query(`SELECT ${names.map((t) => `1 AS ${quoteIdent(t)}`).join(', ')}`);
      expect(r.fields.map((f) => f.name)).toEqual(names);
      // Column names of a table: where a reserved word may not stand unquoted.
      await c.query(`CREATE TEMP TABLE quoted (${names.map((t) => `${quoteIdentIfNeeded(t)} int`).join(', ')})`);
      const cols = await c.query(`SELECT attname FROM pg_attribute WHERE attrelid = 'pg_temp.quoted'::regclass AND attnum > 0 ORDER BY attnum`);
      expect(cols.rows.map((x) => x.attname)).toEqual(names);
    });
    expect(['plain', 'a$b', '_x1', 'user', 'Mixed'].map(quoteIdentIfNeeded)).toEqual(['plain', 'a$b', '_x1', '"user"', '"Mixed"']);
    expect(quoteQualified('my schema', 't')).toBe('"my schema"."t"');
  });
});
