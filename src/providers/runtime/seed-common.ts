// Shared by the seed-row resources: the seeds module plans and writes the rows (src/seeds), these
// providers only choose which rows a resource owns.
import * as path from 'node:path';
import { withClient } from '../../db/connect';
import { scrub } from '../../db/url';
import type { Json, ReferencedAction, SeedFile } from '../../seeds/load';
import { keyText, seedFileRows } from '../../seeds/load';
import { SeedTableChanges, applySeedChanges, planTable, summarise } from '../../seeds/stage';
import { maskRow } from '../../seeds/secret-values';
import { Target, targetUrl } from './target';
import { ProviderError } from './types';
import { parseQualified } from '../../pg/identity';

export interface SeedBase {
  /** Where the database is (no password: resolved at each call). */
  target: Target;
  /** The seed file, relative to the project (for messages). */
  file: string;
  table: string;
  key: string[];
  referenced: ReferencedAction;
  /**
   * Columns whose values are secret (src/seeds/secret-columns): the state and the outputs hold their
   * stand-in (`(secret) sha256:1a2b3c4d`), never the value, and a diff compares stand-ins.
   */
  secret?: string[];
}

export const rowKey = (key: string[], row: Record<string, Json>) => keyText(key, row);

/** A seed file restricted to some rows (the seeds module plans any such file). */
export function seedOf(b: SeedBase, rows: Record<string, Json>[], opts: { unlisted?: 'keep' | 'delete'; remove?: Record<string, Json>[] } = {}): SeedFile {
  return { file: b.file, table: b.table, id: parseQualified(b.table), key: b.key, referenced: b.referenced, unlisted: opts.unlisted ?? 'keep', remove: opts.remove ?? [], rows, secret: b.secret, ddl: undefined as never };
}

/** A row as the state keeps it: secret values as stand-ins. */
export const stateRow = (b: SeedBase, row: Record<string, Json>) => maskRow(row, b.secret);

/**
 * The live rows with these keys, as the state keeps them (secret values as stand-ins); undefined
 * for a row that is gone. `rows` may come from the state: its stand-ins are never compared or
 * written; each secret column is read with a null probe, whose change (when not null) is the live value.
 */
export async function liveRows(url: string, b: SeedBase, rows: Record<string, Json>[], opts: { unlisted?: 'keep' | 'delete' } = {}): Promise<{ rows: (Record<string, Json> | undefined)[]; unlisted: Record<string, Json>[] }> {
  const secret = b.secret ?? [];
  const probes = rows.map((r) => ({ ...r, ...Object.fromEntries(secret.filter((c) => c in r).map((c) => [c, null])) }));
  const t = await planSeed(url, seedOf(b, probes, opts));
  const missing = new Set(t.insert.map((r) => rowKey(b.key, r.key)));
  const changed = new Map(t.update.map((u) => [rowKey(b.key, u.key), u.from]));
  return {
    rows: rows.map((r) => {
      const k = rowKey(b.key, r);
      if (missing.has(k)) return undefined;
      const from = changed.get(k) ?? {};
      const live: Record<string, Json> = { ...r, ...from };
      for (const c of secret) if (c in r) live[c] = c in from ? from[c] : null;
      return stateRow(b, live);
    }),
    unlisted: t.delete.map((d) => d.key),
  };
}

/** Whether two rows are the same as the state keeps them (secret values compared by stand-in). */
export const sameRow = (b: SeedBase, x: Record<string, Json>, y: Record<string, Json>) => same(stateRow(b, x), stateRow(b, y));

export async function planSeed(url: string, seed: SeedFile): Promise<SeedTableChanges> {
  return withClient(url, (c) => planTable(c, seed, []), 'pulumi seeds');
}

/** Writes the planned changes in one transaction; a refused delete changes nothing. */
export async function writeSeed(url: string, seed: SeedFile): Promise<SeedTableChanges> {
  return withClient(
    url,
    async (c) => {
      await c.query('BEGIN');
      try {
        const t = await planTable(c, seed, []);
        const changes = summarise([t]);
        if (changes.warnings?.length) throw new ProviderError(`seed rows of ${seed.table}: ${changes.warnings.join('; ')}; nothing was written`);
        if (changes.count) await applySeedChanges(c, changes);
        await c.query('COMMIT');
        return t;
      } catch (e) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw e;
      }
    },
    'pulumi seeds',
  );
}

/** Resolves the connection string and runs `fn`; errors leave without it or its password. */
export async function safely<T>(target: Target, fn: (url: string) => Promise<T>): Promise<T> {
  let url: string | undefined;
  try {
    url = await targetUrl(target);
    return await fn(url);
  } catch (e) {
    throw new ProviderError(scrub((e as Error).message ?? String(e), url));
  }
}

/** Where the database is, without how to log in: a rotated password is no change. */
export const samePlace = (a: Target, b: Target) => a.host === b.host && a.port === b.port && a.database === b.database && a.user === b.user;

export const same = (a: unknown, b: unknown) => JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  return v;
}

/** Whether the project's seed file (as checked out now) still lists the row with this key. */
export async function listedInFile(file: string, key: string[], keyText: string): Promise<boolean> {
  const rows = (await seedFileRows(path.resolve(process.cwd(), file))) ?? [];
  return rows.some((r) => !!r && typeof r === 'object' && key.every((k) => k in r) && rowKey(key, r as Record<string, Json>) === keyText);
}
