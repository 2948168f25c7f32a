// The schema engines behind one interface: each takes the live database to the desired one loaded
// in the dev database, and returns the statements to run. The plan is engine-agnostic from there
// on (classification, transforms, ordering of phases, checks): one typed value chooses.
import { connect, type Client } from '../db/connect';
import { SchemaopError } from '../errors';
import { atlasAvailable, completeAtlasPlan, ownedSequences, runAtlasDiff } from './atlas';
import { diffDatabases, type DiffStatement } from './diff';
import type { LiveInspection } from './diff/migra';

export type EngineName = 'builtin' | 'atlas';

export interface DiffRequest {
  /** The target database (what is). */
  liveUrl: string;
  /** The scratch database holding the desired schema (what should be). */
  devUrl: string;
  /** Schemas left out on both sides. */
  excludeSchemas: string[];
  /** An inspection of the live database already under way (started while the dev database loads). */
  live: Promise<LiveInspection>;
}

export interface Engine {
  name: EngineName;
  diff(r: DiffRequest): Promise<DiffStatement[]>;
}

/** migra's inspection and plan, completed by the project's fixers and ordered by dependency. */
export const builtinEngine: Engine = {
  name: 'builtin',
  diff: (r) => diffDatabases(r.liveUrl, r.devUrl, { excludeSchemas: r.excludeSchemas, live: r.live }),
};

/** Runs `fn` with connections to both databases. */
async function withConnections<T>(a: string, b: string, fn: (x: Client, y: Client) => Promise<T>): Promise<T> {
  const [x, y] = await Promise.all([connect(a, { purpose: 'plan' }), connect(b, { purpose: 'plan' })]);
  try {
    return await fn(x, y);
  } finally {
    await Promise.all([x.end(), y.end()]).catch(() => undefined);
  }
}

/**
 * Atlas's plan (`atlas schema diff` from the live database to the same loaded dev database),
 * completed with the built-in plan's statements for what Atlas's community engine leaves out.
 */
export const atlasEngine: Engine = {
  name: 'atlas',
  async diff(r) {
    const [atlas, builtin, owned] = await Promise.all([
      runAtlasDiff(r.liveUrl, r.devUrl, undefined, r.excludeSchemas),
      builtinEngine.diff(r),
      withConnections(r.liveUrl, r.devUrl, ownedSequences),
    ]);
    return completeAtlasPlan(atlas, builtin, owned);
  },
};

/**
 * `auto` is the built-in engine: it manages every kind of object the Atlas engine does and more
 * (docs/engines.md). Atlas is chosen explicitly, and must then be installed.
 */
export async function engineFor(name: EngineName | 'auto' = 'auto'): Promise<Engine> {
  if (name !== 'atlas') return builtinEngine;
  if (!(await atlasAvailable())) throw new SchemaopError('--engine atlas: no atlas executable (run `npm run tools`, or install Atlas from https://atlasgo.io)', 1);
  return atlasEngine;
}
