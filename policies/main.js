// The pack's entry point for the Pulumi CLI. Its packages resolve from the project's node_modules
// (one copy of @pulumi/policy, @pulumi/pulumi and zod), and its TypeScript is loaded with tsx,
// transpile only: `npm test` type-checks it.
require('tsx/cjs/api').register();
require('./index.ts');
