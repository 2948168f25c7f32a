// Infrastructure policies: the database server and its key, and the grants on credential tables.
import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from '@pulumi/policy';

export const RDS_INSTANCE = 'aws:rds/instance:Instance';
export const KMS_KEY = 'aws:kms/key:Key';
export const PG_GRANT = 'postgresql:index/grant:Grant';

interface PackConfig {
  /** Environment when the resource carries no `environment` tag. */
  environment?: string;
  /** Tables holding credentials: no grant to PUBLIC or to read-only roles. */
  credentialTables?: string[];
  /** Roles that are read-only by purpose. */
  readOnlyRoles?: string[];
}

export const DEFAULT_CREDENTIAL_TABLES = ['user_credentials', 'exchange_credentials', 'account_credentials', 'api_keys'];
export const DEFAULT_READ_ONLY_ROLES = ['readonly', 'read_only', 'reporting', 'analyst', 'app_readonly'];

const environmentOf = (props: Record<string, unknown>, cfg: PackConfig) => String((props.tags as Record<string, string> | undefined)?.environment ?? cfg.environment ?? 'prod');

const configSchema = {
  properties: {
    environment: { type: 'string' as const, enum: ['dev', 'staging', 'prod'] },
    credentialTables: { type: 'array' as const, items: { type: 'string' as const } },
    readOnlyRoles: { type: 'array' as const, items: { type: 'string' as const } },
  },
};

/** The RDS instance's storage is encrypted with a KMS key of this stack (not the AWS-managed key). */
export const rdsEncryptedWithProjectKey: StackValidationPolicy = {
  name: 'rds-encrypted-with-project-key',
  description: "RDS storage is encrypted with the project's own KMS key.",
  enforcementLevel: 'mandatory',
  validateStack: (args, reportViolation) => {
    const keys = args.resources.filter((r) => r.type === KMS_KEY);
    for (const db of args.resources.filter((r) => r.type === RDS_INSTANCE)) {
      if (db.props.storageEncrypted !== true) {
        reportViolation(`${db.name}: storageEncrypted must be true`, db.urn);
        continue;
      }
      const deps = db.propertyDependencies?.kmsKeyId ?? [];
      const fromKey = (k: PolicyResource) => deps.some((d) => d.urn === k.urn) || (db.props.kmsKeyId !== undefined && (db.props.kmsKeyId === k.props.arn || db.props.kmsKeyId === k.props.keyId));
      if (!keys.some(fromKey)) reportViolation(`${db.name}: kmsKeyId must be the ARN of the project's KMS key (a aws.kms.Key of this stack), not the AWS-managed key`, db.urn);
    }
  },
};

export const rdsNotPublic: ResourceValidationPolicy = {
  name: 'rds-not-publicly-accessible',
  description: 'The database server is not reachable from the internet.',
  enforcementLevel: 'mandatory',
  validateResource: (args, reportViolation) => {
    if (args.type === RDS_INSTANCE && args.props.publiclyAccessible === true) reportViolation('publiclyAccessible must be false');
  },
};

export const rdsProdProtection: ResourceValidationPolicy = {
  name: 'rds-prod-protection',
  description: 'In production: deletion protection on and automated backups kept at least 7 days.',
  enforcementLevel: 'mandatory',
  configSchema,
  validateResource: (args, reportViolation) => {
    if (args.type !== RDS_INSTANCE || environmentOf(args.props, args.getConfig<PackConfig>()) !== 'prod') return;
    if (args.props.deletionProtection !== true) reportViolation('production: deletionProtection must be true');
    const days = Number(args.props.backupRetentionPeriod ?? 0);
    if (!(days >= 7)) reportViolation(`production: backupRetentionPeriod must be at least 7 days (is ${args.props.backupRetentionPeriod ?? 'unset'})`);
  },
};

export const kmsRotation: ResourceValidationPolicy = {
  name: 'kms-key-rotation',
  description: 'KMS keys rotate automatically.',
  enforcementLevel: 'mandatory',
  validateResource: (args, reportViolation) => {
    if (args.type === KMS_KEY && args.props.enableKeyRotation !== true) reportViolation('enableKeyRotation must be true');
  },
};

export const credentialGrants: ResourceValidationPolicy = {
  name: 'no-credential-grants-to-public-or-readonly',
  description: 'No privilege on credential tables for PUBLIC or read-only roles.',
  enforcementLevel: 'mandatory',
  configSchema,
  validateResource: (args, reportViolation) => {
    if (args.type !== PG_GRANT) return;
    const cfg = args.getConfig<PackConfig>();
    const tables = new Set(cfg.credentialTables ?? DEFAULT_CREDENTIAL_TABLES);
    const readOnly = new Set(cfg.readOnlyRoles ?? DEFAULT_READ_ONLY_ROLES);
    const p = args.props;
    const role = String(p.role ?? '');
    if (role.toLowerCase() !== 'public' && !readOnly.has(role)) return;
    if (!['table', 'column'].includes(String(p.objectType))) return;
    const objects = (p.objects as string[] | undefined) ?? [];
    // An empty object list grants on every table of the schema: credential tables included.
    const hit = objects.length === 0 ? [...tables] : objects.filter((o) => tables.has(o.split('.').pop()!));
    if (hit.length) reportViolation(`${role === 'public' || role === 'PUBLIC' ? 'PUBLIC' : `read-only role ${role}`} must not be granted ${(p.privileges as string[] | undefined)?.join(', ') ?? 'privileges'} on credential table${hit.length === 1 ? '' : 's'} ${hit.join(', ')}${objects.length === 0 ? ' (the grant covers every table of the schema)' : ''}`);
  },
};
