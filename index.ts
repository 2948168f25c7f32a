// The Pulumi program: one stack's database, from its configuration (Pulumi.<stack>.yaml).
// What is declared, in order; how each part is built is in src/infra/ and src/providers/.
import * as pulumi from '@pulumi/pulumi';
import { loadDesiredSchema } from './src/engine/source';
import { accessResource } from './src/infra/access';
import { onExistingServer } from './src/infra/config';
import { connectionTarget, psqlUrl } from './src/infra/connection';
import { embeddedServer, localDataKey } from './src/infra/dev';
import { existingServer } from './src/infra/existing';
import { projectKey } from './src/infra/kms';
import { rdsInstance } from './src/infra/rds';
import { schemaResource } from './src/infra/schema';
import { seedResources } from './src/infra/seeds';
import { stackConfig } from './src/infra/stack';

export = async () => {
  const cfg = stackConfig();
  // In production nothing that holds or guards data is deleted or replaced without an explicit unprotect.
  const protect = cfg.environment === 'prod';

  // 1. The key and the server, by where the stack runs:
  //    dev: a local data key and an embedded PostgreSQL;
  //    staging/prod on AWS: a KMS key and the RDS instance it encrypts;
  //    staging/prod on an existing server (schemaop:server): no server created; the KMS key when
  //    schemaop:kms is set, else a local data key.
  const dev = cfg.environment === 'dev' ? embeddedServer(cfg) : undefined;
  const existing = onExistingServer(cfg) ? existingServer(cfg, protect) : undefined;
  const cloud = cfg.environment !== 'dev' && !onExistingServer(cfg) ? (() => { const key = projectKey(cfg, protect); return { key, rds: rdsInstance(cfg, key) }; })() : undefined;
  const kmsKey = cloud?.key ?? existing?.key;
  const localKey = kmsKey ? undefined : localDataKey();
  const connection = dev?.connection ?? existing?.connection ?? cloud!.rds.connection;
  const servers: pulumi.Resource[] = dev ? [dev.server] : cloud ? [cloud.rds.instance] : [];
  const target = connectionTarget(connection);

  // 2. The schema (schema/), planned at preview time when the database is reachable.
  const desired = await loadDesiredSchema(cfg.database.schemaDir);
  const { schema, plan } = schemaResource(cfg, target, { dependsOn: servers });

  // 3. Seed rows (seeds/) and the access model (access/), after the schema.
  const seeds = await seedResources(cfg, desired, target, [schema]);
  const access = accessResource(cfg, target, desired.hash, plan, { dependsOn: [schema], protect });

  const outputs = {
    environment: cfg.environment,
    databaseUrl: psqlUrl(connection),
    host: pulumi.output(connection.host),
    port: pulumi.output(connection.port),
    database: cfg.database.name,
    dataKey: localKey ? pulumi.secret(localKey.key) : undefined,
    kmsKeyArn: kmsKey?.key.arn,
    kmsKeyAlias: kmsKey?.alias.name,
    instanceId: cloud?.rds.instance.id,
    schemaRevision: schema.revision,
    schemaInSync: schema.inSync,
    seedResources: seeds.length,
    roles: access?.roles ?? [],
  };
  // Only what the stack has (a dev stack has no KMS key or instance, an existing server no instance).
  return Object.fromEntries(Object.entries(outputs).filter(([, v]) => v !== undefined));
};
