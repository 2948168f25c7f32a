// The project's plug-ins to the plan/apply flow: safety rules (lint, renames, online-safe steps),
// seed rows and grants. The engine core knows none of them; the command adds them here.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { accessStage } from '../access/stage';
import { ExcludeSchema } from '../engine/exclude';
import type { Extensions, Stage } from '../engine/extensions';
import { SchemaopError } from '../errors';
import { EXIT } from '../exit-codes';
import { loadProjectExclude, loadProjectLintConfig, resolveLint, type ResolvedLint } from '../lint/config';
import { safetyExtensionsFor } from '../safety/extensions';
import type { Environment } from '../lint/types';
import { seedCheck, seedStage } from '../seeds/stage';

export interface ProjectFlags {
  schema?: string;
  url?: string;
  env?: string;
  rule?: string[];
  allow?: string[];
  online?: string;
  /** `--exclude` patterns, beside schemaop.yaml's. */
  exclude?: string[];
}

/** The object patterns the project leaves alone: schemaop.yaml's `exclude:` and `--exclude`, checked. */
export async function projectExclude(flags: ProjectFlags): Promise<string[]> {
  const extra = ExcludeSchema.safeParse(flags.exclude ?? []);
  if (!extra.success) throw new SchemaopError(`--exclude: ${extra.error.issues[0].message}`, EXIT.usage);
  return [...new Set([...(await loadProjectExclude()), ...extra.data])];
}

/** Extensions for a run of the command in the project root. */
export async function projectExtensions(flags: ProjectFlags): Promise<Extensions> {
  // Every safety extension is passed on (the transforms, checks and backfill batch size alike).
  const { config: _config, ...safety } = await safetyExtensions(flags);
  return { ...safety, exclude: await projectExclude(flags), stages: seedAndAccessStages(flags), checks: [seedCheck, ...safety.checks] };
}

/** The seeds and grants stages, when the project has seeds/ and access/ beside its schema folder. */
export function seedAndAccessStages(flags: ProjectFlags): Stage[] {
  const root = path.dirname(path.resolve(flags.schema ?? 'schema'));
  const out: Stage[] = [];
  if (fs.existsSync(path.join(root, 'seeds'))) out.push(seedStage({ dir: path.join(root, 'seeds'), root }));
  // Role names take the same environment as the safety rules: prod_* roles for a production --url.
  if (fs.existsSync(path.join(root, 'access'))) out.push(accessStage({ dir: path.join(root, 'access'), root, env: flags.env ?? process.env.SCHEMAOP_ENV ?? defaultEnvironment(flags) }));
  return out;
}

/** $SCHEMAOP_ENV when set; else dev against the embedded database and prod against any --url. */
export function defaultEnvironment(flags: ProjectFlags): Environment {
  const e = process.env.SCHEMAOP_ENV;
  if (e === 'dev' || e === 'staging' || e === 'prod') return e;
  return flags.url || process.env.SCHEMAOP_URL ? 'prod' : 'dev';
}

/** The resolved safety configuration: flags over schemaop.yaml over the rules' defaults. */
export async function safetyConfig(flags: ProjectFlags): Promise<ResolvedLint> {
  return resolveLint(await loadProjectLintConfig(), flags, defaultEnvironment(flags));
}

export async function safetyExtensions(flags: ProjectFlags): Promise<ReturnType<typeof safetyExtensionsFor> & { config: ResolvedLint }> {
  const config = await safetyConfig(flags);
  return { ...safetyExtensionsFor(config), config };
}
