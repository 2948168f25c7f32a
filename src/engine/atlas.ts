// The Atlas engine: `atlas schema diff` from the live database to the schema files, with one of
// our scratch databases as Atlas's (empty) dev database. Used when the Atlas CLI is installed.
import { SchemaopError } from '../errors';
import { scrub } from '../db/url';
import { exec } from '../util/exec';
import { splitStatements } from './sql';

export const atlasBin = () => process.env.SCHEMAOP_ATLAS_BIN || 'atlas';

const run = (args: string[]) => exec(atlasBin(), args);

let available: Promise<boolean> | undefined;

/** Whether an `atlas` executable answers `atlas version`. */
export function atlasAvailable(): Promise<boolean> {
  return (available ??= run(['version']).then(
    (r) => r.code === 0,
    () => false,
  ));
}

/** Planned statements from Atlas; `devUrl` must be an empty database Atlas may use and clean. */
export async function runAtlasDiff(fromUrl: string, schemaDir: string, devUrl: string, exclude: string[]): Promise<string[]> {
  const withSsl = (u: string) => (u.includes('sslmode=') ? u : u + (u.includes('?') ? '&' : '?') + 'sslmode=disable');
  const args = ['schema', 'diff', '--from', withSsl(fromUrl), '--to', `file://${schemaDir}`, '--dev-url', withSsl(devUrl)];
  for (const s of exclude) args.push('--exclude', s);
  const r = await run(args);
  if (r.code !== 0) throw new SchemaopError(`atlas schema diff failed: ${scrub(r.stderr || r.stdout, fromUrl, devUrl).trim()}`, 1);
  if (/^\s*Schemas are synced/i.test(r.stdout)) return [];
  return (await splitStatements(r.stdout)).map((s) => s.sql);
}
