// Shared by the staging and prod mock tests: the AWS resources of a cloud stack file.
import { expect } from 'vitest';
import { onExistingServer, parseStackConfig } from '../../src/infra/config';
import { MockRun, runProgram, stackFileConfig } from './mocks';

export const ACCOUNT = '123456789012';

export async function runCloudStack(stack: 'staging' | 'prod'): Promise<MockRun> {
  return runProgram({
    stack,
    preview: true,
    outputs: (type, name, inputs) => {
      if (type === 'aws:kms/key:Key') return { arn: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/${name}-uuid`, keyId: `${name}-uuid` };
      if (type === 'aws:rds/instance:Instance')
        return {
          // Nothing listens there: the program must carry on without a plan (the instance is not reachable yet).
          address: '127.0.0.1',
          port: 1,
          resourceId: 'db-ABCDEFGHIJKL',
          masterUserSecrets: [{ secretArn: `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:rds!db-1`, kmsKeyId: inputs.masterUserSecretKmsKeyId, secretStatus: 'active' }],
        };
      if (type === 'aws:rds/subnetGroup:SubnetGroup' || type === 'aws:rds/parameterGroup:ParameterGroup') return { name: `${name}-generated` };
      return undefined;
    },
    calls: {
      'aws:index/getCallerIdentity:getCallerIdentity': () => ({ accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/ci`, userId: 'AID' }),
      'aws:index/getPartition:getPartition': () => ({ partition: 'aws', dnsSuffix: 'amazonaws.com' }),
      'aws:secretsmanager/getSecretVersion:getSecretVersion': () => ({ secretString: JSON.stringify({ username: 'schemaop_admin', password: 'rds-master-pw' }) }),
    },
  });
}

/** What every cloud stack must declare, whatever its sizes. */
export function expectCloudBasics(run: MockRun, stack: 'staging' | 'prod'): void {
  const cfg = parseStackConfig(stack, 'schemaop', stackFileConfig(stack));
  if (cfg.environment === 'dev' || onExistingServer(cfg)) throw new Error('not an RDS stack');
  const key = run.one('aws:kms/key:Key');
  expect(key.inputs).toMatchObject({ enableKeyRotation: true, deletionWindowInDays: cfg.kms.deletionWindowDays, rotationPeriodInDays: cfg.kms.rotationPeriodDays });
  const policy = JSON.parse(key.inputs.policy);
  const principals = policy.Statement.map((s: { Principal: { AWS: string } }) => s.Principal.AWS);
  expect(principals).toEqual(expect.arrayContaining([`arn:aws:iam::${ACCOUNT}:root`, cfg.kms.applicationRoleArn]));
  const services = policy.Statement.find((s: { Sid: string }) => s.Sid === 'ServicesUseForTheAccount');
  expect(services.Condition.StringEquals['kms:CallerAccount']).toBe(ACCOUNT);
  expect(run.one('aws:kms/alias:Alias').inputs).toMatchObject({ name: `alias/schemaop-${stack}`, targetKeyId: `data-key-uuid` });

  const keyArn = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/data-key-uuid`;
  const db = run.one('aws:rds/instance:Instance');
  expect(db.inputs).toMatchObject({
    engine: 'postgres',
    engineVersion: cfg.rds.engineVersion,
    instanceClass: cfg.rds.instanceClass,
    storageEncrypted: true,
    kmsKeyId: keyArn,
    manageMasterUserPassword: true,
    masterUserSecretKmsKeyId: keyArn,
    performanceInsightsEnabled: true,
    performanceInsightsKmsKeyId: keyArn,
    iamDatabaseAuthenticationEnabled: true,
    publiclyAccessible: false,
    backupRetentionPeriod: cfg.rds.backupRetentionDays,
    dbSubnetGroupName: 'db-subnets-generated',
    parameterGroupName: 'db-parameters-generated',
  });
  expect(db.inputs.password).toBeUndefined();
  expect(db.dependencies).toEqual(expect.arrayContaining([key.urn]));
  expect(run.one('aws:rds/subnetGroup:SubnetGroup').inputs.subnetIds).toEqual(cfg.network.subnetIds);
  const sg = run.one('aws:ec2/securityGroup:SecurityGroup');
  expect(sg.inputs.vpcId).toBe(cfg.network.vpcId);
  for (const rule of sg.inputs.ingress) {
    expect(rule).toMatchObject({ fromPort: cfg.rds.port, toPort: cfg.rds.port, protocol: 'tcp' });
    for (const c of rule.cidrBlocks ?? []) expect(c).not.toMatch(/\/0$/);
  }
  const pg = run.one('aws:rds/parameterGroup:ParameterGroup');
  expect(pg.inputs.family).toBe(`postgres${cfg.rds.engineVersion.split('.')[0]}`);
  expect(pg.inputs.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'rds.force_ssl', value: '1' })]));

  // The application may connect with IAM authentication, as its database user only.
  const connect = JSON.parse(run.one('aws:iam/rolePolicy:RolePolicy').inputs.policy);
  expect(connect.Statement[0].Resource).toBe(`arn:aws:rds-db:${cfg.region}:${ACCOUNT}:dbuser:db-ABCDEFGHIJKL/${cfg.kms.applicationDbUser}`);

  // The database resources use the instance; the master password is read from its secret when they run, never an input.
  const schema = run.one('pulumi-nodejs:dynamic/schemaop:Schema');
  expect(schema.inputs.target).toMatchObject({ host: '127.0.0.1', port: 1, user: cfg.rds.masterUsername, sslmode: 'require', credentials: { kind: 'aws-secret', region: cfg.region } });
  expect(JSON.stringify(schema.inputs)).not.toContain('rds-master-pw');
  expect(schema.dependencies).toContain(db.urn);
  // Unreachable database: the Schema still carries the desired state, the plan is left to the apply.
  expect(schema.inputs.desiredHash).toMatch(/^[0-9a-f]{16,64}$/);
  expect(schema.inputs.plan).toBeUndefined();
  expect(schema.inputs.environment).toBe(stack);
  const access = run.one('pulumi-nodejs:dynamic/schemaop:Access');
  expect(access.dependencies).toContain(schema.urn);
  expect(access.inputs.env).toBe(stack);
  expect(run.resources.filter((r) => r.type.includes('EmbeddedDatabase') || r.type.includes('LocalDataKey'))).toEqual([]);
}
