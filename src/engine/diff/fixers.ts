// The registry of gap fixers: each closes one thing migra does not plan (or plans wrongly).
// A fixer sees both catalogs and the statements planned so far; it returns statements to add
// before or after them, or (rarely) a corrected list.
import type { DiffContext } from './catalog';
import type { DiffStatement } from './index';

export interface FixerResult {
  before?: string[];
  after?: string[];
  replace?: DiffStatement[];
}

export interface Fixer {
  name: string;
  /** One line: the gap it closes. */
  doc: string;
  run(ctx: DiffContext, planned: DiffStatement[]): Promise<FixerResult>;
}

export const fixers: Fixer[] = [];
