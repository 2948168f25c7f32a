// `SeedTable`: the reference rows of a large table as one resource. Its `rows` input is keyed by
// each row's natural key, so the preview shows a row-level diff (`rows["name=coinbase"].fee`);
// create/update write the whole file's rows (and delete unlisted rows when the file says so);
// read returns the live rows, so refresh shows the rows edited, deleted or added by hand.
// Values of secret columns sit in the state and outputs as stand-ins only (SeedBase.secret).
import type { Json } from '../../seeds/load';
import type { SeedBase } from './seed-common';
import { liveRows, rowKey, samePlace, safely, same, sameRow, seedOf, stateRow, writeSeed } from './seed-common';
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

/** The inputs as the state keeps them: secret values as stand-ins. */
const stateOf = (i: SeedTableInputs): SeedTableState => ({ ...i, rows: Object.fromEntries(Object.entries(i.rows).map(([k, r]) => [k, stateRow(i, r)])) });

const sameRows = (b: SeedBase, x: SeedTableInputs['rows'], y: SeedTableInputs['rows']) => {
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length && keys.every((k) => k in y && sameRow(b, x[k], y[k]));
};

export const provider: ProviderImpl<SeedTableInputs, SeedTableState> = {
  async check(_olds, news) {
    const failures: CheckFailure[] = [];
    if (!isUnknown(news.rows) && (!news.rows || typeof news.rows !== 'object' || Array.isArray(news.rows))) failures.push({ property: 'rows', reason: 'expected rows keyed by their key' });
    return { inputs: news, failures };
  },
  async diff(_id, olds, news) {
    const replaces = olds.table !== news.table || !same(olds.key, news.key) ? ['table'] : [];
    const changes = replaces.length > 0 || !sameRows(news, olds.rows, news.rows) || !same(olds.secret ?? [], news.secret ?? []) || olds.unlisted !== news.unlisted || !same(olds.referenced, news.referenced) || !samePlace(olds.target, news.target);
    return { changes, replaces };
  },
  async create(inputs) {
    return safely(inputs.target, async (url) => {
      await writeSeed(url, seedOf(inputs, Object.values(inputs.rows), { unlisted: inputs.unlisted }));
      return { id: inputs.table, outs: stateOf(inputs) };
    });
  },
  async read(id, props) {
    if (!props) return { id };
    if (!(await targetRunning(props.target))) return { id, props }; // a stopped dev server: the EmbeddedDatabase resource reports it
    return safely(props.target, async (url) => {
      const entries = Object.entries(props.rows);
      const read = await liveRows(url, props, entries.map(([, row]) => row), { unlisted: props.unlisted });
      const live: SeedTableState['rows'] = {};
      entries.forEach(([k], i) => {
        if (read.rows[i]) live[k] = read.rows[i]!;
      });
      for (const key of read.unlisted) live[rowKey(props.key, key)] = { ...key, [UNLISTED]: true };
      // The live rows as the inputs too: the next preview shows which row and column revert.
      return { id, props: { ...props, rows: live }, inputs: { ...props, rows: live } };
    });
  },
  async update(_id, _olds, news) {
    return safely(news.target, async (url) => {
      await writeSeed(url, seedOf(news, Object.values(news.rows), { unlisted: news.unlisted }));
      return { outs: stateOf(news) };
    });
  },
  async delete() {
    // The seed file was removed: its rows stay (reference data is deleted row by row, in the file).
  },
};
