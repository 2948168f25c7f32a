// Runs a serialised provider as Pulumi's dynamic provider host does: the text loaded with
// require-from-string, `.handler()` called, then the provider's methods. Usage:
//   node run-serialized.js FILE '[["create", inputs], ["read", "$id", "$outs"]]'
// "$id" / "$outs" stand for the results of the previous create. Prints the results as JSON.
const fs = require('node:fs');
const requireFromString = require(require.resolve('require-from-string', { paths: [require.resolve('@pulumi/pulumi')] }));
(async () => {
  const provider = requireFromString(fs.readFileSync(process.argv[2], 'utf8')).handler();
  const steps = JSON.parse(process.argv[3]);
  const results = [];
  let id;
  let outs;
  const sub = (v) => (v === '$id' ? id : v === '$outs' ? outs : v);
  for (const [method, ...args] of steps) {
    const r = await provider[method](...args.map(sub));
    if (r && r.id !== undefined) id = r.id;
    if (r && (r.outs || r.props)) outs = r.outs || r.props;
    results.push(r ?? null);
  }
  process.stdout.write(JSON.stringify(results));
})().catch((e) => {
  process.stderr.write(String(e && e.message));
  process.exit(1);
});
