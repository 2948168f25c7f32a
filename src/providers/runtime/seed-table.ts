// `SeedTable`: the reference rows of a large table as one resource. Its `rows` input is keyed by
// each row's natural key, so the preview shows a row-level diff (`rows["name=coinbase"].fee`);
// create/update write the whole file's rows (and delete unlisted rows when the file says so);
// read returns the live rows, so refresh shows the rows edited, deleted or added by hand.
import type { Json } from '../../seeds/load';
import { SeedBase, planSeed, samePlace, safely, same, seedOf, writeSeed } from './seed-common';
import { targetRunning } from './target';
import { CheckFailure, ProviderImpl, isUnknown } from './types';

export interface SeedTableInputs extends SeedBase {
  unlisted: 'keep' | 'delete';
  /** Rows by key text (`name=coinbase`). */
  rows: Record<string, Record<string, Json>>;
}

export type SeedTableState = SeedTableInputs;

/** Marks a live row that the file does not list (and would delete). */
export const UNLISTED = '(unlisted row)';

export const provider: ProviderImpl<SeedTableInputs, SeedTableState> = {
  async check(_olds, news) {
    const failures: CheckFailure[] = [];
    if (!isUnknown(news.rows) && (!news.rows || typeof news.rows !== 'object' || Array.isArray(news.rows))) failures.push({ property: 'rows', reason: 'expected rows keyed by their key' });
    return { inputs: news, failures };
  },
  async diff(_id, olds, news) {
    const replaces = olds.table !== news.table || !same(olds.key, news.key) ? ['table'] : [];
    const changes = replaces.length > 0 || !same(olds.rows, news.rows) || olds.unlisted !== news.unlisted || !same(olds.referenced, news.referenced) || !samePlace(olds.target, news.target);
    return { changes, replaces };
  },
  async create(inputs) {
    return safely(inputs.target, async (url) => {
      await writeSeed(url, seedOf(inputs, Object.values(inputs.rows), { unlisted: inputs.unlisted }));
      return { id: inputs.table, outs: inputs };
    });
  },
  async read(id, props) {
    if (!props) return { id };
    if (!(await targetRunning(props.target))) return { id, props }; // a stopped dev server: the EmbeddedDatabase resource reports it
    return safely(props.target, async (url) => {
      const t = await planSeed(url, seedOf(props, Object.values(props.rows), { unlisted: props.unlisted }));
      const keyText = (k: Record<string, Json>) => props.key.map((c) => `${c}=${typeof k[c] === 'string' ? k[c] : JSON.stringify(k[c])}`).join(',');
      const live: SeedTableState['rows'] = {};
      const missing = new Set(t.insert.map((r) => keyText(r.key)));
      const edited = new Map(t.update.map((u) => [keyText(u.key), u.from]));
      for (const [k, row] of Object.entries(props.rows)) {
        if (missing.has(k)) continue;
        live[k] = { ...row, ...(edited.get(k) ?? {}) };
      }
      for (const d of t.delete) live[keyText(d.key)] = { ...d.key, [UNLISTED]: true };
      // The live rows as the inputs too: the next preview shows which row and column revert.
      return { id, props: { ...props, rows: live }, inputs: { ...props, rows: live } };
    });
  },
  async update(_id, _olds, news) {
    return safely(news.target, async (url) => {
      await writeSeed(url, seedOf(news, Object.values(news.rows), { unlisted: news.unlisted }));
      return { outs: news };
    });
  },
  async delete() {
    // The seed file was removed: its rows stay (reference data is deleted row by row, in the file).
  },
};
