// Logging in as a role with its password, to show what it can and cannot do.
import { withClient } from '../../src/db/connect';

/** Runs `sql` as `role` (logged in with `password`) on `url`'s database: the rows, or `ERROR: <message>`. */
export async function as(url: string, role: string, password: string, sql: string): Promise<unknown> {
  const u = new URL(url);
  u.username = role;
  u.password = password;
  try {
    return await withClient(u.toString(), async (c) => (await c.query(sql)).rows);
  } catch (e) {
    return `ERROR: ${(e as Error).message}`;
  }
}
