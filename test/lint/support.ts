// Planning and applying with the safety layer, as the CLI wires it, for tests.
import { apply, type ApplyOptions } from '../../src/engine/apply';
import { plan } from '../../src/engine/plan';
import { resolveLint, type LintConfig, type LintFlags } from '../../src/lint/config';
import { safetyExtensionsFor } from '../../src/safety/extensions';

export function safety(flags: LintFlags & { config?: LintConfig } = {}) {
  const config = resolveLint(flags.config ?? {}, { online: 'off', ...flags }, 'prod');
  return {
    config,
    ...safetyExtensionsFor(config),
  };
}

export const planSafe = (url: string, schemaDir: string, flags: Parameters<typeof safety>[0] = {}) => {
  const { transforms, checks, backfillBatchRows } = safety(flags);
  return plan({ url, schemaDir, transforms, checks, backfillBatchRows, engine: 'builtin' });
};

export const applySafe = (url: string, schemaDir: string, flags: Parameters<typeof safety>[0] = {}, more: Partial<ApplyOptions> = {}) => {
  const { transforms, checks, backfillBatchRows } = safety(flags);
  return apply({ url, schemaDir, transforms, checks, backfillBatchRows, engine: 'builtin', ...more });
};

export const summary = (p: { statements: { kind: string; object: string; phase: string }[] }) => p.statements.map((s) => `${s.phase} ${s.kind} ${s.object}`);
