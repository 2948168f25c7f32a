// Seed rows as resources: one SeedRow per row for small tables (the preview shows each row's
// change), one SeedTable with a row-level diff for large ones. Rows of a file depend on the
// schema and on the rows of the files before it (referenced tables first).
import * as path from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import type { DesiredSchema } from '../engine/source';
import { SeedFile, keyText, loadSeeds } from '../seeds/load';
import { SeedRow, SeedTable } from '../providers/resources';
import type { Target } from '../providers/runtime/target';
import type { StackConfig } from './config';

export async function seedResources(cfg: StackConfig, schema: DesiredSchema, target: pulumi.Output<Target>, after: pulumi.Resource[]): Promise<pulumi.Resource[]> {
  const dir = path.resolve(cfg.database.seedsDir);
  const seeds: SeedFile[] = await loadSeeds(dir, schema, process.cwd());
  const all: pulumi.Resource[] = [];
  let previous: pulumi.Resource[] = after;
  for (const s of seeds) {
    const base = { target, file: s.file, table: s.table, key: s.key, referenced: s.referenced, unlisted: s.unlisted };
    const opts = { dependsOn: previous };
    const created: pulumi.Resource[] =
      s.rows.length > cfg.seeds.groupAbove
        ? [new SeedTable(`seed:${s.table}`, { ...base, rows: Object.fromEntries(s.rows.map((r) => [keyText(s.key, r), r])) }, opts)]
        : s.rows.map((r) => new SeedRow(`seed:${s.table}:${keyText(s.key, r)}`, { ...base, values: r }, opts));
    all.push(...created);
    previous = [...after, ...created];
  }
  return all;
}
