// The stack's configuration, read from Pulumi and validated (see config.ts).
import * as pulumi from '@pulumi/pulumi';
import { StackConfig, parseStackConfig } from './config';

/** Pulumi marks the config keys set with --secret; its function for it is internal, so it may be absent (then nothing is checked). */
const isSecret = (pulumi.runtime as unknown as { isConfigSecret?: (key: string) => boolean }).isConfigSecret;

export function stackConfig(): StackConfig {
  const raw = pulumi.runtime.allConfig();
  const secretKeys = isSecret ? Object.keys(raw).filter((k) => isSecret(k)) : undefined;
  return parseStackConfig(pulumi.getStack(), pulumi.getProject(), raw, secretKeys);
}
