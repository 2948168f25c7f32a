// A step that takes a strong table lock, run with a short lock_timeout and bounded retries:
// waiting in the lock queue behind a long transaction would stall every write queued behind it,
// so the step gives up after `lockTimeoutMs`, lets the queue drain, and tries again.
// The policy is a field of the planned statement (`PlannedStatement.retry`): the plan shows it and
// its hash covers it, and apply carries it out here; the statement's text is the statement itself.
import type { Client } from '../db/connect';

export interface RetryOptions {
  lockTimeoutMs: number;
  retries: number;
}

export const DEFAULT_RETRY: RetryOptions = { lockTimeoutMs: 2_000, retries: 5 };

export const LOCK_NOT_AVAILABLE = '55P03';

/** How the plan states a retry policy (the text report, the plan hash). */
export const describeRetry = (o: RetryOptions) => `lock_timeout ${Math.max(1, Math.round(o.lockTimeoutMs))}ms, up to ${Math.max(0, Math.floor(o.retries))} retries`;

/** Pause before the attempt after `attempt` (0-based): 50 ms doubling, at most 2 s. */
export const retryPause = (attempt: number) => Math.min(50 * 2 ** (attempt + 1), 2_000);

/**
 * Runs `run` in its own short transaction under the policy's lock_timeout; when the lock is not
 * available the transaction is rolled back and tried again, at most `retries` more times. The
 * statement must be one that can run in a transaction (a CONCURRENTLY build cannot, and takes no
 * strong lock). `run` throws the error apply reports; its `pgCode` (or `code`) tells a lock wait.
 */
export async function runWithRetry<T>(c: Client, o: RetryOptions, run: () => Promise<T>, onRetry?: (attempt: number) => void): Promise<T> {
  const ms = Math.max(1, Math.round(o.lockTimeoutMs));
  for (let attempt = 0; ; attempt++) {
    await c.query('BEGIN');
    try {
      await c.query(`SET LOCAL lock_timeout = ${ms}`);
      const out = await run();
      await c.query('COMMIT');
      return out;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      const code = (e as { pgCode?: string; code?: string }).pgCode ?? (e as { code?: string }).code;
      if (code !== LOCK_NOT_AVAILABLE || attempt >= Math.max(0, Math.floor(o.retries))) throw e;
      onRetry?.(attempt + 1);
      await new Promise((r) => setTimeout(r, retryPause(attempt)));
    }
  }
}
