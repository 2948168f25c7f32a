// The built-in differ: @pgkit/migra over two live databases.
import { createClient } from '@pgkit/client';
import { Migration } from '@pgkit/migra';
import { get_inspector } from '@pgkit/schemainspect';
import { splitStatements } from '../sql';

export interface MigraOptions {
  /** Schemas the diff ignores (the project's own bookkeeping schema among them). */
  excludeSchemas: string[];
}

/** Statements that take `fromUrl`'s schema to `toUrl`'s, as migra plans them (privileges excluded). */
export async function migraDiff(fromUrl: string, toUrl: string, opts: MigraOptions): Promise<string[]> {
  const from = createClient(fromUrl);
  const to = createClient(toUrl);
  // An idle pooled connection killed by the server (the scratch database is dropped WITH (FORCE))
  // must not surface as an unhandled error that would crash the process.
  for (const c of [from, to]) c.pgp.$pool.on('error', () => undefined);
  try {
    // Migration.create inspects one database after the other; inspecting both at once halves the wait.
    const [a, b] = await Promise.all([
      get_inspector(from, undefined, opts.excludeSchemas),
      get_inspector(to, undefined, opts.excludeSchemas),
    ]);
    const m = await Migration.create(a, b, {});
    m.set_safety(false);
    // Privileges belong to the access model, not to the schema diff.
    m.add_all_changes(false);
    const out: string[] = [];
    for (const chunk of m.statements) {
      for (const s of await splitStatements(chunk)) {
        // The engine sets check_function_bodies itself for the whole apply.
        if (/^set\s+check_function_bodies\b/i.test(s.sql)) continue;
        out.push(s.sql);
      }
    }
    return out;
  } finally {
    await Promise.all([from.end(), to.end()]).catch(() => undefined);
  }
}
