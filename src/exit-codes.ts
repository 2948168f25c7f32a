/** Exit codes of `schemaop`; CI scripts act on them (documented in the README and --help). */
export const EXIT = {
  ok: 0,
  error: 1,
  /** plan: changes pending (like `terraform plan -detailed-exitcode`). */
  changes: 2,
  unreachable: 3,
  planChanged: 4,
  locked: 5,
  invalidSchema: 6,
  /** drift found (the code `pulumi preview --expect-no-changes` uses). */
  drift: 7,
  /** a blocking finding without a reviewed allowance. */
  blocked: 8,
  refused: 9,
  usage: 64,
} as const;
