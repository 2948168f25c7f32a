// `schemaop lint`: plans, then shows only the safety findings (rule, level, statement, object, why,
// safe alternative). Exit 8 when a blocking finding has no reviewed allowance, else 0.
// `--rules` lists the rules and their levels in the chosen environment instead.
import { redact } from '../../db/url';
import type { Finding } from '../../engine/extensions';
import { blockingFindings, plan, type Plan, type PlanOptions } from '../../engine/plan';
import type { ResolvedLint } from '../../lint/config';
import { RULES } from '../../lint/registry';
import type { Style } from '../../report/style';
import { EXIT } from '../../exit-codes';

export interface LintCommandArgs {
  url: string;
  options: PlanOptions;
  config: ResolvedLint;
  json: boolean;
  style: Style;
  out: (s: string) => void;
  done: () => void;
  /** `--format markdown`: the review of the plan (report/markdown). */
  markdown?: (p: Plan) => Promise<string>;
}

export function findingLines(p: Pick<Plan, 'findings' | 'statements'>, s: Style): string[] {
  const lines: string[] = [];
  for (const f of p.findings) {
    const level = f.allowedBy ? s.green('allowed') : f.level === 'block' ? s.red('BLOCK') : s.yellow('warn ');
    const st = f.statement !== undefined ? p.statements[f.statement] : undefined;
    lines.push(`${level} ${s.bold(f.rule)} ${f.object}${f.statement !== undefined ? s.dim(` [statement ${f.statement + 1}]`) : ''}`);
    lines.push(`      ${f.message}`);
    if (st) lines.push(s.dim(`      ${st.sql.split('\n')[0].slice(0, 160)}`));
    if (f.allowedBy) lines.push(s.green(`      allowed by ${f.allowedBy}`));
    else if (f.fix) lines.push(s.dim(`      safe alternative: ${f.fix}`));
  }
  return lines;
}

export function rulesText(config: ResolvedLint, s: Style): string {
  const lines = [s.bold(`Safety rules (environment ${config.env}):`)];
  for (const r of RULES) lines.push(`  ${config.levels[r.id].padEnd(5)} ${r.id.padEnd(28)} ${r.summary}`);
  return lines.join('\n');
}

export async function lintCommand(a: LintCommandArgs, listRules = false): Promise<number> {
  if (listRules) {
    a.out(
      a.json
        ? JSON.stringify({ env: a.config.env, rules: RULES.map((r) => ({ id: r.id, level: a.config.levels[r.id], defaults: r.levels, summary: r.summary, safeAlternative: r.safeAlternative, doc: r.doc })) }, null, 2)
        : rulesText(a.config, a.style),
    );
    return EXIT.ok;
  }
  let p: Plan;
  try {
    p = await plan(a.options);
  } finally {
    a.done();
  }
  const blocked = blockingFindings(p);
  if (a.markdown) a.out(await a.markdown(p));
  else if (a.json) {
    a.out(
      JSON.stringify(
        {
          target: redact(a.url),
          env: a.config.env,
          online: a.config.online,
          hash: p.hash,
          blocked: blocked.length > 0,
          findings: p.findings.map((f: Finding) => ({ ...f, sql: f.statement !== undefined ? p.statements[f.statement]?.sql : undefined })),
        },
        null,
        2,
      ),
    );
  } else {
    const s = a.style;
    a.out(s.bold(`Lint of the plan for ${redact(a.url)}`) + s.dim(` (environment ${a.config.env}, online-safe plans ${a.config.online ? 'on' : 'off'}, ${p.statements.length} statements)`));
    if (!p.findings.length) a.out(s.green('No findings.'));
    else a.out(findingLines(p, s).join('\n'));
    const warns = p.findings.filter((f) => f.level === 'warn' && !f.allowedBy).length;
    const allowed = p.findings.filter((f) => f.allowedBy).length;
    a.out(
      blocked.length
        ? s.red(`BLOCKED: ${blocked.length} finding${blocked.length === 1 ? '' : 's'} without a reviewed allowance (${warns} warnings, ${allowed} allowed).`) +
            '\n' +
            s.dim(`Allow a reviewed change with --allow 'RULE:OBJECT:reason', a \`lint.allow\` entry in schemaop.yaml, or \`-- schemaop:allow RULE OBJECT reason="..."\` in schema/.`)
        : `Not blocked: ${warns} warnings, ${allowed} allowed.`,
    );
  }
  return blocked.length ? EXIT.blocked : EXIT.ok;
}
