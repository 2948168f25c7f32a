// `schemaop plan --write-backfills`: the backfills a plan offers (a column made NOT NULL whose
// DEFAULT fills the rows holding NULL) written to schema/backfills/, numbered after the files there.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { Plan } from '../../engine/plan';
import { BACKFILL_DIR } from '../../engine/source';

/** Writes each offered backfill not declared yet; returns the paths written (relative to the schema directory). */
export async function writeOfferedBackfills(p: Plan, schemaDir: string): Promise<string[]> {
  const offers = p.findings.flatMap((f) => (f.backfill && !f.allowedBy ? [f.backfill] : []));
  if (!offers.length) return [];
  const dir = path.join(schemaDir, BACKFILL_DIR);
  await fs.mkdir(dir, { recursive: true });
  const existing = (await fs.readdir(dir)).filter((n) => n.endsWith('.sql'));
  const declared = new Set(
    await Promise.all(existing.map(async (n) => /^\s*--\s*schemaop:backfill\s+(\S+)/m.exec(await fs.readFile(path.join(dir, n), 'utf8'))?.[1] ?? '')),
  );
  let next = Math.max(0, ...existing.map((n) => Number(/^(\d+)/.exec(n)?.[1] ?? 0))) + 1;
  const written: string[] = [];
  for (const b of offers) {
    if (declared.has(b.id)) continue;
    declared.add(b.id);
    const name = `${String(next++).padStart(3, '0')}_${b.id}.sql`;
    // `wx`: never overwrite a file of the author's.
    await fs.writeFile(path.join(dir, name), b.text, { flag: 'wx' });
    written.push(`${BACKFILL_DIR}/${name}`);
  }
  return written;
}
