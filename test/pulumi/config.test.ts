// Stack configuration: every stack file parses; a wrong, missing or unknown key fails naming the
// key and the stack; production cannot be configured to lose data.
/* eslint-disable @typescript-eslint/no-explicit-any -- Pulumi's mock monitor hands out untyped protobuf objects and property bags */
import { describe, expect, it } from 'vitest';
import { StackConfigError, durationMs, parseStackConfig } from '../../src/infra/config';
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
