// Suites that need an optional tool: one `npm run tools` builds (.tools/bin), or a system package
// (Chromium). On a machine without it they are skipped with a note, since the README promises that
// `npm test` needs Node alone; in CI (CI=true), where .ci/run installs and builds everything first,
// they always run, so a missing tool fails there instead of passing unseen.
import { existsSync } from 'node:fs';
import { toolBuilt } from '../../src/util/tools';

function missing(present: boolean, suite: string, why: string): boolean {
  if (present || process.env.CI) return false;
  console.warn(`${suite} skipped: ${why}`);
  return true;
}

/** Whether to skip `suite` because .tools/bin/`name` is not built (never in CI). */
export function missingTool(name: string, suite: string): boolean {
  return missing(toolBuilt(name), suite, `.tools/bin/${name} is not built (run \`npm run tools\`)`);
}

/** Whether to skip `suite` because the program at `file` is not installed (never in CI). */
export function missingProgram(file: string, suite: string, install: string): boolean {
  return missing(existsSync(file), suite, `${file} is missing (${install})`);
}
