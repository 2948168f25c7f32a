// The project's KMS key: encrypts the RDS storage, the master password in Secrets Manager and
// Performance Insights. Rotated yearly, deleted only after a waiting period, usable only by the
// account (its administrators and the AWS services it uses on its behalf) and the application.
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { AwsConfig } from './config';
import { BINDING_KEYS, CREDENTIAL_TABLES } from '../credentials/tables';

export interface ProjectKey {
  key: aws.kms.Key;
  alias: aws.kms.Alias;
}

/** The key policy document: the account administers, RDS and Secrets Manager use it for the account, the application role uses it. */
export function keyPolicy(args: { accountId: string; partition: string; region: string; applicationRoleArn: string; credentialsRoleArn?: string }): string {
  const root = `arn:${args.partition}:iam::${args.accountId}:root`;
  return JSON.stringify({
    Version: '2012-10-17',
    Id: 'schemaop-key-policy',
    Statement: [
      {
        Sid: 'AccountAdministers',
        Effect: 'Allow',
        Principal: { AWS: root },
        Action: 'kms:*',
        Resource: '*',
      },
      {
        Sid: 'ServicesUseForTheAccount',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:CreateGrant', 'kms:ListGrants', 'kms:DescribeKey'],
        Resource: '*',
        Condition: {
          StringEquals: {
            'kms:CallerAccount': args.accountId,
            'kms:ViaService': [`rds.${args.region}.amazonaws.com`, `secretsmanager.${args.region}.amazonaws.com`],
          },
        },
      },
      {
        Sid: 'ApplicationUses',
        Effect: 'Allow',
        Principal: { AWS: args.applicationRoleArn },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:DescribeKey'],
        Resource: '*',
      },
      ...(args.credentialsRoleArn ? credentialStatements(args.credentialsRoleArn) : []),
    ],
  });
}

/**
 * Exchange credentials (src/credentials) are envelopes whose encryption context names their table,
 * account, exchange, column and row: only the credentials role may use the key with such a context,
 * and only with exactly those keys; nobody else, the account's administrators included, may decrypt them.
 */
export function credentialStatements(credentialsRoleArn: string) {
  const tables = CREDENTIAL_TABLES.map((t) => t.table);
  return [
    {
      Sid: 'CredentialsServiceUsesWithContext',
      Effect: 'Allow',
      Principal: { AWS: credentialsRoleArn },
      Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: '*',
      Condition: {
        StringEquals: { 'kms:EncryptionContext:table': tables },
        'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': [...BINDING_KEYS] },
        Null: { 'kms:EncryptionContext:account': 'false', 'kms:EncryptionContext:column': 'false', 'kms:EncryptionContext:row': 'false' },
      },
    },
    { Sid: 'CredentialsServiceDescribes', Effect: 'Allow', Principal: { AWS: credentialsRoleArn }, Action: 'kms:DescribeKey', Resource: '*' },
    {
      Sid: 'OnlyCredentialsServiceDecryptsCredentials',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: ['kms:Decrypt', 'kms:ReEncrypt*'],
      Resource: '*',
      Condition: { StringEquals: { 'kms:EncryptionContext:table': tables }, ArnNotEquals: { 'aws:PrincipalArn': credentialsRoleArn } },
    },
  ];
}

/** `protect`: in production the key (which the data, backups and secrets need) is never deleted by an update. */
export function projectKey(cfg: Pick<AwsConfig, 'kms' | 'region' | 'project' | 'stack' | 'environment'>, protect = false): ProjectKey {
  const identity = aws.getCallerIdentityOutput();
  const partition = aws.getPartitionOutput();
  const policy = pulumi
    .all([identity.accountId, partition.partition])
    .apply(([accountId, p]) => keyPolicy({ accountId, partition: p, region: cfg.region, applicationRoleArn: cfg.kms.applicationRoleArn, credentialsRoleArn: cfg.kms.credentialsRoleArn }));
  const tags = { project: cfg.project, stack: cfg.stack, environment: cfg.environment };
  const key = new aws.kms.Key('data-key', {
    description: `schemaop ${cfg.stack}: RDS storage, master password, Performance Insights, application data keys`,
    keyUsage: 'ENCRYPT_DECRYPT',
    customerMasterKeySpec: 'SYMMETRIC_DEFAULT',
    enableKeyRotation: true,
    rotationPeriodInDays: cfg.kms.rotationPeriodDays,
    deletionWindowInDays: cfg.kms.deletionWindowDays,
    policy,
    tags,
  }, { protect });
  const alias = new aws.kms.Alias('data-key-alias', { name: `alias/${cfg.project}-${cfg.stack}`, targetKeyId: key.keyId }, { protect });
  return { key, alias };
}
