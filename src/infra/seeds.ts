// Seed rows as resources: one SeedRow per row for small tables (the preview shows each row's
// change), one SeedTable with a row-level diff for large ones. Rows of a file depend on the
// schema and on the rows of the files before it (referenced tables first); an excluded table gets none. Values of secret
// columns (src/seeds/secret-columns) are Pulumi secrets: encrypted in the state's inputs, `[secret]` in
// a preview; the providers keep only their stand-ins in the outputs.
import * as path from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { excludeMatcher } from '../engine/exclude';
import type { DesiredSchema } from '../engine/source';
import { Json, SeedFile, keyText, loadSeeds } from '../seeds/load';
import { secretColumns, secretColumnsOf } from '../seeds/secret-columns';
import { SeedRow, SeedTable } from '../providers/resources';
import type { Target } from '../providers/runtime/target';
import type { StackConfig } from './config';

export async function seedResources(cfg: StackConfig, schema: DesiredSchema, target: pulumi.Output<Target>, after: pulumi.Resource[]): Promise<pulumi.Resource[]> {
  const dir = path.resolve(cfg.database.seedsDir);
  // A table the stack leaves alone (schemaop:exclude) keeps its rows, as on the CLI's path: no resource for its seed file.
  const excluded = excludeMatcher(cfg.exclude);
  const seeds: SeedFile[] = (await loadSeeds(dir, schema, process.cwd())).filter((s) => !excluded(s.id));
  const secrets = await secretColumns({ schema, accessDir: path.resolve(cfg.database.accessDir), root: process.cwd(), declared: seeds });
  const all: pulumi.Resource[] = [];
  let previous: pulumi.Resource[] = after;
  for (const s of seeds) {
    const secret = secretColumnsOf(secrets, s.table);
    const base = { target, file: s.file, table: s.table, key: s.key, referenced: s.referenced, unlisted: s.unlisted, secret };
    // A nested Output in a plain input object is resolved by Pulumi (and keeps its secretness); the input type does not say so.
    const hide = (r: Record<string, Json>) => (secret.some((c) => r[c] !== undefined && r[c] !== null) ? ({ ...r, ...Object.fromEntries(secret.filter((c) => r[c] !== undefined && r[c] !== null).map((c) => [c, pulumi.secret(r[c])])) } as unknown as Record<string, Json>) : r);
    const opts = { dependsOn: previous };
    const created: pulumi.Resource[] =
      s.rows.length > cfg.seeds.groupAbove
        ? [new SeedTable(`seed:${s.table}`, { ...base, rows: Object.fromEntries(s.rows.map((r) => [keyText(s.key, r), hide(r)])) }, opts)]
        : s.rows.map((r) => new SeedRow(`seed:${s.table}:${keyText(s.key, r)}`, { ...base, values: hide(r) }, opts));
    all.push(...created);
    previous = [...after, ...created];
  }
  return all;
}
