// docs/safety.md's table of rules is the registry's: one row per rule, in the registry's order,
// with its levels per environment, what it catches and its safe alternative, as `schemaop lint
// --rules` prints them. A rule added, removed or reworded without its row fails here.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/lint/registry';
import { ENVIRONMENTS, type Rule } from '../../src/lint/types';

const DOC = path.resolve(__dirname, '../../docs/safety.md');
const HEADER = '| rule | dev / staging / prod | catches | safe alternative |';

/** The row a rule has in the table (block levels in bold; `|` escaped as Markdown needs). */
const ruleRow = (r: Rule) =>
  `| \`${r.id}\` | ${ENVIRONMENTS.map((e) => (r.levels[e] === 'block' ? '**block**' : r.levels[e])).join(' / ')} | ${r.summary.replace(/\|/g, '\\|')} | ${r.safeAlternative.replace(/\|/g, '\\|')} |`;

describe('docs/safety.md', () => {
  it('lists every rule of the registry, as the registry has it', () => {
    const lines = fs.readFileSync(DOC, 'utf8').split('\n');
    const start = lines.indexOf(HEADER);
    expect(start, `docs/safety.md has no line ${HEADER}`).toBeGreaterThan(-1);
    const rows: string[] = [];
    for (let i = start + 2; i < lines.length && lines[i].startsWith('|'); i++) rows.push(lines[i]);
    expect(rows).toEqual(RULES.map(ruleRow));
  });
});
