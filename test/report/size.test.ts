// A plan of 2,000 statements (planned for real, on PostgreSQL) still fits in one GitHub comment:
// whole statements are dropped from the end of the SQL, every code block stays closed, the other
// sections still show, and the comment says where the full report is.
import { describe, expect, it } from 'vitest';
import { plan } from '../../src/engine/plan';
import { GITHUB_COMMENT_LIMIT, markerFor, markerOf, planMarkdown, renderMarkdown } from '../../src/report/markdown';
import { emptyReview } from '../../src/report/markdown/review';
import { freshDatabase } from '../support/db';
import { schemaDir } from '../support/schema';

/** Every fenced block is closed: the lexer sees the same number of code blocks as fences / 2. */
async function checkFences(md: string) {
  const { marked } = await import('marked');
  const fences = md.split('\n').filter((l) => /^```/.test(l));
  expect(fences.length % 2).toBe(0);
  const blocks = marked.lexer(md).flatMap(function walk(t): { type: string; text?: string }[] {
    return [t as { type: string; text?: string }, ...(((t as { tokens?: never[] }).tokens ?? []) as never[]).flatMap(walk)];
  }).filter((t) => t.type === 'code');
  expect(blocks.length).toBe(fences.length / 2);
}

describe('size of the review', () => {
  it('a 2,000-statement plan fits under 65,536 characters, cut between statements', async () => {
    const tables = Array.from({ length: 500 }, (_, i) => `CREATE TABLE t${i} (id int PRIMARY KEY, name text NOT NULL, ref int);\nCREATE INDEX t${i}_name_idx ON t${i} (name);\nCREATE INDEX t${i}_ref_idx ON t${i} (ref);\nCOMMENT ON TABLE t${i} IS 'table number ${i} of the generated plan';`);
    const dir = await schemaDir({ '10.sql': tables.join('\n') });
    const url = await freshDatabase();
    const p = await plan({ url, schemaDir: dir, engine: 'builtin' });
    expect(p.statements.length).toBe(2000);
    const md = await planMarkdown(p, url, { schemaDir: dir, fullReport: 'the `review-dev` artefact of this run' });
    expect(md.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(md.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT * 0.9);
    await checkFences(md);
    expect(md).toContain('This report is longer than a GitHub comment allows');
    expect(md).toContain('The full report: the `review-dev` artefact of this run');
    const shown = [...md.matchAll(/^-- (\d+)\. /gm)].map((m) => Number(m[1]));
    expect(shown[0]).toBe(1);
    // Consecutive whole statements from the first, each ending with its semicolon.
    expect(shown).toEqual(shown.map((_, i) => i + 1));
    expect(md).toMatch(new RegExp(`${2000 - shown.length} more statements not shown here: see the \`review-dev\` artefact`));
    // Summary counts the whole plan, not what is shown.
    expect(md).toContain('| Statements | 2000: ');
    // The diagram still shows (the small sections come before the SQL's share).
    expect(md).toContain('```mermaid\nerDiagram');
    expect(md).toMatch(/Not drawn: 470 more tables/);
  });

  it('a single statement larger than the limit is clipped by lines, inside a closed code block', async () => {
    const r = emptyReview('plan', 'Plan for a huge function');
    const body = Array.from({ length: 5000 }, (_, i) => `  PERFORM step_${i}();`).join('\n');
    r.statements = [{ sql: `CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$\nBEGIN\n${body}\nEND $$`, kind: 'create_function', object: 'public.f()', deletesData: false, transactional: true, touches: [] }];
    r.outcome = 'changes';
    const md = renderMarkdown(r, { limit: 20_000 });
    expect(md.length).toBeLessThanOrEqual(20_000);
    await checkFences(md);
    expect(md).toMatch(/-- … \d+ more lines of this item not shown/);
  });

  it('a report under the limit is not cut and has no notice', () => {
    const r = emptyReview('plan', 'Plan');
    r.statements = [{ sql: 'CREATE TABLE t (id int)', kind: 'create_table', object: 'public.t', deletesData: false, transactional: true, touches: [] }];
    const md = renderMarkdown(r);
    expect(md).not.toContain('longer than a GitHub comment');
    expect(md).toContain('CREATE TABLE t (id int);');
  });
});

describe('comment marker', () => {
  it('round-trips the stack name, also with characters a comment would break on', () => {
    for (const stack of ['dev', 'acme/schemaop/prod', 'a b-->c']) {
      const r = emptyReview('preview', `Stack ${stack}`);
      r.marker = stack;
      const md = renderMarkdown(r);
      expect(md.startsWith('<!-- schemaop:report stack=')).toBe(true);
      expect(markerOf(md)).toBe(stack);
      expect(markerFor(stack)).not.toMatch(/-->.*-->/);
    }
    expect(markerOf('a comment by a person')).toBeUndefined();
    expect(markerOf(`edited above\n\n${markerFor('staging')}\nrest`)).toBe('staging');
  });
});
