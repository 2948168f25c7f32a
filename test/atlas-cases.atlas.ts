// The convergence corpus (test/support/cases.ts) with the Atlas engine: Atlas's plan completed by
// the built-in engine (docs/engines.md), with the real atlas built by `npm run tools`.
import { describe, it } from 'vitest';
import { toolBuilt } from '../src/util/tools';
import { cases, runCase } from './support/cases';

/**
 * Cases the Atlas engine does not make converge (recorded with Atlas v0.32.0), each with why; they
 * run as `it.fails`. Atlas's refusals are loud errors before anything is applied.
 */
const KNOWN: Record<string, { why: string }> = {
  column_type_text_to_int: { why: "Atlas's plan changes the type without USING; PostgreSQL refuses the cast (loud failure, nothing applied)" },
  comments: { why: 'the re-plan is not empty after applying (comments on objects Atlas also changes are not completed)' },
  constraint_fk_actions: { why: "Atlas re-plans the foreign keys' actions after applying (it reads ON UPDATE/ON DELETE differently)" },
  constraint_not_valid: { why: 'Atlas adds the CHECK validated (it has no NOT VALID); the rows violate it (loud failure)' },
  domains: { why: 'the re-plan is not empty after applying (domain-typed columns)' },
  enum_column_type_change: { why: "Atlas's plan changes a column to an enum without USING; PostgreSQL refuses the cast (loud failure)" },
  enum_remove_value: { why: 'Atlas refuses: reordering or removing enum values is not supported by its engine' },
  extensions: { why: 'an extension in its own schema: the completion creates the extension before Atlas creates the schema' },
  fk_multi_column_change: { why: 'Atlas re-plans the multi-column foreign key after applying' },
  generated_column_change: { why: 'Atlas refuses: changing a generation expression is not supported by its engine' },
  identity_drop: { why: 'Atlas refuses: dropping an identity is not supported by its planner ("unexpected attribute change")' },
  identity_on_existing_column: { why: 'Atlas refuses: adding an identity to an existing column is not supported by its planner' },
  identity_options: { why: 'Atlas re-plans identity options after applying (SET GENERATED ... RESTART every time)' },
  indexes_various: { why: 'the re-plan is not empty after applying (index properties Atlas reads differently)' },
  multi_column_type_default_no_cast: { why: "Atlas's plan changes the type without USING; PostgreSQL refuses the cast (loud failure, nothing applied)" },
  multi_fk_to_partitioned: { why: "Atlas drops the primary key before the foreign key that depends on it; PostgreSQL refuses (loud failure, nothing applied)" },
  multi_policy_on_recreated_table: { why: "Atlas refuses: a partition key cannot be added to an existing table" },
  multi_sequences_identity_with_tables: { why: "Atlas refuses: identity change (\"unexpected attribute change\")" },
  multi_table_to_partitioned: { why: "Atlas refuses: a partition key cannot be added to an existing table" },
  partition_detach_attach: { why: 'Atlas and the completion both create the partition' },
  partition_fk_unique: { why: 'Atlas and the completion both add the foreign key on the partitioned table' },
  partition_table_to_partitioned: { why: 'Atlas refuses: a partition key cannot be added to an existing table' },
  partitioned_identity_rls: { why: 'Atlas refuses: identity change on a partitioned table ("unexpected attribute change")' },
  quoted_identifiers: { why: 'Atlas prints an identifier the parser cannot read back (zero-length delimited identifier)' },
  schema_to_empty: { why: "Atlas's drops and the completion's are not ordered together: a statement names a schema already dropped (loud failure, nothing applied)" },
  schemas_create_drop: { why: "the completion's statements run before Atlas creates their schema (loud failure, nothing applied)" },
  sequence_new_with_table: { why: "Atlas leaves out a new sequence's START WITH: the verification re-plan is not empty (not converged, exit 1)" },
  serial_to_identity: { why: "Atlas refuses: identity change (\"unexpected attribute change\")" },
  unlogged_tables: { why: "Atlas leaves out SET UNLOGGED: the verification re-plan is not empty (not converged, exit 1)" },
};

const built = toolBuilt('atlas');
if (!built) console.warn('test/atlas-cases.test.ts skipped: .tools/bin/atlas is not built (run `npm run tools`)');

(built ? describe.concurrent : describe.skip)('diff cases, Atlas engine', () => {
  for (const name of cases) {
    if (KNOWN[name]) it.fails(name, () => runCase(name, {}, 'atlas'));
    else it(name, () => runCase(name, {}, 'atlas'));
  }
});
