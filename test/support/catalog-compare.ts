// The engine's catalog snapshot (src/engine/catalog-compare.ts) over URLs, for comparing a migrated
// database with one loaded directly from the desired DDL.
import { withClient } from '../../src/db/connect';
import { catalogSnapshot as snapshotOf, withoutEquivalents as withoutEquivalentsOn } from '../../src/engine/catalog-compare';
import { scope } from '../../src/engine/fingerprint';

export { snapshotDiff, type CatalogSnapshot } from '../../src/engine/catalog-compare';

export const catalogSnapshot = (url: string) => withClient(url, (c) => snapshotOf(c, scope()));

/** `diff` without the lines that print one object differently but mean the same on `expectedUrl`. */
export const withoutEquivalents = (diff: string[], expectedUrl: string) => (diff.length ? withClient(expectedUrl, (c) => withoutEquivalentsOn(diff, c)) : Promise.resolve(diff));
