// The peer tools the benchmark compares with, run the way a user runs them: `atlas schema diff`
// from the live database to the schema files through a dev database, and `pg-schema-diff plan`
// (which loads the files into temporary databases of its own and, by default, validates its plan).
import { scrub } from '../src/db/url';
import { splitStatements } from '../src/engine/sql';
import { exec } from '../src/util/exec';
import { toolBuilt, toolPath } from '../src/util/tools';

export const peerAvailable = (name: 'atlas' | 'pg-schema-diff') => toolBuilt(name);

const noSsl = (u: string) => u + (u.includes('?') ? '&' : '?') + 'sslmode=disable';

async function runPeer(name: string, args: string[], urls: string[]): Promise<string> {
  const r = await exec(toolPath(name), args);
  if (r.code !== 0) throw new Error(`${name} failed: ${scrub(r.stderr || r.stdout, ...urls).trim().split('\n').slice(0, 3).join(' | ')}`);
  return r.stdout;
}

/** `atlas schema diff`; the number of planned statements. */
export async function runAtlas(liveUrl: string, schemaDir: string, devUrl: string): Promise<number> {
  const out = await runPeer('atlas', ['schema', 'diff', '--from', noSsl(liveUrl), '--to', `file://${schemaDir}`, '--dev-url', noSsl(devUrl), '--exclude', 'schemaop'], [liveUrl, devUrl]);
  return /^\s*Schemas are synced/.test(out) ? 0 : (await splitStatements(out)).length;
}

/** `pg-schema-diff plan`; the number of planned statements. */
export async function runPgSchemaDiff(liveUrl: string, schemaDir: string, extra: string[] = []): Promise<number> {
  const out = await runPeer('pg-schema-diff', ['plan', '--from-dsn', noSsl(liveUrl), '--to-dir', schemaDir, '--exclude-schema', 'schemaop', '--output-format', 'json', ...extra], [liveUrl]);
  const plan = JSON.parse(out) as { statements?: unknown[] | null };
  return plan.statements?.length ?? 0;
}
