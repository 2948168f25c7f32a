// The schema engines behind one interface: each takes the live database to the desired one loaded
// in the dev database, and returns the statements to run. The request carries everything a plan
// depends on (the objects left alone, the declared renames): each engine plans with all of it, so
// no later step re-plans, and none can drop what was excluded or swap the engine. The plan is
// engine-agnostic from there on (classification, transforms, ordering of phases, checks).
import { connect, type Client } from '../db/connect';
import { SchemaopError } from '../errors';
import { atlasAvailable, completeAtlasPlan, ownedSequences, runAtlasDiff } from './atlas';
import { classify } from './classify';
import { diffDatabases, type DiffStatement } from './diff';
import type { LiveInspection } from './diff/migra';
import { excludedStatements } from './exclude';
import { planWithRenames, type RenameDirective } from './renames';
import { EXIT } from '../exit-codes';

export type EngineName = 'builtin' | 'atlas';

export interface DiffRequest {
  /** The target database (what is). */
  liveUrl: string;
  /** The scratch database holding the desired schema (what should be). */
  devUrl: string;
  /** Schemas left out on both sides. */
  excludeSchemas: string[];
  /** Objects left alone (exclude.ts patterns): nothing in the plan creates, alters or drops them. */
  exclude: string[];
  /** Renames declared in the desired schema (`-- schemaop:renamed-from`): planned as renames, keeping the data. */
  renames: RenameDirective[];
  /** An inspection of the live database already under way (started while the dev database loads). */
  live: Promise<LiveInspection>;
}

export interface Engine {
  name: EngineName;
  diff(r: DiffRequest): Promise<DiffStatement[]>;
}

/** Runs `fn` with connections to both databases. */
async function withConnections<T>(a: string, b: string, fn: (x: Client, y: Client) => Promise<T>): Promise<T> {
  const [x, y] = await Promise.all([connect(a, { purpose: 'plan' }), connect(b, { purpose: 'plan' })]);
  try {
    return await fn(x, y);
  } finally {
    await Promise.all([x.end(), y.end()]).catch(() => undefined);
  }
}

/** migra's inspection and plan, completed by the project's fixers and ordered by dependency. */
const builtinDiff = (r: DiffRequest) => diffDatabases(r.liveUrl, r.devUrl, { excludeSchemas: r.excludeSchemas, live: r.live });

/**
 * Atlas's plan (`atlas schema diff` from the live database to the same loaded dev database),
 * completed with the built-in plan's statements for what Atlas's community engine leaves out.
 */
async function atlasDiff(r: DiffRequest): Promise<DiffStatement[]> {
  const [atlas, builtin, owned] = await Promise.all([
    runAtlasDiff(r.liveUrl, r.devUrl, undefined, r.excludeSchemas),
    builtinDiff(r),
    withConnections(r.liveUrl, r.devUrl, ownedSequences),
  ]);
  return completeAtlasPlan(atlas, builtin, owned);
}

/** The statements of `planned` that touch no excluded object (of either database). */
async function withoutExcluded(r: DiffRequest, planned: DiffStatement[]): Promise<DiffStatement[]> {
  if (!r.exclude.length || !planned.length) return planned;
  const excluded = await withConnections(r.liveUrl, r.devUrl, (live, dev) => excludedStatements([live, dev], r.exclude));
  const keep = await Promise.all(planned.map(async (s) => !excluded(s.classification ?? (await classify(s.sql)))));
  return planned.filter((_, i) => keep[i]);
}

/** An engine from its differ: the renames are planned by that same differ, the exclusions hold for all it plans. */
const engine = (name: EngineName, differ: (r: DiffRequest) => Promise<DiffStatement[]>): Engine => ({
  name,
  diff: async (r) => withoutExcluded(r, await planWithRenames(r.liveUrl, r.devUrl, r.renames, () => differ(r))),
});

export const builtinEngine = engine('builtin', builtinDiff);
export const atlasEngine = engine('atlas', atlasDiff);

/**
 * `auto` is the built-in engine: it manages every kind of object the Atlas engine does and more
 * (docs/engines.md). Atlas is chosen explicitly, and must then be installed.
 */
export async function engineFor(name: EngineName | 'auto' = 'auto'): Promise<Engine> {
  if (name !== 'atlas') return builtinEngine;
  if (!(await atlasAvailable())) throw new SchemaopError('--engine atlas: no atlas executable (run `npm run tools`, or install Atlas from https://atlasgo.io)', EXIT.error);
  return atlasEngine;
}
