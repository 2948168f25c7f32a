// Which database a command works on: --url, else SCHEMAOP_URL, else the embedded database
// (started when needed, with its application database created).
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { knownWithoutTls, quoteIdent, withClient } from '../db/connect';
import * as embedded from '../db/embedded';
import { parseConnection, withDatabase } from '../db/url';
import { SchemaopError } from '../errors';
import { EXIT } from '../exit-codes';

export interface TargetFlags {
  url?: string;
  port?: string;
  'db-dir'?: string;
}

export const EMBEDDED_DATABASE = process.env.SCHEMAOP_DB_NAME || 'app';

export function embeddedConfig(flags: TargetFlags): embedded.EmbeddedConfig {
  const port = flags.port ?? process.env.SCHEMAOP_DB_PORT;
  const dir = path.resolve(flags['db-dir'] ?? process.env.SCHEMAOP_DB_DIR ?? '.schemaop/db');
  const shown = path.relative(process.cwd(), dir) || dir;
  return {
    dir,
    port: port ? parsePort(port) : undefined,
    movePort: (free) => `move this checkout's database to a free port, once: \`npx schemaop db start --port ${free}\`${flags['db-dir'] || process.env.SCHEMAOP_DB_DIR ? ` --db-dir ${shown}` : ''} (kept in ${shown})`,
  };
}

function parsePort(p: string): number {
  const n = Number(p);
  if (!/^\d+$/.test(p.trim()) || !Number.isInteger(n) || n < 1 || n > 65535) throw new SchemaopError(`--port: expected a port number from 1 to 65535, got ${p}`, EXIT.usage);
  return n;
}

/**
 * Starts the embedded database when it is not running, and creates its application database once
 * per run of the server: a marker in the folder names the server run that has it, since checking
 * costs a connection of its own, a tenth of a no-change plan.
 */
export async function startEmbedded(cfg: embedded.EmbeddedConfig, say: (m: string) => void): Promise<{ url: string; started: boolean }> {
  const r = await embedded.start(cfg);
  // Its server has no TLS: connections to it skip the TLS request that sslmode=prefer would make.
  if (!embedded.tlsConfigured(cfg)) knownWithoutTls(r.url);
  if (r.initialised) say(`created the embedded database in ${path.relative(process.cwd(), cfg.dir) || cfg.dir} (port ${parseConnection(r.url).port}, kept there)`);
  if (r.started) say(`started the embedded database on port ${parseConnection(r.url).port}`);
  const st = await embedded.status(cfg);
  const marker = path.join(cfg.dir, 'database');
  const run = `${EMBEDDED_DATABASE} ${st.pid} ${st.since}\n`;
  if ((await fs.readFile(marker, 'utf8').catch(() => '')) !== run) {
    await withClient(r.url, async (c) => {
      const exists = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED_DATABASE]);
      if (exists.rowCount === 0) await c.query(`CREATE DATABASE ${quoteIdent(EMBEDDED_DATABASE)}`);
    });
    await fs.writeFile(marker, run);
  }
  return { url: withDatabase(r.url, EMBEDDED_DATABASE), started: r.started };
}

/** The target URL; starts the embedded database when no URL is given. */
export async function resolveTarget(flags: TargetFlags, say: (m: string) => void): Promise<string> {
  const url = flags.url ?? process.env.SCHEMAOP_URL;
  if (url) return url;
  return (await startEmbedded(embeddedConfig(flags), say)).url;
}
