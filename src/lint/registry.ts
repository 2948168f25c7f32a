// Every safety rule, in the order findings are listed. The CLI (`schemaop lint`, plan, apply) and
// the CrossGuard policy pack both read this one list.
import type { Rule } from './types';
import { addCheckConstraint } from './rules/add_check_constraint';
import { addColumnNotNull } from './rules/add_column_not_null';
import { addColumnRewrite } from './rules/add_column_rewrite';
import { addForeignKey } from './rules/add_foreign_key';
import { addUniqueConstraint } from './rules/add_unique_constraint';
import { alterColumnType } from './rules/alter_column_type';
import { alterExtension } from './rules/alter_extension';
import { createIndexNonConcurrent } from './rules/create_index_non_concurrent';
import { detachPartition } from './rules/detach_partition';
import { dropColumn } from './rules/drop_column';
import { dropExtension } from './rules/drop_extension';
import { dropForeignKey } from './rules/drop_foreign_key';
import { dropFunction } from './rules/drop_function';
import { dropIndexNonConcurrent } from './rules/drop_index_non_concurrent';
import { dropNotNull } from './rules/drop_not_null';
import { dropSchema } from './rules/drop_schema';
import { dropSequence } from './rules/drop_sequence';
import { dropTable } from './rules/drop_table';
import { dropTrigger } from './rules/drop_trigger';
import { dropType } from './rules/drop_type';
import { dropView } from './rules/drop_view';
import { enumValueRemoved } from './rules/enum_value_removed';
import { grantRevoke } from './rules/grant_revoke';
import { replaceImmutableFunction } from './rules/replace_immutable_function';
import { renameColumn } from './rules/rename_column';
import { renameTable } from './rules/rename_table';
import { rowLevelSecurity } from './rules/row_level_security';
import { setNotNull } from './rules/set_not_null';
import { suspectedRename } from './rules/suspected_rename';
import { tableRewrite } from './rules/table_rewrite';
import { truncateOrCascade } from './rules/truncate_or_cascade';

export const RULES: readonly Rule[] = [
  // destructive
  dropSchema,
  dropTable,
  dropColumn,
  dropView,
  dropFunction,
  dropSequence,
  dropType,
  dropExtension,
  truncateOrCascade,
  enumValueRemoved,
  suspectedRename,
  // table-locking
  alterColumnType,
  setNotNull,
  addColumnNotNull,
  addColumnRewrite,
  createIndexNonConcurrent,
  dropIndexNonConcurrent,
  addCheckConstraint,
  addForeignKey,
  addUniqueConstraint,
  tableRewrite,
  detachPartition,
  // stale stored data
  replaceImmutableFunction,
  // breaking for clients, integrity, security
  renameTable,
  renameColumn,
  dropNotNull,
  dropForeignKey,
  grantRevoke,
  rowLevelSecurity,
  alterExtension,
  dropTrigger,
];

export const RULE_IDS = RULES.map((r) => r.id);

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}

/** Findings the lint itself reports (not rules of the plan): an allowance that matched nothing. */
export const UNUSED_ALLOWANCE = 'unused_allowance';
