// Desired-schema folders for tests.
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';

export const PROJECT_SCHEMA = path.resolve(__dirname, '../../schema');

/** Writes `files` (relative path → SQL) into a new temporary schema folder and returns its path. */
export async function schemaDir(files: Record<string, string>): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'schemaop-schema-'));
  for (const [name, sql] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await fs.writeFile(path.join(dir, name), sql);
  }
  return dir;
}

export const scenarioFile = (scenario: string, file: string) => fs.readFile(path.resolve(__dirname, '../scenarios', scenario, file), 'utf8');
