// Connection strings as users write them: URLs (passwords encoded or not) and libpq keywords, read
// by one parser; what cannot be read is refused without the string; the scrubber masks the exact
// password, never a fragment of it.
import { describe, expect, it } from 'vitest';
import { isLocalHost } from '../../src/engine/dev-server';
import { databaseOf, formatConnection, parseConnection, redact, scrub, withDatabase } from '../../src/db/url';
import { tlsPlan } from '../../src/db/tls';

const CASES: [string, string, Record<string, unknown>][] = [
  ['plain URL', 'postgres://app:secret@db.example.com:5433/shop?sslmode=require', { host: 'db.example.com', port: 5433, user: 'app', password: 'secret', database: 'shop', sslmode: 'require' }],
  ['postgresql scheme, no port', 'postgresql://app:secret@db.example.com/shop', { host: 'db.example.com', database: 'shop' }],
  ['percent-encoded password', 'postgres://app:p%2Fs%23s%40x@db.example.com/shop', { host: 'db.example.com', password: 'p/s#s@x' }],
  ['unencoded / in the password', 'postgres://app:p/ss@db.example.com/shop', { host: 'db.example.com', user: 'app', password: 'p/ss', database: 'shop' }],
  ['unencoded # in the password', 'postgres://app:p#ss@db.example.com/shop', { host: 'db.example.com', password: 'p#ss', database: 'shop' }],
  ['unencoded ? in the password', 'postgres://app:p?ss@db.example.com/shop', { host: 'db.example.com', password: 'p?ss', database: 'shop' }],
  ['unencoded : and @ in the password', 'postgres://app:p:s@s@db.example.com:6432/shop', { host: 'db.example.com', port: 6432, password: 'p:s@s' }],
  ['a password holding @localhost/', 'postgres://app:a@localhost/x@db.example.com/shop', { host: 'db.example.com', password: 'a@localhost/x', database: 'shop' }],
  ['a lone % in the password', 'postgres://app:50%off@db.example.com/shop', { password: '50%off' }],
  ['@ in a query value, no password', 'postgres://db.example.com/shop?application_name=me@work', { host: 'db.example.com', extra: { application_name: 'me@work' } }],
  ['@ in a query value with a password', 'postgres://app:pw@db.example.com/shop?application_name=me@work', { host: 'db.example.com', password: 'pw', extra: { application_name: 'me@work' } }],
  ['a percent-encoded database name', 'postgres://app:pw@db.example.com/my%2Fdb%40x', { database: 'my/db@x' }],
  ['a plus sign in the query is a plus sign, as in libpq', 'postgres://app:pw@db.example.com/shop?application_name=a+b%20c', { extra: { application_name: 'a+b c' } }],
  ['IPv6 host', 'postgres://app:pw@[::1]:5432/shop', { host: '::1', port: 5432 }],
  ['Unix socket folder in the query', 'postgresql:///shop?host=/var/run/postgresql', { host: '/var/run/postgresql', database: 'shop' }],
  ['TLS files', 'postgres://app:pw@db.example.com/shop?sslmode=verify-full&sslrootcert=/etc/ssl/rds/global-bundle.pem', { sslmode: 'verify-full', sslrootcert: '/etc/ssl/rds/global-bundle.pem' }],
  [
    'libpq keywords',
    'host=db.example.com port=5433 user=app password=p/s#s@x dbname=shop sslmode=verify-ca sslrootcert=/tmp/ca.pem',
    { host: 'db.example.com', port: 5433, user: 'app', password: 'p/s#s@x', database: 'shop', sslmode: 'verify-ca', sslrootcert: '/tmp/ca.pem' },
  ],
  ['libpq keywords, quoted values and spaces around =', "host = db.example.com password = 'a b' dbname='my shop'", { password: 'a b', database: 'my shop' }],
  ['libpq keywords, escapes', "password='p \\'q\\\\' user=app", { password: "p 'q\\", user: 'app' }],
];

describe('one parser for every connection string', () => {
  it.each(CASES)('%s', (_name, text, expected) => {
    expect(parseConnection(text)).toMatchObject(expected);
  });

  it('formats a canonical URL that reads back the same', () => {
    for (const [, text] of CASES) {
      const p = parseConnection(text);
      const { passwordAsWritten: _written, ...read } = parseConnection(formatConnection(p));
      const { passwordAsWritten: _given, ...given } = p;
      expect(read).toEqual(given);
    }
  });

  it('redacts the password in every form and keeps the rest', () => {
    expect(redact('postgres://app:p/ss@db.example.com/shop?sslmode=require')).toBe('postgres://app:***@db.example.com/shop?sslmode=require');
    expect(redact('host=db.example.com user=app password=p/ss dbname=shop')).toBe('postgres://app:***@db.example.com/shop');
    expect(redact('postgres://db.example.com/shop')).toBe('postgres://db.example.com/shop');
  });

  it('moves to another database on the same server, password and TLS kept', () => {
    const url = withDatabase('postgres://app:a@localhost/x@db.example.com/shop?sslmode=verify-full&sslrootcert=/ca.pem', 'other');
    expect(parseConnection(url)).toMatchObject({ host: 'db.example.com', password: 'a@localhost/x', database: 'other', sslmode: 'verify-full', sslrootcert: '/ca.pem' });
    expect(databaseOf(url)).toBe('other');
    expect(databaseOf('postgres://app:pw@db.example.com')).toBe('app');
  });

  it('decides local or remote from the host the connection goes to', () => {
    const host = (s: string) => parseConnection(s).host ?? 'localhost';
    expect(isLocalHost(host('postgres://app:a@localhost/x@db.example.com/shop'))).toBe(false);
    expect(isLocalHost(host('postgres://app:pw@127.0.0.1:5432/shop'))).toBe(true);
    expect(isLocalHost(host('host=db.example.com password=@localhost/'))).toBe(false);
    expect(isLocalHost(host('postgres:///shop'))).toBe(true);
  });

  it.each([
    ['another scheme', 'mysql://app:secret1@db.example.com/shop', /the scheme mysql:\/\/ is not PostgreSQL's/],
    ['not a connection string', 'db.example.com:5432', /expected postgres:\/\/user:password@host/],
    ['no host after the password', 'postgres://app:secret1@db.example.com:54x/shop', /no host, port and database could be read after the user name and password: percent-encode/],
    ['an unknown parameter', 'postgres://app:secret1@db.example.com/shop?schema=public', /the query parameter "schema" is not a libpq connection parameter/],
    ['an unknown parameter after an unencoded password', 'postgres://app:p/secret1@db.example.com/shop?schema=public', /the query parameter "schema" is not a libpq connection parameter/],
    ['an unknown keyword', 'host=db.example.com pasword=secret1', /the keyword "pasword" is not a libpq connection parameter/],
    ['node-postgres sslmode', 'postgres://app:secret1@db.example.com/shop?sslmode=no-verify', /invalid sslmode "no-verify".*require encrypts without verifying/],
    ['a bad port', 'postgres://app:secret1@db.example.com:99999/shop', /the port "99999" is not a number/],
    ['a query parameter without a value', 'postgres://app:secret1@db.example.com/shop?sslmode', /a query parameter has no "=" and value/],
    ['several hosts', 'postgres://app:secret1@h1,h2/shop', /several hosts are not supported/],
    ['an unterminated quote', "host=db.example.com password='secret1", /unterminated quoted value for "password"/],
  ])('refuses %s clearly, without the password', (_name, text, message) => {
    let error: Error | undefined;
    try {
      parseConnection(text);
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toMatch(message);
    expect(error?.message).not.toContain('secret1');
    expect((error as { exitCode?: number }).exitCode).toBe(64);
  });
});

describe('scrubbing', () => {
  // Messages as a failed connection produces them, holding the password the way each string spells it.
  const SECRETS: [string, string][] = [
    ['postgres://app:p/ss-Word1@db.example.com/shop', 'p/ss-Word1'],
    ['postgres://app:p#ss-Word1@db.example.com/shop', 'p#ss-Word1'],
    ['postgres://app:a@localhost/x@db.example.com/shop', 'a@localhost/x'],
    ['postgres://app:p%2Fss%40Word1@db.example.com/shop', 'p/ss@Word1'],
    ['host=db.example.com user=app password=\'s3cr3t Pass\' dbname=shop', 's3cr3t Pass'],
  ];

  it.each(SECRETS)('masks the exact password of %s, raw and encoded', (url, password) => {
    const message = `cannot connect to ${url}: authentication failed for "${password}" (${encodeURIComponent(password)}); connection to server at db.example.com failed`;
    const out = scrub(message, url);
    expect(out).not.toContain(password);
    expect(out).not.toContain(encodeURIComponent(password));
    expect(out).toContain('authentication failed for "***"');
    expect(out).toContain('connection to server at db.example.com failed');
    expect(out).toContain('cannot connect to postgres://app:***@db.example.com/shop');
  });

  it('never masks a fragment: a short password goes only where it stands alone', () => {
    const url = 'postgres://app:a@db.example.com/shop';
    expect(scrub('cannot connect: authentication failed, password a rejected', url)).toBe('cannot connect: authentication failed, password *** rejected');
  });

  it('leaves a word that is no connection string (--dev-url target) alone', () => {
    expect(scrub('the dev database is built on the target', 'target')).toBe('the dev database is built on the target');
  });

  it('masks an unreadable connection string as a whole', () => {
    expect(scrub('failed: postgres://app:secret1@db:54x/shop here', 'postgres://app:secret1@db:54x/shop')).toBe('failed: <unreadable connection string> here');
  });
});

describe('TLS options, as libpq reads sslmode', () => {
  const plan = (q: string) => tlsPlan(parseConnection(`postgres://app:pw@db.example.com/shop${q}`));
  it('maps each sslmode to its attempts', () => {
    const saved = process.env.PGSSLMODE;
    delete process.env.PGSSLMODE;
    try {
      expect(plan('').mode).toBe('prefer');
      expect(plan('?sslmode=disable').attempts).toEqual([false]);
      expect(plan('?sslmode=allow').attempts).toEqual([false, { rejectUnauthorized: false }]);
      expect(plan('?sslmode=prefer').attempts).toEqual([{ rejectUnauthorized: false }, false]);
      expect(plan('?sslmode=require').attempts).toEqual([{ rejectUnauthorized: false }]);
    } finally {
      if (saved !== undefined) process.env.PGSSLMODE = saved;
    }
  });

  it('refuses verification without a CA, and sslrootcert=system below verify-full', () => {
    expect(() => plan('?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem')).toThrow(/the sslrootcert file \/nonexistent\/ca\.pem does not exist/);
    expect(() => plan('?sslmode=verify-ca&sslrootcert=system')).toThrow(/sslrootcert=system .* needs sslmode=verify-full/);
    expect(plan('?sslmode=verify-full&sslrootcert=system').attempts).toEqual([{ rejectUnauthorized: true }]);
  });
});
