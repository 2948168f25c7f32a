// The identity of a database object: (schema, name[, sub-name]) as PostgreSQL stores them, never a
// dotted string. Text becomes an identity only through `parseQualified` / `parsePattern`, which
// read identifiers as PostgreSQL's parser does (an unquoted one folds to lower case, a quoted one
// is taken as written with "" for a quote); an identity becomes text only at the edge: SQL
// (`sqlName`, always quoted), a report (`displayName`, quoted where the plain form would be
// ambiguous) or a map key (`idKey`).
import { quoteIdent } from './quote';

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

/**
 * The key the plan's changes, lint and the differ name objects by (a change's `object`):
 * `schema.name[.sub]`, each part as PostgreSQL stores it, quoted (`""` for a quote) only when it
 * holds a dot or a double quote, so that `splitKey` gives the parts back exactly
 * (`public."we.ird""name"` is not `public.we`). Names without either read as plain dotted text.
 */
export const dottedKey = (...parts: string[]): string => parts.map((p) => (p.includes('.') || p.includes('"') ? quoteIdent(p) : p)).join('.');

/** The parts of a `dottedKey`: split at the dots outside quotes, quoted parts unquoted. */
export function splitKey(key: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    let part = '';
    if (key[i] === '"') {
      for (i++; i < key.length; i++) {
        if (key[i] !== '"') part += key[i];
        else if (key[i + 1] === '"') part += key[i++];
        else break;
      }
      i++;
      // Text after a closing quote (a function's argument list) stays with its part.
      while (i < key.length && key[i] !== '.') part += key[i++];
    } else {
      while (i < key.length && key[i] !== '.') part += key[i++];
    }
    out.push(part);
    if (i >= key.length) return out;
    i++;
  }
}

/** The key of the relation a key names or belongs to (`schema.table` of `schema.table.column`). */
export const relationKey = (key: string): string => dottedKey(...splitKey(key).slice(0, 2));

/** `dottedKey` of text columns, as a SQL expression (catalog queries keyed as the plan keys objects). */
export const dottedKeySql = (...columns: string[]): string =>
  columns.map((c) => `(CASE WHEN strpos(${c}, '.') > 0 OR strpos(${c}, '"') > 0 THEN quote_ident(${c}) ELSE ${c}::text END)`).join(" || '.' || ");

/** The identity a `dottedKey` names. */
export const idOfKey = (key: string): ObjectId => {
  const [schema, name, ...sub] = splitKey(key);
  return objectId(schema, name, sub.length ? sub.join('.') : undefined);
};

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
