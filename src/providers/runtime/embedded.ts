// `EmbeddedDatabase` (dev stacks): an embedded PostgreSQL server as a resource. Create starts it
// (initialising the cluster the first time) and creates the application database; read reports
// whether it runs, so that refresh shows a stopped server; delete stops it (the data folder stays).
import * as path from 'node:path';
import { quoteIdent, withClient } from '../../db/connect';
import * as embedded from '../../db/embedded';
import { parseConnection, withDatabase } from '../../db/url';
import { CheckFailure, ProviderError, ProviderImpl, isUnknown } from './types';

export interface EmbeddedInputs {
  /** Folder of the cluster, relative to the project. */
  dir: string;
  port: number;
  /** The application database. */
  database: string;
}

export interface EmbeddedState extends EmbeddedInputs {
  running: boolean;
  /** Superuser URL of the application database (a secret). */
  url: string;
  /** Superuser URL of the server's maintenance database (a secret). */
  serverUrl: string;
  host: string;
  username: string;
  /** The superuser's password (a secret). */
  password: string;
}

const cfg = (i: EmbeddedInputs): embedded.EmbeddedConfig => ({ dir: path.resolve(process.cwd(), i.dir), port: i.port });

async function describe(i: EmbeddedInputs, running: boolean): Promise<EmbeddedState> {
  const serverUrl = await embedded.url({ dir: cfg(i).dir });
  const u = parseConnection(serverUrl);
  return {
    ...i,
    running,
    serverUrl,
    url: withDatabase(serverUrl, i.database),
    host: u.host!,
    username: u.user!,
    password: u.password!,
  };
}

async function startAndCreate(i: EmbeddedInputs): Promise<EmbeddedState> {
  const r = await embedded.start(cfg(i));
  await withClient(r.url, async (c) => {
    const exists = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [i.database]);
    if (exists.rowCount === 0) await c.query(`CREATE DATABASE ${quoteIdent(i.database)}`);
  });
  return describe(i, true);
}

export const provider: ProviderImpl<EmbeddedInputs, EmbeddedState> = {
  async check(_olds, news) {
    const failures: CheckFailure[] = [];
    if (!isUnknown(news.dir) && (typeof news.dir !== 'string' || !news.dir)) failures.push({ property: 'dir', reason: 'expected a folder' });
    if (!isUnknown(news.port) && !(Number.isInteger(news.port) && news.port >= 1024 && news.port <= 65535)) failures.push({ property: 'port', reason: 'expected a port between 1024 and 65535' });
    if (!isUnknown(news.database) && !/^[a-z_][a-z0-9_]{0,62}$/.test(String(news.database))) failures.push({ property: 'database', reason: 'expected a lower-case identifier' });
    return { inputs: news, failures };
  },
  async diff(_id, olds, news) {
    // Another folder or port is another server: stop the old one before starting the new one.
    const replaces = (['dir', 'port'] as const).filter((k) => olds[k] !== news[k]);
    const changes = replaces.length > 0 || olds.database !== news.database || olds.running === false;
    return { changes, replaces, deleteBeforeReplace: replaces.length > 0 };
  },
  async create(inputs) {
    const state = await startAndCreate(inputs);
    return { id: `${cfg(inputs).dir}:${inputs.port}`, outs: state };
  },
  async read(id, props) {
    if (!props) throw new ProviderError(`EmbeddedDatabase ${id}: cannot be imported`);
    const st = await embedded.status(cfg(props));
    if (!st.initialised) return { id, props: { ...props, running: false } };
    return { id, props: await describe(props, st.running && st.port === props.port) };
  },
  async update(_id, _olds, news) {
    return { outs: await startAndCreate(news) };
  },
  async delete(_id, props) {
    await embedded.stop({ dir: cfg(props).dir });
  },
};
