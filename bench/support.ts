// What both benchmarks share: command-line options, the median, and a PostgreSQL server to
// measure on ($BENCH_URL, or an embedded one in a temporary folder, stopped again at the end).
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as embedded from '../src/db/embedded';
import { freePort } from '../test/support/ports';

/** `--name value` or `--name=value`. */
export function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
}

export const RUNS = Math.max(1, Number(arg('runs') ?? process.env.BENCH_RUNS ?? 3));

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Runs `fn` with a temporary work folder and the URL of a server: $BENCH_URL, or an embedded
 * PostgreSQL tuned for throwaway data. Both are cleaned up afterwards, also on Ctrl-C.
 */
export async function withBenchServer(tag: string, log: (m: string) => void, fn: (serverUrl: string, work: string) => Promise<void>): Promise<void> {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), `schemaop-${tag}-`));
  await fs.chmod(work, 0o755);
  const pgDir = process.env.BENCH_URL ? undefined : path.join(work, 'pg');
  const cleanup = async () => {
    if (pgDir) await embedded.stop({ dir: pgDir }).catch((e) => log(`stop failed: ${(e as Error).message}`));
    await fs.rm(work, { recursive: true, force: true }).catch(() => undefined);
  };
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      log(`${sig}: stopping`);
      void cleanup().then(() => process.exit(130));
    });
  }
  try {
    let serverUrl = process.env.BENCH_URL ?? '';
    if (pgDir) {
      await fs.mkdir(pgDir, { recursive: true });
      const port = await freePort();
      log(`starting embedded PostgreSQL on port ${port}`);
      ({ url: serverUrl } = await embedded.start({
        dir: pgDir,
        port,
        settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '300' },
      }));
    } else log('using BENCH_URL');
    await fn(serverUrl, work);
  } finally {
    await cleanup();
  }
}

/** Runs a benchmark's main and exits with its outcome. */
export function run(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
