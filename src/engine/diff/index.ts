// The built-in schema differ: migra's plan, completed by fixers for what migra does not plan.
// Each fixer compares one aspect of the two catalogs and adds statements; none rewrites migra's.
import type { Client } from '../../db/connect';
import { connect } from '../../db/connect';
import { classifyTree, dropsObject } from '../classify';
import { DiffContext, classifyCached, clearClassifyCache, rememberClassification } from './catalog';
import { dependencyGraph, orderByDependency } from '../order';
import { commentChanges } from './comments';
import { compactCreates } from './compact';
import { adoptedIndexes } from './adopted';
import { withoutSubsumedDrops } from './table-drops';
import { LiveInspection, migraDiff } from './migra';

export { inspectLive } from './migra';
import { fixers } from './fixers';

export type { DiffStatement } from './types';
import type { DiffStatement } from './types';

const stripArgs = (o: string) => o.replace(/\(.*$/, '');

/** Statements that take the schema of `fromUrl` (live) to that of `toUrl` (desired). */
export async function diffDatabases(
  fromUrl: string,
  toUrl: string,
  opts: { excludeSchemas: string[]; /** an inspection of `fromUrl` already under way */ live?: Promise<LiveInspection> },
): Promise<DiffStatement[]> {
  const parsed = await migraDiff(fromUrl, toUrl, opts);
  const migra = parsed.map((s) => s.sql);
  const classified = parsed.map((s) => ({ sql: s.sql, c: classifyTree(s.stmt) }));
  for (const { sql, c } of classified) rememberClassification(sql, c);
  let from: Client | undefined;
  let to: Client | undefined;
  try {
    [from, to] = await Promise.all([connect(fromUrl, { purpose: 'diff' }), connect(toUrl, { purpose: 'diff' })]);
    const ctx: DiffContext = {
      from,
      to,
      excludeSchemas: opts.excludeSchemas,
      migra: classified.map(({ sql, c }) => ({
        sql,
        drops: c.changes.filter((x) => dropsObject(x.kind)).map((x) => stripArgs(x.object)),
        creates: c.changes.filter((x) => x.kind.startsWith('create_')).map((x) => stripArgs(x.object)),
      })),
    };
    const out: DiffStatement[] = migra.map((sql) => ({ sql, source: 'migra' }));
    // Fixers run one after the other: they may read what earlier ones decided through ctx.migra.
    for (const f of fixers) {
      const extra = await f.run(ctx, out);
      if (extra.replace) out.splice(0, out.length, ...extra.replace);
      out.unshift(...(extra.before ?? []).map((sql) => ({ sql, source: f.name })));
      for (const s of extra.after ?? []) out.push({ sql: s, source: f.name });
    }
    // Comments last: every object they name exists by then.
    for (const s of await commentChanges(ctx)) out.push({ sql: s, source: 'comments' });
    const compact = await adoptedIndexes(ctx, await compactCreates(ctx, await withoutSubsumedDrops(ctx, out)));
    const [graph, live] = await Promise.all([dependencyGraph(to, opts.excludeSchemas), dependencyGraph(from, opts.excludeSchemas)]);
    const items = await Promise.all(compact.map(async (s) => ({ s, c: await classifyCached(s.sql), provides: s.provides })));
    return orderByDependency(items, graph, live).map((i) => ({ ...i.s, classification: i.c }));
  } finally {
    clearClassifyCache();
    await Promise.all([from?.end(), to?.end()].filter(Boolean)).catch(() => undefined);
  }
}
