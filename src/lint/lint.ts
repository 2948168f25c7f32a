// Runs the rules over a plan's statements: levels from the environment, reviewed allowances,
// unused allowances reported. The same function serves plan/apply (as a PlanCheck, with the live
// database), `schemaop lint`, and the policy pack (without a database).
import type { Client } from '../db/connect';
import type { Finding, PlanCheck } from '../engine/extensions';
import type { PlannedBackfill, PlannedStatement } from '../engine/plan';
import type { DesiredSchema } from '../engine/source';
import type { ResolvedLint, SourcedAllowance } from './config';
import { buildContext } from './context';
import { allowancesFromDirectives, renameDirectives, type RenameDirective } from './directives';
import { renamedFrom } from '../engine/renames';
import { relationOf, sameId } from '../pg/identity';
import { LiveCatalog } from './live';
import { RULES, UNUSED_ALLOWANCE } from './registry';

/** A glob over object names: `*` matches any text (dots included); everything else is literal. */
export function globMatch(pattern: string, name: string): boolean {
  const re = new RegExp('^' + pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
  return re.test(name);
}

export const allowanceLabel = (a: SourcedAllowance) => `${a.source}: ${a.reason}`;

export interface LintOptions {
  config: ResolvedLint;
  /** The live database (data-aware findings, old column types); absent in the policy pack. */
  live?: LiveCatalog;
  /** Extra allowances (directives in schema/, a stack's list). */
  allow?: SourcedAllowance[];
  renames?: RenameDirective[];
  /** The backfills the plan runs. */
  backfills?: PlannedBackfill[];
}

export async function lintStatements(statements: PlannedStatement[], opts: LintOptions): Promise<Finding[]> {
  const ctx = await buildContext(statements, opts.live, opts.backfills);
  const allow = [...opts.config.allow, ...(opts.allow ?? [])];
  const used = new Set<SourcedAllowance>();
  const findings: Finding[] = [];
  for (const rule of RULES) {
    const level = opts.config.levels[rule.id] ?? rule.levels[opts.config.env];
    if (level === 'off') continue;
    for (const raw of await rule.check(ctx)) {
      const f: Finding = {
        rule: rule.id,
        level: raw.downgrade ? 'warn' : level,
        statement: raw.statement,
        object: raw.object,
        message: raw.message,
        fix: raw.fix ?? rule.safeAlternative,
        ...(raw.data?.length ? { data: raw.data } : {}),
        ...(raw.backfill ? { backfill: raw.backfill } : {}),
      };
      const renames = opts.renames ?? [];
      // What the finding's statement renames (a column under its table's live name: the table may be renamed in the same plan).
      const renamed = (statements[f.statement ?? -1]?.changes ?? []).filter((c) => c.kind === rule.id && c.id).map((c) => c.id!);
      const liveNames = (d: RenameDirective) => [d.table, ...renames.filter((x) => x.kind === 'table' && sameId(x.table, d.table)).map(renamedFrom)];
      const rename = renames.find(
        (d) =>
          (rule.id === 'rename_column' && d.kind === 'column' && renamed.some((id) => id.sub === d.from && liveNames(d).some((t) => sameId(t, relationOf(id))))) ||
          (rule.id === 'rename_table' && d.kind === 'table' && renamed.some((id) => sameId(id, renamedFrom(d)))) ||
          // The table's indexes and constraints follow its new name.
          (rule.id === 'rename_table' && d.kind === 'table' && statements[f.statement ?? -1]?.source === 'renamed-from'),
      );
      if (rename) f.allowedBy = `renamed-from directive at ${rename.where}`;
      const a = allow.find((x) => (x.rule === '*' || x.rule === rule.id) && globMatch(x.object, f.object));
      if (a) {
        used.add(a);
        f.allowedBy ??= allowanceLabel(a);
      }
      findings.push(f);
    }
  }
  for (const a of allow) {
    if (used.has(a)) continue;
    findings.push({ rule: UNUSED_ALLOWANCE, level: 'warn', object: a.object, message: `the allowance for ${a.rule} on ${a.object} (${a.source}) matches nothing in this plan; remove it once the change it allowed is applied` });
  }
  return findings.sort((x, y) => (x.statement ?? Infinity) - (y.statement ?? Infinity));
}

/** Lints a plan next to its live database. */
export async function lintWithDatabase(statements: PlannedStatement[], target: Client, config: ResolvedLint, schema?: DesiredSchema, backfills: PlannedBackfill[] = []): Promise<Finding[]> {
  const live = await LiveCatalog.load(target, config.rowThreshold);
  return lintStatements(statements, {
    config,
    live,
    backfills,
    allow: schema ? allowancesFromDirectives(schema) : [],
    renames: schema ? await renameDirectives(schema) : [],
  });
}

/** The safety rules as a plan check: blocking findings without an allowance stop apply (exit 8). */
export function lintCheck(config: ResolvedLint): PlanCheck {
  return {
    name: 'lint',
    async run(plan, target, { schema }) {
      // Nothing to lint: an allowance is only "unused" when there is a plan it could apply to.
      if (plan.statements.length === 0) return [];
      return lintWithDatabase(plan.statements, target, config, schema, plan.backfills);
    },
  };
}
