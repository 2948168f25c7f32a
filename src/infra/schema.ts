// The Schema resource of a stack: schema/ reconciled on the stack's database. When the database is
// reachable while the program runs, the plan is computed then and carried in the resource's
// inputs: `pulumi preview` shows its SQL and findings, the policy pack reads them, and the apply
// runs only that plan (its hash is checked under the apply lock).
import * as pulumi from '@pulumi/pulumi';
import { SchemaopError } from '../errors';
import { loadDesiredSchema } from '../engine/source';
import { Schema } from '../providers/resources';
import { PreviewPlan, SchemaInputs, previewPlan, resolveDir } from '../providers/runtime/schema';
import { StackConfig, durationMs } from './config';

/** The plan for the inputs, or undefined when the database cannot be reached (not created yet, no network path). */
export async function planIfReachable(inputs: SchemaInputs): Promise<PreviewPlan | undefined> {
  try {
    return await previewPlan(inputs);
  } catch (e) {
    if (e instanceof SchemaopError && e.exitCode === 3) {
      pulumi.log.info(`schema plan not computed: ${e.message}`);
      return undefined;
    }
    throw e;
  }
}

export function schemaResource(cfg: StackConfig, url: pulumi.Output<string>, opts?: pulumi.CustomResourceOptions): Schema {
  const desiredHash = pulumi.output(loadDesiredSchema(resolveDir(cfg.database.schemaDir)).then((s) => s.hash));
  const settings = {
    schemaDir: cfg.database.schemaDir,
    engine: cfg.database.engine,
    lockTimeoutMs: durationMs(cfg.database.lockTimeout),
    statementTimeoutMs: durationMs(cfg.database.statementTimeout),
    dropOnDelete: cfg.database.dropOnDelete,
    environment: cfg.environment,
    lint: cfg.lint,
  };
  // The plan holds no secret (its target is left out): computed from the unwrapped URL so that
  // the preview shows it in clear.
  const plan = pulumi
    .all([pulumi.unsecret(url), desiredHash])
    .apply(([u, h]) => planIfReachable({ ...settings, url: u, desiredHash: h }));
  return new Schema('schema', { ...settings, url, desiredHash, plan }, opts);
}
