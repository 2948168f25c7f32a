#!/usr/bin/env node
// Runs the compiled command (dist/, built by `npm ci` / `npm run build`) when it is at least as
// new as every source file, else the TypeScript sources directly (tsx): the command is always the
// checked-out code, and compiling at each start (about a second) is paid only after an edit.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
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
  return !newer(path.join(root, 'src'));
}

let main;
if (process.env.SCHEMAOP_FROM_SOURCE !== '1' && distIsFresh()) {
  ({ main } = require('../dist/src/cli/main.js'));
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
