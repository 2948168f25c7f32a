// The server a plan builds its scratch dev database on. For a remote target it is not the target's
// server: schema files run there (as a least-privilege role, in a scratch database), and a
// production server should not even see them. The embedded PostgreSQL serves instead when its
// major version is the target's; `--dev-url` chooses another server, `--dev-url target` the
// target's own.
import * as path from 'node:path';
import { withClient } from '../db/connect';
import { parseConnection } from '../db/url';
import * as embedded from '../db/embedded';
import { exec } from '../util/exec';
import { freePort } from '../util/ports';
import { SchemaopError } from '../errors';

export interface DevServerOptions {
  /** `--dev-url`: a server URL, or `target` for the target's server. */
  devUrl?: string;
  /** Where the embedded dev server keeps its cluster (default: defaultDevServerDir). */
  dir?: string;
  /** Treat the target as remote whatever its host (tests). */
  remote?: boolean;
  say?: (message: string) => void;
}

/** A host on this machine: loopback names and addresses, or a Unix socket folder. */
export function isLocalHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === '' || h.startsWith('/') || h === 'localhost' || h.endsWith('.localhost') || /^127\./.test(h) || h === '::1';
}

/**
 * The embedded dev server's default folder: beside the project's embedded database (the server
 * runs as the postgres system user, which must reach it), one cluster per major, reused.
 */
export function defaultDevServerDir(major: number): string {
  return path.resolve(process.env.SCHEMAOP_DEV_SERVER_DIR ?? path.join('.schemaop', `dev-server-${major}`));
}

let embeddedMajor: Promise<number> | undefined;

/** The major version of the embedded PostgreSQL binaries (`postgres --version`). */
export function embeddedServerMajor(): Promise<number> {
  embeddedMajor ??= exec(path.join(embedded.binDir(), 'postgres'), ['--version']).then((r) => {
    const m = /(\d+)(?:\.\d+)?/.exec(r.stdout);
    if (r.code !== 0 || !m) throw new SchemaopError(`cannot read the embedded PostgreSQL's version: ${r.stderr.trim() || r.stdout.trim()}`);
    return Number(m[1]);
  });
  return embeddedMajor;
}

const targetMajor = (url: string) => withClient(url, async (c) => Math.floor(Number((await c.query<{ v: string }>("SELECT current_setting('server_version_num') AS v")).rows[0].v) / 10_000), 'dev server');

/** The server URL for the scratch dev database; undefined means the target's server. */
export async function devServerFor(targetUrl: string, opts: DevServerOptions = {}): Promise<string | undefined> {
  if (opts.devUrl === 'target') return undefined;
  if (opts.devUrl) return opts.devUrl;
  // The host the connection goes to, read by the one parser (a password may hold `@localhost/`).
  if (!opts.remote && isLocalHost(parseConnection(targetUrl).host ?? 'localhost')) return undefined;
  const [major, ours] = await Promise.all([targetMajor(targetUrl), embeddedServerMajor()]);
  if (major !== ours) {
    opts.say?.(`note: the target runs PostgreSQL ${major} and the embedded one is ${ours}: the dev database is built on the target's server (as a least-privilege role); pass --dev-url for a PostgreSQL ${major} server of your own`);
    return undefined;
  }
  const dir = opts.dir ?? defaultDevServerDir(major);
  const st = await embedded.status({ dir });
  const started = await embedded.start({ dir, port: st.initialised ? undefined : await freePort() });
  if (started.started) opts.say?.(`started the embedded PostgreSQL ${major} in ${dir} for the dev database (not the target's server; --dev-url to choose)`);
  return started.url;
}
