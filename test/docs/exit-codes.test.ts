// The exit codes CI scripts act on: docs/cli.md's table and `schemaop --help` list every code the
// command has, with the meaning the code table gives it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT, exitTable } from '../../src/exit-codes';
import { schemaop } from '../support/cli';

describe('exit codes', () => {
  it("docs/cli.md's table is the code table", () => {
    const doc = fs.readFileSync(path.resolve(__dirname, '../../docs/cli.md'), 'utf8');
    expect(doc).toContain(exitTable());
    expect(exitTable().split('\n')).toHaveLength(Object.keys(EXIT).length + 2);
  });

  it('--help lists every code', async () => {
    const r = await schemaop(['--help']);
    const block = r.stdout.slice(r.stdout.indexOf('Exit codes:'));
    const listed = [...block.matchAll(/(?:^|\s{2,})(\d+) [a-z]/gm)].map((m) => Number(m[1])).sort((a, b) => a - b);
    expect(listed).toEqual(Object.values(EXIT).sort((a, b) => a - b));
  });
});
