// Levels per environment, allowances (flags, schemaop.yaml, directives), unused allowances, and
// the `schemaop lint` / `plan` / `apply` commands with their exit codes.
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { classify } from '../../src/engine/classify';
import { loadDesiredSchema } from '../../src/engine/source';
import { ConfigError, LintConfigSchema, loadProjectLintConfig, parseAllowFlag, resolveLint } from '../../src/lint/config';
import { allowancesFromDirectives } from '../../src/lint/directives';
import { globMatch, lintStatements } from '../../src/lint/lint';
import { freshDatabase, query } from '../support/db';
import { schemaDir } from '../support/schema';

const stmts = async (...sqls: string[]) => Promise.all(sqls.map(async (sql) => ({ ...(await classify(sql)), sql, source: 'test' })));

describe('configuration', () => {
  it('levels: prod blocks destructive and table-locking changes, dev warns, --rule and the file override', async () => {
    const s = await stmts('ALTER TABLE public.users DROP COLUMN legacy', 'CREATE INDEX users_email ON public.users (email)');
    const levels = async (config: Parameters<typeof resolveLint>[0], flags: Parameters<typeof resolveLint>[1] = {}, env: 'dev' | 'prod' = 'prod') =>
      (await lintStatements(s, { config: resolveLint(config, flags, env) })).map((f) => `${f.rule}=${f.level}`);
    expect(await levels({})).toEqual(['drop_column=block', 'create_index_non_concurrent=block']);
    expect(await levels({}, {}, 'dev')).toEqual(['drop_column=warn', 'create_index_non_concurrent=warn']);
    expect(await levels({ env: 'dev' })).toEqual(['drop_column=warn', 'create_index_non_concurrent=warn']);
    expect(await levels({}, { env: 'staging', rule: ['create_index_non_concurrent=off'] })).toEqual(['drop_column=block']);
    expect(await levels({ rules: { drop_column: { prod: 'warn' } } })).toEqual(['drop_column=warn', 'create_index_non_concurrent=block']);
  });

  it('rejects unknown rules, levels, environments and allowances without a reason', () => {
    expect(() => resolveLint({}, { rule: ['nope=block'] })).toThrow(/unknown rule nope/);
    expect(() => resolveLint({}, { rule: ['drop_table=maybe'] })).toThrow(/block, warn or off/);
    expect(() => resolveLint({}, { env: 'qa' })).toThrow(ConfigError);
    expect(() => parseAllowFlag('drop_table:public.t')).toThrow(/needs a reason/);
    expect(() => parseAllowFlag('drop_table:public.t:   ')).toThrow(/needs a reason/);
    expect(parseAllowFlag('drop_table:public.t:gone: see ticket 12')).toEqual({ rule: 'drop_table', object: 'public.t', reason: 'gone: see ticket 12' });
    expect(LintConfigSchema.safeParse({ allow: [{ rule: 'drop_table', object: 'x' }] }).success).toBe(false);
    expect(LintConfigSchema.safeParse({ rules: { drop_tabel: 'warn' } }).success).toBe(false);
  });

  it('reads the lint section of schemaop.yaml', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'schemaop-yaml-'));
    expect(await loadProjectLintConfig(dir)).toEqual({});
    await fs.writeFile(path.join(dir, 'schemaop.yaml'), 'lint:\n  env: staging\n  allow:\n    - { rule: "*", object: "scratch.*", reason: "throwaway schema, reset weekly" }\nother: 1\n');
    const cfg = await loadProjectLintConfig(dir);
    expect(resolveLint(cfg).env).toBe('staging');
    expect(resolveLint(cfg).allow[0]).toMatchObject({ rule: '*', object: 'scratch.*', source: 'schemaop.yaml' });
    await fs.writeFile(path.join(dir, 'schemaop.yaml'), 'lint:\n  allow:\n    - { rule: drop_table, object: x }\n');
    await expect(loadProjectLintConfig(dir)).rejects.toThrow(/schemaop.yaml: lint.allow.0.reason/);
  });

  it('online-safe plans default on in staging and prod, off in dev', () => {
    expect(resolveLint({}, {}, 'prod').online).toBe(true);
    expect(resolveLint({}, {}, 'staging').online).toBe(true);
    expect(resolveLint({}, {}, 'dev').online).toBe(false);
    expect(resolveLint({ online: { prod: false } }, {}, 'prod').online).toBe(false);
    expect(resolveLint({}, { online: 'off' }, 'prod').online).toBe(false);
  });
});

describe('allowances', () => {
  it('glob patterns: * matches any text, the rest is literal', () => {
    expect(globMatch('scratch.*', 'scratch.t.c')).toBe(true);
    expect(globMatch('scratch.*', 'scratchy.t')).toBe(false);
    expect(globMatch('public.users.legacy_flag', 'public.users.legacy_flag')).toBe(true);
    expect(globMatch('public.users', 'public.users.legacy_flag')).toBe(false);
  });

  it('an allowance names the rule and the object; a pattern with a reason covers a throwaway schema; unused ones are reported', async () => {
    const s = await stmts('ALTER TABLE scratch.t DROP COLUMN c', 'DROP TABLE scratch.u', 'DROP TABLE public.keep');
    const config = resolveLint({ allow: [{ rule: '*', object: 'scratch.*', reason: 'throwaway schema, reset weekly' }] }, { allow: ['drop_table:public.other:gone', 'drop_column:public.keep.*:wrong object'] });
    const f = await lintStatements(s, { config });
    expect(f.filter((x) => x.allowedBy).map((x) => `${x.rule} ${x.object} ${x.allowedBy}`)).toEqual([
      'drop_column scratch.t.c schemaop.yaml: throwaway schema, reset weekly',
      'drop_table scratch.u schemaop.yaml: throwaway schema, reset weekly',
    ]);
    expect(f.filter((x) => x.level === 'block' && !x.allowedBy).map((x) => x.object)).toEqual(['public.keep']);
    expect(f.filter((x) => x.rule === 'unused_allowance').map((x) => `${x.level} ${x.object}`)).toEqual(['warn public.other', 'warn public.keep.*']);
  });

  it('directives in schema/: allow with a mandatory reason', async () => {
    const dir = await schemaDir({ '10.sql': 'CREATE TABLE t (id int);\n-- schemaop:allow drop_column public.users.legacy_flag reason="unused since v2, see #41"\n' });
    const a = allowancesFromDirectives(await loadDesiredSchema(dir));
    expect(a).toEqual([{ rule: 'drop_column', object: 'public.users.legacy_flag', reason: 'unused since v2, see #41', source: 'schema/10.sql:2' }]);
    const bad = await schemaDir({ '10.sql': 'CREATE TABLE t (id int);\n-- schemaop:allow drop_column public.users.legacy_flag\n' });
    expect(() => allowancesFromDirectives({ directives: [{ name: 'allow', args: 'drop_column public.users.legacy_flag', file: '10.sql', line: 2 }] })).toThrow(/10\.sql:2:1: .*reason is mandatory/);
    void bad;
  });
});

describe('the command', () => {
  const run = async (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  };

  it('lint, plan and apply exit 8 on a blocked change and pass with an allowance (flag or directive)', async () => {
    const url = await freshDatabase('CREATE TABLE users (id int PRIMARY KEY, email text, legacy_flag boolean); INSERT INTO users VALUES (1, null, true), (2, null, null);');
    const desired = 'CREATE TABLE users (id int PRIMARY KEY, email text);\n';
    const dir = await schemaDir({ '10.sql': desired });
    const base = ['--url', url, '--schema', dir, '-q'];
    const lint = await run(['lint', ...base]);
    expect(lint.code).toBe(8);
    expect(lint.stdout).toMatch(/BLOCK drop_column public\.users\.legacy_flag/);
    expect(lint.stdout).toMatch(/It holds 1 non-null value/);
    expect(lint.stdout).toMatch(/safe alternative: /);
    const json = JSON.parse((await run(['lint', ...base, '--format', 'json'])).stdout);
    expect(json).toMatchObject({ env: 'prod', blocked: true, findings: [{ rule: 'drop_column', level: 'block', statement: 0, object: 'public.users.legacy_flag' }] });
    expect((await run(['plan', ...base])).code).toBe(8);
    const applied = await run(['apply', ...base, '--auto-approve']);
    expect(applied.code).toBe(8);
    expect(applied.stderr).toMatch(/blocked by 1 finding/);
    expect(await query(url, "SELECT 1 FROM information_schema.columns WHERE column_name = 'legacy_flag'")).toHaveLength(1);
    expect((await run(['lint', ...base, '--env', 'dev'])).code).toBe(0);
    expect((await run(['lint', ...base, '--allow', 'drop_column:public.users.legacy_flag'])).code).toBe(64);
    const allowed = await run(['lint', ...base, '--allow', 'drop_column:public.users.*:flag unused since v2']);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toMatch(/allowed by --allow: flag unused since v2/);
    // The same allowance as a directive in schema/, reviewed with the schema change.
    const withDirective = await schemaDir({ '10.sql': desired + '-- schemaop:allow drop_column public.users.legacy_flag reason="unused since v2"\n' });
    const ok = await run(['apply', '--url', url, '--schema', withDirective, '-q', '--auto-approve']);
    expect(ok.code).toBe(0);
    expect(await query(url, "SELECT 1 FROM information_schema.columns WHERE column_name = 'legacy_flag'")).toHaveLength(0);
    // Applied: the directive now matches nothing, and says so.
    const stale = await run(['lint', '--url', url, '--schema', withDirective, '-q', '--full']);
    expect(stale.code).toBe(0);
    expect(stale.stdout).toMatch(/No findings|Not blocked/);
  });

  it('--rules lists the rules with their levels', async () => {
    const r = await run(['lint', '--rules', '--env', 'dev']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/warn\s+drop_table/);
  });
});
