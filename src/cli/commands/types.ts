// `schemaop types`: writes the application types of schemaop.yaml's `types:` section (Drizzle,
// Pydantic) from the desired schema, built in a scratch database; no target database is read.
// Also the `types_stale` check that plan, lint and apply add when the section is present.
import * as path from 'node:path';
import type { PlanCheck } from '../../engine/extensions';
import { isLocalHost } from '../../engine/dev-server';
import { loadDesiredSchema } from '../../engine/source';
import { SchemaopError } from '../../errors';
import { EXIT } from '../../exit-codes';
import { loadProjectTypes, PROJECT_FILE } from '../../lint/config';
import type { Environment } from '../../lint/types';
import { generate, remember, writeFiles } from '../../types/generate';
import { inCi, staleLevel, typesCheck } from '../../types/stale';
import { embeddedConfig, startEmbedded, type TargetFlags } from '../target';

export interface TypesCommandArgs {
  flags: TargetFlags & { schema?: string; 'dev-url'?: string };
  json: boolean;
  out: (s: string) => void;
  say: (s: string) => void;
  step: (s: string) => void;
  done: () => void;
}

/**
 * The server of the scratch database: --dev-url, else the target's when it runs on this machine,
 * else the embedded PostgreSQL. Generating types never connects to a remote target.
 */
async function scratchServer(flags: TypesCommandArgs['flags'], say: (s: string) => void): Promise<string> {
  if (flags['dev-url']) return flags['dev-url'];
  const url = flags.url ?? process.env.SCHEMAOP_URL;
  if (url && isLocalHost(new URL(url).hostname)) return url;
  return (await startEmbedded(embeddedConfig(flags), say)).url;
}

export async function typesCommand(a: TypesCommandArgs): Promise<number> {
  const outputs = await loadProjectTypes();
  if (!outputs.length) throw new SchemaopError(`${PROJECT_FILE} has no \`types:\` outputs to generate (see docs/types.md)`, EXIT.usage);
  const schema = await loadDesiredSchema(a.flags.schema ?? 'schema');
  let written: string[];
  try {
    const server = await scratchServer(a.flags, a.say);
    a.step('building the dev database from the desired schema');
    const files = await generate(server, schema, outputs);
    written = await writeFiles(process.cwd(), files);
    await remember(process.cwd(), schema, outputs, files);
  } finally {
    a.done();
  }
  if (a.json) a.out(JSON.stringify({ schemaHash: schema.hash, files: outputs.map((o) => ({ out: o.out, format: o.format, written: written.includes(o.out) })) }, null, 2));
  else for (const o of outputs) a.out(written.includes(o.out) ? `wrote ${o.out} (${o.format})` : `${o.out} (${o.format}): up to date`);
  return EXIT.ok;
}

/**
 * The `types_stale` check of a plan, when schemaop.yaml has `types:` outputs. `write` (apply in
 * dev, not in CI) regenerates the files instead; CI and the review comment block.
 */
export async function projectTypesCheck(o: { schemaDir: string; serverUrl: string; env: Environment; write: boolean; review: boolean; say: (s: string) => void }): Promise<PlanCheck[]> {
  // The types follow the project's own schema/: a plan of another folder (--schema) leaves them be.
  if (path.resolve(o.schemaDir) !== path.resolve('schema')) return [];
  const outputs = await loadProjectTypes();
  if (!outputs.length) return [];
  return [typesCheck({ root: process.cwd(), outputs, serverUrl: o.serverUrl, level: staleLevel(o.env, o.review), write: o.write && o.env === 'dev' && !inCi(), say: o.say })];
}
