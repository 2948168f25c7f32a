// The Schema resource of a stack: schema/ reconciled on the stack's database. When the database is
// reachable while the program runs, the plan is computed then and carried in the resource's
// inputs: `pulumi preview` shows its SQL and findings under the resource, the policy pack reads them, and the apply
// runs only that plan (its hash is checked under the apply lock). When it cannot be computed, the
// reason is carried instead (`planError`): the policy pack reports that the migration went unchecked.
import * as pulumi from '@pulumi/pulumi';
import { SchemaopError } from '../errors';
import { loadDesiredSchema } from '../engine/source';
import { Schema } from '../providers/resources';
import { PreviewPlan, SchemaInputs, resolveDir, reviewedPlan } from '../providers/runtime/schema';
import type { Target } from '../providers/runtime/target';
import { StackConfig, durationMs } from './config';

export interface ProgramPlan {
  plan?: PreviewPlan;
  /** The plan as `schemaop plan` prints it: logged under the Schema resource when it changes something. */
  text?: string;
  /** Why there is no plan: the database could not be reached (not created yet, no network path, authentication failed). */
  planError?: string;
}

/** The plan for the inputs, or why the database could not be reached. Any other error stops the program. */
export async function planIfReachable(inputs: SchemaInputs): Promise<ProgramPlan> {
  try {
    return await reviewedPlan(inputs);
  } catch (e) {
    if (e instanceof SchemaopError && e.exitCode === 3) {
      pulumi.log.warn(`schema plan not computed: ${e.message}`);
      return { planError: e.message };
    }
    throw e;
  }
}

export function schemaResource(cfg: StackConfig, target: pulumi.Output<Target>, opts?: pulumi.CustomResourceOptions): { schema: Schema; plan: pulumi.Output<ProgramPlan> } {
  const desiredHash = pulumi.output(loadDesiredSchema(resolveDir(cfg.database.schemaDir)).then((s) => s.hash));
  const settings = {
    schemaDir: cfg.database.schemaDir,
    engine: cfg.database.engine,
    lockTimeoutMs: durationMs(cfg.database.lockTimeout),
    statementTimeoutMs: durationMs(cfg.database.statementTimeout),
    dropOnDelete: cfg.database.dropOnDelete,
    environment: cfg.environment,
    lint: cfg.lint,
    exclude: cfg.exclude,
  };
  // The plan holds no secret (its target is left out, errors are scrubbed): the preview shows it in
  // clear, also when the target is one (an existing server's password, src/infra/existing.ts).
  const planned = pulumi.unsecret(pulumi.all([target, desiredHash]).apply(([t, h]) => planIfReachable({ ...settings, target: t, desiredHash: h })));
  // The terminal shows the statements, findings and blocked rules as a diagnostic of the resource;
  // the `plan` input itself (the whole JSON, also what a previous update ran) is left out of `--diff`.
  const schema = new Schema('schema', { ...settings, target, desiredHash, plan: planned.apply((p) => p.plan), planError: planned.apply((p) => p.planError) }, { ...opts, hideDiffs: ['plan'] });
  planned.apply((p) => {
    if (p.plan?.changes && p.text) pulumi.log.info(p.text, schema);
  });
  return { schema, plan: planned };
}
