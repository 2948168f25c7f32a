// The peer tools the benchmark compares with, run the way a user runs them: `atlas schema diff`
// from the live database to the schema files through a dev database, and `pg-schema-diff plan`
// (which loads the files into temporary databases of its own and, by default, validates its plan).
import { scrub } from '../src/db/url';
import { splitStatements } from '../src/engine/sql';
import { exec } from '../src/util/exec';
import { toolBuilt, toolPath } from '../src/util/tools';
import { arg } from './support';

let currentSize = 0;
/** The schema size being measured (named when a peer is skipped at a larger one). */
export const peerSize = (n: number) => (currentSize = n);

export const peerAvailable = (name: 'atlas' | 'pg-schema-diff') => toolBuilt(name);

/** How long a peer may take (`--peer-timeout SECONDS`, default 600): a peer stopped then was slower than that. */
export const PEER_TIMEOUT_MS = Number(arg('peer-timeout') ?? process.env.BENCH_PEER_TIMEOUT ?? 600) * 1000;

/** A peer stopped after PEER_TIMEOUT_MS: it takes at least `atLeastMs`. */
export class PeerTimeout extends Error {
  constructor(
    readonly peer: string,
    readonly atLeastMs: number,
    why = `stopped after ${(atLeastMs / 1000).toFixed(0)} s`,
  ) {
    super(`${peer}: ${why} (--peer-timeout)`);
  }
}

/** Peers that were stopped at a smaller size: a larger schema takes them at least as long. */
const stopped = new Map<string, number>();

const noSsl = (u: string) => u + (u.includes('?') ? '&' : '?') + 'sslmode=disable';

async function runPeer(name: string, args: string[], urls: string[]): Promise<string> {
  const at = stopped.get(name);
  if (at !== undefined) throw new PeerTimeout(name, PEER_TIMEOUT_MS, `not run: stopped after ${(PEER_TIMEOUT_MS / 1000).toFixed(0)} s at ${at} tables`);
  const r = await exec(toolPath(name), args, { timeoutMs: PEER_TIMEOUT_MS });
  if (r.timedOut) {
    stopped.set(name, currentSize);
    throw new PeerTimeout(name, PEER_TIMEOUT_MS);
  }
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
