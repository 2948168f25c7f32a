// Where the external tools are: `npm run tools` builds them into .tools/bin (pinned); a user who
// installed Pulumi or Atlas the vendor's way has them on PATH. The project's own build wins when
// both exist, so that tests and CI always run the pinned versions.
import { existsSync } from 'node:fs';
import path from 'node:path';

/** The project root: the folder with package.json above this file (src/util or dist/src/util). */
export const projectRoot = (() => {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
})();

/** The project's tool folder, `$SCHEMAOP_TOOLS_BIN` or `.tools/bin` of the project. */
export const toolsBin = () => process.env.SCHEMAOP_TOOLS_BIN || path.join(projectRoot, '.tools', 'bin');

/** The executable to run for `name`: the project's built one if present, else the bare name (PATH). */
export function toolPath(name: string): string {
  const built = path.join(toolsBin(), name);
  return existsSync(built) ? built : name;
}

/** Whether the project's build of `name` exists (tests that need a real tool check this). */
export const toolBuilt = (name: string) => existsSync(path.join(toolsBin(), name));
