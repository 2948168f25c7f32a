// The part of each dynamic provider that Pulumi serialises into the stack state.
//
// Pulumi serialises a dynamic provider's closure and later runs the text in a plain Node process
// (the `pulumi-resource-pulumi-nodejs` host, started in the project folder). Serialising the
// engine itself by value cannot work (its module-level Maps, classes and native bindings are not
// serialisable), and that process cannot load TypeScript. So what is serialised is this small
// shell: each method loads the provider's implementation from the project's
// `src/providers/runtime/` with tsx's CommonJS hook (a project dependency) and calls it. The
// implementation therefore always is the checked-out project's, as with any dynamic provider
// ("each iteration must handle the state produced by prior ones").
//
// Keep this file free of imports: whatever it references is captured by value.
/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any --
   Pulumi serialises this shell: it may only require() at call time, and it passes Pulumi's untyped property bags through. */
import type { ProviderImpl } from './runtime/types';

/** The project folder when the program was run (fallback when the host's cwd is elsewhere). */
const PROGRAM_ROOT: string = require('node:path').resolve(__dirname, '..', '..');

/** Loads `src/providers/runtime/<name>.ts` of the project (the host's cwd, else PROGRAM_ROOT). */
function loadRuntime(name: string): ProviderImpl {
  const path = require('node:path');
  const fs = require('node:fs');
  const rel = path.join('src', 'providers', 'runtime', `${name}.ts`);
  const root = [process.cwd(), PROGRAM_ROOT].find((r: string) => fs.existsSync(path.join(r, rel)));
  if (!root) throw new Error(`schemaop dynamic provider "${name}": ${rel} not found in ${process.cwd()} or ${PROGRAM_ROOT}; run Pulumi from the schemaop project folder`);
  const file = path.join(root, rel);
  if (!require.extensions['.ts']) {
    // tsx's CommonJS hook: TypeScript files can be required from here on.
    require(require.resolve('tsx/cjs/api', { paths: [root] })).register();
  }
  return require(file).provider as ProviderImpl;
}

/**
 * A dynamic provider whose methods run `src/providers/runtime/<name>.ts`. `impl` replaces the
 * loader (tests call the implementation directly through the same shell).
 */
export function serializableProvider(name: string, impl?: () => ProviderImpl) {
  const get = impl ?? (() => loadRuntime(name));
  return {
    check: (olds: any, news: any) => get().check(olds, news),
    diff: (id: string, olds: any, news: any) => get().diff(id, olds, news),
    create: (inputs: any) => get().create(inputs),
    read: (id: string, props: any) => get().read(id, props),
    update: (id: string, olds: any, news: any) => get().update(id, olds, news),
    delete: (id: string, props: any) => get().delete(id, props),
  };
}
