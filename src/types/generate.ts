// The files of schemaop.yaml's `types:` section, generated from the desired schema: executed in a
// scratch database (as a plan does), its catalog read once, each output rendered from it.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { withClient } from '../db/connect';
import { loadDesired, withScratchDatabase } from '../engine/devdb';
import { parseDesired, type DesiredSchema } from '../engine/source';
import { SchemaopError } from '../errors';
import { EXIT } from '../exit-codes';
import { readCatalog, selectTables, type TypeCatalog } from './catalog';
import type { TypesOutput } from './config';
import { drizzleSchema } from './drizzle';
import { pydanticModels } from './pydantic';
import { HEADER_LINES } from './header';

export interface GeneratedFile {
  /** As configured: relative to the project root. */
  out: string;
  text: string;
}

export function render(catalog: TypeCatalog, o: TypesOutput, schemaHash: string): string {
  let selected: TypeCatalog;
  try {
    selected = selectTables(catalog, o.tables);
  } catch (e) {
    throw new SchemaopError(`schemaop.yaml: types (${o.out}): tables: ${(e as Error).message}`, EXIT.usage);
  }
  return o.format === 'drizzle' ? drizzleSchema(selected, o, schemaHash) : pydanticModels(selected, o, schemaHash);
}

/** Reads the desired schema's catalog from a scratch database on `serverUrl`. */
export async function desiredCatalog(serverUrl: string, schema: DesiredSchema): Promise<TypeCatalog> {
  await parseDesired(schema);
  return withScratchDatabase(serverUrl, async (devUrl) => {
    await loadDesired(devUrl, schema);
    return withClient(devUrl, readCatalog, 'dev database');
  });
}

/**
 * The hash a generated file's header names: of the schema files only. A declared backfill changes
 * the desired state's hash but no type, so it leaves the generated files current.
 */
export function schemaFilesHash(schema: DesiredSchema): string {
  const h = createHash('sha256');
  for (const f of schema.files) h.update(`file\0${f.path}\0${f.text}\0`);
  return h.digest('hex');
}

export async function generate(serverUrl: string, schema: DesiredSchema, outputs: TypesOutput[]): Promise<GeneratedFile[]> {
  if (!outputs.length) return [];
  const catalog = await desiredCatalog(serverUrl, schema);
  return outputs.map((o) => ({ out: o.out, text: render(catalog, o, schemaFilesHash(schema)) }));
}

export interface Staleness {
  out: string;
  /** `missing`, or the first lines that differ. */
  missing: boolean;
  /** 1-based line of the first difference, and that line on each side. */
  line?: number;
  expected?: string;
  found?: string;
  /** Lines that differ, compared line by line (0: only the header's schema hash). */
  changed?: number;
}

/** Compares generated files with what is on disk under `root`; only the differing ones. */
export async function staleFiles(root: string, files: GeneratedFile[]): Promise<Staleness[]> {
  const out: Staleness[] = [];
  for (const f of files) {
    const have = await fs.readFile(path.join(root, f.out), 'utf8').catch(() => undefined);
    if (have === undefined) {
      out.push({ out: f.out, missing: true });
      continue;
    }
    if (have === f.text) continue;
    // The header names the schema hash, which any edit of schema/ changes: the body says what.
    const a = f.text.split('\n');
    const b = have.split('\n');
    let changed = 0;
    let first = -1;
    for (let i = HEADER_LINES; i < Math.max(a.length, b.length); i++) {
      if (a[i] === b[i]) continue;
      changed++;
      if (first < 0) first = i;
    }
    if (first < 0) out.push({ out: f.out, missing: false, changed: 0 });
    else out.push({ out: f.out, missing: false, line: first + 1, expected: a[first] ?? '(end of file)', found: b[first] ?? '(end of file)', changed });
  }
  return out;
}

/** One line on what differs. */
export function describe(s: Staleness): string {
  if (s.missing) return `${s.out} does not exist`;
  if (!s.changed) return `${s.out} was generated from another state of schema/ (only the schema hash in its header differs)`;
  const q = (x: string) => JSON.stringify(x.length > 120 ? `${x.slice(0, 117)}...` : x);
  return `${s.out} does not match schema/: from line ${s.line}, expected ${q(s.expected!)}, found ${q(s.found!)}`;
}

/** Writes the files that differ; returns their paths. */
export async function writeFiles(root: string, files: GeneratedFile[]): Promise<string[]> {
  const written: string[] = [];
  for (const s of await staleFiles(root, files)) {
    const f = files.find((x) => x.out === s.out)!;
    const p = path.join(root, f.out);
    await fs.mkdir(path.dirname(p), { recursive: true });
    // Written whole or not at all: a reader never sees half a file.
    await fs.writeFile(`${p}.tmp-${process.pid}`, f.text);
    await fs.rename(`${p}.tmp-${process.pid}`, p);
    written.push(f.out);
  }
  return written;
}

/**
 * What the last generation in this project wrote (in .schemaop/, git-ignored): for a desired
 * schema, a configuration and this generator, each file's sha256. A plan whose files still have
 * those hashes needs no scratch database to know they are current: the no-change plan stays fast.
 */
const CACHE = path.join('.schemaop', 'types.json');
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/** The generator itself: the modules of this folder (or the bundle holding them), by name and time. */
async function generatorStamp(): Promise<string> {
  const dir = path.dirname(__filename);
  // The code only: dist/ also holds V8's code cache, rewritten by the runs themselves.
  const names = (await fs.readdir(dir)).filter((n) => /\.(c?js|ts)$/.test(n)).sort();
  const times = await Promise.all(names.map((n) => fs.stat(path.join(dir, n)).then((s) => `${n}:${s.mtimeMs}`, () => n)));
  return times.join(',');
}

async function cacheKey(schema: DesiredSchema, outputs: TypesOutput[]): Promise<string> {
  return sha(`${schemaFilesHash(schema)}\0${JSON.stringify(outputs)}\0${await generatorStamp()}`);
}

/** Whether every output on disk is what the last generation for this schema wrote. */
export async function knownCurrent(root: string, schema: DesiredSchema, outputs: TypesOutput[]): Promise<boolean> {
  let cache: { key: string; files: Record<string, string> } | undefined;
  try {
    cache = JSON.parse(await fs.readFile(path.join(root, CACHE), 'utf8'));
  } catch {
    return false;
  }
  if (!cache || cache.key !== (await cacheKey(schema, outputs))) return false;
  for (const o of outputs) {
    const have = await fs.readFile(path.join(root, o.out), 'utf8').catch(() => undefined);
    if (have === undefined || sha(have) !== cache.files[o.out]) return false;
  }
  return true;
}

export async function remember(root: string, schema: DesiredSchema, outputs: TypesOutput[], files: GeneratedFile[]): Promise<void> {
  const cache = { key: await cacheKey(schema, outputs), files: Object.fromEntries(files.map((f) => [f.out, sha(f.text)])) };
  await fs.mkdir(path.join(root, '.schemaop'), { recursive: true });
  // Runs in parallel (CI jobs, tests) read it: written whole, then renamed.
  const tmp = `${path.join(root, CACHE)}.${process.pid}`;
  await fs.writeFile(tmp, JSON.stringify(cache));
  await fs.rename(tmp, path.join(root, CACHE));
}
