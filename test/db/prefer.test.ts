// sslmode=prefer (libpq's default) against a server without TLS: libpq asks for TLS, hears no and
// connects plain, at the cost of a connection of its own. schemaop asks a server once per process,
// and not at all when it knows from the server's configuration that it has none (the embedded
// database it runs itself). Seen from the wire: a TCP relay in front of the run's server counts
// the connections and the TLS requests (SSLRequest: length 8, code 80877103).
import * as fs from 'node:fs/promises';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, withClient } from '../../src/db/connect';
import * as embedded from '../../src/db/embedded';
import { formatConnection, parseConnection } from '../../src/db/url';
import { startEmbedded } from '../../src/cli/target';
import { freePort } from '../support/ports';
import { serverUrl } from '../support/db';

const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);

interface Relay {
  port: number;
  connections: number;
  tlsRequests: number;
  close(): Promise<void>;
}

/** Relays 127.0.0.1:<port> to the server of `url`, counting connections and TLS requests. */
async function relay(url: string): Promise<Relay> {
  const target = parseConnection(url);
  const sockets = new Set<net.Socket>();
  const r: Relay = { port: 0, connections: 0, tlsRequests: 0, close: async () => undefined };
  const server = net.createServer((client) => {
    r.connections++;
    const upstream = net.connect(target.port!, target.host!);
    sockets.add(client).add(upstream);
    let first = true;
    client.on('data', (d: Buffer) => {
      if (first && d.subarray(0, 8).equals(SSL_REQUEST)) r.tlsRequests++;
      first = false;
      upstream.write(d);
    });
    upstream.on('data', (d) => client.write(d));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  r.port = (server.address() as net.AddressInfo).port;
  r.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return r;
}

const through = (r: Relay, url: string, query = '') => formatConnection({ ...parseConnection(url + query), host: '127.0.0.1', port: r.port });

describe('sslmode=prefer to a server without TLS', () => {
  let r: Relay;
  beforeAll(async () => {
    r = await relay(serverUrl());
  });
  afterAll(() => r.close());

  it('asks for TLS once per process: later connections go plain at once', async () => {
    const url = through(r, serverUrl());
    expect(parseConnection(url).sslmode).toBeUndefined(); // libpq's default: prefer
    const seen = () => ({ connections: r.connections, tlsRequests: r.tlsRequests });
    const before = seen();
    expect(await withClient(url, async (c) => (await c.query('SELECT 1 AS one')).rows)).toEqual([{ one: 1 }]);
    // The TLS request, refused, then the plain connection.
    expect(seen()).toEqual({ connections: before.connections + 2, tlsRequests: before.tlsRequests + 1 });
    for (let i = 0; i < 3; i++) expect(await withClient(url, async (c) => (await c.query('SELECT 1 AS one')).rows)).toEqual([{ one: 1 }]);
    expect(seen()).toEqual({ connections: before.connections + 5, tlsRequests: before.tlsRequests + 1 });
  });

  it('require still asks, and is refused as before', async () => {
    const before = r.tlsRequests;
    await expect(connect(through(r, serverUrl(), '?sslmode=require'))).rejects.toThrow(/the server does not support SSL connections/);
    expect(r.tlsRequests).toBe(before + 1);
  });

  it('a failure of the plain connection is reported as before (authentication)', async () => {
    const wrong = formatConnection({ ...parseConnection(through(r, serverUrl())), password: 'not-the-password' });
    await expect(connect(wrong)).rejects.toThrow(/authentication failed/);
    await expect(connect(wrong)).rejects.toThrow(/authentication failed/);
  });
});

describe('the embedded database schemaop runs', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'schemaop-prefer-'));
    await fs.chmod(dir, 0o755);
  });
  afterAll(async () => {
    await embedded.stop({ dir }).catch(() => undefined);
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('has no TLS, so no connection to it asks for it', async () => {
    const cfg = { dir, port: await freePort(), settings: { log_connections: 'on' } };
    const { url } = await startEmbedded(cfg, () => undefined);
    expect(embedded.tlsConfigured(cfg)).toBe(false);
    expect(parseConnection(url).sslmode).toBeUndefined(); // the URL it prints is unchanged
    // The server logs every connection it receives, the refused TLS requests included.
    const log = path.join(dir, 'data', 'server.log');
    const received = async () => ((await fs.readFile(log, 'utf8')).match(/connection received/g) ?? []).length;
    const before = await received();
    for (let i = 0; i < 2; i++) expect(await withClient(url, async (c) => (await c.query('SELECT 1 AS one')).rows)).toEqual([{ one: 1 }]);
    expect(await received()).toBe(before + 2);
  });
});

describe("a cluster's TLS, from its configuration", () => {
  it('ssl on in postgresql.conf or postgresql.auto.conf, the last setting winning; unreadable counts as TLS', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'schemaop-tlsconf-'));
    try {
      const conf = (text: string, auto?: string) =>
        Promise.all([
          fs.mkdir(path.join(dir, 'data'), { recursive: true }).then(() => fs.writeFile(path.join(dir, 'data', 'postgresql.conf'), text)),
          auto === undefined ? fs.rm(path.join(dir, 'data', 'postgresql.auto.conf'), { force: true }) : fs.writeFile(path.join(dir, 'data', 'postgresql.auto.conf'), auto),
        ]);
      expect(embedded.tlsConfigured({ dir: path.join(dir, 'none') })).toBe(true);
      await conf("#ssl = on\nssl_cert_file = 'server.crt'\n");
      expect(embedded.tlsConfigured({ dir })).toBe(false);
      await conf("ssl = on\nssl_cert_file = 'server.crt'\n");
      expect(embedded.tlsConfigured({ dir })).toBe(true);
      await conf("ssl = on\nssl = 'off'\n");
      expect(embedded.tlsConfigured({ dir })).toBe(false);
      await conf('max_connections = 200\n', "ssl = 'on'\n");
      expect(embedded.tlsConfigured({ dir })).toBe(true);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
