// `schemaop report --preview preview.json`: a stack's pull-request comment from the output of
// `pulumi preview --json`, headed with the stack and the outcome and carrying a hidden marker so
// that a workflow updates the comment in place. Exit 0 no changes, 2 changes, 8 blocked.
import * as fs from 'node:fs/promises';
import { SchemaopError } from '../../errors';
import { renderMarkdown, withDiagram } from '../../report/markdown';
import { parsePreview, previewReview } from '../../report/markdown/preview';
import { EXIT } from '../exit-codes';

export interface ReportArgs {
  preview?: string;
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

export async function reportCommand(a: ReportArgs): Promise<number> {
  if (!a.preview) throw new SchemaopError('schemaop report: --preview FILE is required (the output of `pulumi preview --json`, or - for stdin)\nRun `schemaop --help` for usage.', EXIT.usage);
  let text: string;
  try {
    text = a.preview === '-' ? await (a.stdin ?? readStdin)() : await fs.readFile(a.preview, 'utf8');
  } catch (e) {
    throw new SchemaopError(`${a.preview}: cannot read the preview: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`, EXIT.usage);
  }
  const review = previewReview(parsePreview(text, a.preview === '-' ? 'stdin' : a.preview), { stack: a.stack });
  review.fullReport = a.fullReport;
  const hasSchema = await fs.stat(a.schemaDir).then((s) => s.isDirectory(), () => false);
  a.out(renderMarkdown(await withDiagram(review, hasSchema ? a.schemaDir : undefined)));
  return review.outcome === 'blocked' ? EXIT.blocked : review.outcome === 'changes' ? EXIT.changes : EXIT.ok;
}
