// Which values are secret: the one place that every report (text, JSON, Markdown), the seed
// stage's descriptions, drift and the Pulumi seed providers ask.
//
// A column's values are secret when
//  - the access model says so: on a credential table (access/access.yaml `readable_columns`) every
//    column that is not listed as readable is secret;
//  - it is a secret column of the credential tables the `credentials` command encrypts
//    (src/credentials/tables.ts), with or without an access model;
//  - its seed file lists it under `secret:`.
// No guess from column names or types: a rule that can be read in the project's files, so that a
// reviewer knows what is hidden and why. How a secret value is shown: ./shown.ts.
import * as path from 'node:path';
import { readAccessFile } from '../access/model';
import { CREDENTIAL_TABLES } from '../credentials/tables';
import type { DesiredSchema } from '../engine/source';
import { ddlRelations, qualify } from '../engine/ddl-relations';

/** `schema.table` → its secret columns. */
export type SecretColumns = Map<string, string[]>;

/** The columns of the credential tables that the `credentials` command encrypts. */
function credentialSecrets(): SecretColumns {
  return new Map(CREDENTIAL_TABLES.map((t) => [qualify(t.table), t.secrets.map((s) => s.column)]));
}

export interface SecretSources {
  schema: DesiredSchema;
  /** The access model's folder (absent: no access model). */
  accessDir?: string;
  /** Project root, for the access file's name in messages. */
  root?: string;
  /** Seed files' own `secret:` declarations. */
  declared?: { table: string; secret?: string[] }[];
}

/**
 * Every secret column the project declares. An access file that does not validate adds nothing
 * here: the grants stage refuses it with its own message, and the credential tables stay secret.
 */
export async function secretColumns(src: SecretSources): Promise<SecretColumns> {
  const out: SecretColumns = new Map();
  const add = (table: string, cols: string[]) => {
    const all = new Set([...(out.get(table) ?? []), ...cols]);
    if (all.size) out.set(table, [...all].sort());
  };
  for (const [t, cols] of credentialSecrets()) add(t, cols);
  for (const d of src.declared ?? []) add(qualify(d.table), d.secret ?? []);
  if (src.accessDir) {
    const file = await readAccessFile(src.accessDir, src.root ?? path.dirname(path.resolve(src.accessDir))).catch(() => undefined);
    if (file) {
      const relations = await ddlRelations(src.schema);
      // The access model's rule (src/access/model.ts): the columns readable_columns does not list.
      for (const [t, readable] of Object.entries(file.data.readable_columns)) {
        const rel = relations.get(qualify(t));
        if (rel) add(qualify(t), rel.columns.map((c) => c.name).filter((c) => !readable.includes(c)));
      }
    }
  }
  return out;
}

/** The secret columns of one table. */
export function secretColumnsOf(secrets: SecretColumns, table: string): string[] {
  return secrets.get(qualify(table)) ?? [];
}

