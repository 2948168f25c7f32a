#!/usr/bin/env node
// A stand-in for the Atlas CLI (which cannot be installed here): it records how it was called and
// prints what `atlas schema diff` prints, from $FAKE_ATLAS_OUTPUT.
const fs = require('node:fs');
const args = process.argv.slice(2);
if (args[0] === 'version') {
  console.log('atlas version v0.0.0-fake');
  process.exit(0);
}
fs.appendFileSync(process.env.FAKE_ATLAS_LOG, JSON.stringify(args) + '\n');
if (process.env.FAKE_ATLAS_FAIL) {
  console.error(`Error: connecting to ${args[args.indexOf('--from') + 1]}: boom`);
  process.exit(1);
}
process.stdout.write(process.env.FAKE_ATLAS_OUTPUT ?? 'Schemas are synced, no changes to be made.\n');
