// The `types_stale` finding: a file of schemaop.yaml's `types:` section that does not match the
// desired schema (what `schemaop types` would write now). Not a rule over planned statements: it
// reads the generated files, so it is a plan check of its own, listed beside the safety rules.
import type { Finding, PlanCheck } from '../engine/extensions';
import type { DesiredSchema } from '../engine/source';
import type { TypesOutput } from './config';
import { describe, generate, knownCurrent, remember, staleFiles, writeFiles, type GeneratedFile } from './generate';
import { TYPES_COMMAND } from './header';

export const typesStale = {
  id: 'types_stale',
  summary: 'a generated types file (schemaop.yaml types:) does not match schema/',
  /** Warns on a developer's machine (where `npm start` regenerates the files); blocks in CI, in review and outside dev. */
  levels: { dev: 'warn', staging: 'block', prod: 'block' } as const,
  safeAlternative: `run \`${TYPES_COMMAND}\` and commit the regenerated files with the schema change`,
  doc: 'Application code compiled against old types reads and writes columns that no longer exist, or misses new ones.',
};

/** `CI=true` (GitHub Actions, most CI services) or `CI=1`. */
export const inCi = () => ['true', '1'].includes((process.env.CI ?? '').toLowerCase());

/** The finding's level: the environment's, but blocking in CI and in a review. */
export const staleLevel = (env: keyof typeof typesStale.levels, review = false): 'block' | 'warn' => (inCi() || review ? 'block' : typesStale.levels[env]);

export interface TypesCheckOptions {
  /** Project root: `out` paths are relative to it. */
  root: string;
  outputs: TypesOutput[];
  /** Server for the scratch database of the desired schema. */
  serverUrl: string;
  level: 'block' | 'warn';
  /** Regenerate the stale files instead of reporting them (`npm start` in dev). */
  write?: boolean;
  say?: (message: string) => void;
}

export function typesCheck(o: TypesCheckOptions): PlanCheck {
  // apply plans more than once (review, under its lock, verification): one generation per schema.
  const generated = new Map<string, Promise<GeneratedFile[]>>();
  const filesFor = (schema: DesiredSchema) => {
    if (!generated.has(schema.hash)) {
      const files = generate(o.serverUrl, schema, o.outputs);
      generated.set(schema.hash, files);
      files.catch(() => generated.delete(schema.hash));
    }
    return generated.get(schema.hash)!;
  };
  return {
    name: 'types',
    async run(_plan, _target, { schema }): Promise<Finding[]> {
      if (await knownCurrent(o.root, schema, o.outputs)) return [];
      const files = await filesFor(schema);
      await remember(o.root, schema, o.outputs, files);
      if (o.write) {
        const written = await writeFiles(o.root, files);
        if (written.length) o.say?.(`regenerated ${written.join(', ')} from the desired schema`);
        return [];
      }
      return (await staleFiles(o.root, files)).map((s) => ({ rule: typesStale.id, level: o.level, object: s.out, message: describe(s), fix: typesStale.safeAlternative }));
    },
  };
}
