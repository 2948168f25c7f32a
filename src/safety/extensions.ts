// The safety layer as plan/apply extensions, for every caller (the CLI's project, the Pulumi
// Schema provider): online-safe steps when configured, and the lint check (renames are part of
// every engine's request: src/engine/renames.ts). It sits
// above both lint/ and transforms/ (transforms read lint's parse-tree helpers, never the reverse).
import type { PlanCheck, PlanTransform } from '../engine/extensions';
import { DEFAULT_BATCH_ROWS } from '../engine/backfill-batches';
import { onlineSafeTransform } from '../transforms/online';
import type { ResolvedLint } from '../lint/config';
import { lintCheck } from '../lint/lint';

export function safetyExtensionsFor(config: ResolvedLint): { transforms: PlanTransform[]; checks: PlanCheck[]; backfillBatchRows?: number } {
  return {
    transforms: [...(config.online ? [onlineSafeTransform({ lockTimeoutMs: config.lockTimeoutMs, retries: config.retries })] : [])],
    checks: [lintCheck(config)],
    // Online, a backfill must not hold the lock an ADD COLUMN took for the whole of its UPDATE.
    ...(config.online ? { backfillBatchRows: DEFAULT_BATCH_ROWS } : {}),
  };
}
