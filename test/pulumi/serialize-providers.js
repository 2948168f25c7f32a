// Serialises each dynamic provider as `pulumi up` does: the program loaded the way the Pulumi
// CLI loads a TypeScript program (its vendored ts-node with the project's tsconfig), then
// pulumi.runtime.serializeFunction(() => provider) as dynamic.Resource does. Prints JSON
// {name: text}. Run with a plain `node`, cwd = the project.
const path = require('node:path');
const root = path.resolve(__dirname, '../..');
const ts = require(require.resolve('typescript', { paths: [root] }));
const tsconfig = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile).config;
require(path.join(root, 'node_modules/@pulumi/pulumi/vendor/ts-node@7.0.1')).register({
  compiler: require.resolve('typescript', { paths: [root] }),
  project: path.join(root, 'tsconfig.json'),
  // Type checking is the typecheck step's job; the emitted code is the same.
  transpileOnly: true,
  compilerOptions: { target: 'ES2020', module: 'nodenext', moduleResolution: 'nodenext', sourceMap: 'true', ...tsconfig.compilerOptions },
});
const pulumi = require(path.join(root, 'node_modules/@pulumi/pulumi'));
const { providers } = require(path.join(root, 'src/providers/resources.ts'));
(async () => {
  const out = {};
  for (const [name, provider] of Object.entries(providers)) {
    const sf = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
    out[name] = sf.text;
  }
  process.stdout.write(JSON.stringify(out));
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
