/** Exit codes of `schemaop`; CI scripts act on them (documented in docs/cli.md and --help). */
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

/** What each exit code means, as docs/cli.md's table says it (a test keeps the two the same). */
export const EXIT_MEANING: Record<keyof typeof EXIT, string> = {
  ok: 'success; for `plan`: no changes',
  changes: '`plan`: changes pending',
  unreachable: 'database unreachable, wrong database or authentication failed',
  planChanged: '`apply --plan-hash`: the plan changed since it was reviewed; nothing applied',
  locked: 'another apply holds the lock on this database (after `--lock-wait`)',
  invalidSchema: 'invalid desired schema (`file:line:column: message`)',
  drift: '`drift`: the database differs from the desired state',
  blocked: 'a safety rule blocks the plan and no reviewed allowance lets it pass',
  refused: 'apply refused (no terminal, no `--auto-approve`) or cancelled',
  usage: 'usage error',
  error: 'any other error (for example a statement that failed; nothing was applied)',
};

/** The Markdown table of docs/cli.md: every code in the order above (1, the catch-all, last). */
export const exitTable = (): string =>
  ['| code | meaning |', '|---|---|', ...Object.entries(EXIT_MEANING).map(([k, m]) => `| ${EXIT[k as keyof typeof EXIT]} | ${m} |`)].join('\n');
