// The project's plug-ins to the plan/apply flow: safety checks, seed rows, grants. Each part adds
// itself here; the engine core knows none of them.
import type { Extensions } from '../engine/extensions';

export interface ProjectFlags {
  schema?: string;
}

/** Extensions for a run of the command in the project root. */
export async function projectExtensions(_flags: ProjectFlags): Promise<Extensions> {
  return { transforms: [], stages: [], checks: [] };
}
