// The `schemaop` command: a thin shell over the engine.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as readline from 'node:readline/promises';
import { parseArgs } from 'node:util';
import * as embedded from '../db/embedded';
import { parseConnection, redact, scrub } from '../db/url';
import { apply } from '../engine/apply';
import { devServerFor } from '../engine/dev-server';
import { inspectSql } from '../engine/inspect';
import { listRevisions, PARTIAL_NOTE } from '../engine/history';
import { blockingFindings, hasChanges, plan, Plan } from '../engine/plan';
import { baseline, status } from '../engine/status';
import { SchemaopError } from '../errors';
import { withClient } from '../db/connect';
import type { DriftReport } from '../drift';
import { driftMarkdown, planMarkdown } from '../report/markdown';
import { planJson, planSummary, planText } from '../report/plan';
import { style, useColor } from '../report/style';
import { EXIT } from '../exit-codes';
import { mark } from '../util/trace';
import { progress } from './progress';
import { writeOfferedBackfills } from './commands/backfills';
import { driftCommand } from './commands/drift';
import { lintCommand } from './commands/lint';
import { reportCommand } from './commands/report';
import { projectTypesCheck, typesCommand } from './commands/types';
import { projectExclude, projectExtensions, safetyConfig } from './project';
import { embeddedConfig, resolveTarget, startEmbedded } from './target';

const USAGE = `schemaop: a PostgreSQL schema as code

Usage: schemaop <command> [options]

Commands:
  plan       show the SQL that would take the database to schema/
  apply      apply schema/ to the database (asks first on a terminal)
  status     the current revision, and whether the database or schema/ changed since
  history    revisions applied to the database, newest first
  inspect    print a live database's schema as DDL for schema/
  baseline   record an existing database as the current revision, changing nothing
  lint       plan, then show the safety findings (exit 8 when blocked); --rules lists the rules
  drift      compare the live database with schema/, seeds/, access/ and the last revision
  types      write the application types of schemaop.yaml's types: (Drizzle, Pydantic) from schema/
  report     the pull-request comment of a stack from \`pulumi preview --json\` (--preview FILE)
  db         start | stop | status | url of the embedded PostgreSQL
  credentials  put | list | rotate | verify | migrate exchange credentials (schemaop credentials --help)

Options:
  --url URL            target database (default: $SCHEMAOP_URL, else the embedded database)
  --dev-url URL        server for the scratch dev database (default: the target's server when it is
                       local, else the embedded PostgreSQL of its major version; \`target\` for the target's)
  --schema DIR         desired schema directory (default: schema)
  --format text|json|markdown   output format (default: text; markdown: the pull-request review)
  --full-report REF    markdown: where the full report is kept, named when the comment is truncated
  --preview FILE       report: the output of \`pulumi preview --json\` (- for stdin)
  --events FILE        report: Pulumi's event log of that preview (\`--event-log FILE\`), for policy violations
  --stack NAME         report: the stack (default: read from the preview's resource names)
  --engine auto|builtin|atlas   schema engine (default: auto = builtin; see docs/engines.md)
  --auto-approve       apply without asking
  --plan-hash H        apply only if the plan is still H (from a reviewed plan)
  --lock-timeout D     lock_timeout per statement (default 10s)
  --statement-timeout D  statement_timeout per statement (default 0: none)
  --lock-wait D        how long to wait for another apply on the same database (default 60s)
  --retries N          apply: retry the transaction N times when a lock is not available (default 0)
  --full               plan: always diff, even when nothing changed since the last revision
  --write-backfills    plan: write the backfills the plan offers to schema/backfills/ (a column made
                       NOT NULL whose DEFAULT fills the rows holding NULL)
  --limit N            history: number of revisions (default 20)
  --out FILE           inspect: write the DDL to FILE
  --exclude PATTERN    leave objects alone, as schemaop.yaml's exclude: (schema.name, * matches; repeatable)
  --port N             embedded database port (default: $SCHEMAOP_DB_PORT, else the port the
                       database keeps: 54329 when it was free at its creation, else a free one)
  --db-dir DIR         embedded database folder (default: .schemaop/db)
  -q, --quiet          no progress messages
  --env dev|staging|prod   safety levels of that environment (default: dev on the embedded database, else prod)
  --rule ID=LEVEL      set a rule to block, warn or off for this run (repeatable)
  --allow 'RULE:OBJECT:reason'  a reviewed allowance for this run (repeatable; OBJECT may use *)
  --online on|off      online-safe plans (default: on in staging and prod)
  --rules              lint: list the rules and their levels

Exit codes:
  0 success (plan: no changes)     2 plan: changes pending       3 database unreachable
  4 plan changed since reviewed    5 another apply holds the lock
  6 invalid desired schema         7 drift: drift found          8 blocked by a safety rule
  9 apply refused or cancelled     64 usage error
  1 any other error`;

const OPTIONS = {
  url: { type: 'string' },
  'dev-url': { type: 'string' },
  schema: { type: 'string' },
  format: { type: 'string' },
  engine: { type: 'string' },
  'auto-approve': { type: 'boolean' },
  'plan-hash': { type: 'string' },
  'lock-timeout': { type: 'string' },
  'statement-timeout': { type: 'string' },
  'lock-wait': { type: 'string' },
  retries: { type: 'string' },
  full: { type: 'boolean' },
  'write-backfills': { type: 'boolean' },
  limit: { type: 'string' },
  out: { type: 'string' },
  port: { type: 'string' },
  'db-dir': { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  env: { type: 'string' },
  rule: { type: 'string', multiple: true },
  allow: { type: 'string', multiple: true },
  exclude: { type: 'string', multiple: true },
  online: { type: 'string' },
  rules: { type: 'boolean' },
  'full-report': { type: 'string' },
  preview: { type: 'string' },
  events: { type: 'string' },
  stack: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Flags = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

class UsageError extends SchemaopError {
  constructor(message: string) {
    super(`${message}\nRun \`schemaop --help\` for usage.`, EXIT.usage);
  }
}

/** "10s", "500ms", "2m" or a number of milliseconds. */
export function parseDuration(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(v.trim());
  if (!m) throw new UsageError(`--${name}: expected a duration like 500ms, 10s or 2m, got ${v}`);
  const n = Number(m[1]);
  return Math.round(m[2] === 's' ? n * 1000 : m[2] === 'm' ? n * 60_000 : n);
}

function parseCount(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`--${name}: expected a whole number, got ${v}`);
  return Number(v);
}

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

export async function main(argv: string[], io: Io = { out: (s) => process.stdout.write(s + '\n'), err: (s) => process.stderr.write(s + '\n') }): Promise<number> {
  mark('command loaded');
  // Its own options (and secrets only from stdin): parsed by the command itself.
  // Loaded on its own path: the AWS Encryption SDK and KMS client cost a third of the start-up.
  if (argv[0] === 'credentials') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a require, so that tsx and dist/ both resolve it
    const { credentialsCommand } = require('./commands/credentials') as typeof import('./commands/credentials');
    return credentialsCommand(argv.slice(1), io);
  }
  let flags: Flags;
  let positionals: string[];
  try {
    ({ values: flags, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true }));
  } catch (e) {
    io.err(`schemaop: ${(e as Error).message}\nRun \`schemaop --help\` for usage.`);
    return EXIT.usage;
  }
  const [command, ...rest] = positionals;
  if (flags.help || !command) {
    io.out(USAGE);
    return command || flags.help ? EXIT.ok : EXIT.usage;
  }
  const format = flags.format ?? 'text';
  const secrets = [flags.url, flags['dev-url'], process.env.SCHEMAOP_URL];
  try {
    if (format !== 'text' && format !== 'json' && format !== 'markdown') throw new UsageError(`--format must be text, json or markdown, got ${format}`);
    if (flags.engine && !['auto', 'builtin', 'atlas'].includes(flags.engine)) throw new UsageError(`--engine must be auto, builtin or atlas, got ${flags.engine}`);
    const ctx = new Context(flags, io);
    switch (command) {
      case 'plan':
        return await ctx.plan();
      case 'apply':
        return await ctx.apply();
      case 'status':
        return await ctx.status();
      case 'history':
        return await ctx.history();
      case 'inspect':
        return await ctx.inspect();
      case 'baseline':
        return await ctx.baseline();
      case 'db':
        return await ctx.db(rest[0]);
      case 'lint': {
        const config = await safetyConfig(flags);
        const url = flags.rules ? '' : await ctx.target();
        const markdown = ctx.markdown ? (p: Plan) => planMarkdown(p, url, ctx.markdownContext(`environment ${config.env}`), 'lint') : undefined;
        return await lintCommand({ url, options: flags.rules ? ({} as never) : await ctx.planOptions(url, 'check'), config, json: ctx.json, style: ctx.s, out: io.out, done: () => ctx.p.done(), markdown }, !!flags.rules);
      }
      case 'drift': {
        const url = await ctx.target();
        const markdown = ctx.markdown ? (r: DriftReport) => driftMarkdown(r, ctx.markdownContext()) : undefined;
        return await driftCommand({ url, options: await ctx.planOptions(url), json: ctx.json, style: ctx.s, out: io.out, done: () => ctx.p.done(), markdown });
      }
      case 'types':
        return await typesCommand({ flags, json: ctx.json, out: io.out, say: ctx.say, step: (m) => ctx.p.step(m), done: () => ctx.p.done() });
      case 'report':
        return await reportCommand({ preview: flags.preview, events: flags.events, stack: flags.stack, schemaDir: flags.schema ?? 'schema', fullReport: flags['full-report'], out: io.out });
      default:
        throw new UsageError(`unknown command: ${command}`);
    }
  } catch (e) {
    const err = e as Error;
    const code = e instanceof SchemaopError ? e.exitCode : EXIT.error;
    const text = scrub(err instanceof SchemaopError ? err.message : err.stack ?? String(err), ...secrets);
    if (format === 'json') io.out(JSON.stringify({ error: scrub(err.message, ...secrets), exitCode: code }, null, 2));
    io.err(`schemaop: ${text}`);
    return code;
  }
}

class Context {
  readonly s;
  readonly p;
  constructor(
    readonly flags: Flags,
    readonly io: Io,
  ) {
    this.s = style(useColor(process.stdout) && (flags.format ?? 'text') === 'text');
    this.p = progress(!flags.quiet);
  }

  get json() {
    return this.flags.format === 'json';
  }

  get markdown() {
    return this.flags.format === 'markdown';
  }

  markdownContext(...facts: string[]) {
    return { schemaDir: this.flags.schema ?? 'schema', fullReport: this.flags['full-report'], facts };
  }

  say = (m: string) => {
    if (!this.flags.quiet) this.io.err(m);
  };

  target() {
    return resolveTarget(this.flags, this.say);
  }

  /** The scratch dev database's server: for a remote target, not the target's (see dev-server). */
  devServer(url: string) {
    return devServerFor(url, { devUrl: this.flags['dev-url'], say: this.say });
  }

  /** `types`: plan, lint and apply also check (or, apply in dev, regenerate) schemaop.yaml's types. */
  async planOptions(url: string, types?: 'check' | 'write') {
    const extensions = await projectExtensions(this.flags);
    const devUrl = await this.devServer(url);
    if (types) {
      const env = (await safetyConfig(this.flags)).env;
      extensions.checks = [...(extensions.checks ?? []), ...(await projectTypesCheck({ schemaDir: this.flags.schema ?? 'schema', serverUrl: devUrl ?? url, env, write: types === 'write', review: this.markdown, say: this.say }))];
    }
    return {
      ...extensions,
      url,
      devUrl,
      schemaDir: this.flags.schema ?? 'schema',
      engine: (this.flags.engine ?? 'auto') as 'auto' | 'builtin' | 'atlas',
      full: this.flags.full,
      onProgress: (m: string) => this.p.step(m),
    };
  }

  async plan(): Promise<number> {
    const url = await this.target();
    mark('target');
    let p: Plan;
    try {
      const options = await this.planOptions(url, 'check');
      mark('project files and types check');
      p = await plan(options);
    } finally {
      this.p.done();
    }
    mark('planned');
    this.io.out(this.markdown ? await planMarkdown(p, url, this.markdownContext()) : this.json ? JSON.stringify(planJson(p, url), null, 2) : planText(p, url, this.s));
    mark('printed');
    const changes = hasChanges(p);
    if (this.flags['write-backfills']) {
      const schemaDir = this.flags.schema ?? 'schema';
      const written = await writeOfferedBackfills(p, schemaDir);
      for (const f of written) this.io.err(`wrote ${path.join(schemaDir, f)}: review it, commit it and plan again`);
      if (written.length) return EXIT.changes;
    }
    if (changes && !this.json && !this.markdown) this.io.out(this.s.dim(`Apply it with: schemaop apply --plan-hash ${p.hash}`));
    if (blockingFindings(p).length) return EXIT.blocked;
    return changes ? EXIT.changes : EXIT.ok;
  }

  async apply(): Promise<number> {
    const url = await this.target();
    const interactive = !!process.stdin.isTTY && !!process.stdout.isTTY;
    const auto = !!this.flags['auto-approve'];
    const confirm = async (p: Plan) => {
      this.p.done();
      if (!this.json) this.io.out(planText(p, url, this.s));
      if (auto) return true;
      if (!interactive) {
        throw new SchemaopError('refusing to apply without confirmation: no terminal to ask on; review the plan and pass --auto-approve (with --plan-hash to pin it)', EXIT.refused);
      }
      const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
      try {
        const answer = await rl.question(`\nApply these changes to ${redact(url)}? Only "yes" is accepted: `);
        return answer.trim() === 'yes';
      } finally {
        rl.close();
      }
    };
    let r;
    try {
      r = await apply({
        ...(await this.planOptions(url, 'write')),
        planHash: this.flags['plan-hash'],
        lockTimeoutMs: parseDuration(this.flags['lock-timeout'], 'lock-timeout'),
        statementTimeoutMs: parseDuration(this.flags['statement-timeout'], 'statement-timeout'),
        lockWaitMs: parseDuration(this.flags['lock-wait'], 'lock-wait'),
        retries: parseCount(this.flags.retries, 'retries'),
        confirm,
      });
    } finally {
      this.p.done();
    }
    if (this.json) {
      this.io.out(JSON.stringify({ ...planJson(r.plan, url), applied: r.applied, cancelled: !!r.cancelled, revision: r.revision ?? null, backfillRows: r.backfillRows, durationMs: r.durationMs }, null, 2));
    } else if (r.cancelled) {
      this.io.out('Cancelled: nothing was changed.');
    } else if (!r.applied) {
      this.io.out(planText(r.plan, url, this.s));
    } else {
      const rows = Object.entries(r.backfillRows).map(([id, n]) => `${id}: ${n} rows`);
      this.io.out(this.s.green(`Applied revision ${r.revision} in ${(r.durationMs / 1000).toFixed(1)}s: ${planSummary(r.plan)}`) + (rows.length ? `\nBackfills: ${rows.join(', ')}` : ''));
    }
    return r.cancelled ? EXIT.refused : EXIT.ok;
  }

  async status(): Promise<number> {
    const url = await this.target();
    const st = await status({ url, schemaDir: this.flags.schema ?? 'schema', exclude: await projectExclude(this.flags) });
    if (this.json) {
      this.io.out(JSON.stringify({ target: redact(url), ...st }, null, 2));
      return EXIT.ok;
    }
    const r = st.revision;
    if (!r) {
      this.io.out(`${redact(url)}: no revision recorded (run \`schemaop apply\`, or \`schemaop baseline\` to adopt an existing database)`);
      return EXIT.ok;
    }
    this.io.out(`${redact(url)}: at revision ${r.id} (${r.kind === 'baseline' ? 'baseline' : st.partial ? 'partial, started' : 'applied'} by ${r.appliedBy} at ${r.finishedAt ?? r.startedAt}, plan ${r.planHash})`);
    if (st.partial) this.io.out(this.s.yellow(PARTIAL_NOTE));
    else this.io.out(st.liveMatchesRevision ? 'live schema: unchanged since that revision' : this.s.yellow('live schema: changed since that revision (run `schemaop plan` to see how)'));
    this.io.out(st.filesMatchRevision ? 'schema/: applied' : this.s.yellow('schema/: has changes that are not applied'));
    return EXIT.ok;
  }

  async history(): Promise<number> {
    const url = await this.target();
    const limit = Number(this.flags.limit ?? 20);
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a positive integer`);
    const revs = await withClient(url, (c) => listRevisions(c, limit));
    if (this.json) {
      this.io.out(JSON.stringify(revs, null, 2));
      return EXIT.ok;
    }
    if (revs.length === 0) this.io.out('No revisions.');
    for (const r of revs) {
      const outcome = r.outcome === 'failed' ? this.s.red(r.outcome) : r.outcome;
      const bf = r.backfills.length ? `, backfills ${r.backfills.map((b) => `${b.id} (${b.rows} rows)`).join(', ')}` : '';
      this.io.out(`${this.s.bold(String(r.id).padStart(4))}  ${r.startedAt}  ${outcome.padEnd(8)}  ${r.statements.length} statements${bf}, ${r.durationMs ?? '?'} ms, ${r.engine}, by ${r.appliedBy} (${r.dbUser}), plan ${r.planHash}`);
      if (r.error) this.io.out(this.s.red(`      ${r.error.split('\n')[0]}`));
    }
    return EXIT.ok;
  }

  async inspect(): Promise<number> {
    const url = await this.target();
    let sql: string;
    try {
      this.p.step('reading the live schema');
      sql = await inspectSql({ url, devUrl: await this.devServer(url), exclude: await projectExclude(this.flags) });
    } finally {
      this.p.done();
    }
    const text = `-- Schema of ${redact(url)}, by schemaop inspect\n\n${sql}`;
    if (this.flags.out) {
      await fs.writeFile(this.flags.out, text);
      this.say(`wrote ${this.flags.out}`);
    } else this.io.out(this.json ? JSON.stringify({ target: redact(url), sql }, null, 2) : text);
    return EXIT.ok;
  }

  async baseline(): Promise<number> {
    const url = await this.target();
    let r;
    try {
      r = await baseline(await this.planOptions(url));
    } finally {
      this.p.done();
    }
    const n = r.plan.statements.length;
    if (this.json) {
      this.io.out(JSON.stringify({ target: redact(url), revision: r.revision, alembic: r.alembic ?? null, matchesSchema: n === 0, pending: planJson(r.plan, url) }, null, 2));
    } else {
      if (r.alembic) {
        this.io.out(`Found an Alembic-managed database: ${r.alembic.table} at head ${r.alembic.heads.join(', ') || '(none)'}; recorded in the baseline revision.`);
        this.io.out(`${r.alembic.table} is left out of this plan; add it under \`exclude:\` in schemaop.yaml so later plans keep it too.`);
      }
      this.io.out(`Recorded revision ${r.revision} as the baseline of ${redact(url)}; nothing was changed.`);
      if (r.plan.backfills.length) this.io.out(`Backfills taken as done: ${r.plan.backfills.map((b) => b.id).join(', ')}`);
      this.io.out(n === 0 ? 'schema/ describes this database exactly.' : this.s.yellow(`schema/ differs from this database: ${n} statements pending (run \`schemaop plan\`).`));
    }
    return EXIT.ok;
  }

  async db(sub: string | undefined): Promise<number> {
    const cfg = embeddedConfig(this.flags);
    switch (sub) {
      case 'start': {
        this.p.step('starting the embedded database');
        const r = await startEmbedded(cfg, () => undefined).finally(() => this.p.done());
        const { port } = parseConnection(r.url);
        this.io.out(r.started ? `embedded database started on port ${port}` : `embedded database already running on port ${port}`);
        return EXIT.ok;
      }
      case 'stop':
        this.io.out((await embedded.stop(cfg)) ? 'embedded database stopped' : 'embedded database was not running');
        return EXIT.ok;
      case 'status': {
        const st = await embedded.status(cfg);
        if (this.json) this.io.out(JSON.stringify(st, null, 2));
        else this.io.out(!st.initialised ? `no embedded database in ${cfg.dir}` : st.running ? `running on port ${st.port} (pid ${st.pid}), data in ${st.dataDir}` : `stopped (port ${st.port}), data in ${st.dataDir}`);
        return st.running ? EXIT.ok : EXIT.unreachable;
      }
      case 'url':
        // The one place a password is printed: asked for explicitly, for use in other tools.
        this.io.out(await resolveTarget(this.flags, this.say));
        return EXIT.ok;
      default:
        throw new UsageError(`schemaop db: expected start, stop, status or url${sub ? `, got ${sub}` : ''}`);
    }
  }
}
