import { WARNS, type Rule } from '../types';
import { changesOf } from './util';

export const grantRevoke: Rule = {
  id: 'grant_revoke',
  summary: 'GRANT or REVOKE in the schema plan: privileges belong to the reviewed access model',
  levels: WARNS,
  safeAlternative: 'declare privileges in the access model, where grants on credential tables are checked by policy',
  doc: 'A REVOKE can break a running service; a GRANT can expose encrypted credentials to a role that should not read them.',
  seeAlso: { pgSchemaDiff: 'AUTHZ_UPDATE' },
  examples: { unsafe: [['GRANT SELECT ON public.users TO PUBLIC'], ['REVOKE ALL ON public.users FROM PUBLIC']], safe: [['COMMENT ON TABLE public.users IS \'people\'']] },
  check: (ctx) =>
    changesOf(ctx, 'grant', 'revoke').map((c) => ({
      statement: c.index,
      object: c.object,
      message: `${c.kind === 'grant' ? 'grants' : 'revokes'} ${(c.details.privileges as string[]).join(', ')} on ${c.object} ${c.kind === 'grant' ? 'to' : 'from'} ${(c.details.grantees as string[]).join(', ')}`,
    })),
};
