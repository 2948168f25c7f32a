// Function and procedure definitions as PostgreSQL prints them (pg_get_functiondef): migra compares
// only part of them (not SET configuration, COST, ROWS, PARALLEL, LEAKPROOF), and re-creates with
// CREATE OR REPLACE even when the result type or parameter names changed, which PostgreSQL refuses:
// such a function is dropped first.
import type { Fixer } from './types';
import { DiffContext, nsFilter, rows } from './catalog';
import type { DiffStatement } from './types';
import { notExtensionMember } from '../../pg/catalog-sql';

interface FnRow {
  sig: string;
  def: string;
  result: string;
  args: string;
  kind: string;
}

const query = (ctx: DiffContext) => `
  SELECT format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) AS sig,
         pg_get_functiondef(p.oid) AS def, coalesce(pg_get_function_result(p.oid), '') AS result,
         pg_get_function_arguments(p.oid) AS args, p.prokind AS kind
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
   WHERE ${nsFilter('n.nspname', ctx)} AND p.prokind IN ('f', 'p', 'w')
     AND ${notExtensionMember('pg_proc', 'p.oid')}
     -- nor a type's own functions (a range's constructors), made and dropped with the type
     AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.refclassid = 'pg_type'::regclass AND d.deptype = 'i')`;

const norm = (s: string) => s.trim().replace(/;\s*$/, '');

export const functionDefinitions: Fixer = {
  name: 'functions',
  doc: 'function/procedure changes migra misses (SET config, COST, ROWS, PARALLEL, ...) and result-type changes that need a DROP first',
  async run(ctx, planned) {
    const [have, want] = await Promise.all([rows<FnRow>(ctx.from, query(ctx)), rows<FnRow>(ctx.to, query(ctx))]);
    const live = new Map(have.map((f) => [f.sig, f]));
    const out: DiffStatement[] = [...planned];
    let changed = false;
    for (const w of want) {
      const h = live.get(w.sig);
      if (!h || h.def === w.def) continue;
      const mustDrop = h.result !== w.result || h.args !== w.args || h.kind !== w.kind;
      const drop = { sql: `DROP ${h.kind === "p" ? "PROCEDURE" : "FUNCTION"} IF EXISTS ${h.sig}`, source: 'functions' };
      const at = out.findIndex((p) => norm(p.sql) === norm(w.def));
      if (at >= 0) {
        if (mustDrop) out.splice(at, 0, drop);
      } else {
        if (mustDrop) out.push(drop);
        out.push({ sql: norm(w.def), source: 'functions' });
      }
      changed = true;
    }
    return changed ? { replace: out } : {};
  },
};
