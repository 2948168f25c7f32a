// The dynamic resources, as Pulumi sees them. Types are `pulumi-nodejs:dynamic/schemaop:<Name>`
// (Pulumi composes a dynamic resource's type from the module and type name it is given).
import * as pulumi from '@pulumi/pulumi';
import type { AccessState } from '../access';
import type { AccessInputs } from './runtime/access';
import type { EmbeddedInputs } from './runtime/embedded';
import type { LocalKeyInputs } from './runtime/local-key';
import type { PreviewPlan, SchemaInputs } from './runtime/schema';
import type { SeedRowInputs } from './runtime/seed-row';
import type { SeedTableInputs } from './runtime/seed-table';
import type { Json } from '../seeds/load';
import { serializableProvider } from './serializable';

export const MODULE = 'schemaop';
export const typeToken = (type: string) => `pulumi-nodejs:dynamic/${MODULE}:${type}`;

// One provider object per kind: Pulumi serialises each once and caches the text.
export const providers = {
  schema: serializableProvider('schema'),
  embedded: serializableProvider('embedded'),
  localKey: serializableProvider('local-key'),
  seedRow: serializableProvider('seed-row'),
  seedTable: serializableProvider('seed-table'),
  access: serializableProvider('access'),
};

type Args<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/** Options that every schemaop resource gets: its secrets stay secrets in the state. */
function withSecrets(opts: pulumi.CustomResourceOptions | undefined, secrets: string[]): pulumi.CustomResourceOptions {
  return { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...secrets] };
}

export type SchemaArgs = Args<Omit<SchemaInputs, 'plan' | 'planError'>> & { plan?: pulumi.Input<PreviewPlan | undefined>; planError?: pulumi.Input<string | undefined> };

export class Schema extends pulumi.dynamic.Resource {
  declare readonly desiredHash: pulumi.Output<string>;
  declare readonly plan: pulumi.Output<PreviewPlan | undefined>;
  declare readonly revision: pulumi.Output<number | null>;
  declare readonly appliedDesiredHash: pulumi.Output<string | null>;
  declare readonly appliedPlanHash: pulumi.Output<string | null>;
  declare readonly appliedStatements: pulumi.Output<string[]>;
  declare readonly inSync: pulumi.Output<boolean>;
  declare readonly drift: pulumi.Output<string[]>;
  declare readonly liveFingerprint: pulumi.Output<string>;

  constructor(name: string, args: SchemaArgs, opts?: pulumi.CustomResourceOptions) {
    const outs = { revision: undefined, appliedDesiredHash: undefined, appliedPlanHash: undefined, appliedStatements: undefined, inSync: undefined, drift: undefined, liveFingerprint: undefined };
    super(providers.schema, name, { ...args, ...outs }, opts, MODULE, 'Schema');
  }
}

export class EmbeddedDatabase extends pulumi.dynamic.Resource {
  declare readonly url: pulumi.Output<string>;
  declare readonly serverUrl: pulumi.Output<string>;
  declare readonly host: pulumi.Output<string>;
  declare readonly port: pulumi.Output<number>;
  declare readonly username: pulumi.Output<string>;
  declare readonly password: pulumi.Output<string>;
  declare readonly database: pulumi.Output<string>;
  declare readonly running: pulumi.Output<boolean>;

  constructor(name: string, args: Args<EmbeddedInputs>, opts?: pulumi.CustomResourceOptions) {
    const outs = { url: undefined, serverUrl: undefined, host: undefined, username: undefined, password: undefined, running: undefined };
    super(providers.embedded, name, { ...args, ...outs }, withSecrets(opts, ['url', 'serverUrl', 'password']), MODULE, 'EmbeddedDatabase');
  }
}

export class LocalDataKey extends pulumi.dynamic.Resource {
  declare readonly key: pulumi.Output<string>;
  declare readonly keyId: pulumi.Output<string>;

  constructor(name: string, args: Args<LocalKeyInputs>, opts?: pulumi.CustomResourceOptions) {
    super(providers.localKey, name, { ...args, key: undefined, keyId: undefined, createdAt: undefined }, withSecrets(opts, ['key']), MODULE, 'LocalDataKey');
  }
}

export class SeedRow extends pulumi.dynamic.Resource {
  declare readonly table: pulumi.Output<string>;
  declare readonly values: pulumi.Output<Record<string, Json>>;

  constructor(name: string, args: Args<SeedRowInputs>, opts?: pulumi.CustomResourceOptions) {
    super(providers.seedRow, name, args, opts, MODULE, 'SeedRow');
  }
}

export class SeedTable extends pulumi.dynamic.Resource {
  declare readonly table: pulumi.Output<string>;
  declare readonly rows: pulumi.Output<Record<string, Record<string, Json>>>;

  constructor(name: string, args: Args<SeedTableInputs>, opts?: pulumi.CustomResourceOptions) {
    super(providers.seedTable, name, args, opts, MODULE, 'SeedTable');
  }
}

export type AccessArgs = Args<Omit<AccessInputs, 'access'>> & { access?: pulumi.Input<AccessState | null | undefined> };

export class Access extends pulumi.dynamic.Resource {
  declare readonly access: pulumi.Output<AccessState | null>;
  declare readonly roles: pulumi.Output<string[]>;

  constructor(name: string, args: AccessArgs, opts?: pulumi.CustomResourceOptions) {
    super(providers.access, name, { ...args, roles: undefined }, opts, MODULE, 'Access');
  }
}
