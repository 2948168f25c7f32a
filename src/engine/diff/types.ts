// What the differ's parts exchange: planned statements and the fixers that add to them.
import type { Classification } from '../classify';
import type { DiffContext } from './catalog';

export interface DiffStatement {
  sql: string;
  /** Which part of the differ planned it: `migra` or a fixer's name. */
  source: string;
  /** Graph keys of objects it creates beyond what its text names (constraints written inline). */
  provides?: string[];
  /** What it does, as the differ classified it (the stages after it read this, never parse again). */
  classification?: Classification;
}

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
