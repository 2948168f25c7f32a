// Builds CrossGuard validation arguments directly (as pulumi-policy-aws's tests do), so that
// policies run without the Pulumi CLI or engine.
import type { PolicyResource, ReportViolation, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from '@pulumi/policy';

const opts = { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] };
const urnOf = (type: string, name: string) => `urn:pulumi:prod::schemaop::${type}::${name}`;

export function resourceArgs(type: string, props: Record<string, unknown>, config: Record<string, unknown> = {}, name = 'r'): ResourceValidationArgs {
  return {
    type,
    props,
    urn: urnOf(type, name),
    name,
    opts,
    stackTags: new Map(),
    isType: () => false,
    asType: () => undefined,
    getConfig: <T extends object>() => config as T,
    notApplicable: (reason?: string): never => {
      throw new Error(`not applicable: ${reason}`);
    },
  } as ResourceValidationArgs;
}

export async function runResourcePolicy(policy: ResourceValidationPolicy, args: ResourceValidationArgs): Promise<string[]> {
  const violations: string[] = [];
  const report: ReportViolation = (message) => violations.push(message);
  const vs = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource!];
  for (const v of vs) await v(args, report);
  return violations;
}

export function stackResource(type: string, name: string, props: Record<string, unknown>, propertyDependencies: Record<string, PolicyResource[]> = {}): PolicyResource {
  return { type, name, urn: urnOf(type, name), props, opts, propertyDependencies, dependencies: [], isType: () => false, asType: () => undefined } as unknown as PolicyResource;
}

export async function runStackPolicy(policy: StackValidationPolicy, resources: PolicyResource[], config: Record<string, unknown> = {}): Promise<string[]> {
  const violations: string[] = [];
  const args = { resources, stackTags: new Map(), getConfig: <T extends object>() => config as T } as unknown as StackValidationArgs;
  await policy.validateStack!(args, (message) => violations.push(message));
  return violations;
}
