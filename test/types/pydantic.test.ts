// The Pydantic modules import with Python and validate rows read from a real database: the
// repository's generated/python/models.py over the applied project (seed rows included), and the
// module `schemaop types` writes for the fixture schema. Needs python3 with pydantic (Debian's
// python3-pydantic): skipped without it, except in CI, where its absence fails the test.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exec } from '../../src/util/exec';
import { freshDatabase, query } from '../support/db';
import { FIXTURE_SQL } from './fixture';
import { projectCopy, read, schemaopIn } from './project';

/** Debian's python3 first: the one on PATH may be another installation without pydantic. */
function findPython(): string | undefined {
  for (const py of ['/usr/bin/python3', 'python3']) {
    try {
      execFileSync(py, ['-c', 'import pydantic'], { stdio: 'ignore' });
      return py;
    } catch {
      // next candidate
    }
  }
  return undefined;
}

const PYTHON = findPython();
const CI = ['true', '1'].includes((process.env.CI ?? '').toLowerCase());
const MISSING = 'python3 with pydantic is missing (apt-get install python3-pydantic)';
const needsPython = PYTHON || CI ? it : it.skip;
const title = (t: string) => (PYTHON || CI ? t : `${t} (skipped: ${MISSING})`);

/**
 * Validates `rows` (class name → rows as PostgreSQL's json_agg wrote them) with the module in
 * `dir`, through Pydantic v1's parse_obj or v2's model_validate; `bad` rows must be refused.
 */
const VALIDATE = `
import json, sys
from decimal import Decimal
sys.path.insert(0, sys.argv[1])
import models
import pydantic
data = json.load(open(sys.argv[2]), parse_float=Decimal)
def validate(cls, row):
    model = getattr(models, cls)
    return model.model_validate(row) if hasattr(model, 'model_validate') else model.parse_obj(row)
def described(v):
    if isinstance(v, list):
        return [described(x) for x in v]
    return {'type': type(v).__name__, 'value': v if v is None or isinstance(v, (int, str, bool)) else str(v)}
out = {'pydantic': pydantic.VERSION, 'valid': {}, 'refused': []}
for cls, rows in data['rows'].items():
    out['valid'][cls] = [{k: described(getattr(m, k)) for k in data['fields'].get(cls, [])} for m in (validate(cls, r) for r in rows)]
for cls, row in data['bad']:
    try:
        validate(cls, row)
    except pydantic.ValidationError as e:
        out['refused'].append([cls, [str(x['loc'][0]) for x in e.errors()]])
print(json.dumps(out))
`;

interface Validated {
  pydantic: string;
  valid: Record<string, Record<string, { type: string; value: unknown } | { type: string; value: unknown }[]>[]>;
  refused: [string, string[]][];
}

async function validate(moduleDir: string, data: { rows: Record<string, string>; fields: Record<string, string[]>; bad: [string, unknown][] }): Promise<Validated> {
  if (!PYTHON) throw new Error(`CI=true: ${MISSING}`);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pydantic-'));
  await fs.writeFile(path.join(dir, 'validate.py'), VALIDATE);
  // The rows as PostgreSQL wrote them: numeric values keep their digits (no JavaScript number between).
  const rows = `{${Object.entries(data.rows).map(([cls, json]) => `${JSON.stringify(cls)}: ${json}`).join(', ')}}`;
  await fs.writeFile(path.join(dir, 'rows.json'), `{"rows": ${rows}, "fields": ${JSON.stringify(data.fields)}, "bad": ${JSON.stringify(data.bad)}}`);
  const r = await exec(PYTHON, [path.join(dir, 'validate.py'), moduleDir, path.join(dir, 'rows.json')]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Validated;
}

/** Every row of `table`: a JSON array of objects keyed by column name, as PostgreSQL writes it. */
const rowsOf = async (url: string, table: string) => (await query<{ rows: string }>(url, `SELECT coalesce(json_agg(t ORDER BY t::text), '[]')::text AS rows FROM ${table} t`))[0].rows;

const CLASSES: Record<string, string> = {
  users: 'User',
  user_accounts: 'UserAccount',
  user_credentials: 'UserCredential',
  exchanges: 'Exchange',
  user_exchanges: 'UserExchange',
  api_keys: 'ApiKey',
  user_sessions: 'UserSession',
  chat_conversations: 'ChatConversation',
  chat_messages: 'ChatMessage',
  dexes: 'Dex',
  symbols: 'Symbol',
  accounts: 'Account',
  account_exchange_credentials: 'AccountExchangeCredential',
  account_exchange_sharing: 'AccountExchangeSharing',
  strategy_positions: 'StrategyPosition',
};

const ROWS = `
INSERT INTO users (cognito_user_id, email) VALUES ('sub-1', NULL), ('sub-2', 'b@example.com');
INSERT INTO user_accounts (user_id, account_name) SELECT id, 'main' FROM users WHERE cognito_user_id = 'sub-1';
INSERT INTO user_credentials (user_account_id, credential_type, api_key_encrypted, secret_key_encrypted, nickname)
  SELECT id, 'alpaca_paper', 'gAAAA-k', 'gAAAA-s', NULL FROM user_accounts
  UNION ALL SELECT id, 'alpaca_live', 'gAAAA-k2', 'gAAAA-s2', 'live desk' FROM user_accounts;
INSERT INTO user_exchanges (user_id, exchange_name, exchange_id, api_key, api_secret)
  SELECT u.id, 'coinbase', e.id, 'enc-k', 'enc-s' FROM users u, exchanges e WHERE u.cognito_user_id = 'sub-1' AND e.name = 'coinbase'
  UNION ALL SELECT id, 'kraken', NULL, 'enc-k', 'enc-s' FROM users WHERE cognito_user_id = 'sub-2';
INSERT INTO api_keys (user_id, name, key_prefix, key_hash, key_encrypted) SELECT id, 'ci', 'sk_1', 'h1', '\\xdeadbeef' FROM users WHERE cognito_user_id = 'sub-1';
INSERT INTO user_sessions (user_id, session_token_hash, ip_address, expires_at) SELECT id, 't1', '10.0.0.1', now() + interval '1 day' FROM users WHERE cognito_user_id = 'sub-1';
INSERT INTO chat_conversations (user_id, title) SELECT id, NULL FROM users WHERE cognito_user_id = 'sub-1';
INSERT INTO chat_messages (conversation_id, role, content) SELECT id, 'assistant', 'hello' FROM chat_conversations;
INSERT INTO symbols (symbol) VALUES ('BTC');
INSERT INTO accounts (account_name, metadata) VALUES ('desk-1', '{"max_positions": 3}'), ('desk-2', '{}');
INSERT INTO account_exchange_credentials (account_id, exchange_id) SELECT a.id, d.id FROM accounts a, dexes d WHERE a.account_name = 'desk-1' AND d.name = 'lighter';
INSERT INTO account_exchange_sharing (primary_account_id, shared_account_id, exchange_id)
  SELECT p.id, s.id, d.id FROM accounts p, accounts s, dexes d WHERE p.account_name = 'desk-1' AND s.account_name = 'desk-2' AND d.name = 'lighter';
INSERT INTO strategy_positions (symbol_id, long_dex_id, short_dex_id, size_usd, entry_divergence, account_id)
  SELECT s.id, l.id, b.id, 1234.56789012, 0.0001234567, NULL FROM symbols s, dexes l, dexes b WHERE l.name = 'lighter' AND b.name = 'backpack';
`;

describe('generated Pydantic models', () => {
  needsPython(title('the repository models validate the rows of the applied project, and refuse bad ones'), async () => {
    const dir = await projectCopy();
    const url = await freshDatabase();
    const applied = await schemaopIn(dir, ['apply', '--auto-approve', '--url', url, '--env', 'dev']);
    expect(applied.code).toBe(0);
    await query(url, ROWS);
    const rows: Record<string, string> = {};
    for (const [table, cls] of Object.entries(CLASSES)) rows[cls] = await rowsOf(url, table);
    expect(Object.entries(rows).filter(([, json]) => json === '[]')).toEqual([]);
    const first = (cls: string) => (JSON.parse(rows[cls]) as Record<string, unknown>[])[0];
    const credential = first('UserCredential');
    const r = await validate(path.join(dir, 'generated/python'), {
      rows,
      fields: { UserCredential: ['nickname'], UserExchange: ['exchange_name', 'exchange_id'], StrategyPosition: ['size_usd', 'account_id'], ChatMessage: ['role'], Exchange: ['name', 'supported_timeframes'], ApiKey: ['key_encrypted'], User: ['email', 'created_at'] },
      bad: [
        ['UserCredential', { ...credential, nickname: 'x'.repeat(256) }],
        ['UserCredential', { ...credential, credential_type: undefined }],
        ['ChatMessage', { ...first('ChatMessage'), role: 'robot' }],
        ['UserExchange', { ...first('UserExchange'), exchange_id: 'coinbase' }],
      ],
    });
    expect(Object.keys(r.valid).sort()).toEqual(Object.values(CLASSES).sort());
    // user_credentials.nickname: Optional[str], NULL and a label alike.
    expect(r.valid.UserCredential.map((m) => m.nickname).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual([
      { type: 'NoneType', value: null },
      { type: 'str', value: 'live desk' },
    ]);
    // user_exchanges.exchange_id: the exchanges row's id, or NULL.
    expect(r.valid.UserExchange.map((m) => [m.exchange_name, m.exchange_id])).toEqual(
      expect.arrayContaining([
        [{ type: 'str', value: 'coinbase' }, { type: 'int', value: expect.any(Number) }],
        [{ type: 'str', value: 'kraken' }, { type: 'NoneType', value: null }],
      ]),
    );
    expect(r.valid.Exchange.map((m) => (m.name as { value: string }).value).sort()).toEqual(['binance', 'coinbase']);
    expect(r.valid.Exchange[0].supported_timeframes).toEqual(expect.arrayContaining([{ type: 'str', value: '1m' }]));
    expect(r.valid.StrategyPosition[0].size_usd).toEqual({ type: 'Decimal', value: '1234.56789012' });
    expect(r.valid.ChatMessage[0].role).toEqual({ type: 'MessageRole', value: 'assistant' });
    expect(r.valid.ApiKey[0].key_encrypted).toMatchObject({ type: 'bytes' });
    expect(r.valid.User.map((m) => (m.created_at as { type: string }).type)).toEqual(['datetime', 'datetime']);
    expect(r.refused).toEqual([
      ['UserCredential', ['nickname']],
      ['UserCredential', ['credential_type']],
      ['ChatMessage', ['role']],
      ['UserExchange', ['exchange_id']],
    ]);
  });

  needsPython(title('the fixture models map every type and validate a real row'), async () => {
    const dir = await projectCopy({ 'schema/10_fixture.sql': FIXTURE_SQL, 'schemaop.yaml': 'types:\n  - format: pydantic\n    out: app/models.py\n' }, []);
    const url = await freshDatabase(FIXTURE_SQL);
    const gen = await schemaopIn(dir, ['types', '--url', url]);
    expect(gen.code).toBe(0);
    const text = await read(dir, 'app/models.py');
    for (const line of [
      'from datetime import date, datetime, time, timedelta',
      'class Mood(str, Enum):',
      '    SO_SO = "so-so"',
      'class BillingSubscription(BaseModel):',
      '    moods: List[Mood]',
      '    matrix: Optional[List[List[int]]] = None',
      '    class_: Optional[str] = Field(None, alias="class")',
      '    date_: Optional[date] = Field(None, alias="date")',
      '    email: str = Field(..., max_length=320)',
      '    amount: Decimal',
      '    term: Optional[timedelta] = None',
    ]) {
      expect(text.split('\n')).toContain(line);
    }
    await query(
      url,
      `INSERT INTO people (email, mood, moods, tags, matrix, "class", "date", avatar, birthday, wakes_at, seen_at, term, doc, search, score)
       VALUES ('a@b.c', 'so-so', '{happy,"not ok"}', '{x,y}', '{{1,2},{3,4}}', 'vip', '2026-01-02', '\\x01', '1990-05-06', '07:30', now(), '01:30:00', '{"k": [1]}', 'a b', 1.5);
       INSERT INTO billing.subscriptions (person_id, seq, plan, amount) SELECT id, 1, 'pro', 9.9 FROM people;`,
    );
    const r = await validate(path.join(dir, 'app'), {
      rows: { People: await rowsOf(url, 'people'), BillingSubscription: await rowsOf(url, 'billing.subscriptions') },
      fields: { People: ['moods', 'matrix', 'class_', 'date_', 'term', 'wakes_at', 'score'], BillingSubscription: ['plan', 'amount'] },
      bad: [['People', { email: 'a@b.c', mood: 'sad', moods: [] }]],
    });
    expect(r.valid.People[0]).toEqual({
      moods: [
        { type: 'Mood', value: 'happy' },
        { type: 'Mood', value: 'not ok' },
      ],
      matrix: [
        [
          { type: 'int', value: 1 },
          { type: 'int', value: 2 },
        ],
        [
          { type: 'int', value: 3 },
          { type: 'int', value: 4 },
        ],
      ],
      class_: { type: 'str', value: 'vip' },
      date_: { type: 'date', value: '2026-01-02' },
      term: { type: 'timedelta', value: '1:30:00' },
      wakes_at: { type: 'time', value: '07:30:00' },
      score: { type: 'Decimal', value: '1.5' },
    });
    expect(r.valid.BillingSubscription[0]).toEqual({ plan: { type: 'BillingPlan', value: 'pro' }, amount: { type: 'Decimal', value: '9.90' } });
    expect(r.refused).toEqual([['People', expect.arrayContaining(['id', 'mood'])]]);
  });
});
