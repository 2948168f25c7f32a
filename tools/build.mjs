#!/usr/bin/env node
// `npm run tools`: builds the pinned external tools of tools.json from their Go modules into
// .tools/bin (git-ignored), and writes the small launchers of tools/launchers beside them.
// Idempotent: a tool whose stamp (its tools.json entry and the Go version) is unchanged and whose
// binaries exist is not rebuilt. Go's module and build caches are the user's own, so a rebuild after
// `git clean` only links. `ldflags` stamps the version the vendors' release builds embed.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const out = join(root, '.tools');
const bin = join(out, 'bin');
const only = process.argv.slice(2);

const go = spawnSync('go', ['version'], { encoding: 'utf8' });
if (go.error || go.status !== 0) {
  console.error(
    'npm run tools needs Go (https://go.dev/dl/, 1.25 or later) to build the pinned tools from their Go modules.\n' +
      'Without it, install the Pulumi CLI and Atlas the vendors\' way: schemaop uses .tools/bin when it exists, else PATH.',
  );
  process.exit(1);
}
const goVersion = go.stdout.trim();
const { tools } = JSON.parse(readFileSync(join(here, 'tools.json'), 'utf8'));
mkdirSync(bin, { recursive: true });
mkdirSync(join(out, 'stamps'), { recursive: true });

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, GOFLAGS: '-buildvcs=false', GOTOOLCHAIN: 'local' } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) failed:\n${(r.stderr || r.stdout || String(r.error)).trim()}`);
  return r.stdout;
}

/** A wrapper module that requires the tool's module at its pinned version, with its replaces. */
function buildModule(tool, dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const replaces = Object.entries(tool.replace ?? {}).map(([from, to]) => `replace ${from} => ${to}\n`).join('');
  writeFileSync(join(dir, 'go.mod'), `module schemaop.tools/${tool.name}\n\ngo ${tool.go}\n\n${replaces}`);
  const pkgs = Object.values(tool.build);
  // The tools build tag keeps main packages importable for the module graph only (never compiled).
  writeFileSync(join(dir, 'tools.go'), `//go:build tools\n\npackage tools\n\nimport (\n${pkgs.map((p) => `\t_ "${p}"\n`).join('')})\n`);
  const requires = { [tool.module]: tool.version, ...(tool.require ?? {}) };
  run('go', ['get', ...Object.entries(requires).map(([m, v]) => `${m}@${v}`)], dir);
  run('go', ['mod', 'tidy'], dir);
}

/** A tool whose source is in this repository (tools/<src>, its own go.mod). */
function localModule(tool) {
  return join(here, tool.source);
}

const failures = [];
for (const tool of tools) {
  if (only.length && !only.includes(tool.name)) continue;
  const started = Date.now();
  const stampFile = join(out, 'stamps', tool.name);
  const sourceHash = tool.source ? hashTree(localModule(tool)) : '';
  const stamp = createHash('sha256').update(JSON.stringify(tool) + goVersion + sourceHash).digest('hex');
  const bins = Object.keys(tool.build);
  const upToDate = existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp && bins.every((b) => existsSync(join(bin, b)));
  if (upToDate) {
    console.log(`${tool.name.padEnd(24)} ${tool.version ?? 'local'} up to date`);
    continue;
  }
  try {
    let dir;
    if (tool.source) dir = localModule(tool);
    else {
      dir = join(out, 'build', tool.name);
      buildModule(tool, dir);
    }
    for (const [name, pkg] of Object.entries(tool.build)) run('go', ['build', '-trimpath', ...(tool.ldflags ? ['-ldflags', tool.ldflags] : []), '-o', join(bin, name), pkg], dir);
    writeFileSync(stampFile, stamp);
    console.log(`${tool.name.padEnd(24)} ${tool.version ?? 'local'} built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (e) {
    failures.push(tool.name);
    console.error(`${tool.name.padEnd(24)} FAILED after ${((Date.now() - started) / 1000).toFixed(1)} s\n${e.message}`);
  }
}

// Launchers: the small scripts that Pulumi's distribution ships next to its binaries.
const launchers = join(here, 'launchers');
for (const f of readdirSync(launchers)) {
  copyFileSync(join(launchers, f), join(bin, f));
  chmodSync(join(bin, f), 0o755);
}

function hashTree(dir) {
  const h = createHash('sha256');
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else h.update(e.name).update(readFileSync(p));
    }
  };
  walk(dir);
  return h.digest('hex');
}

if (failures.length) {
  console.error(`npm run tools: ${failures.length} tool(s) failed: ${failures.join(', ')}`);
  process.exit(1);
}
