// The RDS PostgreSQL instance of a cloud stack and what it needs: subnet group and security group
// from the stack's network, a parameter group, storage / master password / Performance Insights
// encrypted with the project key, IAM authentication, never publicly accessible.
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { AwsConfig } from './config';
import type { ProjectKey } from './kms';
import type { ServerConnection } from './connection';

export interface Rds {
  instance: aws.rds.Instance;
  subnetGroup: aws.rds.SubnetGroup;
  securityGroup: aws.ec2.SecurityGroup;
  parameterGroup: aws.rds.ParameterGroup;
  connection: ServerConnection;
}

/** Parameter family of an engine version: 17.4 → postgres17. */
export const parameterFamily = (engineVersion: string) => `postgres${engineVersion.split('.')[0]}`;

/** Server parameters: TLS only, and the stack's own. */
export function serverParameters(cfg: AwsConfig): { name: string; value: string; applyMethod: string }[] {
  const params: Record<string, string> = { 'rds.force_ssl': '1', log_lock_waits: '1', ...cfg.rds.parameters };
  return Object.entries(params)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => ({ name, value, applyMethod: name.startsWith('rds.') || name === 'shared_preload_libraries' ? 'pending-reboot' : 'immediate' }));
}

export function rdsInstance(cfg: AwsConfig, key: ProjectKey): Rds {
  const name = `${cfg.project}-${cfg.stack}`;
  const tags = { project: cfg.project, stack: cfg.stack, environment: cfg.environment };
  const subnetGroup = new aws.rds.SubnetGroup('db-subnets', { subnetIds: cfg.network.subnetIds, description: `schemaop ${cfg.stack}`, tags });
  const securityGroup = new aws.ec2.SecurityGroup('db-access', {
    vpcId: cfg.network.vpcId,
    description: `PostgreSQL clients of ${name}`,
    ingress: [
      ...(cfg.network.allowedCidrs.length ? [{ protocol: 'tcp', fromPort: cfg.rds.port, toPort: cfg.rds.port, cidrBlocks: cfg.network.allowedCidrs, description: 'PostgreSQL from allowed networks' }] : []),
      ...(cfg.network.allowedSecurityGroupIds.length
        ? [{ protocol: 'tcp', fromPort: cfg.rds.port, toPort: cfg.rds.port, securityGroups: cfg.network.allowedSecurityGroupIds, description: 'PostgreSQL from allowed security groups' }]
        : []),
    ],
    egress: [],
    tags,
  });
  const parameterGroup = new aws.rds.ParameterGroup('db-parameters', {
    family: parameterFamily(cfg.rds.engineVersion),
    description: `schemaop ${cfg.stack}`,
    parameters: serverParameters(cfg),
    tags,
  });
  const prod = cfg.environment === 'prod';
  const instance = new aws.rds.Instance(
    'db',
    {
      identifier: name,
      engine: 'postgres',
      engineVersion: cfg.rds.engineVersion,
      instanceClass: cfg.rds.instanceClass,
      allocatedStorage: cfg.rds.allocatedStorage,
      maxAllocatedStorage: cfg.rds.maxAllocatedStorage,
      storageType: 'gp3',
      storageEncrypted: true,
      kmsKeyId: key.key.arn,
      dbName: cfg.database.name,
      port: cfg.rds.port,
      username: cfg.rds.masterUsername,
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: key.key.arn,
      iamDatabaseAuthenticationEnabled: true,
      publiclyAccessible: false,
      dbSubnetGroupName: subnetGroup.name,
      vpcSecurityGroupIds: [securityGroup.id],
      parameterGroupName: parameterGroup.name,
      multiAz: cfg.rds.multiAz,
      backupRetentionPeriod: cfg.rds.backupRetentionDays,
      backupWindow: cfg.rds.backupWindow,
      maintenanceWindow: cfg.rds.maintenanceWindow,
      copyTagsToSnapshot: true,
      deleteAutomatedBackups: !prod,
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: key.key.arn,
      performanceInsightsRetentionPeriod: cfg.rds.performanceInsightsRetentionDays,
      enabledCloudwatchLogsExports: ['postgresql'],
      autoMinorVersionUpgrade: true,
      allowMajorVersionUpgrade: false,
      applyImmediately: !prod,
      deletionProtection: cfg.rds.deletionProtection,
      skipFinalSnapshot: !cfg.rds.finalSnapshot,
      finalSnapshotIdentifier: cfg.rds.finalSnapshot ? `${name}-final` : undefined,
      tags,
    },
    { protect: prod },
  );

  // The master password lives in Secrets Manager (managed by RDS, encrypted with the key): read
  // here only for the exported URL, as a secret.
  const secretArn = instance.masterUserSecrets.apply((s) => s?.[0]?.secretArn ?? '');
  const secret = aws.secretsmanager.getSecretVersionOutput({ secretId: secretArn });
  const password = pulumi.secret(secret.secretString.apply((s) => (JSON.parse(s) as { password: string }).password));
  const host = cfg.network.connectHost ? pulumi.output(cfg.network.connectHost) : instance.address;
  const port = cfg.network.connectPort ? pulumi.output(cfg.network.connectPort) : instance.port;

  // The application connects with IAM authentication as its database user.
  const account = aws.getCallerIdentityOutput().accountId;
  const roleName = cfg.kms.applicationRoleArn.split('/').pop()!;
  new aws.iam.RolePolicy('app-db-connect', {
    role: roleName,
    policy: pulumi.interpolate`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"rds-db:connect","Resource":"arn:aws:rds-db:${cfg.region}:${account}:dbuser:${instance.resourceId}/${cfg.kms.applicationDbUser}"}]}`,
  });

  const connection: ServerConnection = {
    host,
    port,
    username: instance.username,
    database: pulumi.output(cfg.database.name),
    sslmode: cfg.rds.sslRootCert ? 'verify-full' : 'require',
    sslrootcert: cfg.rds.sslRootCert,
    // Providers read the master secret when they run: RDS rotates it (weekly by default).
    credentials: secretArn.apply((arn) => ({ kind: 'aws-secret' as const, secretArn: arn, region: cfg.region })),
    password,
  };
  return { instance, subnetGroup, securityGroup, parameterGroup, connection };
}
