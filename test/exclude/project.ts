// A small project in a temporary folder, run with the `schemaop` command from inside it (so that
// its schemaop.yaml counts), against a fresh database of the test server.
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { schemaop } from '../support/cli';

export interface Project {
  dir: string;
  /** Replaces (or adds) files, relative to the project folder. */
  write(files: Record<string, string>): Promise<void>;
  /** `schemaop ARGS --url URL --schema schema` run in the project folder. */
  run(args: string[]): ReturnType<typeof schemaop>;
}

export async function project(url: string, files: Record<string, string>): Promise<Project> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'schemaop-exclude-'));
  const write = async (f: Record<string, string>) => {
    for (const [name, text] of Object.entries(f)) {
      await fs.mkdir(path.dirname(path.join(dir, name)), { recursive: true });
      await fs.writeFile(path.join(dir, name), text);
    }
  };
  await write(files);
  return { dir, write, run: (args) => schemaop([...args, '--url', url, '--schema', path.join(dir, 'schema')], {}, { cwd: dir }) };
}

/** Output of a run, for assertion messages. */
export const said = (r: { stdout: string; stderr: string }) => r.stdout + r.stderr;
