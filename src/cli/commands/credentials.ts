// `schemaop credentials put|list|rotate|verify|migrate`: exchange credentials, envelope-encrypted.
// Secrets come from stdin or a prompt only (never argv or the environment); the command acts as
// the access model's `credentials` role; nothing it prints contains a secret.
import * as readline from 'node:readline';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { scrub } from '../../db/url';
import { Envelope, keyOfMessage, openEnvelope } from '../../credentials/envelope';
import { keyConfigFromEnv } from '../../credentials/keys';
import { credentialsSession } from '../../credentials/session';
import { listCredentials, migrateFromFernet, putAccountCredentials, putApiKey, putUserCredentials, putUserExchange, rotate, ScanReport, SecretsSchema, verify } from '../../credentials/store';
import { SchemaopError } from '../../errors';
import { EXIT } from '../../exit-codes';
import { resolveTarget } from '../target';

export const CREDENTIALS_USAGE = `schemaop credentials: exchange credentials, envelope-encrypted with the stack's key

Usage: schemaop credentials <put|list|rotate|verify|migrate> [options]

  put      store credentials; the secrets are read from stdin as JSON
           {"apiKey": "...", "secret": "...", "extra": {"passphrase": "..."}} or asked for on a terminal
             --account NAME --exchange DEX [--subaccount N] [--exchange-account-id ID]   (account_exchange_credentials)
             --user SUB --user-account NAME --type TYPE [--nickname N]                  (user_credentials)
             --user SUB --exchange NAME [--nickname N]                                  (user_exchanges)
             --api-key-id ID     (api_keys: stdin {"key": "..."})
  list     accounts, exchanges, nicknames, key ids, last used; no secret
  rotate   re-encrypt every value under the current key, in batches (resumable; safe to kill)
  verify   decrypt every value (printing none) and report those that fail (exit 1)
  migrate --from-fernet   re-encrypt Fernet tokens to envelopes in place; the Fernet key is read from stdin

Options: --url URL, --port N, --db-dir DIR, --env ENV (role names, default $SCHEMAOP_ENV or dev),
  --access DIR (default access), --batch-size N (default 100), --format text|json, -q
Keys: SCHEMAOP_KMS_KEY_ID (+ AWS_REGION, SCHEMAOP_KMS_ENDPOINT) or SCHEMAOP_DATA_KEY;
  SCHEMAOP_PREVIOUS_KMS_KEY_IDS / SCHEMAOP_PREVIOUS_DATA_KEYS for values under earlier keys.`;

const OPTIONS = {
  url: { type: 'string' },
  port: { type: 'string' },
  'db-dir': { type: 'string' },
  env: { type: 'string' },
  access: { type: 'string' },
  format: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  'batch-size': { type: 'string' },
  account: { type: 'string' },
  exchange: { type: 'string' },
  subaccount: { type: 'string' },
  'exchange-account-id': { type: 'string' },
  user: { type: 'string' },
  'user-account': { type: 'string' },
  type: { type: 'string' },
  nickname: { type: 'string' },
  'api-key-id': { type: 'string' },
  'from-fernet': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface CredentialsIo {
  out(s: string): void;
  err(s: string): void;
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
}

class Usage extends SchemaopError {
  constructor(m: string) {
    super(`${m}\nRun \`schemaop credentials --help\` for usage.`, EXIT.usage);
  }
}

async function readAll(stdin: NodeJS.ReadableStream): Promise<string> {
  let s = '';
  for await (const chunk of stdin) s += chunk;
  return s;
}

/** Asks on the terminal without echoing what is typed. */
async function askHidden(stdin: NodeJS.ReadableStream, question: string): Promise<string> {
  const rl = readline.createInterface({ input: stdin, output: process.stderr, terminal: true });
  const out = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WritableStream };
  let asked = false;
  out._writeToOutput = (s: string) => {
    if (!asked) {
      asked = true;
      process.stderr.write(s);
    }
  };
  try {
    return await new Promise<string>((resolve) => rl.question(question, resolve));
  } finally {
    rl.close();
    process.stderr.write('\n');
  }
}

const int = (v: string | undefined, name: string) => {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new Usage(`--${name}: expected a whole number, got ${v}`);
  return Number(v);
};

export async function credentialsCommand(argv: string[], io: CredentialsIo): Promise<number> {
  let flags: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];
  let positionals: string[];
  try {
    ({ values: flags, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true }));
  } catch (e) {
    io.err(`schemaop credentials: ${(e as Error).message}\nRun \`schemaop credentials --help\` for usage.`);
    return EXIT.usage;
  }
  const [sub] = positionals;
  if (flags.help || !sub) {
    io.out(CREDENTIALS_USAGE);
    return sub || flags.help ? EXIT.ok : EXIT.usage;
  }
  const json = flags.format === 'json';
  const say = (m: string) => {
    if (!flags.quiet) io.err(m);
  };
  const stdin = io.stdin ?? process.stdin;
  let url: string | undefined;
  try {
    if (flags.format && !['text', 'json'].includes(flags.format)) throw new Usage(`--format must be text or json, got ${flags.format}`);
    if (!['put', 'list', 'rotate', 'verify', 'migrate'].includes(sub)) throw new Usage(`unknown subcommand: ${sub}`);
    if (sub === 'migrate' && !flags['from-fernet']) throw new Usage('migrate: only --from-fernet is supported');
    const batchSize = int(flags['batch-size'], 'batch-size');
    // The keys are checked before anything connects: a wrong setting changes nothing.
    const keys = sub === 'list' ? undefined : keyConfigFromEnv();
    url = await resolveTarget(flags, say);
    const c = await credentialsSession(url, { env: flags.env, accessDir: flags.access });
    try {
      if (sub === 'list') {
        const rows = await listCredentials(c, keyOfMessage);
        if (json) io.out(JSON.stringify(rows, null, 2));
        else if (!rows.length) io.out('No credentials.');
        else for (const r of rows) io.out(`${r.table.padEnd(29)} ${String(r.account ?? '').padEnd(20)} ${String(r.exchange ?? '-').padEnd(14)} ${String(r.label ?? '-').padEnd(14)} ${r.active ? 'active  ' : 'inactive'} last used ${r.lastUsed ?? 'never'}  keys ${r.keys.join(', ') || '-'}`);
        return EXIT.ok;
      }
      const env = await openEnvelope(keys!);
      try {
        return await change(sub, env);
      } finally {
        env.close();
      }
    } finally {
      await c.end().catch(() => undefined);
    }
    async function change(sub: string, env: Envelope): Promise<number> {
      const onProgress = (m: string) => say(`… ${m}`);
      if (sub === 'put') return await put(flags, io, stdin, c, env, json);
      let report: ScanReport;
      if (sub === 'rotate') report = await rotate(c, env, { batchSize, onProgress });
      else if (sub === 'verify') report = await verify(c, env, { batchSize, onProgress });
      else {
        const key = stdin.isTTY ? await askHidden(stdin, 'Fernet key (CREDENTIAL_ENCRYPTION_KEY): ') : (await readAll(stdin)).split('\n')[0];
        report = await migrateFromFernet(c, env, key, { batchSize, onProgress });
      }
      if (json) io.out(JSON.stringify({ key: env.currentKey, ...report }, null, 2));
      else {
        const verb = sub === 'rotate' ? 're-encrypted' : sub === 'migrate' ? 'migrated' : 'changed';
        io.out(sub === 'verify' ? `${report.values} values checked, ${report.values - report.failures.length} decrypt` : `${report.values} values: ${report.changed} ${verb} under ${env.currentKey}, ${report.unchanged} already done${report.fernet ? `, ${report.fernet} Fernet tokens left (run migrate --from-fernet)` : ''}`);
        for (const f of report.failures) io.out(`  FAILED ${f.where}: ${f.reason}`);
      }
      return report.failures.length ? EXIT.error : EXIT.ok;
    }
  } catch (e) {
    const err = e as Error;
    const code = e instanceof SchemaopError ? e.exitCode : EXIT.error;
    // Only our own messages are shown whole; they never contain a secret. Others lose their stack.
    const text = scrub(err.message.split('\n').slice(0, e instanceof SchemaopError ? undefined : 1).join('\n'), url, flags.url, process.env.SCHEMAOP_URL);
    if (json) io.out(JSON.stringify({ error: text, exitCode: code }, null, 2));
    io.err(`schemaop credentials ${sub}: ${text}`);
    return code;
  }
}

const ApiKeyInput = z.object({ key: z.string().min(1) }).strict();

async function put(flags: Record<string, string | boolean | undefined>, io: CredentialsIo, stdin: NodeJS.ReadableStream & { isTTY?: boolean }, c: Parameters<typeof rotate>[0], env: Awaited<ReturnType<typeof openEnvelope>>, json: boolean): Promise<number> {
  const f = flags as Record<string, string | undefined>;
  const parseStdin = async <T>(schema: z.ZodType<T>, prompts: [string, string][]): Promise<T> => {
    if (stdin.isTTY) {
      const o: Record<string, string> = {};
      for (const [k, q] of prompts) o[k] = await askHidden(stdin, q);
      return schema.parse(o);
    }
    const text = await readAll(stdin);
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      // The text is not shown: it may be a secret.
      throw new Usage('stdin: expected a JSON object (see --help)');
    }
    const r = schema.safeParse(data);
    if (!r.success) throw new Usage(`stdin: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
    return r.data;
  };
  const secretPrompts: [string, string][] = [
    ['apiKey', 'API key: '],
    ['secret', 'API secret: '],
  ];
  let r: { id: string; created: boolean };
  let what: string;
  if (f['api-key-id']) {
    const { key } = await parseStdin(ApiKeyInput, [['key', 'Key: ']]);
    r = await putApiKey(c, env, { apiKeyId: f['api-key-id'], key });
    what = `api_keys ${f['api-key-id']}`;
  } else if (f.account) {
    if (!f.exchange) throw new Usage('put --account needs --exchange');
    const secrets = await parseStdin(SecretsSchema, secretPrompts);
    r = await putAccountCredentials(c, env, { account: f.account, exchange: f.exchange, subaccount: int(f.subaccount, 'subaccount'), exchangeAccountId: f['exchange-account-id'], secrets });
    what = `account_exchange_credentials of ${f.account} on ${f.exchange} (subaccount ${f.subaccount ?? 0})`;
  } else if (f.user && f['user-account']) {
    if (!f.type) throw new Usage('put --user-account needs --type (e.g. alpaca_paper)');
    const secrets = await parseStdin(SecretsSchema, secretPrompts);
    r = await putUserCredentials(c, env, { user: f.user, userAccount: f['user-account'], type: f.type, nickname: f.nickname, secrets });
    what = `user_credentials ${f.nickname ?? f.type} of ${f['user-account']}`;
  } else if (f.user && f.exchange) {
    const secrets = await parseStdin(SecretsSchema, secretPrompts);
    r = await putUserExchange(c, env, { user: f.user, exchange: f.exchange, nickname: f.nickname, secrets });
    what = `user_exchanges ${f.exchange}${f.nickname ? ` (${f.nickname})` : ''} of user ${f.user}`;
  } else throw new Usage('put: give --account and --exchange, --user with --user-account and --type, --user with --exchange, or --api-key-id');
  if (json) io.out(JSON.stringify({ ...r, key: env.currentKey }, null, 2));
  else io.out(`${r.created ? 'Stored' : 'Replaced'} ${what}: row ${r.id}, under ${env.currentKey}`);
  return EXIT.ok;
}
