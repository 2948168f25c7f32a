// The access model as postgresql resources: roles, grants on explicit objects, column grants and
// default privileges, all after the schema (a grant on a table the schema has not created yet
// would fail, and grants created while tables are created would drift).
import * as path from 'node:path';
import * as postgresql from '@pulumi/postgresql';
import * as pulumi from '@pulumi/pulumi';
import { loadAccess } from '../access/model';
import type { DesiredSchema } from '../engine/source';
import { ddlRelations } from '../seeds/ddl';
import { accessPlan, ddlFunctions } from './access-grants';
import type { StackConfig } from './config';

export interface AccessResources {
  roles: postgresql.Role[];
  grants: postgresql.Grant[];
  defaults: postgresql.DefaultPrivileges[];
}

export async function accessResources(cfg: StackConfig, schema: DesiredSchema, provider: postgresql.Provider, after: pulumi.Resource[]): Promise<AccessResources | undefined> {
  const relations = await ddlRelations(schema);
  const model = await loadAccess(path.resolve(cfg.database.accessDir), { env: cfg.environment, database: cfg.database.name }, relations, process.cwd());
  if (!model) return undefined;
  const plan = accessPlan(model, relations, await ddlFunctions(schema));
  const database = cfg.database.name;
  const roles = plan.roles.map((r) => new postgresql.Role(`role:${r.key}`, { name: r.name, login: r.login, inherit: true, skipReassignOwned: true }, { provider }));
  const opts = { provider, dependsOn: [...after, ...roles] };
  const grants = plan.grants.map((g) => {
    const what = g.objectType === 'schema' ? g.schema : g.objectType === 'column' ? `${g.schema}.${g.objects[0]}(${g.columns!.join(',')})` : `${g.schema}:${g.privileges.join(',')}`;
    return new postgresql.Grant(
      `grant:${g.role}:${g.objectType}:${what}`,
      { database, role: g.role, schema: g.schema, objectType: g.objectType, objects: g.objectType === 'schema' ? undefined : g.objects, columns: g.columns, privileges: g.privileges, withGrantOption: false },
      opts,
    );
  });
  const defaults = plan.defaults.map(
    (d) =>
      new postgresql.DefaultPrivileges(
        `default:${d.role}:${d.objectType}:${d.schema ?? '*'}`,
        { database, role: d.role, owner: d.owner, schema: d.schema, objectType: d.objectType, privileges: d.privileges, withGrantOption: false },
        opts,
      ),
  );
  return { roles, grants, defaults };
}
