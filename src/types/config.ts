// The `types:` section of schemaop.yaml: which application types `schemaop types` generates from
// the desired schema, and where.
import { z } from 'zod';

const Out = z
  .string()
  .min(1)
  .refine((p) => !p.startsWith('/') && !p.split(/[\\/]/).includes('..'), { message: 'a path inside the project (relative, without ..)' });
const Tables = z.array(z.string().regex(/^[^.\s]+(\.[^.\s]+)?$/, 'a table name, or schema.table')).min(1);

export const DrizzleOutputSchema = z.strictObject({
  format: z.literal('drizzle'),
  out: Out,
  tables: Tables.optional(),
  /** Names of the exported tables, enums and column keys: camelCase (default) or as in the database. */
  naming: z.enum(['camel', 'snake']).optional(),
});

export const PydanticOutputSchema = z.strictObject({
  format: z.literal('pydantic'),
  out: Out,
  tables: Tables.optional(),
  /** Class of a table's row: PascalCase of the singular (default: user_credentials → UserCredential) or of the table name. */
  naming: z.enum(['singular', 'plural']).optional(),
  /** An enum type as a `str` Enum class (default) or a Literal of its labels. */
  enums: z.enum(['enum', 'literal']).optional(),
});

export const TypesOutputSchema = z.discriminatedUnion('format', [DrizzleOutputSchema, PydanticOutputSchema]);
export const TypesConfigSchema = z.array(TypesOutputSchema).refine((a) => new Set(a.map((o) => o.out)).size === a.length, { message: 'two outputs write the same file' });

export type DrizzleOutput = z.infer<typeof DrizzleOutputSchema>;
export type PydanticOutput = z.infer<typeof PydanticOutputSchema>;
export type TypesOutput = z.infer<typeof TypesOutputSchema>;
