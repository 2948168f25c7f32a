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

/** The same URL pointing at another database on the same server. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = '/' + encodeURIComponent(database);
  return u.toString();
}

export function databaseOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || 'postgres';
}

/** The URL with its password replaced, safe to print. */
export function redact(url: string): string {
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
    try {
      const u = new URL(url);
      const pw = decodeURIComponent(u.password);
      if (pw) out = out.split(pw).join('***').split(u.password).join('***');
      out = out.split(url).join(redact(url));
    } catch {
      /* not a URL: nothing to scrub */
    }
  }
  return out;
}
