// The stack's configuration, read from Pulumi and validated (see config.ts).
import * as pulumi from '@pulumi/pulumi';
import { StackConfig, parseStackConfig } from './config';

export function stackConfig(): StackConfig {
  return parseStackConfig(pulumi.getStack(), pulumi.getProject(), pulumi.runtime.allConfig());
}
