// Runs the Pulumi program (index.ts) for a stack file under pulumi.runtime.setMocks, without the
// Pulumi CLI: the stack's configuration is Pulumi.<stack>.yaml's, every resource registration is
// recorded with its inputs, dependencies and secret outputs.
/* eslint-disable @typescript-eslint/no-explicit-any -- Pulumi's mock monitor hands out untyped protobuf objects and property bags */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { parse } from 'yaml';

export const ROOT = path.resolve(__dirname, '../..');
const SECRET_SIG = '4dabf18193072939515e22adb298388d';

/** Pulumi's flat config map of a stack file (objects as JSON text, as the CLI passes them). */
export function stackFileConfig(stack: string): Record<string, string> {
  const doc = parse(fs.readFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), 'utf8')) as { config: Record<string, unknown> };
  return Object.fromEntries(Object.entries(doc.config).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

export interface Registered {
  type: string;
  name: string;
  urn: string;
  /** Inputs, secrets unwrapped. */
  inputs: Record<string, any>;
  /** Input names that were passed as secrets. */
  secretInputs: string[];
  /** Paths of every input value passed as a secret, nested ones too (`values.key_encrypted`). */
  secretPaths: string[];
  dependencies: string[];
  additionalSecretOutputs: string[];
  provider: string;
  protect: boolean;
}

export interface MockRun {
  resources: Registered[];
  outputs: Record<string, unknown>;
  byType(type: string): Registered[];
  one(type: string): Registered;
}

export interface MockOptions {
  stack: string;
  preview: boolean;
  /** Outputs of a resource beyond its inputs, by type. */
  outputs?: (type: string, name: string, inputs: Record<string, any>) => Record<string, unknown> | undefined;
  calls?: Record<string, (inputs: Record<string, any>) => Record<string, unknown>>;
  config?: Record<string, string>;
  /** Config keys Pulumi holds as secrets (set with --secret). */
  secretKeys?: string[];
}

const isSecret = (v: unknown) => !!v && typeof v === 'object' && (v as Record<string, unknown>)[SECRET_SIG] === '1b47061264138c4ac30d75fd1eb44270';

/** The paths of the secret values in a serialised property bag. */
function secretPaths(o: unknown, at = ''): string[] {
  if (isSecret(o)) return [at];
  if (Array.isArray(o)) return o.flatMap((v, i) => secretPaths(v, `${at}[${i}]`));
  if (o && typeof o === 'object') return Object.entries(o).flatMap(([k, v]) => secretPaths(v, at ? `${at}.${k}` : k));
  return [];
}

const unwrap = (o: unknown): unknown => {
  if (Array.isArray(o)) return o.map(unwrap);
  if (o && typeof o === 'object') {
    const r = o as Record<string, unknown>;
    if (r[SECRET_SIG] === '1b47061264138c4ac30d75fd1eb44270') return unwrap(r.value);
    return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, unwrap(v)]));
  }
  return o;
};

/**
 * The outputs of the dev stack's local resources, as their providers give them: the embedded
 * database is the test database at `url`, the data key a fixed one.
 */
export function devOutputs(url: string): NonNullable<MockOptions['outputs']> {
  const u = new URL(url);
  return (type, _name, inputs) =>
    type === 'pulumi-nodejs:dynamic/schemaop:EmbeddedDatabase'
      ? { host: u.hostname, port: Number(u.port), username: decodeURIComponent(u.username), password: decodeURIComponent(u.password), database: u.pathname.slice(1), url, running: true }
      : type === 'pulumi-nodejs:dynamic/schemaop:LocalDataKey'
        ? { key: 'a2V5', keyId: 'local-1', ...inputs }
        : undefined;
}

export async function runProgram(opts: MockOptions): Promise<MockRun> {
  const resources: Registered[] = [];
  let n = 0;
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        const extra = opts.outputs?.(args.type, args.name, args.inputs) ?? {};
        return { id: `${args.name}-id-${++n}`, state: { ...args.inputs, ...extra } };
      },
      call(args) {
        const f = opts.calls?.[args.token];
        if (!f) throw new Error(`unexpected call ${args.token}`);
        return f(args.inputs);
      },
    },
    'schemaop',
    opts.stack,
    opts.preview,
  );
  pulumi.runtime.setAllConfig(opts.config ?? stackFileConfig(opts.stack), opts.secretKeys);
  const monitor = pulumi.runtime.getMonitor() as any;
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: any, cb: any) => {
    const raw = req.getObject().toJavaScript() as Record<string, unknown>;
    const urn = `urn:pulumi:${opts.stack}::schemaop::${req.getType()}::${req.getName()}`;
    resources.push({
      type: req.getType(),
      name: req.getName(),
      urn,
      inputs: unwrap(raw) as Record<string, any>,
      secretPaths: secretPaths(raw),
      secretInputs: Object.entries(raw).filter(([, v]) => v && typeof v === 'object' && (v as Record<string, unknown>)[SECRET_SIG]).map(([k]) => k),
      dependencies: req.getDependenciesList(),
      additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
      provider: req.getProvider(),
      protect: req.getProtect(),
    });
    return register(req, cb);
  };
  // index.ts is `export = async () => outputs`, as the Pulumi CLI runs it.
  const mod = (await import('../../index.js')) as unknown as { default?: () => Promise<Record<string, unknown>> };
  const program = (mod.default ?? mod) as () => Promise<Record<string, unknown>>;
  const outputs = await program();
  // Registrations wait for their inputs (the Schema's plan is computed against the database):
  // done when nothing new was registered for a while.
  const hasSchema = () => resources.some((r) => r.type === 'pulumi-nodejs:dynamic/schemaop:Schema');
  let last = -1;
  for (let i = 0; i < 300 && (last !== resources.length || !hasSchema()); i++) {
    last = resources.length;
    await new Promise((r) => setTimeout(r, 400));
  }
  const byType = (t: string) => resources.filter((r) => r.type === t);
  return {
    resources,
    outputs,
    byType,
    one(t) {
      const r = byType(t);
      if (r.length !== 1) throw new Error(`expected one ${t}, got ${r.length}`);
      return r[0]!;
    },
  };
}

/** Resolves an Output's value (known values only). */
export function value<T>(o: pulumi.Input<T> | undefined): Promise<T | undefined> {
  return new Promise((resolve) => pulumi.output(o).apply((v) => resolve(v as T)));
}
