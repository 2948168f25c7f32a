// The identity of a database object: (schema, name[, sub-name]) as PostgreSQL stores them, never a
// dotted string. Text becomes an identity only through `parseQualified` / `parsePattern`, which
// read identifiers as PostgreSQL's parser does (an unquoted one folds to lower case, a quoted one
// is taken as written with "" for a quote); an identity becomes text only at the edge: SQL
// (`sqlName`, always quoted), a report (`displayName`, quoted where the plain form would be
// ambiguous) or a map key (`idKey`).
import { quoteIdent } from '../db/connect';

export interface ObjectId {
  schema: string;
  name: string;
  /** A column, constraint, trigger, ... of the object `schema.name`. */
  sub?: string;
}

export const objectId = (schema: string, name: string, sub?: string): ObjectId => (sub === undefined ? { schema, name } : { schema, name, sub });

/** The table (or other relation) an identity is, or belongs to. */
export const relationOf = (id: ObjectId): ObjectId => objectId(id.schema, id.name);

const partsOf = (id: ObjectId) => (id.sub === undefined ? [id.schema, id.name] : [id.schema, id.name, id.sub]);

/** A key for maps and sets: equal exactly when the identities are. */
export const idKey = (id: ObjectId): string => JSON.stringify(partsOf(id));

export const sameId = (a: ObjectId, b: ObjectId) => idKey(a) === idKey(b);

/** `"schema"."name"` (each part quoted, as SQL the plan runs). */
export const sqlName = (id: ObjectId): string => partsOf(id).map(quoteIdent).join('.');

/** A part as PostgreSQL's quote_ident writes it: plain when that reads back as the same identifier. */
export const displayIdent = (s: string): string => (/^[a-z_][a-z0-9_$]*$/.test(s) ? s : quoteIdent(s));

/** `schema.name[.sub]` for people, quoted only where needed (`public."we.ird""name"`). */
export const displayName = (id: ObjectId): string => partsOf(id).map(displayIdent).join('.');

export class IdentifierError extends Error {}

/** One segment of a name as written: its text (unquoted, folded when it was unquoted) and whether it was quoted. */
interface Segment {
  text: string;
  quoted: boolean;
}

/**
 * Splits `a.b.c` into identifiers by PostgreSQL's rules: `"..."` with `""` for a quote is taken as
 * written; anything else folds A-Z to lower case (other characters, such as `é`, are kept, as the
 * server does in UTF-8). `extra` lists characters allowed in an unquoted segment beyond the
 * identifier ones (`*` for patterns).
 */
function segments(text: string, extra = ''): Segment[] {
  const out: Segment[] = [];
  let i = 0;
  const plain = new RegExp(`[A-Za-z0-9_$\\u0080-\\uFFFF${extra.replace(/[\\\]^-]/g, '\\$&')}]`, 'u');
  for (;;) {
    if (text[i] === '"') {
      let s = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new IdentifierError(`unterminated quoted identifier in ${text}`);
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            s += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        s += text[i++];
      }
      if (!s) throw new IdentifierError(`zero-length quoted identifier in ${text}`);
      out.push({ text: s, quoted: true });
    } else {
      let s = '';
      while (i < text.length && plain.test(text[i])) s += text[i++];
      if (!s || /^[0-9$]/.test(s)) throw new IdentifierError(`not an identifier at "${text.slice(i - s.length) || text}" in ${text}`);
      out.push({ text: s.replace(/[A-Z]/g, (c) => c.toLowerCase()), quoted: false });
    }
    if (i === text.length) return out;
    if (text[i] !== '.') throw new IdentifierError(`unexpected "${text[i]}" in ${text}`);
    i++;
  }
}

/** `schema.name[.sub]` as SQL writes it (quoted parts allowed); an unqualified name is in `defaultSchema`. */
export function parseQualified(text: string, defaultSchema = 'public'): ObjectId {
  const p = segments(text.trim()).map((s) => s.text);
  if (p.length === 1) return objectId(defaultSchema, p[0]);
  if (p.length > 3) throw new IdentifierError(`too many parts in ${text}`);
  return objectId(p[0], p[1], p[2]);
}

/** A pattern over `schema.name`: each part an identifier, or (unquoted) a glob where `*` matches any characters. */
export interface ObjectPattern {
  /** As written (for messages). */
  text: string;
  schema: PartPattern;
  name: PartPattern;
}

/** An exact identifier, or a glob over one (`*` matches any characters). */
export type PartPattern = { exact: string } | { glob: RegExp; source: string };

function partPattern(s: Segment): PartPattern {
  if (s.quoted || !s.text.includes('*')) return { exact: s.text };
  const re = s.text.split('*').map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return { glob: new RegExp(`^${re}$`, 'su'), source: s.text };
}

/** `schema.name`, each part an identifier (quoted as SQL quotes it) or an unquoted glob with `*`. */
export function parsePattern(text: string): ObjectPattern {
  const p = segments(text.trim(), '*');
  if (p.length !== 2) throw new IdentifierError(`${text} is not schema.name`);
  return { text, schema: partPattern(p[0]), name: partPattern(p[1]) };
}

export const partMatches = (p: PartPattern, s: string) => ('exact' in p ? p.exact === s : p.glob.test(s));

/** Whether the pattern names the object (a sub-object is matched by its relation). */
export const patternMatches = (p: ObjectPattern, id: ObjectId) => partMatches(p.schema, id.schema) && partMatches(p.name, id.name);

/** Whether the pattern covers a whole schema (`legacy.*`). */
export const patternCoversSchema = (p: ObjectPattern, schema: string) => partMatches(p.schema, schema) && 'glob' in p.name && p.name.source === '*';

/** A part pattern as a PostgreSQL condition on a column: equality, or LIKE with `*` as `%`. */
export function partCondition(pp: PartPattern, column: string, literal: (s: string) => string): string {
  return 'exact' in pp ? `${column} = ${literal(pp.exact)}` : `${column} LIKE ${literal(pp.source.replace(/[\\%_]/g, '\\$&').replace(/\*/g, '%'))}`;
}

/** The pattern as a PostgreSQL condition on a schema and a name column (for catalog queries). */
export function patternCondition(p: ObjectPattern, schemaColumn: string, nameColumn: string, literal: (s: string) => string): string {
  return `(${partCondition(p.schema, schemaColumn, literal)} AND ${partCondition(p.name, nameColumn, literal)})`;
}
