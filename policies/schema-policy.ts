// The migration-safety policies: the plan carried by the Schema resource is linted again with the
// same rules as `schemaop lint` (no database here: rules that need the live catalog rely on the
// findings the plan carries, computed next to the database). A blocking finding without a
// reviewed allowance is a mandatory violation; warnings are advisory.
import { ResourceValidationArgs, ResourceValidationPolicy, UnknownValueError } from '@pulumi/policy';
import type { Finding } from '../src/engine/extensions';
import { resolveLint } from '../src/lint/config';
import { classifyStatements } from '../src/lint/context';
import { lintStatements } from '../src/lint/lint';
import { SCHEMA_TYPES, SchemaResourceInput } from './schema-input';

export const isSchemaResource = (args: Pick<ResourceValidationArgs, 'type'>) => SCHEMA_TYPES.includes(args.type);

/** The findings of a Schema resource's plan: carried ones first, then any the rules find again that the plan does not carry. */
export async function schemaFindings(props: unknown): Promise<{ findings: Finding[]; problem?: string; unknown?: string }> {
  let parsed: ReturnType<typeof SchemaResourceInput.safeParse>;
  try {
    parsed = SchemaResourceInput.safeParse(props);
  } catch (e) {
    // The plan depends on a server this update creates (a new stack): it is not known at preview.
    if (e instanceof UnknownValueError) return { findings: [], unknown: 'the schema plan is not known at preview (the database server does not exist yet): `pulumi up` plans and lints it against the new database and stops on a blocking finding; review its output' };
    throw e;
  }
  if (!parsed.success) return { findings: [], problem: `the Schema resource's inputs do not have the expected shape: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` };
  const input = parsed.data;
  if (!input.plan) return { findings: [], problem: `no schema plan to check: ${input.planError ? `the program could not compute it (${input.planError})` : 'the Schema resource carries none'}; the migration cannot be checked` };
  const config = resolveLint(input.lint ?? {}, {}, input.environment ?? 'prod');
  const statements = await classifyStatements(input.plan.statements.map((s) => ({ sql: s.sql, phase: s.phase, transactional: s.transactional, retry: s.retry ?? undefined, afterBackfills: s.afterBackfills || undefined })));
  const again = await lintStatements(statements, { config });
  const carried = input.plan.findings as Finding[];
  const key = (f: Finding) => `${f.rule}\0${f.object}`;
  const known = new Set(carried.map(key));
  return { findings: [...carried, ...again.filter((f) => !known.has(key(f)) && f.rule !== 'unused_allowance')] };
}

const describeFinding = (f: Finding) => `${f.rule} on ${f.object}${f.statement !== undefined ? ` (statement ${f.statement + 1})` : ''}: ${f.message}${f.fix ? ` Safe alternative: ${f.fix}` : ''}`;

export const migrationSafety: ResourceValidationPolicy = {
  name: 'schemaop-migration-safety',
  description: 'A schema plan with a destructive or table-locking change needs a reviewed allowance (the rules of `schemaop lint`).',
  enforcementLevel: 'mandatory',
  validateResource: async (args, reportViolation) => {
    if (!isSchemaResource(args)) return;
    const { findings, problem } = await schemaFindings(args.props);
    if (problem) reportViolation(problem);
    for (const f of findings) if (f.level === 'block' && !f.allowedBy) reportViolation(`BLOCKED ${describeFinding(f)}`);
  },
};

export const migrationWarnings: ResourceValidationPolicy = {
  name: 'schemaop-migration-warnings',
  description: 'Schema plan findings that need a reviewer\'s attention but do not block.',
  enforcementLevel: 'advisory',
  validateResource: async (args, reportViolation) => {
    if (!isSchemaResource(args)) return;
    const { findings, unknown } = await schemaFindings(args.props);
    if (unknown) reportViolation(unknown);
    for (const f of findings) if (f.level === 'warn' && !f.allowedBy) reportViolation(describeFinding(f));
  },
};
