// Suites that need a tool `npm run tools` builds (.tools/bin): on a machine without it they are
// skipped with a note; in CI, where .ci/run builds the tools first, they always run, so a missing
// tool fails there instead of passing unseen.
import { toolBuilt } from '../../src/util/tools';

export function missingTool(name: string, suite: string): boolean {
  if (toolBuilt(name) || process.env.CI) return false;
  console.warn(`${suite} skipped: .tools/bin/${name} is not built (run \`npm run tools\`)`);
  return true;
}
