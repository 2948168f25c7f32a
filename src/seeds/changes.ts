// What the seed stage plans for one table: rows to insert, update and delete, as planned, shown
// and applied.
import type { Json } from './load';

export interface RowRef {
  /** Natural key values. */
  key: Record<string, Json>;
}
export interface SeedInsert extends RowRef {
  values: Record<string, Json>;
}
export interface SeedUpdate extends RowRef {
  /** Desired values of the changed fields. */
  set: Record<string, Json>;
  /** Live values of those fields. */
  from: Record<string, Json>;
  /** Why: `edited` (a listed row differs) or `referenced` (a row to delete is kept and updated instead). */
  reason: 'edited' | 'referenced';
}
export interface SeedDelete extends RowRef {
  /** Rows of other tables that reference this one, per referencing table. */
  references: { table: string; constraint: string; rows: number; onDelete: string }[];
  /** `refused`: still referenced and the seed file does not say what to do. */
  refused?: string;
  reason: 'unlisted' | 'removed';
}
export interface SeedTableChanges {
  file: string;
  table: string;
  key: string[];
  /** The table does not exist yet: the same plan creates it. */
  createdByPlan: boolean;
  insert: SeedInsert[];
  update: SeedUpdate[];
  delete: SeedDelete[];
  /** Rows in the database that are not in the file and are kept (`unlisted: keep`). */
  unlisted: number;
  /** Columns whose values are secret (src/seeds/secret-columns.ts): descriptions and reports show stand-ins. */
  secret?: string[];
}
