// The Pulumi seed-row provider keeps a row another resource owns now: whether the seed file still
// lists it is read as the seed loader reads the file (JSON, one JSON row per line, YAML; numbers
// exact), and a file that does not parse is an error, never "lists nothing".
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listedInFile, rowKey } from '../../src/providers/runtime/seed-common';
import { LosslessNumber } from '../../src/seeds/json';

async function file(name: string, text: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'schemaop-listed-'));
  await fs.writeFile(path.join(dir, name), text);
  return path.join(dir, name);
}

const key = (id: string) => rowKey(['id'], { id: new LosslessNumber(id) });

describe('whether a seed file still lists a row', () => {
  const FORMS: [string, string][] = [
    ['t.yaml', 'table: t\nkey: [id]\nrows:\n  - id: 12345678901234567891\n    name: a\n  - id: 7\n    name: b\n'],
    ['t.yaml', 'table: t\nkey: [id]\nrows:\n  - {"id": 12345678901234567891, "name": "a"}\n  - {"id": 7, "name": "b"}\n'],
    ['t.json', '{"table": "t", "key": ["id"], "rows": [{"id": 12345678901234567891, "name": "a"}, {"id": 7, "name": "b"}]}'],
  ];
  it.each(FORMS)('%s: %s', async (name, text) => {
    const f = await file(name, text);
    expect(await listedInFile(f, ['id'], key('12345678901234567891'))).toBe(true);
    expect(await listedInFile(f, ['id'], rowKey(['id'], { id: 7 }))).toBe(true);
    // One more than a listed key: the same JavaScript number, not the same key.
    expect(await listedInFile(f, ['id'], key('12345678901234567892'))).toBe(false);
    expect(await listedInFile(f, ['id'], rowKey(['id'], { id: 8 }))).toBe(false);
  });

  it('a missing file lists nothing; a file that does not parse is an error with its line', async () => {
    expect(await listedInFile('/nonexistent/seeds/t.yaml', ['id'], rowKey(['id'], { id: 7 }))).toBe(false);
    const broken = await file('t.yaml', 'table: t\nkey: [id]\nrows:\n  - id: 7\n   name: [\n');
    await expect(listedInFile(broken, ['id'], rowKey(['id'], { id: 7 }))).rejects.toThrow(/t\.yaml:\d+:\d+: /);
  });
});
