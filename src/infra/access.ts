// The access model (access/access.yaml) as one `Access` resource over the project's access planner
// (src/access, the same as `schemaop apply`'s grants stage): roles, owners, grants, column grants and
// default privileges reconciled in one transaction, after the schema (grants are made on tables
// that exist). The state the model asks for is computed when the program runs, so the preview
// shows each privilege that changes; relations the schema plan drops are out of its scope.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { droppedRelations } from '../access';
import { Access } from '../providers/resources';
import { AccessInputs, accessModelHash, desiredAccessState } from '../providers/runtime/access';
import type { Target } from '../providers/runtime/target';
import type { StackConfig } from './config';
import type { ProgramPlan } from './schema';

export function accessResource(cfg: StackConfig, target: pulumi.Output<Target>, schemaHash: string, plan: pulumi.Output<ProgramPlan>, opts: pulumi.CustomResourceOptions): Access | undefined {
  if (!existsSync(path.join(path.resolve(cfg.database.accessDir), 'access.yaml'))) return undefined;
  const settings = { accessDir: cfg.database.accessDir, schemaDir: cfg.database.schemaDir, env: cfg.environment, modelHash: accessModelHash(cfg.database.accessDir, schemaHash), ...(cfg.exclude.length ? { exclude: cfg.exclude } : {}) };
  // The access state never holds a password: shown in clear also when the target is a secret.
  const access = pulumi.unsecret(
    pulumi.all([target, plan]).apply(async ([t, p]) => {
      if (!p.plan) return null; // unreachable: the update computes it
      const inputs: AccessInputs = { ...settings, target: t };
      return desiredAccessState(inputs, droppedRelations(p.plan.statements));
    }),
  );
  return new Access('access', { ...settings, target, access }, opts);
}
