// Stack configuration: every stack file parses; a wrong, missing or unknown key fails naming the
// key and the stack; production cannot be configured to lose data.
/* eslint-disable @typescript-eslint/no-explicit-any -- Pulumi's mock monitor hands out untyped protobuf objects and property bags */
import { describe, expect, it } from 'vitest';
import { StackConfigError, durationMs, onExistingServer, parseStackConfig } from '../../src/infra/config';
import { stackFileConfig } from './mocks';

const parse = (stack: string, raw: Record<string, string>) => parseStackConfig(stack, 'schemaop', raw);
const problems = (stack: string, raw: Record<string, string>): string[] => {
  try {
    parse(stack, raw);
  } catch (e) {
    expect(e).toBeInstanceOf(StackConfigError);
    expect((e as Error).message).toContain(`stack "${stack}" (Pulumi.${stack}.yaml)`);
    return (e as StackConfigError).problems;
  }
  throw new Error('expected the configuration to be refused');
};
const edit = (stack: string, key: string, f: (v: any) => any) => {
  const raw = stackFileConfig(stack);
  const v = f(JSON.parse(raw[key]!));
  if (v === undefined) delete raw[key];
  else raw[key] = JSON.stringify(v);
  return raw;
};

describe('stack configuration', () => {
  it('parses the dev, staging and prod stack files', () => {
    const dev = parse('dev', stackFileConfig('dev'));
    expect(dev).toMatchObject({ environment: 'dev', local: { dir: '.schemaop/pulumi-dev' }, database: { name: 'app', dropOnDelete: true } });
    const prod = parse('prod', stackFileConfig('prod'));
    expect(prod).toMatchObject({ environment: 'prod', region: 'eu-west-1', rds: { deletionProtection: true, finalSnapshot: true, multiAz: true } });
    expect(parse('staging', stackFileConfig('staging')).environment).toBe('staging');
  });

  it('names a missing key and the stack', () => {
    expect(problems('prod', edit('prod', 'schemaop:rds', (r) => ({ ...r, instanceClass: undefined })))).toEqual(['schemaop:rds.instanceClass: missing']);
    const raw = stackFileConfig('staging');
    delete raw['aws:region'];
    expect(problems('staging', raw)).toEqual(['aws:region: missing']);
    const noEnv = stackFileConfig('dev');
    delete noEnv['schemaop:environment'];
    expect(problems('dev', noEnv)).toEqual(['schemaop:environment: missing']);
  });

  it('names a wrong value and an unknown key', () => {
    expect(problems('staging', edit('staging', 'schemaop:network', (n) => ({ ...n, subnetIds: ['subnet-0a1', 'oops'] })))[0]).toMatch(/^schemaop:network\.subnetIds\[1\]: expected a subnet id/);
    expect(problems('prod', edit('prod', 'schemaop:rds', (r) => ({ ...r, instanceClas: 'db.t4g.micro' })))).toEqual(['schemaop:rds.instanceClas: unknown key for a prod stack']);
    expect(problems('dev', { ...stackFileConfig('dev'), 'schemaop:rds': '{}' })).toEqual(['schemaop:rds: unknown key for a dev stack']);
    expect(problems('prod', edit('prod', 'schemaop:lint', (l) => ({ ...l, rules: { no_such_rule: 'off' } })))[0]).toMatch(/^schemaop:lint\.rules: unknown rule/);
  });

  it('reads schemaop:exclude and names a pattern that is not schema.name', () => {
    expect(parse('prod', { ...stackFileConfig('prod'), 'schemaop:exclude': '["public.alembic_version","legacy.*"]' }).exclude).toEqual(['public.alembic_version', 'legacy.*']);
    expect(parse('dev', stackFileConfig('dev')).exclude).toEqual([]);
    expect(problems('prod', { ...stackFileConfig('prod'), 'schemaop:exclude': '["alembic_version"]' })[0]).toMatch(/^schemaop:exclude\[0\]: an object pattern is schema\.name/);
  });

  it('refuses a production stack that could lose data, or a database open to the internet', () => {
    expect(problems('prod', edit('prod', 'schemaop:rds', (r) => ({ ...r, deletionProtection: false, finalSnapshot: false })))).toEqual([
      'schemaop:rds.deletionProtection: must be true in prod',
      'schemaop:rds.finalSnapshot: must be true in prod',
    ]);
    expect(problems('prod', edit('prod', 'schemaop:database', (d) => ({ ...d, dropOnDelete: true })))).toEqual(['schemaop:database.dropOnDelete: must be false in prod']);
    expect(problems('staging', edit('staging', 'schemaop:network', (n) => ({ ...n, allowedCidrs: ['0.0.0.0/0'] })))).toEqual(['schemaop:network.allowedCidrs: the database must not be open to the internet (/0)']);
  });

  it('reads durations', () => {
    expect([durationMs('0'), durationMs('500ms'), durationMs('10s'), durationMs('15min'), durationMs('1h')]).toEqual([0, 500, 10_000, 900_000, 3_600_000]);
  });
});

describe('stack configuration: an existing server (Pulumi.staging-existing.yaml)', () => {
  const PASSWORD = 's3cr/et@pw';
  const URL_KEY = 'schemaop:server.adminUrl';
  const withUrl = (url: string, extra: Record<string, string> = {}) => ({ ...stackFileConfig('staging-existing'), [URL_KEY]: url, ...extra });
  const url = `postgres://cloud_admin:${PASSWORD}@db.example.com:6543/app`;
  const refused = (raw: Record<string, string>, secretKeys: string[] = [URL_KEY]): string[] => {
    try {
      parseStackConfig('staging-existing', 'schemaop', raw, secretKeys);
    } catch (e) {
      expect(e).toBeInstanceOf(StackConfigError);
      // The admin password never appears in a configuration error.
      expect((e as Error).message).not.toContain('s3cr');
      return (e as StackConfigError).problems;
    }
    throw new Error('expected the configuration to be refused');
  };

  it('reads the admin login from the secret URL (as `pulumi config set --secret` writes it, with or without --path); sslmode require by default; the URL names the database', () => {
    const cfg = parseStackConfig('staging-existing', 'schemaop', withUrl(url), [URL_KEY]);
    expect(cfg).toMatchObject({ environment: 'staging', server: { adminUrl: { host: 'db.example.com', port: 6543, user: 'cloud_admin', password: PASSWORD, database: 'app', sslmode: 'require' } }, database: { name: 'app', dropOnDelete: false } });
    expect(onExistingServer(cfg)).toBe(true);
    const nested = { ...stackFileConfig('staging-existing'), 'schemaop:server': JSON.stringify({ adminUrl: 'postgresql://u:p%40ss@10.0.0.5/neondb?sslmode=verify-full&sslrootcert=/etc/ca.pem' }) };
    expect(parseStackConfig('staging-existing', 'schemaop', nested, ['schemaop:server'])).toMatchObject({
      server: { adminUrl: { host: '10.0.0.5', port: 5432, user: 'u', password: 'p@ss', database: 'neondb', sslmode: 'verify-full', sslrootcert: '/etc/ca.pem' } },
      database: { name: 'neondb' },
    });
    expect(onExistingServer(parse('staging', stackFileConfig('staging')))).toBe(false);
  });

  it('says how to give the server when neither it nor an RDS instance is configured', () => {
    expect(refused(stackFileConfig('staging-existing'))).toEqual([
      "schemaop:server.adminUrl: missing: a staging stack runs on an RDS instance it creates (schemaop:rds, schemaop:network, schemaop:kms, aws:region) or on an existing server (pulumi config set --secret schemaop:server.adminUrl 'postgres://...')",
    ]);
  });

  it('refuses an admin URL that is not a secret, unreadable, or without password or database; never echoing it', () => {
    expect(refused(withUrl(url), [])).toEqual(['schemaop:server.adminUrl: must be a secret (pulumi config set --secret schemaop:server.adminUrl ...): it holds the admin password']);
    for (const bad of [`postgres://cloud_admin@db.example.com/app`, `postgres://cloud_admin:${PASSWORD}@db.example.com`, `mysql://u:${PASSWORD}@db/app`, `nonsense ${PASSWORD}`]) {
      const [problem, ...more] = refused(withUrl(bad));
      expect(more, bad).toEqual([]);
      expect(problem, bad).toMatch(/^schemaop:server\.adminUrl: (expected postgres:\/\/user:password@host:port\/database|cannot read the connection string)/);
    }
  });

  it('reads libpq keywords and every libpq sslmode, as the CLI does', () => {
    const kw = parseStackConfig('staging-existing', 'schemaop', withUrl(`host=10.1.2.3 port=5433 user=cloud_admin password='${PASSWORD}' dbname=app sslmode=verify-ca sslrootcert=/etc/ca.pem`), [URL_KEY]);
    expect(kw).toMatchObject({ server: { adminUrl: { host: '10.1.2.3', port: 5433, user: 'cloud_admin', password: PASSWORD, database: 'app', sslmode: 'verify-ca', sslrootcert: '/etc/ca.pem' } } });
  });

  it('names what does not belong to a stack on an existing server, and keeps prod data', () => {
    expect(refused(withUrl(url, { 'schemaop:rds': '{"instanceClass":"db.t4g.micro"}' }))).toEqual(['schemaop:rds: unknown key for a staging stack on an existing server']);
    expect(refused(withUrl(url, { 'schemaop:kms': JSON.stringify({ deletionWindowDays: 7, applicationRoleArn: 'arn:aws:iam::123456789012:role/app' }) }))).toEqual([
      'aws:region: missing: the KMS key (schemaop:kms) is created in this AWS region',
    ]);
    expect(refused(withUrl(url, { 'schemaop:database': '{"name":"other"}' }))).toEqual(['schemaop:database.name: the admin URL names the database "app"; give the same name or leave database.name out']);
    expect(refused(withUrl(url, { 'schemaop:environment': 'prod', 'schemaop:database': '{"dropOnDelete":true}' }))).toEqual(['schemaop:database.dropOnDelete: must be false in prod']);
  });
});

