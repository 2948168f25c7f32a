// Definitions that PostgreSQL lets only a superuser make, although they change nothing outside
// their database: functions in C or `internal` from the server's own library folder (contrib
// modules: `AS '$libdir/unaccent', 'unaccent_lexize'`), and text search templates and parsers
// (which name such functions), and LEAKPROOF functions. The dev role is never a superuser, so
// these few statements run in the scratch database on the connection that created it. Anything
// else that needs a superuser (event triggers, whose functions would then run with its rights;
// libraries outside $libdir) keeps failing with the server's "permission denied", located in its file.
import { parseSqlSync } from './sql';

const LIBDIR_MODULE = /^\$libdir\/[A-Za-z0-9_]+$/;

type Def = { DefElem?: { defname: string; arg?: { String?: { sval: string }; List?: { items: { String?: { sval: string } }[] }; Boolean?: { boolval?: boolean } } } };

// The parser gives `LEAKPROOF` as a Boolean node with boolval true (false for NOT LEAKPROOF).
const isTrue = (arg: NonNullable<Def['DefElem']>['arg']) => !!arg?.Boolean?.boolval;

/** Whether `sql` (one statement, already allowed in a schema file) is such a definition. */
export function needsSuperuser(sql: string): boolean {
  const stmt = parseSqlSync(sql).stmts?.[0]?.stmt;
  if (!stmt) return false;
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
