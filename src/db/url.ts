// Connection strings: one parser for every form a user writes (a postgres:// URL or libpq's
// `host=… password=…` keywords) into one ConnectionParams value; every decision (where to connect,
// local or remote, TLS, what to mask) reads that value, and every string schemaop prints or hands
// to another tool is formatted from it, password redacted.
import { parse as parsePgUrl } from 'pg-connection-string';
import { SchemaopError } from '../errors';
import { EXIT } from '../exit-codes';

/** libpq's sslmodes (https://www.postgresql.org/docs/current/libpq-ssl.html). */
export const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
export type SslMode = (typeof SSL_MODES)[number];

export interface ConnectionParams {
  /** Host name, address or Unix socket folder; undefined: the driver's default (PGHOST, localhost). */
  host?: string;
  port?: number;
  user?: string;
  password?: string;
  database?: string;
  /** undefined: libpq's default (PGSSLMODE, else prefer). */
  sslmode?: SslMode;
  sslrootcert?: string;
  sslcert?: string;
  sslkey?: string;
  /** Other libpq parameters that are passed on: application_name, options, connect_timeout, ... */
  extra: Record<string, string>;
  /** The password as the string spelled it (percent-encoded, quoted), for the scrubber. */
  passwordAsWritten?: string;
}

/** The parts of a URL that the embedded server and the providers build from. */
export interface UrlParts {
  user: string;
  password?: string;
  host: string;
  port: number;
  database: string;
}

const USAGE = 'expected postgres://user:password@host:port/database?sslmode=… or libpq keywords (host=… port=… user=… password=… dbname=…)';

const bad = (why: string) => new SchemaopError(`cannot read the connection string: ${why}`, EXIT.usage);

// libpq parameters schemaop reads (the others would change where or how it connects, unseen).
const FIELDS = ['host', 'port', 'user', 'password', 'dbname', 'sslmode', 'sslrootcert', 'sslcert', 'sslkey'] as const;
const PASSED_ON = ['application_name', 'fallback_application_name', 'options', 'connect_timeout', 'client_encoding'] as const;
// libpq parameters with no effect on where the connection goes or what it proves: accepted, not used.
const IGNORED = ['keepalives', 'keepalives_idle', 'keepalives_interval', 'keepalives_count', 'tcp_user_timeout', 'gssencmode', 'channel_binding'];

/** Parses a connection string; what cannot be read is refused with a message that never holds the string itself. */
export function parseConnection(text: string): ConnectionParams {
  const s = text.trim();
  if (/^postgres(ql)?:\/\//i.test(s)) return fromUrl(s);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) throw bad(`the scheme ${s.slice(0, s.indexOf(':'))}:// is not PostgreSQL's: ${USAGE}`);
  if (/^\s*[a-z_]+\s*=/i.test(s)) return fromKeywords(s);
  throw bad(USAGE);
}

// After the `@` that ends the user information: host (or [IPv6]), port, one path segment (the
// database: a `/`, `@` or `#` in it must be percent-encoded) and the query.
const AFTER_AT = /^(\[[0-9a-f:.]+\]|[^/?#@[\]:]*)(?::(\d*))?(\/[^/?#@]*)?(\?[^#]*)?$/i;

function fromUrl(s: string): ConnectionParams {
  const scheme = s.indexOf('://') + 3;
  const body = s.slice(scheme);
  // Where a standard parser ends the user information: the last `@` before the first `/`, `?`, `#`.
  const slash = body.search(/[/?#]/);
  const authorityEnd = slash < 0 ? body.length : slash;
  const standard = body.slice(0, authorityEnd).lastIndexOf('@');
  const later = [...body.matchAll(/@/g)].map((m) => m.index).filter((i) => i > authorityEnd);
  const last = (ok: (rest: string) => boolean) => later.filter((i) => ok(body.slice(i + 1))).pop();
  const std = body.slice(standard + 1);
  // The standard reading when it is a valid one; else the password holds `/`, `?` or `#` unencoded,
  // and the user information ends at the last `@` after which a host, database and known
  // parameters follow. Failing both, the reading whose unknown parameter or port is then named.
  const structural = (rest: string) => AFTER_AT.test(rest);
  const at = valid(std) ? standard : (last(valid) ?? (structural(std) ? standard : (last(structural) ?? NaN)));
  if (Number.isNaN(at)) throw bad(`no host, port and database could be read${body.includes('@') ? ' after the user name and password: percent-encode the password' : ''} (${USAGE})`);
  const userinfo = at >= 0 ? body.slice(0, at) : undefined;
  const rest = at >= 0 ? body.slice(at + 1) : body;
  const parts = AFTER_AT.exec(rest);
  if (!parts) throw bad(`no host, port and database could be read: ${USAGE}`);
  const [, hostText, portText, pathText, queryText] = parts;
  if (hostText.includes(',')) throw bad('several hosts are not supported: give one host');
  let host;
  try {
    host = parsePgUrl(`postgres://${hostText}`).host;
  } catch {
    throw bad(`the host could not be read: ${USAGE}`);
  }
  const p: ConnectionParams = { extra: {} };
  if (host) p.host = host;
  if (portText) p.port = portOf(portText);
  if (pathText && pathText.length > 1) p.database = decode(pathText.slice(1));
  if (userinfo !== undefined) {
    const colon = userinfo.indexOf(':');
    const user = colon >= 0 ? userinfo.slice(0, colon) : userinfo;
    if (user) p.user = decode(user);
    if (colon >= 0) {
      p.passwordAsWritten = userinfo.slice(colon + 1);
      p.password = decode(p.passwordAsWritten);
    }
  }
  for (const [key, value] of queryPairs(queryText)) set(p, key, value, 'query parameter');
  return p;
}

/** Whether what follows an `@` reads as host, port, database and known query parameters. */
function valid(rest: string): boolean {
  const m = AFTER_AT.exec(rest);
  if (!m) return false;
  if (!m[4]) return true;
  try {
    return queryPairs(m[4]).every(([k]) => known(k));
  } catch {
    return false;
  }
}

/** `?k=v&k=v`, percent-decoded only (as libpq: a `+` is a plus sign). */
function queryPairs(query: string | undefined): [string, string][] {
  if (!query || query === '?') return [];
  return query
    .slice(1)
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) throw bad('a query parameter has no "=" and value');
      return [decode(pair.slice(0, eq)), decode(pair.slice(eq + 1))];
    });
}

const known = (key: string) => (FIELDS as readonly string[]).includes(key) || (PASSED_ON as readonly string[]).includes(key) || IGNORED.includes(key);

/** Percent-decoding when the text is percent-encoded; a lone `%` (as in `50%off`) is the character itself. */
function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function portOf(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 65535) throw bad(`the port "${text}" is not a number from 1 to 65535`);
  return n;
}

function set(p: ConnectionParams, key: string, value: string, what: string): void {
  switch (key) {
    case 'host':
      if (value.includes(',')) throw bad('several hosts are not supported: give one host');
      if (value) p.host = value;
      return;
    case 'port':
      if (value) p.port = portOf(value);
      return;
    case 'user':
      p.user = value;
      return;
    case 'password':
      p.password = value;
      return;
    case 'dbname':
      p.database = value;
      return;
    case 'sslmode':
      if (!(SSL_MODES as readonly string[]).includes(value)) {
        throw bad(`invalid sslmode "${value}": expected one of ${SSL_MODES.join(', ')}` + (value === 'no-verify' ? ' (no-verify is node-postgres\' own: require encrypts without verifying)' : ''));
      }
      p.sslmode = value as SslMode;
      return;
    case 'sslrootcert':
    case 'sslcert':
    case 'sslkey':
      p[key] = value;
      return;
  }
  if ((PASSED_ON as readonly string[]).includes(key)) p.extra[key] = value;
  else if (!IGNORED.includes(key)) {
    throw bad(`the ${what} "${key}" is not a libpq connection parameter that schemaop supports (${[...FIELDS, ...PASSED_ON].join(', ')})`);
  }
}

/** libpq's keyword/value form: `key = value` pairs, a value in single quotes when it holds spaces, `\` escaping. */
function fromKeywords(s: string): ConnectionParams {
  const p: ConnectionParams = { extra: {} };
  let i = 0;
  const space = () => {
    while (i < s.length && /\s/.test(s[i])) i++;
  };
  for (space(); i < s.length; space()) {
    const key = /^[a-z_]+/i.exec(s.slice(i))?.[0];
    if (!key) throw bad(`expected a keyword at character ${i + 1}: ${USAGE}`);
    i += key.length;
    space();
    if (s[i] !== '=') throw bad(`missing "=" after "${key}"`);
    i++;
    space();
    const start = i;
    let value = '';
    if (s[i] === "'") {
      for (i++; i < s.length && s[i] !== "'"; i++) value += s[i] === '\\' && i + 1 < s.length ? s[++i] : s[i];
      if (s[i] !== "'") throw bad(`unterminated quoted value for "${key}"`);
      i++;
    } else {
      for (; i < s.length && !/\s/.test(s[i]); i++) value += s[i] === '\\' && i + 1 < s.length ? s[++i] : s[i];
    }
    if (key === 'password') p.passwordAsWritten = s.slice(start, i);
    set(p, key, value, 'keyword');
  }
  return p;
}

const enc = encodeURIComponent;

/** The canonical URL of the parameters (every part percent-encoded), for node tools and libpq alike. */
export function formatConnection(p: ConnectionParams, opts: { redactPassword?: boolean } = {}): string {
  const password = p.password === undefined ? '' : ':' + (opts.redactPassword ? '***' : enc(p.password));
  const auth = p.user !== undefined || p.password !== undefined ? `${enc(p.user ?? '')}${password}@` : '';
  const host = p.host === undefined ? '' : p.host.includes(':') ? `[${p.host}]` : enc(p.host);
  const params: [string, string | undefined][] = [['sslmode', p.sslmode], ['sslrootcert', p.sslrootcert], ['sslcert', p.sslcert], ['sslkey', p.sslkey], ...Object.entries(p.extra)];
  const query = params
    .filter((kv): kv is [string, string] => kv[1] !== undefined)
    .map(([k, v]) => `${k}=${enc(v)}`)
    .join('&');
  return `postgres://${auth}${host}${p.port !== undefined ? ':' + p.port : ''}/${enc(p.database ?? '')}${query ? '?' + query : ''}`;
}

export function buildUrl(u: UrlParts & { sslmode?: SslMode; sslrootcert?: string }): string {
  const { sslmode, sslrootcert, ...rest } = u;
  return formatConnection({ ...rest, ...(sslmode ? { sslmode } : {}), ...(sslrootcert ? { sslrootcert } : {}), extra: {} });
}

/** The same connection to another database on the same server (a URL). */
export function withDatabase(url: string, database: string): string {
  return formatConnection({ ...parseConnection(url), database });
}

/** The database a connection string names (as the driver defaults it: the user's name, then postgres). */
export function databaseOf(url: string): string {
  const p = parseConnection(url);
  return p.database || p.user || 'postgres';
}

/** The connection string with its password replaced, safe to print. */
export function redact(url: string): string {
  let p: ConnectionParams;
  try {
    p = parseConnection(url);
  } catch {
    return '<unreadable connection string>';
  }
  return formatConnection(p, { redactPassword: true });
}

// Shorter secrets are masked only where they stand apart from letters and digits: masking every `a`
// of a message would damage it and reveal nothing.
const SHORT = 8;

/** Every spelling of a password that a message may hold: as written, decoded, percent-encoded. */
function spellings(p: ConnectionParams): string[] {
  if (!p.password) return [];
  const whatwg = new URL('postgres://u@h');
  whatwg.password = p.password;
  const all = new Set([p.password, enc(p.password), whatwg.password, p.passwordAsWritten ?? p.password]);
  return [...all].filter(Boolean).sort((a, b) => b.length - a.length);
}

/** Removes every occurrence of the connection strings' passwords (exactly those, never a part) from a message. */
export function scrub(message: string, ...urls: (string | undefined)[]): string {
  let out = message;
  for (const url of urls) {
    if (!url) continue;
    let p: ConnectionParams;
    try {
      p = parseConnection(url);
    } catch {
      // Not readable, so its password is unknown: the whole string goes (a word such as
      // `--dev-url target` is no connection string and stays).
      if (/:\/\/|=/.test(url)) out = out.split(url).join('<unreadable connection string>');
      continue;
    }
    out = out.split(url).join(redact(url));
    for (const secret of spellings(p)) out = mask(out, secret);
  }
  return out;
}

function mask(text: string, secret: string): string {
  if (secret.length >= SHORT) return text.split(secret).join('***');
  const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(`(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9])`, 'g'), '***');
}
