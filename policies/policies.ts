// Every policy of the pack (index.ts hands them to CrossGuard; tests call them directly).
import type { Policies } from '@pulumi/policy';
import { credentialGrants, kmsRotation, rdsEncryptedWithProjectKey, rdsNotPublic, rdsProdProtection } from './infra-policies';
import { migrationSafety, migrationWarnings } from './schema-policy';

export const policies: Policies = [migrationSafety, migrationWarnings, rdsEncryptedWithProjectKey, rdsNotPublic, rdsProdProtection, kmsRotation, credentialGrants];
