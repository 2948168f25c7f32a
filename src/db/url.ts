// Connection strings: built, parsed and always redacted before they reach a log or a report.

export interface UrlParts {
  user: string;
  password?: string;
  host: string;
  port: number;
  database: string;
}

export function buildUrl(p: UrlParts): string {
  const auth = encodeURIComponent(p.user) + (p.password ? ':' + encodeURIComponent(p.password) : '');
  return `postgres://${auth}@${p.host}:${p.port}/${encodeURIComponent(p.database)}`;
}

/**
 * The parts of a `postgres://` / `postgresql://` URL (the inverse of buildUrl, the password as
 * written raw or percent-encoded) and its query parameters; undefined when it is not one.
 */
export function urlParts(url: string): (UrlParts & { params: URLSearchParams }) | undefined {
  let u: URL;
  try {
    u = new URL(withEncodedPassword(url));
  } catch {
    return undefined;
  }
  if (!/^postgres(ql)?:$/.test(u.protocol) || !u.hostname || !u.username) return undefined;
  return {
    user: decodeURIComponent(u.username),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    host: u.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: u.port ? Number(u.port) : 5432,
    database: decodeURIComponent(u.pathname.replace(/^\//, '')),
    params: u.searchParams,
  };
}

/** The same URL pointing at another database on the same server. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = '/' + encodeURIComponent(database);
  return u.toString();
}

export function databaseOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || 'postgres';
}

/**
 * The password as written in the URL, up to the last `@` of the authority: a password that is not
 * percent-encoded may itself hold `@`, `/` or `:` (which URL parsers split elsewhere).
 */
function rawPassword(url: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^?#]*)@/i.exec(url);
  if (!m) return undefined;
  const userinfo = m[1];
  const colon = userinfo.indexOf(':');
  return colon >= 0 ? userinfo.slice(colon + 1) : undefined;
}

/**
 * The URL with its password percent-encoded when it was written raw (holding `@`, `/`, `:`, `?`
 * or `#`), so that the host is the one after the last `@`, as the user meant.
 */
export function withEncodedPassword(url: string): string {
  const raw = rawPassword(url);
  if (!raw || !/[@/:?#]/.test(raw)) return url;
  let plain = raw;
  try {
    plain = decodeURIComponent(raw);
  } catch {
    /* raw as it is */
  }
  return url.replace(`:${raw}@`, `:${encodeURIComponent(plain)}@`);
}

/** The URL with its password replaced, safe to print. */
export function redact(url: string): string {
  const raw = rawPassword(url);
  if (raw && /[@/:?#]/.test(raw)) url = url.replace(`:${raw}@`, ':***@');
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    for (const k of [...u.searchParams.keys()]) if (/pass|secret|key|token/i.test(k)) u.searchParams.set(k, '***');
    return u.toString();
  } catch {
    return '<unparseable connection string>';
  }
}

/** Removes every occurrence of the URL's password from a message. */
export function scrub(message: string, ...urls: (string | undefined)[]): string {
  let out = message;
  for (const url of urls) {
    if (!url) continue;
    const raw = rawPassword(url);
    const secrets = new Set<string>();
    if (raw) {
      secrets.add(raw);
      try {
        secrets.add(decodeURIComponent(raw));
      } catch {
        /* not percent-encoded */
      }
    }
    try {
      const u = new URL(url);
      if (u.password) secrets.add(u.password).add(decodeURIComponent(u.password));
    } catch {
      /* not a URL: the raw password is still scrubbed */
    }
    out = out.split(url).join(redact(url));
    for (const pw of [...secrets].filter(Boolean).sort((a, b) => b.length - a.length)) out = out.split(pw).join('***');
  }
  return out;
}

export const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify'] as const;
export type SslMode = (typeof SSL_MODES)[number];

/** The URL's sslmode (undefined when not given); an unknown mode is an error, never a silent default. */
export function sslModeOf(url: string): SslMode | undefined {
  let mode: string | null;
  try {
    mode = new URL(url).searchParams.get('sslmode');
  } catch {
    return undefined;
  }
  if (mode === null) return undefined;
  if (!(SSL_MODES as readonly string[]).includes(mode)) throw new Error(`invalid sslmode "${mode}": expected one of ${SSL_MODES.join(', ')}`);
  return mode as SslMode;
}

/** The same URL with another sslmode. */
export function withSslMode(url: string, mode: SslMode): string {
  const u = new URL(url);
  u.searchParams.set('sslmode', mode);
  return u.toString();
}

/** The files named by sslrootcert, sslcert and sslkey. */
export function sslFilesOf(url: string): { param: string; file: string }[] {
  try {
    const q = new URL(url).searchParams;
    return ['sslrootcert', 'sslcert', 'sslkey'].filter((p) => q.get(p)).map((param) => ({ param, file: q.get(param)! }));
  } catch {
    return [];
  }
}
