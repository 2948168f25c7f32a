// `schemaop drift`: the live database against schema/, seeds/, access/ and the last revision.
// Exit 0 when clean, 7 when drift is found (what `pulumi preview --expect-no-changes` uses).
import { DriftReport, drift, driftText } from '../../drift';
import type { PlanOptions } from '../../engine/plan';
import type { Style } from '../../report/style';
import { EXIT } from '../../exit-codes';

export interface DriftCommandContext {
  url: string;
  options: PlanOptions;
  json: boolean;
  style: Style;
  out(s: string): void;
  done(): void;
  /** `--format markdown`: the review of the drift (report/markdown). */
  markdown?: (r: DriftReport) => Promise<string>;
}

export async function driftCommand(ctx: DriftCommandContext): Promise<number> {
  let r;
  try {
    r = await drift(ctx.options);
  } finally {
    ctx.done();
  }
  ctx.out(ctx.markdown ? await ctx.markdown(r) : ctx.json ? JSON.stringify(r, null, 2) : driftText(r, ctx.style));
  return r.clean ? EXIT.ok : EXIT.drift;
}
