// `schemaop report --preview preview.json [--events events.jsonl]`: a stack's pull-request comment
// from the output of `pulumi preview --json` (and, for its policy violations, the event log of the
// same preview), headed with the stack and the outcome and carrying a hidden marker so that a
// workflow updates the comment in place. Exit 0 no changes, 2 changes, 8 blocked.
import * as fs from 'node:fs/promises';
import { SchemaopError } from '../../errors';
import { renderMarkdown, withDiagram } from '../../report/markdown';
import { parseEventLog, parsePreview, previewReview } from '../../report/markdown/preview';
import { EXIT } from '../../exit-codes';

export interface ReportArgs {
  preview?: string;
  /** Pulumi's engine event log of the same preview: the JSON digest leaves out policy violations. */
  events?: string;
  stack?: string;
  /** Desired schema folder, for the ER diagram; skipped when it does not exist. */
  schemaDir: string;
  fullReport?: string;
  out(s: string): void;
  /** Reads stdin (for `--preview -`). */
  stdin?: () => Promise<string>;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function readOrFail(file: string, what: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (e) {
    throw new SchemaopError(`${file}: cannot read ${what}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`, EXIT.usage);
  }
}

export async function reportCommand(a: ReportArgs): Promise<number> {
  if (!a.preview) throw new SchemaopError('schemaop report: --preview FILE is required (the output of `pulumi preview --json`, or - for stdin)\nRun `schemaop --help` for usage.', EXIT.usage);
  const text = a.preview === '-' ? await (a.stdin ?? readStdin)() : await readOrFail(a.preview, 'the preview');
  const policyEvents = a.events === undefined ? undefined : parseEventLog(await readOrFail(a.events, 'the event log'), a.events);
  const review = previewReview(parsePreview(text, a.preview === '-' ? 'stdin' : a.preview), { stack: a.stack, policyEvents });
  review.fullReport = a.fullReport;
  const hasSchema = await fs.stat(a.schemaDir).then((s) => s.isDirectory(), () => false);
  a.out(renderMarkdown(await withDiagram(review, hasSchema ? a.schemaDir : undefined)));
  return review.outcome === 'blocked' ? EXIT.blocked : review.outcome === 'changes' ? EXIT.changes : EXIT.ok;
}
