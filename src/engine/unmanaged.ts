// A plan never drops an object the user never declared without saying so: every whole-object drop
// (DROP TABLE, DROP FUNCTION, ...) that the plan does not create again removes something absent
// from schema/, such as a table another tool (Alembic, a hand-written runner) keeps in the database.
import type { Classification } from './classify';

const bare = (object: string) => object.replace(/\(.*$/, '');

/** One warning per object the plan drops and does not re-create, labelled "unmanaged". */
export function unmanagedDrops(statements: Pick<Classification, 'node' | 'changes'>[]): string[] {
  const created = new Set(statements.flatMap((s) => s.changes.filter((c) => c.kind.startsWith('create_')).map((c) => bare(c.object))));
  const out: string[] = [];
  for (const s of statements) {
    if (s.node !== 'DropStmt') continue;
    for (const c of s.changes) {
      if (created.has(bare(c.object))) continue;
      out.push(`unmanaged: the plan drops ${c.objectType} ${c.object}, which no file in schema/ declares; declare it in schema/ to keep it`);
    }
  }
  return out;
}
