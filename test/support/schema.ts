// Desired-schema folders for tests, and the acceptance scenarios' before-states.
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadDesiredSchema } from '../../src/engine/source';
import { freshDatabase } from './db';

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

const scenarioFile = (scenario: string, file: string) => fs.readFile(path.resolve(__dirname, '../scenarios', scenario, file), 'utf8');

/**
 * A database as it was before a scenario's change, with its rows: the project's schema/, then the
 * scenario's revert.sql (which undoes exactly that change), then rows.sql.
 */
export async function scenarioDatabase(scenario: string): Promise<string> {
  const schema = await loadDesiredSchema(PROJECT_SCHEMA, { lazy: true });
  const parts = [...schema.files.map((f) => f.text), await scenarioFile(scenario, 'revert.sql'), await scenarioFile(scenario, 'rows.sql')];
  return freshDatabase(parts.join('\n;\n'));
}
