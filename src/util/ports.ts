// TCP ports on the loopback interface: a free one chosen by the OS, whether one is taken, and which
// process listens on it (to name it in an error).
import * as fs from 'node:fs/promises';
import * as net from 'node:net';
import * as path from 'node:path';

const listen = (port: number) =>
  new Promise<number>((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(port, '127.0.0.1', () => {
      const { port: bound } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(bound));
    });
  });

/** A TCP port nothing listens on right now, chosen by the OS. */
export function freePort(): Promise<number> {
  return listen(0);
}

/** Whether something already listens on 127.0.0.1:`port`. */
export async function portTaken(port: number): Promise<boolean> {
  try {
    await listen(port);
    return false;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') return true;
    throw e;
  }
}

/**
 * The working folder of the process that listens on TCP `port` (PostgreSQL's is its data folder),
 * read from /proc: undefined where there is no /proc (not Linux) or the process is not ours to read.
 */
export async function listenerFolder(port: number): Promise<string | undefined> {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await fs.readFile(table, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // local_address is ADDR:PORT in hex; state 0A is LISTEN; the ninth field after it is the socket's inode.
      if (f.length > 9 && f[1].endsWith(`:${hexPort}`) && f[3] === '0A') inodes.add(`socket:[${f[9]}]`);
    }
  }
  if (inodes.size === 0) return undefined;
  for (const pid of (await fs.readdir('/proc').catch(() => [])).filter((p) => /^\d+$/.test(p))) {
    const fds = await fs.readdir(`/proc/${pid}/fd`).catch(() => []);
    for (const fd of fds) {
      if (!inodes.has(await fs.readlink(`/proc/${pid}/fd/${fd}`).catch(() => ''))) continue;
      return fs.readlink(path.join('/proc', pid, 'cwd')).catch(() => undefined);
    }
  }
  return undefined;
}
