// The safety extensions (renames, online-safe steps, lint) a Schema resource runs, built from the stack's safety configuration,
// which travels as plain data in the resource's inputs: the provider host rebuilds the same checks
// as the program that previewed the plan.
import type { Extensions } from '../../engine/extensions';
import { LintConfig, resolveLint } from '../../lint/config';
import { safetyExtensionsFor } from '../../safety/extensions';

export interface RuleSettings {
  environment: 'dev' | 'staging' | 'prod';
  /** The stack's `schemaop:lint` (schemaop.yaml's `lint:` section). */
  lint: LintConfig;
  /** The stack's `schemaop:exclude` (schemaop.yaml's `exclude:`). */
  exclude?: string[];
}

export async function schemaExtensions(s: RuleSettings): Promise<Extensions> {
  const resolved = resolveLint(s.lint ?? {}, {}, s.environment);
  // The same transforms (renames, online-safe steps) and checks as the CLI: one plan either way.
  const safety = safetyExtensionsFor(resolved);
  return { ...safety, exclude: s.exclude ?? [] };
}
