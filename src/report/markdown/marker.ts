// The hidden marker that identifies a stack's comment, so that a workflow updates it in place
// instead of adding another: `<!-- schemaop:report stack=dev -->`.
const RE = /<!-- schemaop:report stack=([^\s>]+) -->/;

export const markerFor = (stack: string) => `<!-- schemaop:report stack=${encodeURIComponent(stack)} -->`;

/** The stack a comment body belongs to, if it is a schemaop report. */
export function markerOf(body: string): string | undefined {
  const m = RE.exec(body);
  if (!m) return undefined;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return undefined;
  }
}
