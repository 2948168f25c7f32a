// Reading `pulumi preview --json`: a real preview captured from the Pulumi CLI (v3.248.0, a tiny
// program with a dynamic `schemaop:Schema` resource, fixtures/tiny-program.js), policy events and
// the clear errors of a file that is not a preview.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEventLog, parsePreview, parseUrn, previewReview } from '../../src/report/markdown/preview';
import { renderMarkdown } from '../../src/report/markdown';
import { reportCommand } from '../../src/cli/commands/report';
import { SchemaopError } from '../../src/errors';
import { schemaop } from '../support/cli';

const REAL = path.join(__dirname, 'fixtures', 'tiny-preview.json');

describe('pulumi preview --json', () => {
  it('reads a real preview: stack, steps, the Schema resource plan, diagnostics; secrets stay hidden', async () => {
    const d = parsePreview(await fs.readFile(REAL, 'utf8'), REAL);
    const r = previewReview(d);
    expect(r.marker).toBe('dev');
    expect(r.facts).toContain('project tiny');
    expect(r.statements).toEqual([expect.objectContaining({ kind: 'drop_column', object: 'public.t.c', deletesData: true, sql: 'ALTER TABLE t DROP COLUMN c' })]);
    expect(r.findings).toEqual([expect.objectContaining({ rule: 'drop_column', level: 'block', object: 'public.t.c' })]);
    expect(r.outcome).toBe('blocked');
    // The dynamic provider gives no diff reasons: the inputs that differ are named instead.
    expect(r.resources).toEqual([{ op: 'update', type: 'pulumi-nodejs:dynamic/schemaop:Schema', name: 'schema', diff: ['values'] }]);
    expect(r.diagnostics).toEqual([{ severity: 'info', message: 'a program message\n', resource: undefined }]);
    const md = renderMarkdown(r);
    expect(md).not.toContain('postgres://');
    expect(md).toContain('| Resources | 1 to update |');
  });

  it('names policy violations, mandatory ones block', () => {
    const urn = 'urn:pulumi:prod::schemaop::pulumi-nodejs:dynamic/schemaop:Schema::schema';
    // Two lines of Pulumi's event log as the CLI writes them (`--event-log`), between other events.
    const log = [
      { sequence: 0, timestamp: 1, preludeEvent: { config: {} } },
      { sequence: 7, timestamp: 2, policyEvent: { resourceUrn: urn, message: 'BLOCKED drop_table on public.x', color: 'raw', policyName: 'schemaop-migration-safety', policyPackName: 'schemaop', policyPackVersion: '0.1.0', policyPackVersionTag: '0.1.0', enforcementLevel: 'mandatory' } },
      { sequence: 8, timestamp: 2, policyEvent: { resourceUrn: urn, message: 'a warning', color: 'raw', policyName: 'schemaop-migration-warnings', policyPackName: 'schemaop', policyPackVersion: '0.1.0', policyPackVersionTag: '0.1.0', enforcementLevel: 'advisory' } },
      { sequence: 9, timestamp: 3, summaryEvent: { maybeCorrupt: false } },
    ].map((e) => JSON.stringify(e)).join('\n');
    const r = previewReview({ steps: [{ op: 'same', urn }] }, { policyEvents: parseEventLog(log, 'events.jsonl') });
    expect(r.outcome).toBe('blocked');
    const md = renderMarkdown(r);
    expect(md).toContain('- **mandatory** policy `schemaop-migration-safety` on `schema`: BLOCKED drop_table on public.x');
    expect(md).toContain('#### Advisory policy violations');
    expect(md).toContain('| Policy violations | 1 mandatory, 1 advisory |');
  });

  it('an event log that is not one is a clear error', () => {
    expect(() => parseEventLog('{"sequence":0}\nnot json', 'events.jsonl')).toThrow(/events\.jsonl:2: not JSON/);
    expect(() => parseEventLog('{"steps":[]}', 'preview.json')).toThrow(/preview\.json:1: not an engine event/);
  });

  it('a preview without changes says so', () => {
    const r = previewReview({ steps: [{ op: 'same', urn: 'urn:pulumi:staging::schemaop::pulumi:pulumi:Stack::schemaop-staging' }], changeSummary: { same: 1 } });
    expect(r.outcome).toBe('no changes');
    expect(renderMarkdown(r)).toContain('### ✅ Stack staging: no changes');
  });

  it('URNs: stack, project, own type of a child resource, names with colons', () => {
    expect(parseUrn('urn:pulumi:dev::schemaop::pulumi:pulumi:Stack$pulumi-nodejs:dynamic/schemaop:SeedRow::seed:public.exchanges:name=binance')).toEqual({
      stack: 'dev',
      project: 'schemaop',
      type: 'pulumi-nodejs:dynamic/schemaop:SeedRow',
      name: 'seed:public.exchanges:name=binance',
    });
  });

  it('schemaop report: a missing, non-JSON or foreign file is a usage error naming the file', async () => {
    const run = (preview?: string) => reportCommand({ preview, schemaDir: '/nonexistent', out: () => undefined });
    const fails = async (preview: string | undefined, message: RegExp) => {
      const e = await run(preview).then(() => undefined, (x: SchemaopError) => x);
      expect(e).toBeInstanceOf(SchemaopError);
      expect(e!.exitCode).toBe(64);
      expect(e!.message).toMatch(message);
    };
    await fails('/nonexistent/preview.json', /^\/nonexistent\/preview\.json: cannot read the preview: no such file/);
    await fails(path.join(__dirname, 'fixtures', 'tiny-program.js'), /tiny-program\.js: not JSON \(expected the output of `pulumi preview --json`\)/);
    await fails(path.join(__dirname, '../../package.json'), /package\.json: no steps, changeSummary or diagnostics/);
    await fails(undefined, /--preview FILE is required/);
  });

  it('schemaop report on the real preview exits 8 (blocked) and prints the marked comment', async () => {
    const r = await schemaop(['report', '--preview', REAL, '--schema', '/nonexistent']);
    expect(r.code).toBe(8);
    expect(r.stdout.split('\n')[0]).toBe('<!-- schemaop:report stack=dev -->');
  });
});
