// The `Schema` dynamic resource: the database's schema as one Pulumi resource, reconciled by the
// engine. Inputs carry the desired-state hash and (computed by the program when the database is
// reachable) the plan that preview showed; update applies exactly that plan (its hash is checked
// under the apply lock); read returns the live state so that refresh reports drift; delete keeps
// the data unless the stack asked for dropOnDelete.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { quoteIdent, withClient } from '../../db/connect';
import { databaseOf, scrub } from '../../db/url';
import { apply } from '../../engine/apply';
import { catalogFingerprint } from '../../engine/fingerprint';
import { currentRevision } from '../../engine/history';
import { PlanOptions, excludedSchemas, plan as planSchema } from '../../engine/plan';
import { planJson } from '../../report/plan';
import { RuleSettings, schemaExtensions } from './extensions';
import { CheckFailure, ProviderError, ProviderImpl, UNKNOWN, isUnknown } from './types';

/** The plan as `pulumi preview` shows it and the policy pack reads it (report/plan's JSON, no target). */
export type PreviewPlan = Record<string, unknown> & {
  hash: string;
  changes: boolean;
  statements: { sql: string; kind: string; object: string; deletesData: boolean }[];
  findings: { rule: string; level: string; object: string; message: string; allowedBy?: string }[];
};

export interface SchemaInputs extends RuleSettings {
  /** Connection string of the target database (a secret). */
  url: string;
  /** Server for the scratch dev database (a secret); defaults to the target's server. */
  devUrl?: string;
  schemaDir: string;
  /** Identity of schema/ (files and backfills): a new hash is a change to apply. */
  desiredHash: string;
  engine: 'auto' | 'builtin' | 'atlas';
  lockTimeoutMs: number;
  statementTimeoutMs: number;
  dropOnDelete: boolean;
  /** The plan computed when the program ran, when the database was reachable. */
  plan?: PreviewPlan | null;
}

export interface SchemaState extends SchemaInputs {
  /** Current revision of the database (schemaop.revisions). */
  revision: number | null;
  /** Desired-state hash of that revision. */
  appliedDesiredHash: string | null;
  /** Plan hash of that revision. */
  appliedPlanHash: string | null;
  /** Statements that revision ran. */
  appliedStatements: string[];
  /** The live catalog is exactly as that revision left it. */
  inSync: boolean;
  /** When not in sync: the statements that would take the database back to schema/. */
  drift: string[];
  liveFingerprint: string;
}

export function resolveDir(dir: string): string {
  return path.resolve(process.cwd(), dir);
}

/** Plan options shared by preview (the program), apply and read (the provider). */
export async function planOptions(i: SchemaInputs): Promise<PlanOptions> {
  return { url: i.url, devUrl: i.devUrl || undefined, schemaDir: resolveDir(i.schemaDir), engine: i.engine, ...(await schemaExtensions(i)) };
}

/** The plan for the preview: report/plan's JSON without the connection string. */
export async function previewPlan(i: SchemaInputs): Promise<PreviewPlan> {
  const p = await planSchema(await planOptions(i));
  const { target: _target, ...json } = planJson(p, i.url);
  return json as PreviewPlan;
}

const idOf = (url: string) => {
  const u = new URL(url);
  return `${u.hostname}:${u.port || 5432}/${databaseOf(url)}`;
};

/** Runs `fn`; errors leave without the connection string or its password. */
async function safely<T>(i: { url?: string; devUrl?: string }, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    const msg = scrub((e as Error).message ?? String(e), i.url, i.devUrl);
    throw new ProviderError(msg);
  }
}

async function liveState(i: SchemaInputs, withDrift: boolean): Promise<Omit<SchemaState, keyof SchemaInputs>> {
  const exclude = excludedSchemas();
  const { revision, live } = await withClient(
    i.url,
    async (c) => ({ revision: await currentRevision(c), live: await catalogFingerprint(c, exclude) }),
    'pulumi read',
  );
  const inSync = !!revision && revision.catalogFingerprint === live;
  let drift: string[] = [];
  if (!inSync && withDrift) {
    const p = await planSchema({ ...(await planOptions(i)), full: true });
    drift = p.statements.map((s) => s.sql);
  }
  return {
    revision: revision?.id ?? null,
    appliedDesiredHash: revision?.desiredHash ?? null,
    appliedPlanHash: revision?.planHash ?? null,
    appliedStatements: revision?.statements ?? [],
    inSync,
    drift,
    liveFingerprint: live,
  };
}

async function applyInputs(i: SchemaInputs): Promise<SchemaState> {
  const planHash = i.plan && typeof i.plan === 'object' && !isUnknown(i.plan) ? i.plan.hash : undefined;
  await apply({ ...(await planOptions(i)), planHash, lockTimeoutMs: i.lockTimeoutMs, statementTimeoutMs: i.statementTimeoutMs });
  return { ...i, ...(await liveState(i, false)) };
}

const SETTINGS: (keyof SchemaInputs)[] = ['url', 'devUrl', 'schemaDir', 'desiredHash', 'engine', 'lockTimeoutMs', 'statementTimeoutMs', 'dropOnDelete', 'environment', 'lint'];

export const provider: ProviderImpl<SchemaInputs, SchemaState> = {
  async check(_olds, news) {
    const failures: CheckFailure[] = [];
    const known = (k: keyof SchemaInputs) => news[k] !== undefined && !isUnknown(news[k]);
    if (known('url')) {
      try {
        const u = new URL(news.url);
        if (!/^postgres(ql)?:$/.test(u.protocol)) failures.push({ property: 'url', reason: 'expected a postgres:// connection string' });
      } catch {
        failures.push({ property: 'url', reason: 'not a connection string' });
      }
    } else if (news.url === undefined) failures.push({ property: 'url', reason: 'missing' });
    if (known('schemaDir') && !fs.existsSync(resolveDir(news.schemaDir))) failures.push({ property: 'schemaDir', reason: `${news.schemaDir}: no such folder` });
    if (known('desiredHash') && !/^[0-9a-f]{16,64}$/.test(news.desiredHash)) failures.push({ property: 'desiredHash', reason: 'expected the hash of the desired state' });
    if (known('engine') && !['auto', 'builtin', 'atlas'].includes(news.engine)) failures.push({ property: 'engine', reason: 'expected auto, builtin or atlas' });
    for (const k of ['lockTimeoutMs', 'statementTimeoutMs'] as const) {
      if (known(k) && !(Number.isInteger(news[k]) && news[k] >= 0)) failures.push({ property: k, reason: 'expected milliseconds (an integer >= 0)' });
    }
    if (known('plan') && news.plan != null && typeof news.plan.hash !== 'string') failures.push({ property: 'plan', reason: 'expected a plan with a hash' });
    return { inputs: news, failures };
  },

  async diff(_id, olds, news) {
    const changed = SETTINGS.filter((k) => JSON.stringify(olds[k] ?? null) !== JSON.stringify(news[k] ?? null));
    // A plan computed now that is not empty: the database drifted since the last apply or refresh.
    const planned = !!news.plan && !isUnknown(news.plan) && news.plan.changes === true;
    // `pulumi refresh` found the live schema changed by hand.
    const drifted = olds.inSync === false;
    return { changes: changed.length > 0 || planned || drifted || (news.plan as unknown) === UNKNOWN, replaces: [], deleteBeforeReplace: false };
  },

  async create(inputs) {
    return safely(inputs, async () => ({ id: idOf(inputs.url), outs: await applyInputs(inputs) }));
  },

  async update(_id, _olds, news) {
    return safely(news, async () => ({ outs: await applyInputs(news) }));
  },

  async read(id, props) {
    if (!props) throw new ProviderError(`schemaop Schema ${id}: importing a schema needs its inputs (url, schemaDir); use \`schemaop baseline\` to adopt a database`);
    return safely(props, async () => ({ id, props: { ...props, ...(await liveState(props, true)) } }));
  },

  async delete(_id, props) {
    if (!props.dropOnDelete) return; // the database and its data stay: the stack only stops managing them
    await safely(props, () =>
      withClient(props.url, async (c) => {
        const r = await c.query(
          `SELECT nspname FROM pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
              AND nspname NOT LIKE 'pg\\_temp\\_%' AND nspname NOT LIKE 'pg\\_toast\\_temp\\_%'
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_namespace'::regclass AND d.objid = pg_namespace.oid AND d.deptype = 'e')`,
        );
        await c.query('BEGIN');
        for (const row of r.rows) await c.query(`DROP SCHEMA ${quoteIdent(row.nspname)} CASCADE`);
        await c.query('CREATE SCHEMA public');
        await c.query('COMMIT');
      }, 'pulumi delete'),
    );
  },
};

