// The safety layer as plan/apply extensions, for every caller (the CLI's project, the Pulumi
// Schema provider): online-safe steps when configured, and the lint check (renames are part of
// every engine's request: src/engine/renames.ts). It sits
// above both lint/ and transforms/ (transforms read lint's parse-tree helpers, never the reverse).
import type { PlanCheck, PlanTransform } from '../engine/extensions';
import { onlineSafeTransform } from '../transforms/online';
import type { ResolvedLint } from '../lint/config';
import { lintCheck } from '../lint/lint';

export function safetyExtensionsFor(config: ResolvedLint): { transforms: PlanTransform[]; checks: PlanCheck[]; backfillBatchRows?: number } {
  return {
    transforms: [...(config.online ? [onlineSafeTransform({ lockTimeoutMs: config.lockTimeoutMs, retries: config.retries })] : [])],
    checks: [lintCheck(config)],
    // Decided by resolveLint (environment and lint configuration), for the CLI and the providers alike.
    ...(config.backfillBatchRows ? { backfillBatchRows: config.backfillBatchRows } : {}),
  };
}
