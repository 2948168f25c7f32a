// `Access`: the access model (access/access.yaml) on the stack's database as one resource, run by
// the same planner as `schemaop apply` (src/access). Its `access` input is the state the model asks
// for (roles, owners, privileges, default privileges), computed when the program ran; create and
// update apply the model in one transaction (no other session ever sees a still-declared privilege
// missing, and a dropped table's grants simply are no longer in scope); read returns the live state
// as the resource's inputs too, so the preview after a refresh names every privilege that drifted;
// delete revokes what the model granted, removes the declared roles' default privileges and drops
// the roles schemaop created.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AccessState, LoadedAccess, applyAccess, desiredAccess, diffAccessState, dropAccess, loadAccessModel, readAccess } from '../../access';
import type { Client } from '../../db/connect';
import { withClient } from '../../db/connect';
import { scrub } from '../../db/url';
import { loadDesiredSchema } from '../../engine/source';
import { resolveDir } from './schema';
import { Target, targetId, targetRunning, targetUrl } from './target';
import { CheckFailure, ProviderError, ProviderImpl, isUnknown } from './types';

export interface AccessInputs {
  target: Target;
  accessDir: string;
  schemaDir: string;
  /** `{env}` in role names. */
  env: string;
  /** The stack's `schemaop:exclude`: objects the grants leave alone, as the schema plan does. */
  exclude?: string[];
  /** Identity of access/ and schema/: a change to either is an update, even when `access` is unknown. */
  modelHash: string;
  /** The state the model asks for (computed when the program ran), or the live one after a refresh. */
  access?: AccessState | null;
}

export type AccessOutputs = AccessInputs & { roles: string[] };

/** Hash of the model's inputs: access.yaml and the desired schema's hash. */
export function accessModelHash(accessDir: string, schemaHash: string): string {
  const file = path.join(resolveDir(accessDir), 'access.yaml');
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  return createHash('sha256').update(text).update('\0').update(schemaHash).digest('hex').slice(0, 32);
}

async function withModel<T>(i: AccessInputs, fn: (c: Client, access: LoadedAccess | undefined) => Promise<T>): Promise<T> {
  let url: string | undefined;
  try {
    url = await targetUrl(i.target);
    const schema = await loadDesiredSchema(resolveDir(i.schemaDir));
    return await withClient(url, async (c) => fn(c, await loadAccessModel(c, { dir: resolveDir(i.accessDir), root: process.cwd(), env: i.env, exclude: i.exclude ?? [] }, schema)), 'pulumi access');
  } catch (e) {
    throw new ProviderError(scrub((e as Error).message ?? String(e), url));
  }
}

/** The state the model asks for, for the program's preview (the schema plan's drops left out of scope). */
export async function desiredAccessState(i: AccessInputs, dropped: string[]): Promise<AccessState | null> {
  return withModel(i, async (c, access) => (access ? desiredAccess(c, access, { dropped }) : null));
}

const rolesOf = (s: AccessState | null | undefined) => Object.keys(s?.roles ?? {}).sort();
const connection = (t: Target | undefined) => (t ? { ...t, credentials: t.credentials.kind === 'aws-secret' ? { kind: t.credentials.kind, secretArn: t.credentials.secretArn } : t.credentials } : t);
const PLACE = ['accessDir', 'schemaDir', 'env'] as const;

export const provider: ProviderImpl<AccessInputs, AccessOutputs> = {
  async check(_olds, news) {
    const failures: CheckFailure[] = [];
    for (const k of ['accessDir', 'schemaDir'] as const) {
      if (!isUnknown(news[k]) && !fs.existsSync(resolveDir(String(news[k] ?? '')))) failures.push({ property: k, reason: `${news[k]}: no such folder` });
    }
    if (!isUnknown(news.env) && !/^[a-z][a-z0-9_]*$/.test(String(news.env))) failures.push({ property: 'env', reason: 'expected an environment name' });
    return { inputs: news, failures };
  },
  async diff(_id, olds, news) {
    if (isUnknown(news.target) || isUnknown(news.access)) return { changes: true };
    const moved = PLACE.some((k) => olds[k] !== news[k]) || JSON.stringify(olds.exclude ?? []) !== JSON.stringify(news.exclude ?? []) || JSON.stringify(connection(olds.target)) !== JSON.stringify(connection(news.target));
    // The state the model asks for decides, when the program computed it: an edit of schema/ or
    // access.yaml that changes no role, owner or privilege is no update. Without it (the schema
    // plan could not be computed), any edit of either is.
    if (news.access) return { changes: moved || !olds.access || diffAccessState(olds.access, news.access).length > 0 };
    return { changes: moved || olds.modelHash !== news.modelHash };
  },
  async create(inputs) {
    return withModel(inputs, async (c, access) => {
      const state = access ? (await applyAccess(c, access)).state : null;
      return { id: targetId(inputs.target), outs: { ...inputs, access: state, roles: rolesOf(state) } };
    });
  },
  async update(_id, _olds, news) {
    return withModel(news, async (c, access) => {
      const state = access ? (await applyAccess(c, access)).state : null;
      return { outs: { ...news, access: state, roles: rolesOf(state) } };
    });
  },
  async read(id, props) {
    if (!props) throw new ProviderError(`schemaop Access ${id}: cannot be imported; declare it in the program`);
    if (!(await targetRunning(props.target))) return { id, props }; // a stopped dev server: the EmbeddedDatabase resource reports it
    return withModel(props, async (c, access) => {
      const live = access ? await readAccess(c, access) : null;
      const { roles: _roles, ...inputs } = props;
      return { id, props: { ...props, access: live, roles: rolesOf(live) }, inputs: { ...inputs, access: live } };
    });
  },
  async delete(_id, props) {
    await withModel(props, async (c, access) => {
      if (access) await dropAccess(c, access);
    });
  },
};
