// Directive comments in schema/ that the safety layer reads:
//
//   -- schemaop:allow RULE OBJECT-PATTERN reason="why this is fine"
//        a reviewed allowance, anywhere in schema/ (RULE may be `*`; `*` in the pattern matches
//        any text). The reason is mandatory.
//
//   -- schemaop:renamed-from OLD
//        on the line above a column definition (or at the end of its line): the column was called
//        OLD; above a CREATE TABLE: the table was called OLD (same schema unless qualified).
//        The plan renames instead of dropping and adding (src/engine/renames.ts), and the rename
//        counts as reviewed.
import { SourceError, type DesiredSchema } from '../engine/source';
import { AllowanceSchema, type SourcedAllowance } from './config';

const ALLOW = /^(\S+)\s+(\S+)\s+reason\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\s*$/;

export function allowancesFromDirectives(schema: Pick<DesiredSchema, 'directives'>): SourcedAllowance[] {
  return schema.directives
    .filter((d) => d.name === 'allow')
    .map((d) => {
      const m = ALLOW.exec(d.args);
      const where = `schema/${d.file}:${d.line}`;
      if (!m) throw new SourceError(d.file, d.line, 1, 'expected `-- schemaop:allow RULE OBJECT-PATTERN reason="why"` (the reason is mandatory)');
      const r = AllowanceSchema.safeParse({ rule: m[1], object: m[2], reason: (m[3] ?? m[4]).replace(/\\(.)/g, '$1') });
      if (!r.success) throw new SourceError(d.file, d.line, 1, `schemaop:allow: ${r.error.issues.map((i) => i.message).join('; ')}`);
      return { ...r.data, source: where };
    });
}

// The renamed-from directives are the engine's: every engine plans with them.
export { renameDirectives, type RenameDirective } from '../engine/renames';
