// `SeedRow`: one reference row of a small table, so that the preview shows each row's change.
// Create inserts it (or adopts the existing row with that key, updating what differs); read
// returns the live row (gone: refresh reports it deleted); update writes the changed columns;
// delete removes it only when the seed file deletes unlisted rows, refusing while it is referenced.
// Values of secret columns sit in the state and outputs as stand-ins only (SeedBase.secret).
import type { Json } from '../../seeds/load';
import { SeedBase, listedInFile, liveRows, samePlace, rowKey, safely, same, sameRow, seedOf, stateRow, writeSeed } from './seed-common';
import { targetRunning } from './target';
import { CheckFailure, ProviderImpl, isUnknown } from './types';

export interface SeedRowInputs extends SeedBase {
  /** `unlisted` of the seed file: whether a row removed from it is deleted. */
  unlisted: 'keep' | 'delete';
  /** The row: key columns and the managed columns. */
  values: Record<string, Json>;
}

export type SeedRowState = SeedRowInputs;

const idOf = (i: SeedRowInputs) => `${i.table}:${rowKey(i.key, i.values)}`;

export const provider: ProviderImpl<SeedRowInputs, SeedRowState> = {
  async check(_olds, news) {
    const failures: CheckFailure[] = [];
    if (!isUnknown(news.values)) {
      if (!news.values || typeof news.values !== 'object') failures.push({ property: 'values', reason: 'expected the row as an object' });
      else for (const k of news.key ?? []) if (!(k in news.values)) failures.push({ property: 'values', reason: `the key column ${k} is missing` });
    }
    if (!isUnknown(news.table) && !/^[A-Za-z_][\w$]*\.[A-Za-z_][\w$]*$/.test(news.table ?? '')) failures.push({ property: 'table', reason: 'expected a schema-qualified table' });
    return { inputs: news, failures };
  },
  async diff(_id, olds, news) {
    const replaces: string[] = [];
    if (olds.table !== news.table) replaces.push('table');
    if (!same(olds.key, news.key) || rowKey(olds.key, olds.values) !== rowKey(news.key, news.values)) replaces.push('key');
    const changes = replaces.length > 0 || !sameRow(news, olds.values, news.values) || !same(olds.secret ?? [], news.secret ?? []) || !samePlace(olds.target, news.target) || olds.unlisted !== news.unlisted || !same(olds.referenced, news.referenced);
    return { changes, replaces };
  },
  async create(inputs) {
    return safely(inputs.target, async (url) => {
      await writeSeed(url, seedOf(inputs, [inputs.values]));
      return { id: idOf(inputs), outs: { ...inputs, values: stateRow(inputs, inputs.values) } };
    });
  },
  async read(id, props) {
    if (!props) return { id };
    if (!(await targetRunning(props.target))) return { id, props }; // a stopped dev server: the EmbeddedDatabase resource reports it
    return safely(props.target, async (url) => {
      const [live] = (await liveRows(url, props, [props.values])).rows;
      if (!live) return { id: '' }; // the row is gone
      // The live row as the inputs too: the next preview shows which column reverts.
      return { id, props: { ...props, values: live }, inputs: { ...props, values: live } };
    });
  },
  async update(_id, _olds, news) {
    return safely(news.target, async (url) => {
      await writeSeed(url, seedOf(news, [news.values]));
      return { outs: { ...news, values: stateRow(news, news.values) } };
    });
  },
  async delete(_id, props) {
    if (props.unlisted !== 'delete') return; // the file keeps unlisted rows: the row stays
    // Still listed: another resource owns it now (its table grew past seeds.groupAbove), keep it.
    if (await listedInFile(props.file, props.key, rowKey(props.key, props.values))) return;
    await safely(props.target, (url) => writeSeed(url, seedOf(props, [], { remove: [Object.fromEntries(props.key.map((k) => [k, props.values[k]]))] })));
  },
};
