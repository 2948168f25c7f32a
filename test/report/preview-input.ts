// A stack's `pulumi preview --json` for the fixture's change, in the shape of Pulumi's
// PreviewDigest (steps with oldState/newState inputs, diagnostics, changeSummary): the Schema
// resource's `plan` input is the real plan (what the program computes, `schemaop plan --format
// json` without the target and the seed/grant stages, which are resources of their own), and the
// seed resources and the Access resource are the ones src/infra declares for the fixture's
// before and after files (the Access `access` input computed by the engine on the test's database). To be replaced by the e2e suite's captured preview of the dev stack.
import * as path from 'node:path';
import { AccessState, desiredAccess, droppedRelations, loadAccessModel } from '../../src/access';
import { withClient } from '../../src/db/connect';
import { loadDesiredSchema } from '../../src/engine/source';
import { accessModelHash } from '../../src/providers/runtime/access';
import { keyText, loadSeeds } from '../../src/seeds/load';

const STACK = 'dev';
const ACCESS = 'pulumi-nodejs:dynamic/schemaop:Access';
const urn = (type: string, name: string) => `urn:pulumi:${STACK}::schemaop::${type}::${name}`;
type Res = { type: string; name: string; inputs: Record<string, unknown>; outputs?: Record<string, unknown> };

/**
 * The seed resources and the Access resource of one version of the project. The Access resource's
 * `access` is the state its model asks for on the test's database (as the program computes it:
 * the engine's desiredAccess, leaving out the relations the schema plan drops).
 */
async function resources(dir: string, url: string, dropped: string[]): Promise<Map<string, Res>> {
  const schema = await loadDesiredSchema(path.join(dir, 'schema'), { lazy: true });
  const out = new Map<string, Res>();
  const add = (type: string, name: string, inputs: Record<string, unknown>, outputs?: Record<string, unknown>) => out.set(urn(type, name), { type, name, inputs, outputs });
  for (const s of await loadSeeds(path.join(dir, 'seeds'), schema, dir)) {
    for (const r of s.rows) add('pulumi-nodejs:dynamic/schemaop:SeedRow', `seed:${s.table}:${keyText(s.key, r)}`, { url: '[secret]', file: s.file, table: s.table, key: s.key, referenced: s.referenced, unlisted: s.unlisted, values: r });
  }
  const full = await loadDesiredSchema(path.join(dir, 'schema'));
  const access: AccessState | null = await withClient(url, async (c) => {
    const loaded = await loadAccessModel(c, { dir: path.join(dir, 'access'), root: dir, env: STACK }, full);
    return loaded ? desiredAccess(c, loaded, { dropped }) : null;
  });
  const inputs = { target: '[secret]', accessDir: 'access', schemaDir: 'schema', env: STACK, modelHash: accessModelHash(path.join(dir, 'access'), full.hash), access };
  add(ACCESS, 'access', inputs, { ...inputs, roles: Object.keys(access?.roles ?? {}).sort() });
  return out;
}

const state = (u: string, r: Res) => ({ urn: u, custom: true, type: r.type, inputs: r.inputs, outputs: r.outputs ?? r.inputs });

/** The digest of a preview from the `before` project (deployed) to the `after` one. */
export async function previewDigest(fixture: string, url: string, planJson: Record<string, unknown> & { statements: { kind: string; objectType: string; object: string }[] }, desiredHash: { before: string; after: string }) {
  // The deployed state is the `before` model's on the database it was applied to; the new one
  // leaves out of scope what the plan from `before` to `after` drops.
  const before = await resources(path.join(fixture, 'before'), url, []);
  const after = await resources(path.join(fixture, 'after'), url, droppedRelations(planJson.statements));
  const steps: Record<string, unknown>[] = [{ op: 'same', urn: `urn:pulumi:${STACK}::schemaop::pulumi:pulumi:Stack::schemaop-${STACK}` }];
  const schemaUrn = urn('pulumi-nodejs:dynamic/schemaop:Schema', 'schema');
  const schemaInputs = (hash: string, plan: unknown) => ({ url: '[secret]', schemaDir: 'schema', desiredHash: hash, engine: 'builtin', lockTimeoutMs: 10000, statementTimeoutMs: 0, dropOnDelete: true, environment: 'prod', lint: {}, plan });
  const { target: _t, stages: _s, ...plan } = planJson;
  steps.push({
    op: 'update',
    urn: schemaUrn,
    provider: `urn:pulumi:${STACK}::schemaop::pulumi:providers:pulumi-nodejs::default`,
    oldState: { urn: schemaUrn, custom: true, type: 'pulumi-nodejs:dynamic/schemaop:Schema', inputs: schemaInputs(desiredHash.before, null) },
    newState: { urn: schemaUrn, custom: true, type: 'pulumi-nodejs:dynamic/schemaop:Schema', inputs: schemaInputs(desiredHash.after, { ...plan, stages: [] }) },
    diffReasons: ['desiredHash', 'plan'],
    detailedDiff: { desiredHash: { kind: 'update', inputDiff: true }, plan: { kind: 'update', inputDiff: true } },
  });
  const summary: Record<string, number> = { same: 1, update: 1 };
  for (const [u, r] of after) {
    const old = before.get(u);
    const op = !old ? 'create' : JSON.stringify(old.inputs) === JSON.stringify(r.inputs) ? 'same' : 'update';
    const diff = old ? Object.keys(r.inputs).filter((k) => JSON.stringify(old.inputs[k]) !== JSON.stringify(r.inputs[k])) : [];
    steps.push({ op, urn: u, ...(old ? { oldState: state(u, old) } : {}), newState: state(u, r), ...(op === 'update' ? { diffReasons: diff } : {}) });
    summary[op] = (summary[op] ?? 0) + 1;
  }
  for (const [u, r] of before) {
    if (after.has(u)) continue;
    steps.push({ op: 'delete', urn: u, oldState: state(u, r) });
    summary.delete = (summary.delete ?? 0) + 1;
  }
  return {
    config: { 'schemaop:environment': 'prod', 'schemaop:database': '[secret]' },
    steps,
    diagnostics: [{ urn: schemaUrn, message: 'schema plan computed for the stack database\n', severity: 'info' }],
    duration: 4200000000,
    changeSummary: summary,
  };
}
