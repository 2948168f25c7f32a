// One real PostgreSQL for the whole test run: an embedded cluster in a temporary folder, tuned
// for throwaway data. Each test creates its own databases on it. The cloud-shaped servers
// (test/support/cloud.ts) get a folder here and start only when a test asks for one.
import * as os from 'node:os';
import * as path from 'node:path';
import * as fs from 'node:fs/promises';
import * as embedded from '../../src/db/embedded';
import { freePort } from './ports';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
    cloudDir: string;
  }
}

let dir: string | undefined;
let cloudDir: string | undefined;

/** The part of vitest's TestProject that the setup uses. */
interface Project {
  provide(key: 'pgUrl' | 'cloudDir', value: string): void;
}

export async function setup(project: Project): Promise<void> {
  // The server runs as the postgres system user under root: it must reach the folder.
  cloudDir = await fs.mkdtemp(path.join(os.tmpdir(), 'schemaop-cloud-'));
  await fs.chmod(cloudDir, 0o755);
  project.provide('cloudDir', cloudDir);
  if (process.env.SCHEMAOP_TEST_URL) {
    project.provide('pgUrl', process.env.SCHEMAOP_TEST_URL);
    return;
  }
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'schemaop-test-'));
  await fs.chmod(dir, 0o755);
  const port = await freePort();
  const { url } = await embedded.start({
    dir,
    port,
    settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '300' },
  });
  project.provide('pgUrl', url);
}

export async function teardown(): Promise<void> {
  if (cloudDir) {
    for (const entry of await fs.readdir(cloudDir, { withFileTypes: true })) {
      if (entry.isDirectory()) await embedded.stop({ dir: path.join(cloudDir, entry.name, 'cluster') }).catch(() => undefined);
    }
    await fs.rm(cloudDir, { recursive: true, force: true });
  }
  if (!dir) return;
  await embedded.stop({ dir }).catch(() => undefined);
  await fs.rm(dir, { recursive: true, force: true });
}
