// Definitions that PostgreSQL lets only a superuser make, although they change nothing outside
// their database: functions in C or `internal` from the server's own library folder (contrib
// modules: `AS '$libdir/unaccent', 'unaccent_lexize'`), and text search templates and parsers
// (which name such functions), LEAKPROOF functions, and the extensions the server has installed
// but does not mark trusted (their scripts are the server's, as $libdir is; created with their
// comments and updates). The dev role is never a superuser, so
// these few statements run in the scratch database on the connection that created it. Anything
// else that needs a superuser (event triggers, whose functions would then run with its rights;
// libraries outside $libdir) keeps failing with the server's "permission denied", located in its file.
import type { Node } from '../pg/node';
import { parseSqlSync } from './sql';

const LIBDIR_MODULE = /^\$libdir\/[A-Za-z0-9_]+$/;

type Def = { DefElem?: { defname: string; arg?: { String?: { sval: string }; List?: { items: { String?: { sval: string } }[] }; Boolean?: { boolval?: boolean } } } };

// The parser gives `LEAKPROOF` as a Boolean node with boolval true (false for NOT LEAKPROOF).
const isTrue = (arg: NonNullable<Def['DefElem']>['arg']) => !!arg?.Boolean?.boolval;

/** The SQL that lists the server's installed extensions that only a superuser may create. */
export const UNTRUSTED_EXTENSIONS = `SELECT name FROM pg_available_extension_versions GROUP BY name HAVING NOT bool_or(trusted OR NOT superuser)`;

/**
 * Whether `sql` (one statement, already allowed in a schema file) is such a definition;
 * `untrusted` names the extensions only a superuser may create on this server.
 */
export function needsSuperuser(s: { sql: string; stmt?: Node }, untrusted: ReadonlySet<string> = new Set()): boolean {
  const stmt = s.stmt ?? parseSqlSync(s.sql).stmts?.[0]?.stmt;
  if (!stmt) return false;
  if (stmt.CreateExtensionStmt) return untrusted.has(stmt.CreateExtensionStmt.extname);
  if (stmt.AlterExtensionStmt) return untrusted.has(stmt.AlterExtensionStmt.extname);
  if (stmt.CommentStmt?.objtype === 'OBJECT_EXTENSION') return untrusted.has(stmt.CommentStmt.object?.String?.sval ?? '');
  if (stmt.DefineStmt) return stmt.DefineStmt.kind === 'OBJECT_TSTEMPLATE' || stmt.DefineStmt.kind === 'OBJECT_TSPARSER';
  const fn = stmt.CreateFunctionStmt;
  if (!fn) return false;
  const opts = ((fn.options ?? []) as Def[]).map((o) => o.DefElem).filter((o): o is NonNullable<Def['DefElem']> => !!o);
  // LEAKPROOF only marks the function as safe to push below a security barrier, in this database.
  if (opts.some((o) => o.defname === 'leakproof' && isTrue(o.arg))) return true;
  const language = opts.find((o) => o.defname === 'language')?.arg?.String?.sval?.toLowerCase();
  const as = opts.find((o) => o.defname === 'as')?.arg?.List?.items.map((i) => i.String?.sval ?? '') ?? [];
  if (language === 'internal') return as.length === 1;
  return language === 'c' && as.length === 2 && LIBDIR_MODULE.test(as[0]);
}
