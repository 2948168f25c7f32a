// Benchmark: plan/apply times of the engine on generated schemas, against the floors
// (loading the DDL into an empty database, and raw migra on two loaded databases) and the peers
// (`atlas schema diff` with a dev database, `pg-schema-diff plan`) on the same schemas.
//
//   npx tsx bench/run.ts [--sizes 100,500,1000] [--runs 3] [--no-profile]
//   BENCH_SIZES=100 BENCH_RUNS=1 npx tsx bench/run.ts
//   BENCH_URL=postgres://user:pw@host:5432/postgres npx tsx bench/run.ts   (else an embedded server)
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { createClient } from '@pgkit/client';
import { Migration } from '@pgkit/migra';
import { PostgreSQL, get_inspector } from '@pgkit/schemainspect';
import { connect, quoteIdent, withClient } from '../src/db/connect';
import { withDatabase, databaseOf } from '../src/db/url';
import { apply } from '../src/engine/apply';
import { classify, classifyTree } from '../src/engine/classify';
import { loadDesired, withScratchDatabase } from '../src/engine/devdb';
import type { DiffContext } from '../src/engine/diff/catalog';
import { commentChanges } from '../src/engine/diff/comments';
import { fixers } from '../src/engine/diff/fixers';
import type { DiffStatement } from '../src/engine/diff/index';
import { migraDiff } from '../src/engine/diff/migra';
import { catalogFingerprint } from '../src/engine/fingerprint';
import { EXCLUDED_SCHEMAS, plan } from '../src/engine/plan';
import { loadDesiredSchema } from '../src/engine/source';
import { parseSql, splitStatements } from '../src/engine/sql';
import { type Figure, writeFigures } from './figures';
import { PeerTimeout, peerAvailable, peerSize, runAtlas, runPgSchemaDiff } from './peers';
import { generate, mutate, render } from './generate';
import { RUNS, arg, median, run, withBenchServer } from './support';

// ---------------------------------------------------------------- options

const SIZES = (arg('sizes') ?? process.env.BENCH_SIZES ?? '100,500,1000')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isFinite(n) && n > 0);
const PROFILE = !process.argv.includes('--no-profile');
const VERBOSE = process.argv.includes('--verbose') || !!process.env.BENCH_VERBOSE;

const log = (...a: unknown[]) => console.error('[bench]', ...a);

// ---------------------------------------------------------------- database helpers

let serverUrl = '';

async function createDb(prefix: string, template = 'template0'): Promise<string> {
  const name = `bench_${prefix}_${randomBytes(4).toString('hex')}`;
  await withClient(serverUrl, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)}`));
  return withDatabase(serverUrl, name);
}


async function dropDb(url: string | undefined): Promise<void> {
  if (!url) return;
  await withClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(databaseOf(url))} WITH (FORCE)`)).catch((e) =>
    log(`drop ${databaseOf(url)} failed: ${(e as Error).message}`),
  );
}

/** One query per file, like the engine's dev-database load. */
async function loadFiles(url: string, files: { text: string }[]): Promise<void> {
  await withClient(url, async (c) => {
    await c.query('SET check_function_bodies = off');
    for (const f of files) await c.query(f.text);
  });
}

// ---------------------------------------------------------------- measuring

let rssPeak = 0;
const sampler = setInterval(() => {
  rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
}, 25);
sampler.unref();

interface Row {
  ms?: number;
  all?: number[];
  note?: string;
  error?: string;
  /** A peer stopped after the timeout: it takes at least this long. */
  atLeastMs?: number;
}

const failure = (e: unknown): Pick<Row, 'error' | 'atLeastMs'> => ({
  error: ((e as Error).message ?? String(e)).split('\n').slice(0, 3).join(' | '),
  ...(e instanceof PeerTimeout ? { atLeastMs: e.atLeastMs } : {}),
});

/**
 * Runs `setup` (untimed), `fn` (timed), `teardown` (untimed) RUNS times; the median of `fn`.
 * A throw is recorded on the row, and the bench goes on.
 */
async function measure<S, R>(
  label: string,
  setup: () => Promise<S>,
  fn: (s: S) => Promise<R>,
  teardown: (s: S, r: R | undefined, failed: boolean) => Promise<void>,
  note?: (r: R) => string,
): Promise<Row> {
  const times: number[] = [];
  let lastNote: string | undefined;
  for (let i = 0; i < RUNS; i++) {
    let s: S | undefined;
    let r: R | undefined;
    try {
      s = await setup();
      const t0 = performance.now();
      r = await fn(s);
      times.push(performance.now() - t0);
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      if (note) lastNote = note(r);
    } catch (e) {
      const f = failure(e);
      log(`${label}: ERROR ${f.error}`);
      if (VERBOSE) console.error(e);
      if (s !== undefined) await teardown(s, r, true).catch(() => undefined);
      return { ...f, all: times };
    }
    await teardown(s, r, false);
    if (VERBOSE) log(`${label} run ${i + 1}: ${times[times.length - 1].toFixed(0)} ms`);
  }
  return { ms: median(times), all: times, note: lastNote };
}

// ---------------------------------------------------------------- plan profile

interface Profile {
  steps: [string, number][];
  notes: string[];
}

/** Where plan's time goes: its onProgress steps, timestamped. */
async function profileProgress(url: string, schemaDir: string): Promise<Profile> {
  const marks: [string, number][] = [];
  const t0 = performance.now();
  let last = t0;
  let lastName = 'start: load+parse files, revision, fingerprint';
  const p = await plan({
    url,
    schemaDir,
    engine: 'builtin',
    onProgress: (step) => {
      const now = performance.now();
      marks.push([lastName, now - last]);
      last = now;
      lastName = step.startsWith('building') ? 'dev db: create + load DDL' : step.startsWith('diffing') ? 'diff + classify + drop dev db' : step;
    },
  });
  marks.push([lastName, performance.now() - last]);
  marks.push(['TOTAL plan()', performance.now() - t0]);
  return { steps: marks, notes: [`${p.statements.length} statements, fastPath=${p.fastPath}`] };
}

/** The same work as plan's builtin path, step by step (mirrors plan.ts / diff/index.ts). */
async function profileSteps(url: string, schemaDir: string): Promise<Profile> {
  const steps: [string, number][] = [];
  const notes: string[] = [];
  const time = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const r = await fn();
    steps.push([name, performance.now() - t]);
    return r;
  };
  const exclude = [...EXCLUDED_SCHEMAS];
  const schema = await time('loadDesiredSchema (read + parse + split)', () => loadDesiredSchema(schemaDir));
  await time('  of which: parseSql of every file', async () => {
    for (const f of schema.files) await parseSql(f.text);
  });
  await time('  of which: splitStatements of every file', async () => {
    for (const f of schema.files) await splitStatements(f.text);
  });
  notes.push(`${schema.files.reduce((a, f) => a + f.statements.length, 0)} statements in ${schema.files.length} files, largest file ${Math.max(...schema.files.map((f) => f.text.length))} chars`);
  await time('live catalogFingerprint', () => withClient(url, (c) => catalogFingerprint(c, exclude)));
  await withScratchDatabase(serverUrl, async (devUrl) => {
    await time('dev db: load DDL', () => loadDesired(devUrl, schema));
    await time('inspect only: get_inspector x2 (parallel)', async () => {
      const a = createClient(url);
      const b = createClient(devUrl);
      try {
        await Promise.all([get_inspector(a, undefined, exclude), get_inspector(b, undefined, exclude)]);
      } finally {
        await Promise.all([a.end(), b.end()]).catch(() => undefined);
      }
    });
    // Inside migra: one inspection (live side) with its queries and load_* steps timed, then the diff itself.
    const inner = await inspectorBreakdown(url, exclude);
    const [ia, ib] = await Promise.all([inspect(url, exclude), inspect(devUrl, exclude)]);
    const m = await time('  migra: diff computation only (pre-inspected)', async () => {
      const mig = await Migration.create(ia.i, ib.i, {});
      mig.set_safety(false);
      mig.add_all_changes(false);
      return mig.statements;
    });
    await Promise.all([ia.c.end(), ib.c.end()]).catch(() => undefined);
    notes.push(`migra diff only planned ${m.length} chunks`);
    for (const [k, v] of inner) steps.push([`  live inspection: ${k}`, v]);
    const parsed = await time('migraDiff (inspect x2 + diff + split)', () => migraDiff(url, devUrl, { excludeSchemas: exclude }));
    const migra = parsed.map((s) => s.sql);
    notes.push(`migra planned ${migra.length} statements`);
    const classified = await time('classify migra statements (for fixers)', async () => parsed.map((s) => ({ sql: s.sql, c: classifyTree(s.stmt) })));
    const stripArgs = (o: string) => o.replace(/\(.*$/, '');
    const [from, to] = await Promise.all([connect(url), connect(devUrl)]);
    try {
      const ctx: DiffContext = {
        from,
        to,
        excludeSchemas: exclude,
        migra: classified.map(({ sql, c }) => ({
          sql,
          drops: c.changes.filter((x) => x.kind.startsWith('drop_') && x.kind !== 'drop_default' && x.kind !== 'drop_not_null').map((x) => stripArgs(x.object)),
          creates: c.changes.filter((x) => x.kind.startsWith('create_')).map((x) => stripArgs(x.object)),
        })),
      } as DiffContext;
      const out: DiffStatement[] = migra.map((sql) => ({ sql, source: 'migra' }));
      for (const f of fixers) {
        const extra = await time(`fixer ${f.name}`, () => f.run(ctx, out));
        for (const s of extra.before ?? []) out.unshift({ sql: s, source: f.name });
        for (const s of extra.after ?? []) out.push({ sql: s, source: f.name });
        if (extra.replace) out.splice(0, out.length, ...extra.replace);
      }
      if (fixers.length === 0) notes.push('no fixers registered');
      const comments = await time('commentChanges', () => commentChanges(ctx));
      for (const s of comments) out.push({ sql: s, source: 'comments' });
      await time(`classify final ${out.length} statements`, async () => {
        for (const d of out) await classify(d.sql);
      });
    } finally {
      await Promise.all([from.end(), to.end()]).catch(() => undefined);
    }
  });
  return { steps, notes };
}

async function inspect(url: string, exclude: string[]) {
  const c = createClient(url);
  return { c, i: await get_inspector(c, undefined, exclude) };
}

/** One inspection with schemainspect's load_* steps and queries timed (prototype methods wrapped for the call). */
async function inspectorBreakdown(url: string, exclude: string[]): Promise<[string, number][]> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const proto = PostgreSQL.prototype as any;
  const acc = new Map<string, number>();
  const saved = new Map<string, unknown>();
  const names = Object.getOwnPropertyNames(proto).filter((k) => (k.startsWith('load_') && k !== 'load_all_async') || k === 'execute');
  for (const k of names) {
    const orig = proto[k];
    saved.set(k, orig);
    proto[k] = async function (this: unknown, ...args: unknown[]) {
      const t = performance.now();
      try {
        return await orig.apply(this, args);
      } finally {
        const label = k === 'execute' ? `query ${String(args[0])}` : `${k}() total`;
        acc.set(label, (acc.get(label) ?? 0) + performance.now() - t);
      }
    };
  }
  const t0 = performance.now();
  try {
    const r = await inspect(url, exclude);
    await r.c.end().catch(() => undefined);
  } finally {
    for (const [k, v] of saved) proto[k] = v;
  }
  const total = performance.now() - t0;
  return [['TOTAL one get_inspector (sequential)', total] as [string, number], ...[...acc.entries()].filter(([, v]) => v >= 5).sort((a, b) => b[1] - a[1])];
}

// ---------------------------------------------------------------- one size

interface SizeResult {
  n: number;
  ddlBytes: number;
  files: number;
  changes: string[];
  rows: [string, Row][];
  rssPeakMb: number;
  profile?: Profile;
  progress?: Profile;
}

async function writeSchema(dir: string, files: { name: string; text: string }[]): Promise<string> {
  const schemaDir = path.join(dir, 'schema');
  await fs.rm(schemaDir, { recursive: true, force: true });
  await fs.mkdir(schemaDir, { recursive: true });
  for (const f of files) await fs.writeFile(path.join(schemaDir, f.name), f.text);
  return schemaDir;
}

async function benchSize(n: number, work: string): Promise<SizeResult> {
  rssPeak = process.memoryUsage().rss;
  const before = generate(n);
  const { model: after, changes } = mutate(before);
  const v1 = render(before);
  const v2 = render(after);
  const v1Dir = await writeSchema(path.join(work, `n${n}-v1`), v1);
  const v2Dir = await writeSchema(path.join(work, `n${n}-v2`), v2);
  const ddlBytes = v2.reduce((a, f) => a + Buffer.byteLength(f.text), 0);
  const rows: [string, Row][] = [];
  const add = (label: string, r: Row) => {
    rows.push([label, r]);
    log(`n=${n} ${label}: ${r.error ? 'ERROR ' + r.error : `${r.ms!.toFixed(0)} ms` + (r.note ? ` (${r.note})` : '')}`);
  };
  const keep: string[] = [];
  try {
    add('create+drop empty db (context)', await measure('createdb', () => Promise.resolve(0), async () => dropDb(await createDb('empty')), async () => undefined));

    // First apply into an empty database; the last result is the live database at v1.
    let liveV1: string | undefined;
    add(
      'first apply (empty db)',
      await measure(
        'first apply',
        () => createDb('first'),
        (url) => apply({ url, schemaDir: v1Dir, engine: 'builtin' }),
        async (url, r) => {
          if (liveV1) await dropDb(liveV1);
          liveV1 = r?.applied ? url : undefined;
          if (!liveV1) await dropDb(url);
        },
        (r) => `${r.plan.statements.length} stmts`,
      ),
    );
    if (!liveV1) {
      // Fallback so the remaining rows still mean something: load v1 and record nothing.
      log('first apply failed: the live database for the next rows is a plain load of v1 (no revision: no fast path)');
      liveV1 = await createDb('livev1');
      await loadFiles(liveV1, v1);
    }
    keep.push(liveV1);

    // The two floors and plan(changes) are measured in interleaved rounds (load, migra, plan; load,
    // migra, plan; ...) so that a busy machine slows all three alike and the ratio stays meaningful.
    const liveRaw = await createDb('liveraw');
    keep.push(liveRaw);
    await loadFiles(liveRaw, v1);
    let desiredDb: string | undefined = await createDb('desired');
    keep.push(desiredDb);
    try {
      await loadFiles(desiredDb, v2);
    } catch (e) {
      log(`loading the desired DDL failed: ${(e as Error).message}`);
      desiredDb = undefined;
    }
    const loadRow: Row = { all: [] };
    const migraRow: Row = { all: [] };
    const planRow: Row = { all: [] };
    const atlasRow: Row = peerAvailable('atlas') ? { all: [] } : { error: 'atlas is not built (npm run tools)' };
    const psdRow: Row = peerAvailable('pg-schema-diff') ? { all: [] } : { error: 'pg-schema-diff is not built (npm run tools)' };
    const psdFastRow: Row = peerAvailable('pg-schema-diff') ? { all: [] } : { error: 'pg-schema-diff is not built (npm run tools)' };
    const once = async <S, R>(row: Row, label: string, setup: () => Promise<S>, fn: (s: S) => Promise<R>, teardown: (s: S) => Promise<void>, note?: (r: R) => string) => {
      if (row.error) return;
      let st: S | undefined;
      try {
        st = await setup();
        const t0 = performance.now();
        const r = await fn(st);
        row.all!.push(performance.now() - t0);
        if (note) row.note = note(r);
        if (VERBOSE) log(`${label}: ${row.all![row.all!.length - 1].toFixed(0)} ms`);
      } catch (e) {
        Object.assign(row, failure(e));
        log(`${label}: ERROR ${row.error}`);
        if (VERBOSE) console.error(e);
      } finally {
        if (st !== undefined) await teardown(st).catch(() => undefined);
      }
    };
    if (!desiredDb) migraRow.error = 'no desired database (loading the DDL failed)';
    for (let i = 0; i < RUNS; i++) {
      await once(loadRow, 'load', () => createDb('load'), (url) => loadFiles(url, v2), (url) => dropDb(url));
      await once(
        migraRow,
        'raw migra',
        async () => 0,
        async () => {
          const a = createClient(liveRaw);
          const b = createClient(desiredDb!);
          try {
            const m = await Migration.create(a, b, {});
            m.set_safety(false);
            m.add_all_changes();
            return { sql: m.sql, n: m.statements.length };
          } finally {
            await Promise.all([a.end(), b.end()]).catch(() => undefined);
          }
        },
        async () => undefined,
        (r) => `${r.n} stmts, ${r.sql.length} chars`,
      );
      await once(
        planRow,
        'plan changes',
        async () => 0,
        () => plan({ url: liveV1!, schemaDir: v2Dir, engine: 'builtin' }),
        async () => undefined,
        (p) => `${p.statements.length} stmts, fastPath=${p.fastPath}`,
      );
      // The peers, on the same live database and the same desired files.
      await once(atlasRow, 'atlas schema diff', () => createDb('atlasdev'), (dev) => runAtlas(liveRaw, v2Dir, dev), (dev) => dropDb(dev), (r) => `${r} stmts`);
      await once(psdRow, 'pg-schema-diff plan', async () => 0, () => runPgSchemaDiff(liveRaw, v2Dir), async () => undefined, (r) => `${r} stmts`);
      await once(psdFastRow, 'pg-schema-diff plan --disable-plan-validation', async () => 0, () => runPgSchemaDiff(liveRaw, v2Dir, ['--disable-plan-validation']), async () => undefined, (r) => `${r} stmts`);
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }
    for (const [label, row] of [
      ['load (floor 1)', loadRow],
      ['raw migra (floor 2)', migraRow],
      ['plan (changes)', planRow],
      ['atlas schema diff (changes)', atlasRow],
      ['pg-schema-diff plan (changes)', psdRow],
      ['pg-schema-diff plan, no validation (changes)', psdFastRow],
    ] as const) {
      if (!row.error) row.ms = median(row.all!);
      add(label, row);
    }

    // Apply the 1% change, each run on a copy of the live database at v1.
    let liveV2: string | undefined;
    add(
      'apply (1% changed)',
      await measure(
        'apply changes',
        () => createDb('apply', databaseOf(liveV1!)),
        (url) => apply({ url, schemaDir: v2Dir, engine: 'builtin' }),
        async (url, r) => {
          if (liveV2) await dropDb(liveV2);
          liveV2 = r ? url : undefined;
          if (!liveV2) await dropDb(url);
        },
        (r) => `${r.plan.statements.length} stmts, applied=${r.applied}`,
      ),
    );
    if (liveV2) keep.push(liveV2);
    const noChangeDb = liveV2;

    add(
      'plan (no change, fast path)',
      noChangeDb
        ? await measure(
            'plan fast',
            async () => undefined,
            () => plan({ url: noChangeDb, schemaDir: v2Dir, engine: 'builtin' }),
            async () => undefined,
            (p) => `${p.statements.length} stmts, fastPath=${p.fastPath}${p.fastPath ? '' : ' (NOT the fast path)'}`,
          )
        : { error: 'no database at v2 (apply failed)' },
    );
    add(
      'plan (no change, full)',
      noChangeDb
        ? await measure(
            'plan full',
            async () => undefined,
            () => plan({ url: noChangeDb, schemaDir: v2Dir, engine: 'builtin', full: true }),
            async () => undefined,
            (p) => `${p.statements.length} stmts` + (p.statements.length ? ` (not idempotent: ${p.statements.slice(0, 2).map((s) => s.sql.replace(/\s+/g, ' ').slice(0, 80)).join(' ; ')})` : ''),
          )
        : { error: 'no database at v2 (apply failed)' },
    );
    const peerNoChange = async (label: string, name: 'atlas' | 'pg-schema-diff', fn: (live: string) => Promise<number>, setup?: () => Promise<string>) => {
      if (!peerAvailable(name)) return add(label, { error: `${name} is not built (npm run tools)` });
      if (!noChangeDb) return add(label, { error: 'no database at v2 (apply failed)' });
      add(label, await measure(label, setup ?? (async () => ''), (dev) => fn(dev || noChangeDb), async (dev) => (setup ? dropDb(dev) : undefined), (r) => `${r} stmts`));
    };
    await peerNoChange('atlas schema diff (no change)', 'atlas', (dev) => runAtlas(noChangeDb!, v2Dir, dev), () => createDb('atlasdev'));
    await peerNoChange('pg-schema-diff plan (no change)', 'pg-schema-diff', () => runPgSchemaDiff(noChangeDb!, v2Dir));

    let profile: Profile | undefined;
    let progress: Profile | undefined;
    if (PROFILE) {
      try {
        progress = await profileProgress(liveV1, v2Dir);
      } catch (e) {
        progress = { steps: [], notes: [`plan(onProgress) failed: ${(e as Error).message.split('\n')[0]}`] };
      }
      try {
        profile = await profileSteps(liveV1, v2Dir);
      } catch (e) {
        profile = { steps: [], notes: [`step profile failed: ${(e as Error).message.split('\n')[0]}`] };
      }
    }
    return { n, ddlBytes, files: v2.length, changes, rows, rssPeakMb: rssPeak / 2 ** 20, profile, progress };
  } finally {
    for (const u of keep) await dropDb(u);
  }
}

// ---------------------------------------------------------------- report

const fmt = (r: Row | undefined) => (!r ? '-' : r.atLeastMs ? `> ${Math.round(r.atLeastMs)}` : r.error ? 'ERROR' : `${Math.round(r.ms!)}`);

function report(results: SizeResult[]): void {
  const ORDER = [
    'load (floor 1)',
    'raw migra (floor 2)',
    'plan (changes)',
    'atlas schema diff (changes)',
    'pg-schema-diff plan (changes)',
    'pg-schema-diff plan, no validation (changes)',
    'plan (no change, fast path)',
    'plan (no change, full)',
    'atlas schema diff (no change)',
    'pg-schema-diff plan (no change)',
    'apply (1% changed)',
    'first apply (empty db)',
    'create+drop empty db (context)',
  ];
  const present = new Set(results.flatMap((r) => r.rows.map(([l]) => l)));
  const labels = [...ORDER.filter((l) => present.has(l)), ...[...present].filter((l) => !ORDER.includes(l))];
  const cols = results.map((r) => `${r.n} tables`);
  const w0 = Math.max(34, ...labels.map((l) => l.length + 2));
  const w = 14;
  const line = (a: string, xs: string[]) => a.padEnd(w0) + xs.map((x) => x.padStart(w)).join('');
  const out: string[] = [];
  out.push('');
  out.push(`schemaop benchmark — median of ${RUNS} run(s), wall-clock ms; PostgreSQL ${pgVersion}; node ${process.version}`);
  out.push(`${os.cpus().length} CPUs; load average at start ${loadStart}, at end ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}; floors and plan(changes) measured in interleaved rounds`);
  out.push('');
  out.push(line('', cols));
  out.push(line('DDL size (KiB) / files', results.map((r) => `${(r.ddlBytes / 1024).toFixed(0)} / ${r.files}`)));
  out.push(line('changed tables', results.map((r) => String(r.changes.length))));
  out.push('-'.repeat(w0 + w * cols.length));
  for (const l of labels) out.push(line(l, results.map((r) => fmt(r.rows.find(([x]) => x === l)?.[1]))));
  out.push('-'.repeat(w0 + w * cols.length));
  const get = (r: SizeResult, l: string) => r.rows.find(([x]) => x.startsWith(l))?.[1];
  const ratio = results.map((r) => {
    const p = get(r, 'plan (changes)');
    const a = get(r, 'load');
    const b = get(r, 'raw migra');
    if (!p?.ms || !a?.ms || !b?.ms) return '-';
    return (p.ms / (a.ms + b.ms)).toFixed(2);
  });
  out.push(line('plan(changes) / (load + raw migra)', ratio) + '   aim <= 1.2');
  out.push(
    line(
      'fast-path no-change plan (s)',
      results.map((r) => {
        const f = get(r, 'plan (no change, fast');
        return f?.ms !== undefined ? (f.ms / 1000).toFixed(3) : '-';
      }),
    ) + '   aim < 0.5',
  );
  const vs = (ours: string, peer: string) =>
    results.map((r) => {
      const a = r.rows.find(([x]) => x === ours)?.[1];
      const b = r.rows.find(([x]) => x === peer)?.[1];
      if (a?.ms && b?.atLeastMs) return `< ${(a.ms / b.atLeastMs).toFixed(2)}`;
      return a?.ms && b?.ms ? (a.ms / b.ms).toFixed(2) : '-';
    });
  out.push(line('plan(changes) / atlas', vs('plan (changes)', 'atlas schema diff (changes)')) + '   aim < 1');
  out.push(line('plan(changes) / pg-schema-diff', vs('plan (changes)', 'pg-schema-diff plan (changes)')) + '   aim < 1');
  out.push(line('plan(changes) / pg-schema-diff no-val.', vs('plan (changes)', 'pg-schema-diff plan, no validation (changes)')));
  out.push(line('plan(no change, full) / atlas', vs('plan (no change, full)', 'atlas schema diff (no change)')) + '   aim < 1');
  out.push(line('plan(no change, full) / pg-schema-diff', vs('plan (no change, full)', 'pg-schema-diff plan (no change)')) + '   aim < 1');
  out.push(line('peak RSS (MiB)', results.map((r) => r.rssPeakMb.toFixed(0))));
  out.push('');
  out.push('Notes (last run of each row):');
  for (const r of results) {
    out.push(`  ${r.n} tables — changes: ${r.changes.join('; ')}`);
    for (const l of labels) {
      const row = r.rows.find(([x]) => x === l)?.[1];
      if (!row) continue;
      if (row.error) out.push(`    ${l}: ERROR ${row.error}`);
      else if (row.note || (row.all && row.all.length > 1)) out.push(`    ${l}: ${row.note ?? ''}${row.all && row.all.length > 1 ? `  [runs: ${row.all.map((x) => x.toFixed(0)).join(', ')}]` : ''}`);
    }
  }
  if (results.some((r) => r.progress || r.profile)) {
    out.push('');
    out.push('Profile of plan (changes), one run each: plan()\'s onProgress steps, then the same work step by step');
    for (const r of results) {
      out.push(`  ${r.n} tables`);
      for (const [s, ms] of r.progress?.steps ?? []) out.push(`    ${s.padEnd(50)}${ms.toFixed(0).padStart(8)} ms`);
      for (const n of r.progress?.notes ?? []) out.push(`    (${n})`);
      out.push('    -- step by step:');
      for (const [s, ms] of r.profile?.steps ?? []) out.push(`    ${s.padEnd(50)}${ms.toFixed(0).padStart(8)} ms`);
      for (const n of r.profile?.notes ?? []) out.push(`    (${n})`);
    }
  }
  console.log(out.join('\n'));
}

/** The figures of the combined table (bench/all.ts): each against its floor or peer, with the target. */
function figures(results: SizeResult[]): Figure[] {
  const out: Figure[] = [];
  for (const r of results) {
    const row = (l: string) => r.rows.find(([x]) => x === l)?.[1];
    const vs = (figure: string, ours: string, versus: string, peer: Row | undefined, target?: number): Figure => {
      const a = row(ours);
      const missing = a?.error ?? (peer?.error && !peer.atLeastMs ? peer.error : undefined);
      return {
        figure: `${figure}, ${r.n} tables`,
        ...(a?.ms !== undefined ? { ms: a.ms } : {}),
        versus,
        ...(peer?.ms !== undefined ? { versusMs: peer.ms } : {}),
        ...(peer?.atLeastMs ? { versusAtLeastMs: peer.atLeastMs } : {}),
        ...(target !== undefined ? { target } : {}),
        ...(missing ? { missing: missing.slice(0, 60) } : {}),
      };
    };
    const load = row('load (floor 1)');
    const migra = row('raw migra (floor 2)');
    const floors: Row | undefined = load?.ms !== undefined && migra?.ms !== undefined ? { ms: load.ms + migra.ms } : { error: load?.error ?? migra?.error ?? 'no floor' };
    out.push(vs('first apply', 'first apply (empty db)', 'load of the same DDL', load, 2));
    out.push(vs('apply of 1% changed', 'apply (1% changed)', 'load of the same DDL', load));
    out.push(vs('plan with changes', 'plan (changes)', 'load + raw migra diff', floors, 1.5));
    out.push(vs('plan with changes', 'plan (changes)', 'atlas schema diff', row('atlas schema diff (changes)'), 1));
    out.push(vs('plan with changes', 'plan (changes)', 'pg-schema-diff plan', row('pg-schema-diff plan (changes)'), 1));
    out.push(vs('full no-change re-plan', 'plan (no change, full)', 'atlas schema diff', row('atlas schema diff (no change)'), 1));
    out.push(vs('full no-change re-plan', 'plan (no change, full)', 'pg-schema-diff plan', row('pg-schema-diff plan (no change)'), 1));
  }
  return out;
}

// ---------------------------------------------------------------- main

let pgVersion = '?';
const loadStart = os.loadavg().map((x) => x.toFixed(1)).join(' ');

async function main(): Promise<void> {
  await withBenchServer('bench', (m) => log(m), async (server, work) => {
    serverUrl = server;
    pgVersion = await withClient(serverUrl, async (c) => (await c.query('SHOW server_version')).rows[0].server_version as string);
    const results: SizeResult[] = [];
    for (const n of SIZES) {
      log(`--- ${n} tables`);
      try {
        peerSize(n);
        results.push(await benchSize(n, work));
      } catch (e) {
        log(`size ${n} failed: ${(e as Error).stack ?? e}`);
      }
    }
    report(results);
    writeFigures('schema', figures(results));
  });
}

run(main);
