// A statement that takes a strong table lock, run with a short lock_timeout and bounded retries:
// waiting in the lock queue behind a long transaction would stall every write queued behind it,
// so the statement gives up after `lockTimeoutMs`, lets the queue drain, and tries again.
// The wrapper is a DO block (it runs in its own short transaction: post-transaction steps only);
// the inner statement is kept verbatim between `$schemaop_stmt$` quotes, so lint and the policy
// pack read the real statement back with the scanner (`unwrapRetry`).
import { scanSync } from 'libpg-query';

export interface RetryOptions {
  lockTimeoutMs: number;
  retries: number;
}

export const DEFAULT_RETRY: RetryOptions = { lockTimeoutMs: 2_000, retries: 5 };

const TAG = '$schemaop_stmt$';

export function wrapWithRetry(sql: string, o: RetryOptions = DEFAULT_RETRY): string {
  if (sql.includes(TAG)) throw new Error('cannot wrap a statement twice');
  return [
    `DO $schemaop_retry$ DECLARE attempt int := 0; BEGIN`,
    `  LOOP`,
    `    BEGIN`,
    `      PERFORM set_config('lock_timeout', '${Math.max(1, Math.round(o.lockTimeoutMs))}ms', true);`,
    `      EXECUTE ${TAG}${sql}${TAG};`,
    `      RETURN;`,
    `    EXCEPTION WHEN lock_not_available THEN`,
    `      attempt := attempt + 1;`,
    `      IF attempt > ${Math.max(0, Math.floor(o.retries))} THEN RAISE; END IF;`,
    `      PERFORM pg_sleep(least(0.05 * 2 ^ attempt, 2));`,
    `    END;`,
    `  END LOOP;`,
    `END $schemaop_retry$`,
  ].join('\n');
}

/** The statement inside a retry wrapper (read with PostgreSQL's scanner), or `sql` itself. */
export function unwrapRetry(sql: string): string {
  if (!sql.includes(TAG)) return sql;
  try {
    const tokens = scanSync(sql).tokens;
    if (tokens[0]?.text.toUpperCase() !== 'DO') return sql;
    const body = tokens.find((t) => t.tokenName === 'SCONST');
    if (!body) return sql;
    const inner = scanSync(body.text.replace(/^\$schemaop_retry\$|\$schemaop_retry\$$/g, '')).tokens;
    const i = inner.findIndex((t) => t.text.toUpperCase() === 'EXECUTE');
    const lit = inner[i + 1];
    if (i < 0 || lit?.tokenName !== 'SCONST' || !lit.text.startsWith(TAG)) return sql;
    return lit.text.slice(TAG.length, -TAG.length);
  } catch {
    return sql;
  }
}

export const isRetryWrapped = (sql: string) => unwrapRetry(sql) !== sql;
