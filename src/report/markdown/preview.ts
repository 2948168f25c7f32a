// A stack's `pulumi preview --json` (Pulumi's PreviewDigest: config, steps, diagnostics,
// changeSummary) as a review: the steps, the Schema resource's planned statements and findings
// (its `plan` input), seed rows from SeedRow/SeedTable steps, grants from the Access step (its old
// `access` state against the new one), policy violations and diagnostics.
import { z } from 'zod';
import { SchemaopError } from '../../errors';
import { EXIT } from '../../exit-codes';
import { PlanJsonSchema } from '../plan-json';
import { fillFromPlan } from './from-plan';
import type { AccessState } from '../../access';
import { accessStateChanges } from './access-diff';
import { Review, ReviewGrantChange, ReviewPolicyViolation, ReviewSeedChange, emptyReview, outcomeOf } from './review';
import { standIn } from '../../seeds/secret-values';
import type { Json } from '../../seeds/load';

const Props = z.record(z.string(), z.unknown());

const ResourceState = z.looseObject({
  urn: z.string(),
  type: z.string(),
  inputs: Props.optional(),
  outputs: Props.optional(),
});

export const PreviewStep = z.looseObject({
  op: z.string(),
  urn: z.string(),
  provider: z.string().optional(),
  oldState: ResourceState.nullish(),
  newState: ResourceState.nullish(),
  diffReasons: z.array(z.string()).nullish(),
  replaceReasons: z.array(z.string()).nullish(),
  detailedDiff: z.record(z.string(), z.looseObject({ kind: z.string(), inputDiff: z.boolean().optional() })).nullish(),
});

export const PreviewDiagnostic = z.looseObject({ urn: z.string().optional(), message: z.string(), severity: z.string() });

/**
 * A policy violation from Pulumi's engine event log (`pulumi preview --event-log FILE`, one
 * EngineEvent per line): the JSON digest drops policy events (v3.248), the event log keeps them.
 */
const PolicyEvent = z.looseObject({
  policyName: z.string(),
  enforcementLevel: z.string(),
  message: z.string(),
  resourceUrn: z.string().optional(),
  policyPackName: z.string().optional(),
});
export type PolicyEvent = z.infer<typeof PolicyEvent>;
const EngineEvent = z.looseObject({ policyEvent: PolicyEvent.optional() });

export const PreviewDigest = z.looseObject({
  config: z.record(z.string(), z.unknown()).nullish(),
  steps: z.array(PreviewStep).nullish(),
  diagnostics: z.array(PreviewDiagnostic).nullish(),
  duration: z.number().nullish(),
  changeSummary: z.record(z.string(), z.number()).nullish(),
  maybeCorrupt: z.boolean().nullish(),
});
export type PreviewDigest = z.infer<typeof PreviewDigest>;
type Step = z.infer<typeof PreviewStep>;

/** Pulumi's stand-in for a value not known during preview. */
const UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

export const SCHEMA_TYPE = 'pulumi-nodejs:dynamic/schemaop:Schema';
const SEED_ROW = 'pulumi-nodejs:dynamic/schemaop:SeedRow';
const SEED_TABLE = 'pulumi-nodejs:dynamic/schemaop:SeedTable';
const ACCESS = 'pulumi-nodejs:dynamic/schemaop:Access';

/** `urn:pulumi:<stack>::<project>::<type>::<name>` */
export function parseUrn(urn: string): { stack: string; project: string; type: string; name: string } {
  const parts = urn.split('::');
  if (parts.length < 4 || !parts[0].startsWith('urn:pulumi:')) return { stack: '', project: '', type: '', name: urn };
  // The type may hold a `$` chain of parent types: the resource's own type is the last.
  return { stack: parts[0].slice('urn:pulumi:'.length), project: parts[1], type: parts[2].split('$').pop()!, name: parts.slice(3).join('::') };
}

/** Reads and checks the preview JSON; a wrong file is a clear error, not an empty report. */
export function parsePreview(text: string, file: string): PreviewDigest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new SchemaopError(`${file}: not JSON (expected the output of \`pulumi preview --json\`): ${(e as Error).message}`, EXIT.usage);
  }
  const r = PreviewDigest.safeParse(raw);
  if (!r.success) throw new SchemaopError(`${file}: not the output of \`pulumi preview --json\`: ${r.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ')}`, EXIT.usage);
  if (!r.data.steps && !r.data.changeSummary && !r.data.diagnostics) throw new SchemaopError(`${file}: no steps, changeSummary or diagnostics: not the output of \`pulumi preview --json\``, EXIT.usage);
  return r.data;
}

/** The policy violations of an engine event log; a line that is not an engine event is a clear error. */
export function parseEventLog(text: string, file: string): PolicyEvent[] {
  const out: PolicyEvent[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (e) {
      throw new SchemaopError(`${file}:${i + 1}: not JSON (expected Pulumi's event log, \`pulumi preview --event-log FILE\`): ${(e as Error).message}`, EXIT.usage);
    }
    const r = EngineEvent.safeParse(raw);
    if (!r.success || !('sequence' in (raw as object))) throw new SchemaopError(`${file}:${i + 1}: not an engine event (expected Pulumi's event log, \`pulumi preview --event-log FILE\`)`, EXIT.usage);
    if (r.data.policyEvent) out.push(r.data.policyEvent);
  });
  return out;
}

/** How `pulumi preview --json` writes a secret value. */
const PULUMI_SECRET = '[secret]';
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const inputsOf = (s: Step, which: 'old' | 'new') => (which === 'old' ? s.oldState?.inputs : s.newState?.inputs) ?? {};

function fieldDiff(from: Record<string, unknown>, to: Record<string, unknown>) {
  const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])];
  return keys.filter((k) => !same(from[k], to[k])).map((field) => ({ field, from: (from[field] ?? null) as never, to: (to[field] ?? null) as never }));
}

function seedChanges(s: Step): ReviewSeedChange[] {
  const { type, name } = parseUrn(s.urn);
  const oldI = inputsOf(s, 'old');
  const newI = inputsOf(s, 'new');
  const table = String(newI.table ?? oldI.table ?? name);
  const keyCols = (newI.key ?? oldI.key ?? []) as string[];
  // Secret columns (the providers' `secret` input) as stand-ins: a state written before the
  // providers kept stand-ins may hold a value; Pulumi's own `[secret]` is left as it is.
  const secret = new Set([...((newI.secret ?? []) as string[]), ...((oldI.secret ?? []) as string[])]);
  const shown = (k: string, v: unknown) => (secret.has(k) && v !== PULUMI_SECRET ? standIn(v as Json) : v);
  const strip = (v: unknown) => (isObj(v) ? Object.fromEntries(Object.entries(v).filter(([k]) => !keyCols.includes(k)).map(([k, x]) => [k, shown(k, x)])) : {});
  if (type === SEED_ROW) {
    const key = name.split(':').pop() ?? name;
    if (s.op === 'create') return [{ table, key, action: 'insert', fields: Object.entries(strip(newI.values)).map(([field, to]) => ({ field, to: to as never })) }];
    if (s.op === 'delete') return [{ table, key, action: 'delete', fields: [] }];
    return [{ table, key, action: 'update', fields: fieldDiff(strip(oldI.values), strip(newI.values)) }];
  }
  const before = isObj(oldI.rows) ? oldI.rows : {};
  const after = isObj(newI.rows) ? newI.rows : {};
  const out: ReviewSeedChange[] = [];
  for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
    if (!(key in before)) out.push({ table, key, action: 'insert', fields: Object.entries(strip(after[key])).map(([field, to]) => ({ field, to: to as never })) });
    else if (!(key in after)) out.push({ table, key, action: 'delete', fields: [] });
    else if (!same(before[key], after[key])) out.push({ table, key, action: 'update', fields: fieldDiff(strip(before[key]), strip(after[key])) });
  }
  return out;
}

/**
 * The Access resource's grant changes: the state it applied (or last read) against the new one.
 * Its old input is what the program planned before that apply, possibly before the objects existed.
 */
function grantChanges(s: Step): ReviewGrantChange[] {
  const state = (v: unknown) => (isObj(v) && v !== (UNKNOWN as unknown) ? (v as unknown as AccessState) : null);
  const from = s.op === 'create' ? null : state(s.oldState?.outputs?.access ?? inputsOf(s, 'old').access);
  const to = s.op === 'delete' ? null : state(inputsOf(s, 'new').access);
  return accessStateChanges(from, to);
}

const CHANGING = new Set(['create', 'update', 'delete', 'replace', 'create-replacement', 'delete-replaced', 'import', 'import-replacement', 'discard', 'discard-replaced']);

const POLICY = /\[(mandatory|advisory|remediate|disabled)\]\s+(?:\S+ v\S+\s+)?(\S+)\s+\(([^)]*)\)\s*:?\s*([\s\S]*)/;

/** The review of one stack's preview; `schemaDir` is not read here (see withDiagram). */
export function previewReview(d: PreviewDigest, opts: { stack?: string; policyEvents?: PolicyEvent[] } = {}): Review {
  const steps = d.steps ?? [];
  const stack = opts.stack ?? steps.map((s) => parseUrn(s.urn).stack).find(Boolean) ?? 'unknown';
  const project = steps.map((s) => parseUrn(s.urn).project).find(Boolean);
  const r = emptyReview('preview', `Stack ${stack}`);
  r.marker = stack;
  if (project) r.facts.push(`project ${project}`);
  // The root stack resource and provider resources are bookkeeping, not changes a reviewer weighs.
  const real = steps.filter((s) => !parseUrn(s.urn).type.startsWith('pulumi:'));
  const schemaSteps = real.filter((s) => parseUrn(s.urn).type === SCHEMA_TYPE);
  r.planKnown = schemaSteps.length === 0 || schemaSteps.some((s) => isObj(s.newState?.inputs?.plan));
  for (const s of schemaSteps) {
    const plan = s.newState?.inputs?.plan ?? s.newState?.outputs?.plan;
    if (!isObj(plan) || plan === (UNKNOWN as unknown)) continue;
    const p = PlanJsonSchema.safeParse(plan);
    if (!p.success) {
      r.warnings.push(`the plan of ${parseUrn(s.urn).name} does not have the expected shape: ${p.error.issues.slice(0, 2).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      continue;
    }
    fillFromPlan(r, p.data);
    if (p.data.engine) r.facts.push(`engine ${p.data.engine}`);
  }
  const env = schemaSteps.map((s) => s.newState?.inputs?.environment).find((e) => typeof e === 'string');
  if (env) r.facts.push(`environment ${env}`);
  for (const s of real) {
    const { type, name } = parseUrn(s.urn);
    if (CHANGING.has(s.op)) {
      if (type === SEED_ROW || type === SEED_TABLE) r.seeds.push(...seedChanges(s));
      else if (type === ACCESS) {
        if (isObj(s.newState?.inputs) && s.newState.inputs.access === UNKNOWN) r.warnings.push(`the access state of ${name} is not known during this preview: its grant changes are not listed`);
        else r.grants.push(...grantChanges(s));
      }
    }
    // Dynamic providers report no diff reasons: the inputs that differ say the same.
    const reasons = s.diffReasons ?? (s.op === 'update' ? fieldDiff(inputsOf(s, 'old'), inputsOf(s, 'new')).map((f) => f.field).filter((k) => k !== '__provider') : []);
    const diff = [...new Set([...reasons, ...(s.replaceReasons ?? []).map((k) => `${k} (replace)`)])];
    r.resources.push({ op: s.op, type, name, diff });
  }
  for (const p of opts.policyEvents ?? []) r.policy.push({ policy: p.policyName, level: p.enforcementLevel as ReviewPolicyViolation['level'], resource: p.resourceUrn ? parseUrn(p.resourceUrn).name : undefined, message: p.message });
  for (const diag of d.diagnostics ?? []) {
    const m = POLICY.exec(diag.message);
    if (m) r.policy.push({ policy: m[2], level: m[1] as ReviewPolicyViolation['level'], resource: m[3], message: m[4].trim() });
    else if (diag.severity !== 'info' || diag.message.trim()) r.diagnostics.push({ severity: diag.severity, message: diag.message, resource: diag.urn ? parseUrn(diag.urn).name : undefined });
  }
  if (d.maybeCorrupt) r.warnings.push('Pulumi reports that one or more resources may be corrupt.');
  r.outcome = outcomeOf(r);
  return r;
}
