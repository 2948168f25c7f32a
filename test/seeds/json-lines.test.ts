// Seed files written one JSON row per line are read with JSON.parse where that reads them exactly:
// the rows are the ones the YAML parser reads from the same text, whatever the spacing, escapes
// and numbers, and a repeated field is refused with its line, compact or spaced.
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDesiredSchema } from '../../src/engine/source';
import { loadSeeds, parsedExactly } from '../../src/seeds/load';
import { schemaDir } from '../support/schema';

const SCHEMA = 'CREATE TABLE t (name text PRIMARY KEY, doc jsonb, n numeric);';

async function load(text: string) {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'schemaop-json-lines-'));
  await fs.mkdir(path.join(root, 'seeds'));
  await fs.writeFile(path.join(root, 'seeds', 't.yaml'), text);
  const schema = await loadDesiredSchema(await schemaDir({ '10.sql': SCHEMA }));
  return loadSeeds(path.join(root, 'seeds'), schema, root).then((s) => s[0].rows);
}

// Read exactly by JSON.parse, and known to be: compact or spaced after colons, escapes, nesting.
const PLAIN = [
  '{"name":"a","doc":{"x":1,"y":[1,2.5,"z"]},"n":0.001}',
  '{"name": "b", "doc": {"k": "v", "\\"q\\"": "\\u00fc\\\\"}, "n": 123456789012345}',
  '{"name":"c","doc":{"arr":[{"a":1},{"a":2,"b":[]}],"t":true,"f":false,"nil":null},"n":"7"}',
];
// Not known to be (long numbers, exponents, a space before a colon, `":` within a string): line by line.
const ROWS = [
  '{"name":"a","doc":{"x":1,"y":[1,2.5,"z"]},"n":0.001}',
  '{"name": "b", "doc": {"k": "v:\\":", "\\"q\\"": ":x"}, "n": 12345678901234567890}',
  '{"name" : "c", "doc" : {"a" : {"b" : null}}, "n" : 1.5e3}',
  '{"name":"d\\u00e9","doc":{"big":0.10000000000000000001,"e":1e400,"s":"\\"\\\\"},"n":-0}',
  '{"name":"e","doc":{"arr":[{"a":1},{"a":2,"b":[]}],"t":true,"f":false},"n":"7"}',
  '{"name":"f","doc":{"nums":[1.2345678901234567,123456789012345,0.1]},"n":1}',
];

describe('one JSON row per line', () => {
  it('reads any other rows as the YAML parser reads them, numbers exact', async () => {
    const lines = Array.from({ length: 2100 }, (_, i) => ROWS[i % ROWS.length].replace(/"name" ?: ?"([a-z])/, (_m, c) => `"name":"${c}${i}`));
    const head = 'table: t\nkey: name\n';
    const fast = await load(`${head}rows:\n${lines.map((l) => `  - ${l}`).join('\n')}\n`);
    // The same text in one flow sequence is not in the one-row-per-line form: the YAML parser reads it.
    const yaml = await load(`${head}rows: [\n${lines.map((l) => `  ${l}`).join(',\n')}\n  ]\n`);
    expect(fast).toHaveLength(2100);
    expect(fast).toEqual(yaml);
    expect(String((fast[1].doc as Record<string, unknown>).k)).toBe('v:":');
    expect(String(fast[1].n)).toBe('12345678901234567890');
    expect(String((fast[3].doc as Record<string, unknown>).big)).toBe('0.10000000000000000001');
  });

  it('knows which slices JSON.parse read exactly', () => {
    const slice = (rows: string[]) => `[${rows.join(',')}]`;
    expect(parsedExactly(slice(PLAIN), JSON.parse(slice(PLAIN)))).toBe(true);
    for (const r of ROWS.slice(1, 4)) expect(parsedExactly(slice([...PLAIN, r]), JSON.parse(slice([...PLAIN, r]))), r).toBe(false);
    for (const r of ['{"a":1,"a":2}', '{"a": 1, "a": 2}', '{"a":{"b":1,"b":1}}', '{"k":"\\":","a":1,"a":2}']) expect(parsedExactly(r, JSON.parse(r)), r).toBe(false);
  });

  it('reads plain rows in slices as the YAML parser reads them', async () => {
    const lines = Array.from({ length: 2100 }, (_, i) => PLAIN[i % PLAIN.length].replace(/"name" ?: ?"([a-z])/, (_m, c) => `"name":"${c}${i}`));
    const head = 'table: t\nkey: name\n';
    const fast = await load(`${head}rows:\n${lines.map((l) => `  - ${l}`).join('\n')}\n`);
    expect(fast).toEqual(await load(`${head}rows: [\n${lines.map((l) => `  ${l}`).join(',\n')}\n  ]\n`));
    expect(fast[1].doc).toEqual({ k: 'v', '"q"': 'ü\\' });
  });

  for (const [what, row] of [
    ['compact', '{"name":"a","doc":{"x":1,"x":2}}'],
    ['spaced', '{"name": "a", "doc": {"x": 1}, "doc": null}'],
    ['with a colon quoted in a string', '{"name":"a:\\":","doc":{"x":1},"doc":{"x":2}}'],
  ]) {
    it(`refuses a repeated field, ${what}, with its line`, async () => {
      const rows = ['{"name":"z"}', row, '{"name":"y"}'];
      const err = await load(`table: t\nkey: name\nrows:\n${rows.map((l) => `  - ${l}`).join('\n')}\n`).catch((e) => e);
      expect(err.exitCode).toBe(6);
      expect(err.message).toMatch(/seeds\/t\.yaml:5:\d+: Map keys must be unique/);
    });
  }
});
