// sslmode as libpq means it, from the command line, against a server that accepts only TLS (the
// cloud-shaped server: pg_hba hostssl only, a certificate signed by a CA made for the test run,
// valid for 127.0.0.1 and not for `localhost`). Connection strings as users write them: passwords
// not percent-encoded, libpq keywords; no output holds a password, or a word damaged by masking.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { quoteIdent, quoteLiteral, withClient } from '../../src/db/connect';
import { targetUrl, type Target } from '../../src/providers/runtime/target';
import { runAtlasDiff } from '../../src/engine/atlas';
import { exec } from '../../src/util/exec';
import { schemaop } from '../support/cli';
import { CERT_USER, clientCertificate, cloudServer, type CloudServer } from '../support/cloud';
import { query } from '../support/db';
import { missingTool } from '../support/tools';

let cloud: CloudServer;
/** A HOME without ~/.postgresql, so that libpq's default root.crt does not apply unless a test puts one there. */
let home: string;

beforeAll(async () => {
  cloud = await cloudServer();
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'schemaop-tls-home-'));
});

const url = (q: string, host = cloud.host, password = cloud.adminPassword) => `postgres://cloud_admin:${password}@${host}:${cloud.port}/app${q}`;

/** `schemaop status`: connects to the target and reads its revision table. */
async function status(target: string, env: Record<string, string> = {}) {
  const r = await schemaop(['status', '--url', target], { HOME: home, PGSSLMODE: '', ...env });
  const out = r.stdout + r.stderr;
  expect(out).not.toContain(cloud.adminPassword);
  // Masking hits whole secrets: no `***` glued to a word (`c***nnot`, `***uthentication`).
  expect(out).not.toMatch(/[A-Za-z0-9]\*\*\*|\*\*\*[A-Za-z0-9]/);
  return { code: r.code, out };
}

const CONNECTED = /no revision recorded/;

describe('sslmode from the command line, on a server that requires TLS', () => {
  it('disable is refused by the server, with the reason and what to write instead', async () => {
    const r = await status(url('?sslmode=disable'));
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/cannot connect to postgres:\/\/cloud_admin:\*\*\*@127\.0\.0\.1:\d+\/app\?sslmode=disable: the server requires TLS: pg_hba\.conf rejects connection .* no encryption \(use sslmode=require/);
  });

  it('prefer (also when no sslmode is given), allow and require connect to a certificate nobody verifies', async () => {
    for (const q of ['', '?sslmode=prefer', '?sslmode=allow', '?sslmode=require']) {
      const r = await status(url(q));
      expect({ q, code: r.code }).toEqual({ q, code: 0 });
      expect(r.out).toMatch(CONNECTED);
    }
  });

  it('PGSSLMODE is the default, as in libpq', async () => {
    expect((await status(url(''), { PGSSLMODE: 'disable' })).code).toBe(3);
    expect((await status(url(''), { PGSSLMODE: 'require' })).code).toBe(0);
  });

  it('verify-ca and verify-full need the CA; with sslrootcert they connect', async () => {
    for (const mode of ['verify-ca', 'verify-full']) {
      const without = await status(url(`?sslmode=${mode}`));
      expect(without.code).toBe(64);
      expect(without.out).toMatch(new RegExp(`sslmode=${mode} verifies the server's certificate and needs the CA that signed it: set sslrootcert=`));
      const withCa = await status(url(`?sslmode=${mode}&sslrootcert=${cloud.caPath}`));
      expect(withCa.code).toBe(0);
      expect(withCa.out).toMatch(CONNECTED);
    }
  });

  it('verify-full checks the host name, verify-ca only the chain', async () => {
    const full = await status(url(`?sslmode=verify-full&sslrootcert=${cloud.caPath}`, 'localhost'));
    expect(full.code).toBe(3);
    expect(full.out).toMatch(/the server's certificate was not accepted: Hostname\/IP does not match certificate's altnames: Host: localhost/);
    expect((await status(url(`?sslmode=verify-ca&sslrootcert=${cloud.caPath}`, 'localhost'))).code).toBe(0);
  });

  it('a root certificate makes require verify the chain; another CA is refused', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'schemaop-other-ca-'));
    const made = await exec('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1', '-subj', '/CN=another CA'], { cwd: dir });
    expect(made.code).toBe(0);
    const other = path.join(dir, 'ca.crt');
    const r = await status(url(`?sslmode=require&sslrootcert=${other}`));
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/the server's certificate was not accepted: (self-signed certificate in certificate chain|unable to get local issuer certificate|unable to verify the first certificate)/);
    expect((await status(url(`?sslmode=require&sslrootcert=${cloud.caPath}`))).code).toBe(0);
  });

  it("~/.postgresql/root.crt is libpq's default root certificate", async () => {
    const withRoot = await fs.mkdtemp(path.join(os.tmpdir(), 'schemaop-tls-home-'));
    await fs.mkdir(path.join(withRoot, '.postgresql'));
    await fs.copyFile(cloud.caPath, path.join(withRoot, '.postgresql', 'root.crt'));
    expect((await status(url('?sslmode=verify-full'), { HOME: withRoot })).code).toBe(0);
  });

  it('sslcert and sslkey present a client certificate', async () => {
    const { cert, key } = await clientCertificate(cloud, CERT_USER);
    const as = (q: string) => `postgres://${CERT_USER}@${cloud.host}:${cloud.port}/app?sslmode=verify-full&sslrootcert=${cloud.caPath}${q}`;
    const withCert = await status(as(`&sslcert=${cert}&sslkey=${key}`));
    expect(withCert.code).toBe(0);
    expect(withCert.out).toMatch(CONNECTED);
    const without = await status(as(''));
    expect(without.code).toBe(3);
    expect(without.out).toMatch(/connection requires a valid client certificate/);
    // As libpq: ~/.postgresql/postgresql.crt and postgresql.key when the string names none.
    const withHome = await fs.mkdtemp(path.join(os.tmpdir(), 'schemaop-tls-home-'));
    await fs.mkdir(path.join(withHome, '.postgresql'));
    await fs.copyFile(cert, path.join(withHome, '.postgresql', 'postgresql.crt'));
    await fs.copyFile(key, path.join(withHome, '.postgresql', 'postgresql.key'));
    expect((await status(as(''), { HOME: withHome })).code).toBe(0);
  });

  it('libpq keywords work the same', async () => {
    const r = await status(`host=${cloud.host} port=${cloud.port} user=cloud_admin password='${cloud.adminPassword}' dbname=app sslmode=verify-full sslrootcert=${cloud.caPath}`);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(CONNECTED);
  });
});

describe('the Pulumi providers', () => {
  it("connect to a stack's target with its sslmode as libpq reads it", async () => {
    process.env.SCHEMAOP_TLS_TEST_PASSWORD = cloud.adminPassword;
    const target = (sslmode: Target['sslmode'], sslrootcert?: string): Target => ({
      host: cloud.host,
      port: cloud.port,
      user: 'cloud_admin',
      database: 'app',
      sslmode,
      ...(sslrootcert ? { sslrootcert } : {}),
      credentials: { kind: 'env', variable: 'SCHEMAOP_TLS_TEST_PASSWORD' },
    });
    const tls = async (t: Target) => withClient(await targetUrl(t), async (c) => (await c.query('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()')).rows[0].ssl);
    expect(await tls(target('require'))).toBe(true);
    expect(await tls(target('verify-full', cloud.caPath))).toBe(true);
    await expect(tls(target('disable'))).rejects.toThrow(/the server requires TLS/);
  });
});

describe('passwords as users write them, on the TLS server', () => {
  // Every character that URL parsers split on, unencoded, and one that looks like another host.
  const PASSWORDS = ['p/ss-' + randomBytes(4).toString('hex'), 'p#ss?x=' + randomBytes(4).toString('hex'), `a@localhost/x:${randomBytes(4).toString('hex')}`];

  it.each(PASSWORDS)('the unencoded password %s logs in, and a wrong one fails without showing either', async (password) => {
    const role = `login_${randomBytes(4).toString('hex')}`;
    await query(cloud.superuserUrl, `CREATE ROLE ${quoteIdent(role)} LOGIN PASSWORD ${quoteLiteral(password)}; GRANT CONNECT ON DATABASE app TO ${quoteIdent(role)}`);
    const as = (pw: string) => `postgres://${role}:${pw}@${cloud.host}:${cloud.port}/app?sslmode=require`;
    const ok = await status(as(password));
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(CONNECTED);
    expect(ok.out).not.toContain(password);

    const wrong = password.replace(/.$/, (c) => (c === 'z' ? 'y' : 'z'));
    const failed = await status(as(wrong));
    expect(failed.code).toBe(3);
    expect(failed.out).toContain(`cannot connect to postgres://${role}:***@127.0.0.1:${cloud.port}/app?sslmode=require: authentication failed`);
    expect(failed.out).not.toContain(wrong);
    expect(failed.out).not.toContain(password);
    expect(failed.out).not.toContain(encodeURIComponent(wrong));
    expect(failed.out).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it('a password holding @localhost/ does not send the connection to localhost', async () => {
    const r = await status(`postgres://cloud_admin:a@localhost/x@db.invalid:${cloud.port}/app?sslmode=require`);
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/cannot connect to postgres:\/\/cloud_admin:\*\*\*@db\.invalid:\d+\/app\?sslmode=require: .*ENOTFOUND db\.invalid/);
  });

  it('an unreadable connection string is refused with exit 64 and no stack trace', async () => {
    const r = await status(`postgres://cloud_admin:${cloud.adminPassword}@${cloud.host}:54x/app`);
    expect(r.code).toBe(64);
    expect(r.out).toMatch(/cannot read the connection string: no host, port and database could be read/);
    expect(r.out).not.toMatch(/TypeError|Invalid URL|at .*\.(ts|js):\d+/);
  });
});

describe.skipIf(missingTool('atlas', 'test/db/tls.test.ts'))('Atlas reads the same connection string', () => {
  it('connects with sslmode=require to the self-signed server, and not with disable', async () => {
    const password = `p/ss@x#${randomBytes(4).toString('hex')}`;
    const role = `atlas_${randomBytes(4).toString('hex')}`;
    await query(cloud.superuserUrl, `CREATE ROLE ${quoteIdent(role)} LOGIN PASSWORD ${quoteLiteral(password)}`);
    const as = (q: string) => `postgres://${role}:${password}@${cloud.host}:${cloud.port}/app${q}`;
    for (const q of ['', '?sslmode=require', `?sslmode=verify-full&sslrootcert=${cloud.caPath}`]) expect(await runAtlasDiff(as(q), as(q), undefined, [])).toEqual([]);
    const refused = await runAtlasDiff(as('?sslmode=disable'), as('?sslmode=disable'), undefined, []).catch((e: Error) => e.message);
    expect(refused).toMatch(/atlas schema diff failed: .*no encryption/);
    expect(refused).not.toContain(password);
    expect(refused).not.toContain(encodeURIComponent(password));
  });
});
