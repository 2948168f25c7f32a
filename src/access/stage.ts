// The grants stage of `schemaop plan` / `apply`: the access planner (./engine) inside the one plan
// and the one apply transaction. Planned against the live catalog minus what the schema plan
// drops; applied after the schema statements, when the objects the plan creates exist.
import { createHash } from 'node:crypto';
import type { Client } from '../db/connect';
import { SchemaopError } from '../errors';
import type { Stage, StageChanges } from '../engine/extensions';
import { preparedWork } from '../engine/extensions';
import type { PlannedStatement } from '../engine/plan';
import type { DesiredSchema } from '../engine/source';
import { ddlRelations } from '../engine/ddl-relations';
import { AccessChange, AccessOptions, accessRoot, applyAccess, droppedRelations, loadAccessModel, planAccess as planChanges, runnable } from './engine';
import { type AccessSource, readAccessFile } from './model';
import { EXIT } from '../exit-codes';

export type { AccessChange } from './engine';
export { accessChanges } from './engine';

export const ACCESS_STAGE = 'grants';

export type AccessStageOptions = AccessOptions;

/** Loads the model and returns what must change to reach it (the schema plan's `statements` run first). */
export async function planAccess(
  c: Client,
  opts: AccessStageOptions,
  schema: DesiredSchema,
  statements: PlannedStatement[],
  source?: Promise<AccessSource | undefined>,
): Promise<AccessChange[]> {
  const access = await loadAccessModel(c, opts, schema, source);
  if (!access) return [];
  return planChanges(c, access, { dropped: droppedRelations(statements) });
}

export function summariseAccess(changes: AccessChange[]): StageChanges {
  // What the login may not run is drift it cannot undo: a warning, not a change an apply waits for.
  const run = runnable(changes);
  const cannot = changes.filter((x) => x.cannot);
  return {
    stage: ACCESS_STAGE,
    count: run.length,
    lines: run.map((x) => (x.action === 'login_grant' ? `${x.sql}; -- ${x.detail}` : x.sql + ';')),
    hash: run.length ? createHash('sha256').update(run.map((x) => x.sql).join('\n')).digest('hex').slice(0, 16) : 'none',
    data: { changes },
    ...(cannot.length ? { warnings: cannot.map((x) => x.detail) } : {}),
  };
}

export function accessStage(opts: AccessStageOptions): Stage {
  let schema: DesiredSchema | undefined;
  let exclude: string[] = [];
  const prepared = preparedWork<AccessSource | undefined>();
  return {
    name: ACCESS_STAGE,
    prepare(desired) {
      ddlRelations(desired).catch(() => undefined); // parsed once, awaited by plan
      prepared.start(desired, readAccessFile(opts.dir, accessRoot(opts)));
    },
    async plan(target, ctx) {
      schema = ctx.schema;
      exclude = ctx.exclude ?? [];
      const source = prepared.take(ctx.schema);
      return summariseAccess(await planAccess(target, { ...opts, exclude }, ctx.schema, ctx.statements, source));
    },
    async apply(target, planned) {
      if (!schema) throw new SchemaopError('grants: apply without a plan', EXIT.error);
      // The schema statements ran: the catalog is read again, so that objects created by this plan
      // (and any default privileges they received) end exactly as declared; then it is read back.
      const access = await loadAccessModel(target, { ...opts, exclude }, schema);
      if (!access) return;
      try {
        await applyAccess(target, access, { transaction: false });
      } catch (e) {
        if (e instanceof SchemaopError) throw new SchemaopError(`${e.message}\n  (planned ${planned.count} changes)`, e.exitCode);
        throw e;
      }
    },
  };
}
