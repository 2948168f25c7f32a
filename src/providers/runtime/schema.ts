// The `Schema` dynamic resource: the database's schema as one Pulumi resource, reconciled by the
// engine. Inputs carry the desired-state hash and (computed by the program when the database is
// reachable) the plan that preview showed; update applies exactly that plan (its hash is checked
// under the apply lock); read returns the live state so that refresh reports drift; delete keeps
// the data unless the stack asked for dropOnDelete.
import { devServerFor } from '../../engine/dev-server';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { quoteIdent, withClient } from '../../db/connect';
import { scrub } from '../../db/url';
import { apply } from '../../engine/apply';
import { catalogFingerprint } from '../../engine/fingerprint';
import { currentRevision } from '../../engine/history';
import { PlanOptions, excludedSchemas, plan as planSchema } from '../../engine/plan';
import { loadProjectTypes } from '../../lint/config';
import { planJson, planText } from '../../report/plan';
import type { PlanDocument } from '../../report/plan-json';
import { style } from '../../report/style';
import { staleLevel, typesCheck } from '../../types/stale';
import { RuleSettings, schemaExtensions } from './extensions';
import { Target, targetId, targetRunning, targetUrl } from './target';
import { CheckFailure, ProviderError, ProviderImpl, UNKNOWN, isUnknown } from './types';
import { notExtensionMember } from '../../pg/catalog-sql';

/** The plan as `pulumi preview` shows it and the policy pack reads it: the plan JSON contract without the target. */
export type PreviewPlan = PlanDocument;

export interface SchemaInputs extends RuleSettings {
  /** Where the database is (no password: resolved at each call). The scratch dev database is made on the same server. */
  target: Target;
  schemaDir: string;
  /** Identity of schema/ (files and backfills): a new hash is a change to apply. */
  desiredHash: string;
  engine: 'auto' | 'builtin' | 'atlas';
  lockTimeoutMs: number;
  statementTimeoutMs: number;
  dropOnDelete: boolean;
  /** The plan computed when the program ran, when the database was reachable. */
  plan?: PreviewPlan | null;
  /** Why the program could not compute the plan (the policy pack reports it: the migration was not checked). */
  planError?: string | null;
}

/** The inputs with the current connection string, for the engine (never stored). */
type Resolved = SchemaInputs & { url: string };
const resolved = async (i: SchemaInputs): Promise<Resolved> => ({ ...i, url: await targetUrl(i.target) });
const stored = ({ url: _url, ...rest }: Resolved): SchemaInputs => rest;

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
export async function planOptions(i: Resolved): Promise<PlanOptions> {
  // A remote target's plan builds its dev database on the embedded PostgreSQL, not on that server.
  const devUrl = await devServerFor(i.url);
  const extensions = await schemaExtensions(i);
  // The generated types of schemaop.yaml follow the project's schema/: the preview shows types_stale too.
  if (resolveDir(i.schemaDir) === resolveDir('schema')) {
    const outputs = await loadProjectTypes();
    if (outputs.length) extensions.checks = [...(extensions.checks ?? []), typesCheck({ root: process.cwd(), outputs, serverUrl: devUrl ?? i.url, level: staleLevel(i.environment) })];
  }
  return { url: i.url, devUrl, schemaDir: resolveDir(i.schemaDir), engine: i.engine, ...extensions };
}

/** The plan for the preview: report/plan's JSON without the connection string. */
export async function previewPlan(inputs: SchemaInputs): Promise<PreviewPlan> {
  return (await reviewedPlan(inputs)).plan;
}

/** The plan's JSON and the same plan as `schemaop plan` prints it (no colour, its summary first), for the terminal preview. */
export async function reviewedPlan(inputs: SchemaInputs): Promise<{ plan: PreviewPlan; text: string }> {
  const i = await resolved(inputs);
  const p = await planSchema(await planOptions(i));
  const { target: _target, ...json } = planJson(p, i.url);
  return { plan: json, text: planText(p, i.url, style(false), true) };
}

/** Resolves the connection and runs `fn`; errors leave without the connection string or its password. */
async function safely<T>(inputs: SchemaInputs, fn: (i: Resolved) => Promise<T>): Promise<T> {
  let url: string | undefined;
  try {
    const i = await resolved(inputs);
    url = i.url;
    return await fn(i);
  } catch (e) {
    throw new ProviderError(scrub((e as Error).message ?? String(e), url));
  }
}

async function liveState(i: Resolved, withDrift: boolean): Promise<Omit<SchemaState, keyof SchemaInputs>> {
  const exclude = excludedSchemas();
  const { revision, live } = await withClient(
    i.url,
    async (c) => ({ revision: await currentRevision(c), live: await catalogFingerprint(c, exclude, i.exclude) }),
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

async function applyInputs(i: Resolved): Promise<SchemaState> {
  const planHash = i.plan && typeof i.plan === 'object' && !isUnknown(i.plan) ? i.plan.hash : undefined;
  await apply({ ...(await planOptions(i)), planHash, lockTimeoutMs: i.lockTimeoutMs, statementTimeoutMs: i.statementTimeoutMs });
  return { ...stored(i), ...(await liveState(i, false)) };
}

/** Where the database is, without how to log in: a rotated password is no change. */
const place = (t: Target | undefined) => (t && !isUnknown(t) ? { host: t.host, port: t.port, user: t.user, database: t.database, sslmode: t.sslmode, sslrootcert: t.sslrootcert ?? null } : t);

const SETTINGS: (keyof SchemaInputs)[] = ['schemaDir', 'desiredHash', 'engine', 'lockTimeoutMs', 'statementTimeoutMs', 'dropOnDelete', 'environment', 'lint'];

export const provider: ProviderImpl<SchemaInputs, SchemaState> = {
  async check(_olds, news) {
    const failures: CheckFailure[] = [];
    const known = (k: keyof SchemaInputs) => news[k] !== undefined && !isUnknown(news[k]);
    if (known('target')) {
      if (!news.target.host || !Number.isInteger(news.target.port) || !news.target.database || !news.target.credentials) failures.push({ property: 'target', reason: 'expected host, port, database and credentials' });
    } else if (news.target === undefined) failures.push({ property: 'target', reason: 'missing' });
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
    if (JSON.stringify(place(olds.target)) !== JSON.stringify(place(news.target))) changed.push('target');
    // A plan computed now that is not empty: the database drifted since the last apply or refresh.
    const planned = !!news.plan && !isUnknown(news.plan) && news.plan.changes === true;
    // `pulumi refresh` found the live schema changed by hand.
    const drifted = olds.inSync === false;
    return { changes: changed.length > 0 || planned || drifted || (news.plan as unknown) === UNKNOWN, replaces: [], deleteBeforeReplace: false };
  },

  async create(inputs) {
    return safely(inputs, async (i) => ({ id: targetId(inputs.target), outs: await applyInputs(i) }));
  },

  async update(_id, _olds, news) {
    return safely(news, async (i) => ({ outs: await applyInputs(i) }));
  },

  async read(id, props) {
    if (!props) throw new ProviderError(`schemaop Schema ${id}: importing a schema needs its inputs (target, schemaDir); use \`schemaop baseline\` to adopt a database`);
    if (!(await targetRunning(props.target))) return { id, props }; // a stopped dev server: the EmbeddedDatabase resource reports it
    // The preview after a refresh shows the revert under `plan`: the program plans it (inputs keep the last applied plan).
    return safely(props, async (i) => ({ id, props: { ...props, ...(await liveState(i, true)) } }));
  },

  async delete(_id, props) {
    if (!props.dropOnDelete) return; // the database and its data stay: the stack only stops managing them
    await safely(props, (i) =>
      withClient(i.url, async (c) => {
        const r = await c.query(
          `SELECT nspname FROM pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
              AND nspname NOT LIKE 'pg\\_temp\\_%' AND nspname NOT LIKE 'pg\\_toast\\_temp\\_%'
              AND ${notExtensionMember('pg_namespace', 'pg_namespace.oid')}`,
        );
        await c.query('BEGIN');
        for (const row of r.rows) await c.query(`DROP SCHEMA ${quoteIdent(row.nspname)} CASCADE`);
        await c.query('CREATE SCHEMA public');
        await c.query('COMMIT');
      }, 'pulumi delete'),
    );
  },
};

