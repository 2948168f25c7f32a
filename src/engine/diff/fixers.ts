// The registry of gap fixers: each closes one thing migra does not plan (or plans wrongly).
// A fixer sees both catalogs and the statements planned so far; it returns statements to add
// before or after them, or (rarely) a corrected list. They run in this order.
import { aggregates } from './aggregates';
import { collations } from './collations';
import { compositeTypes } from './composites';
import { domains } from './domains';
import { enumValues } from './enums';
import { functionDefinitions } from './functions';
import { generatedExpressions } from './generated';
import { inheritOrder } from './inheritance';
import { inheritedDefaults } from './inherited-defaults';
import { notValidConstraints } from './notvalid';
import { partitionOrder } from './partitions';
import { rangeTypes } from './ranges';
import { recreatedDependents } from './recreated';
import { relationProperties } from './relations';
import { rulesAndStatistics } from './rules';
import { sequenceOptions } from './sequences';
import { columnProperties } from './columns';
import { unpopulatedMatviews } from './matviews';
import { definedObjects } from './objects';
import { typeChanges } from './type-changes';
import { partitionProperties } from './partition-properties';
import { detachedPartitions } from './detached';
import { rebuiltKeys } from './keys';

export type { Fixer, FixerResult } from './types';
import type { Fixer } from './types';

export const fixers: Fixer[] = [
  // Types other objects are built on, in dependency order, in the plan's setup block.
  collations,
  definedObjects,
  rangeTypes,
  domains,
  compositeTypes,
  enumValues,
  partitionOrder,
  detachedPartitions,
  inheritOrder,
  generatedExpressions,
  notValidConstraints,
  rebuiltKeys,
  functionDefinitions,
  aggregates,
  sequenceOptions,
  recreatedDependents,
  rulesAndStatistics,
  relationProperties,
  columnProperties,
  unpopulatedMatviews,
  typeChanges,
  partitionProperties,
  inheritedDefaults,
];
