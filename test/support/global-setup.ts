// One real PostgreSQL for the whole test run: an embedded cluster in a temporary folder, tuned
// for throwaway data. Each test creates its own databases on it.
import * as os from 'node:os';
import * as path from 'node:path';
import * as fs from 'node:fs/promises';
import * as embedded from '../../src/db/embedded';
import { freePort } from './ports';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}

let dir: string | undefined;

/** The part of vitest's TestProject that the setup uses. */
interface Project {
  provide(key: 'pgUrl', value: string): void;
}

export async function setup(project: Project): Promise<void> {
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
  if (!dir) return;
  await embedded.stop({ dir }).catch(() => undefined);
  await fs.rm(dir, { recursive: true, force: true });
}
