#!/usr/bin/env node
// Runs the compiled command (dist/schemaop.cjs, built by `npm ci` / `npm run build`) when it is at
// least as new as every source file, else the TypeScript sources directly (tsx): the command is
// always the checked-out code, and compiling at each start (about a second) is paid only after an edit.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const BUNDLE = path.join(root, 'dist', 'schemaop.cjs');
const STAMP = path.join(root, 'dist', '.built');

/** Whether dist/ was built after the last change of any file under src/. */
function distIsFresh() {
  let built;
  try {
    built = fs.statSync(STAMP).mtimeMs;
  } catch {
    return false;
  }
  const newer = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory() ? newer(p) : e.name.endsWith('.ts') && fs.statSync(p).mtimeMs > built) return true;
    }
    return false;
  };
  return fs.existsSync(BUNDLE) && !newer(path.join(root, 'src'));
}

/**
 * Loads the bundle through V8's code cache (what Node 22's module.enableCompileCache does): the
 * cache is written after the first run and whenever V8 rejects it (a rebuilt bundle, another Node),
 * so later starts skip compiling the functions that run used.
 */
function loadBundle() {
  const vm = require('node:vm');
  const Module = require('node:module');
  const cacheFile = `${BUNDLE}.v8cache`;
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(fs.readFileSync(BUNDLE, 'utf8')), {
    filename: BUNDLE,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const m = new Module(BUNDLE, module);
  m.filename = BUNDLE;
  m.paths = Module._nodeModulePaths(path.dirname(BUNDLE));
  const req = (id) => m.require(id);
  req.resolve = (id, o) => Module._resolveFilename(id, m, false, o);
  script.runInThisContext()(m.exports, req, m, BUNDLE, path.dirname(BUNDLE));
  m.loaded = true;
  if (!cachedData || script.cachedDataRejected) {
    process.once('beforeExit', () => {
      try {
        const tmp = `${cacheFile}.${process.pid}`;
        fs.writeFileSync(tmp, script.createCachedData());
        fs.renameSync(tmp, cacheFile);
      } catch {
        // A read-only install runs without the cache.
      }
    });
  }
  return m.exports;
}

// pg probes for Cloudflare Workers through navigator.userAgent, else by constructing a fetch
// Response, which loads all of Node 20's fetch (about 20 ms); Node 21 and later define navigator.
if (typeof globalThis.navigator === 'undefined') {
  Object.defineProperty(globalThis, 'navigator', { value: { userAgent: `Node.js/${process.versions.node.split('.')[0]}` }, configurable: true, writable: true });
}

// libpg-query's WebAssembly parser runs on V8's baseline code only. By default V8 also recompiles
// its hot functions with the optimising compiler, on background threads: a command makes a few
// calls into a large module (through Emscripten's JavaScript trampolines, which the optimised code
// does not speed up), and the process waits for those compile jobs before it exits, which on a
// loaded machine cost more than the command itself.
require('node:v8').setFlagsFromString('--liftoff-only');

let main;
if (process.env.SCHEMAOP_FROM_SOURCE !== '1' && distIsFresh()) {
  ({ main } = loadBundle());
} else {
  require('tsx/cjs');
  ({ main } = require('../src/cli/main.ts'));
}
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    console.error(e);
    process.exitCode = 1;
  },
);
