// A project folder for tests: schema/, seeds/ and access/ side by side, like the repository's.
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { accessStage } from '../../src/access/stage';
import type { Extensions } from '../../src/engine/extensions';
import { seedCheck, seedStage } from '../../src/seeds/stage';

export const ROOT = path.resolve(__dirname, '../..');

export interface Project {
  root: string;
  schemaDir: string;
  write(file: string, text: string): Promise<void>;
  /** The seeds and grants stages of this project; role names get `env`. */
  ext(env?: string): Extensions;
}

/** Writes files (path relative to the project root → text) into a new folder. */
export async function project(files: Record<string, string>, opts: { copy?: ('schema' | 'seeds' | 'access')[] } = {}): Promise<Project> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'schemaop-project-'));
  for (const d of opts.copy ?? []) await fs.cp(path.join(ROOT, d), path.join(root, d), { recursive: true });
  const write = async (file: string, text: string) => {
    await fs.mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await fs.writeFile(path.join(root, file), text);
  };
  for (const [f, t] of Object.entries(files)) await write(f, t);
  return {
    root,
    schemaDir: path.join(root, 'schema'),
    write,
    ext: (env?: string) => ({
      stages: [seedStage({ dir: path.join(root, 'seeds') }), accessStage({ dir: path.join(root, 'access'), env })],
      checks: [seedCheck],
    }),
  };
}
