// Quoting for SQL text: the one implementation (identifiers, qualified names, literals).

/** An identifier, always quoted (`""` for a quote): reads back as exactly `s`. */
export const quoteIdent = (s: string) => '"' + s.replace(/"/g, '""') + '"';

/** `"schema"."name"`. */
export const quoteQualified = (schema: string, name: string) => `${quoteIdent(schema)}.${quoteIdent(name)}`;

// Keywords that must be quoted as identifiers (PostgreSQL's reserved words).
const RESERVED = new Set(
  'all analyse analyze and any array as asc asymmetric authorization binary both case cast check collate collation column concurrently constraint create cross current_catalog current_date current_role current_schema current_time current_timestamp current_user default deferrable desc distinct do else end except false fetch for foreign freeze from full grant group having ilike in initially inner intersect into is isnull join lateral leading left like limit localtime localtimestamp natural not notnull null offset on only or order outer overlaps placing primary references returning right select session_user similar some symmetric system_user table tablesample then to trailing true union unique user using variadic verbose when where window with'.split(' '),
);

/** An identifier, plain where it reads back as itself (lower-case letters, digits, `_`, `$`; no reserved word), else quoted. */
export const quoteIdentIfNeeded = (s: string) => (/^[a-z_][a-z0-9_$]*$/.test(s) && !RESERVED.has(s) ? s : quoteIdent(s));

/**
 * A string literal that means `s` whatever standard_conforming_strings is: with a backslash in
 * it, an escape string (`E'...'`, the backslash doubled); else a plain one (`''` for a quote).
 */
export const quoteLiteral = (s: string) => (s.includes('\\') ? 'E' : '') + "'" + s.replace(/\\/g, '\\\\').replace(/'/g, "''") + "'";
