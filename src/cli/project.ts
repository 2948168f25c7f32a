// The project's plug-ins to the plan/apply flow: safety checks, seed rows, grants. Each part adds
// itself here; the engine core knows none of them.
import type { Extensions } from '../engine/extensions';

export interface ProjectFlags {
  schema?: string;
}

/** Extensions for a run of the command in the project root. */
export async function projectExtensions(_flags: ProjectFlags): Promise<Extensions> {
  const safety = await safetyExtensions(_flags);
  return { transforms: [...safety.transforms], stages: [...(await seedAndAccessStages(_flags))], checks: [...seedAndAccessChecks, ...safety.checks] };
}

// --- seed rows and access model (src/seeds, src/access): seeds/ and access/ beside schema/.
import * as nodeFs from 'node:fs';
import * as nodePath from 'node:path';
import { accessStage } from '../access/stage';
import { seedCheck, seedStage } from '../seeds/stage';
import type { Stage } from '../engine/extensions';

const seedAndAccessChecks = [seedCheck];

/** The seeds and grants stages, when the project has seeds/ and access/ (beside its schema folder). */
export async function seedAndAccessStages(flags: ProjectFlags): Promise<Stage[]> {
  const root = nodePath.dirname(nodePath.resolve(flags.schema ?? 'schema'));
  const out: Stage[] = [];
  if (nodeFs.existsSync(nodePath.join(root, 'seeds'))) out.push(seedStage({ dir: nodePath.join(root, 'seeds'), root }));
  if (nodeFs.existsSync(nodePath.join(root, 'access'))) out.push(accessStage({ dir: nodePath.join(root, 'access'), root, env: (flags as { env?: string }).env }));
  return out;
}
// --- end seed rows and access model

// --- safety rules (src/lint, src/transforms): lint checks, renames, online-safe steps.
import type { Environment } from '../lint/types';
import { loadProjectLintConfig, resolveLint, type ResolvedLint } from '../lint/config';
import { safetyExtensionsFor } from '../lint/extensions';
import type { PlanCheck, PlanTransform } from '../engine/extensions';

export interface ProjectFlags {
  url?: string;
  env?: string;
  rule?: string[];
  allow?: string[];
  online?: string;
}

/** dev against the embedded database (no --url, no $SCHEMAOP_URL), else $SCHEMAOP_ENV, else prod. */
export function defaultEnvironment(flags: ProjectFlags): Environment {
  const e = process.env.SCHEMAOP_ENV;
  if (e === 'dev' || e === 'staging' || e === 'prod') return e;
  return flags.url || process.env.SCHEMAOP_URL ? 'prod' : 'dev';
}

/** The resolved safety configuration: flags over schemaop.yaml over the rules' defaults. */
export async function safetyConfig(flags: ProjectFlags): Promise<ResolvedLint> {
  return resolveLint(await loadProjectLintConfig(), flags, defaultEnvironment(flags));
}

export async function safetyExtensions(flags: ProjectFlags): Promise<{ transforms: PlanTransform[]; checks: PlanCheck[]; config: ResolvedLint }> {
  const config = await safetyConfig(flags);
  return { ...safetyExtensionsFor(config), config };
}
// --- end safety rules
