// Infrastructure policies: the database server and its key, and the grants on credential tables.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from '@pulumi/policy';
import { parse } from 'yaml';

export const RDS_INSTANCE = 'aws:rds/instance:Instance';
export const KMS_KEY = 'aws:kms/key:Key';
/** Pulumi composes a dynamic resource's type from its module and name. */
export const ACCESS_TYPES = ['pulumi-nodejs:dynamic/schemaop:Access', 'schemaop:index:Access'];

interface PackConfig {
  /** Environment when the resource carries no `environment` tag. */
  environment?: string;
  /** Tables holding credentials (no column of them for PUBLIC or read-only roles); default: `readable_columns` of access.yaml. */
  credentialTables?: string[];
  /** Roles that are read-only by purpose; default: the declared roles whose every grant is SELECT or USAGE. */
  readOnlyRoles?: string[];
  /** The access model the defaults come from; default: the stack's `accessDir` beside the pack. */
  accessFile?: string;
}

/** The policy's defaults, from the access model: credential tables with their readable columns, and the read-only roles. */
export function accessDefaults(file: string, env: string): { readable: Record<string, string[]>; readOnlyRoles: string[] } {
  if (!fs.existsSync(file)) return { readable: {}, readOnlyRoles: [] };
  const doc = (parse(fs.readFileSync(file, 'utf8')) ?? {}) as {
    roles?: Record<string, { name?: string; owner?: boolean }>;
    grants?: { roles?: string[]; privileges?: string[]; secrets?: boolean }[];
    readable_columns?: Record<string, string[]>;
  };
  const name = (k: string) => String(doc.roles?.[k]?.name ?? k).replace(/\{env\}/g, env);
  const readOnlyRoles = Object.keys(doc.roles ?? {}).filter(
    (k) => !doc.roles![k]?.owner && (doc.grants ?? []).filter((g) => g.roles?.includes(k)).every((g) => !g.secrets && (g.privileges ?? []).every((p) => ['SELECT', 'USAGE', 'CONNECT'].includes(String(p).toUpperCase()))),
  );
  const readable = Object.fromEntries(Object.entries(doc.readable_columns ?? {}).map(([t, cols]) => [t.split('.').pop()!, cols]));
  return { readable, readOnlyRoles: readOnlyRoles.map(name) };
}

const environmentOf = (props: Record<string, unknown>, cfg: PackConfig) => String((props.tags as Record<string, string> | undefined)?.environment ?? cfg.environment ?? 'prod');

const configSchema = {
  properties: {
    environment: { type: 'string' as const, enum: ['dev', 'staging', 'prod'] },
    credentialTables: { type: 'array' as const, items: { type: 'string' as const } },
    readOnlyRoles: { type: 'array' as const, items: { type: 'string' as const } },
    accessFile: { type: 'string' as const },
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

/** A role's privileges in the Access resource's state (`access` input): `<kind> <object>` → grantee → privileges. */
type Privileges = Record<string, Record<string, string[]>>;

export const credentialGrants: ResourceValidationPolicy = {
  name: 'no-credential-grants-to-public-or-readonly',
  description: 'No privilege on the secret columns of credential tables for PUBLIC or read-only roles (both taken from access/access.yaml unless configured).',
  enforcementLevel: 'mandatory',
  configSchema,
  validateResource: (args, reportViolation) => {
    if (!ACCESS_TYPES.includes(args.type)) return;
    const props = args.props as { env?: string; accessDir?: string; access?: { privileges?: Privileges } | null };
    const cfg = args.getConfig<PackConfig>();
    const derived = accessDefaults(cfg.accessFile ?? path.resolve(__dirname, '..', props.accessDir ?? 'access', 'access.yaml'), String(props.env ?? 'dev'));
    const readable = cfg.credentialTables ? Object.fromEntries(cfg.credentialTables.map((t) => [t, [] as string[]])) : derived.readable;
    const readOnly = new Set(cfg.readOnlyRoles ?? derived.readOnlyRoles);
    const who = (g: string) => (g === 'PUBLIC' ? 'PUBLIC' : `read-only role ${g}`);
    for (const [key, byGrantee] of Object.entries(props.access?.privileges ?? {})) {
      const m = /^(table|view|column) ([^.]+)\.([^(]+)(?:\((.+)\))?$/.exec(key);
      if (!m || !(m[3] in readable)) continue;
      for (const [g, privs] of Object.entries(byGrantee)) {
        if (g !== 'PUBLIC' && !readOnly.has(g)) continue;
        if (m[1] !== 'column') reportViolation(`${who(g)} must not be granted ${privs.join(', ')} on credential table ${m[2]}.${m[3]} (a table-level privilege covers its secret columns)`);
        else if (!readable[m[3]].includes(m[4])) reportViolation(`${who(g)} must not be granted ${privs.join(', ')} on secret column ${m[3]}.${m[4]}`);
      }
    }
  },
};
