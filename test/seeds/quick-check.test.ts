// The checks that spare zod its cost per value must never pass a value zod refuses: for every
// column type and a spread of awkward values, quickCheck passing implies columnType passing.
import { describe, expect, it } from 'vitest';
import type { DdlColumn } from '../../src/engine/ddl-relations';
import { LosslessNumber } from '../../src/seeds/json';
import { columnType, isJson, quickCheck } from '../../src/seeds/load';

const TYPES = ['int4', 'int2', 'serial', 'int8', 'bigserial', 'numeric', 'float8', 'money', 'bool', 'uuid', 'date', 'timestamptz', 'text', 'varchar', 'bpchar', 'citext', 'inet', 'json', 'jsonb', 'mood', 'hstore'];
const nested = (v: unknown) => [v, [v], { a: v }];
const VALUES: unknown[] = [
  null, undefined, true, false, 0, -0, 1, -1, 1.5, 2147483647, 2147483648, -2147483649, 2 ** 53, 2 ** 53 + 2, NaN, Infinity, -Infinity, 1e308,
  '', ' ', 'x', 'abc', 'abcd', '12', '-12', '1.5', '1e5', '.5', 'NaN', '-Infinity', '12a', '8e0c7d4e-0000-4000-8000-000000000001', '8E0C7D4E000040008000000000000001', 'not-a-uuid',
  new LosslessNumber('12345678901234567890'), new LosslessNumber('1.5'), 10n, new Date(0), () => 1, Symbol('s'),
  [], [1, 'x'], {}, { a: 1 }, { a: { b: [1, null] } }, { a: undefined }, { a: NaN }, { a: Infinity }, { a: new Date(0) }, JSON.parse('{"__proto__": 1}'), { constructor: {} }, { constructor: 'x' }, Object.create(null), new Map(), new (class X {})(),
  ...nested(NaN), ...nested(new Date(0)), ...nested(undefined), ...nested(new LosslessNumber('1')),
];

describe('quick checks of seed values', () => {
  for (const type of TYPES) {
    for (const variant of [{}, { notNull: true }, { array: true }, { typmods: [3] }]) {
      const c: DdlColumn = { name: 'c', type, typmods: [], array: false, notNull: false, hasDefault: false, generated: false, ...variant };
      it(`${type} ${JSON.stringify(variant)}: passes only what zod accepts`, () => {
        const zod = columnType(c);
        const quick = quickCheck(c);
        const known = quickCheck(c, true);
        VALUES.forEach((v, i) => quick(v) && expect(zod.safeParse(v).success, `${type} VALUES[${i}]`).toBe(true));
        VALUES.forEach((v, i) => isJson(v) && known(v) && expect(zod.safeParse(v).success, `${type} VALUES[${i}] (known JSON)`).toBe(true));
      });
    }
  }
  it('passes the values a catalogue is made of (else zod is asked about every value)', () => {
    const col = (type: string, more: Partial<DdlColumn> = {}): DdlColumn => ({ name: 'c', type, typmods: [], array: false, notNull: false, hasDefault: false, generated: false, ...more });
    const cases: [DdlColumn, unknown][] = [
      [col('int4'), 7], [col('int8'), '12345678901234567890'], [col('numeric'), 0.0001], [col('numeric'), '0.0010'], [col('numeric'), new LosslessNumber('0.10000000000000000001')],
      [col('bool'), true], [col('varchar', { typmods: [50] }), 'inst_1'], [col('text'), null], [col('date'), '2024-01-15'], [col('uuid'), '8e0c7d4e-0000-4000-8000-000000000001'],
      [col('jsonb', { notNull: true }), ['1m', '5m']], [col('jsonb'), { a: { b: [1, 2.5, 'x', null] } }], [col('text', { array: true }), ['a']], [col('mood'), 'happy'],
    ];
    for (const [c, v] of cases) expect(quickCheck(c)(v), `${c.type} ${JSON.stringify(v)}`).toBe(true);
  });
  it('isJson passes only what the JSON value schema accepts, and passes plain JSON', () => {
    const zod = columnType({ name: 'c', type: 'jsonb', typmods: [], array: false, notNull: false, hasDefault: false, generated: false });
    VALUES.forEach((v, i) => isJson(v) && expect(zod.safeParse(v).success, `VALUES[${i}]`).toBe(true));
    expect(isJson(JSON.parse('{"a": [1, 2.5, "x", null, true, {"b": {}}]}'))).toBe(true);
  });
});
