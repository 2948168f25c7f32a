// A seed file's own `secret:` list: those columns' values are never shown, like the access
// model's secret columns; a column that is not the table's, or is its key, is refused with the
// file's line. From the command line, on a copy of the repository's project.
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/seeds/secret-values';
import { schemaop } from '../support/cli';
import { freshDatabase } from '../support/db';
import { assertNoSecrets } from '../support/secrets';
import { project, Project } from '../seeds/project';

// Each test runs the command several times, on a machine that may be busy.
const CLI_TIMEOUT = 600_000;

describe('secret: in a seed file', () => {
  let url: string;
  let pr: Project;
  const token = `wss://stream.example.com/${randomBytes(16).toString('hex')}`;
  const file = (secret: string) => `table: exchanges\nkey: name\nsecret: ${secret}\nrows:\n  - {name: coinbase, display_name: Coinbase, ws_url: "${token}"}\n`;
  const plan = (format: string) => schemaop(['plan', '--url', url, '--schema', pr.schemaDir, '--format', format, '-q']);

  beforeAll(async () => {
    url = await freshDatabase();
    pr = await project({ 'seeds/10_exchanges.yaml': file('[ws_url]') }, { copy: ['schema', 'seeds', 'access'] });
  });

  it('hides the listed column in every format', async () => {
    for (const format of ['text', 'json', 'markdown']) {
      const r = await plan(format);
      expect(r.code, r.stderr).toBe(2);
      assertNoSecrets(r.stdout + r.stderr, [token], `schemaop plan --format ${format}`);
      if (format === 'markdown') expect(r.stdout).toContain(`(secret) ${fingerprint(token)}`);
      if (format === 'markdown') expect(r.stdout).toContain('`"Coinbase"`');
    }
  }, CLI_TIMEOUT);

  it('refuses a column the table does not have, or its key, with the line', async () => {
    await pr.write('seeds/10_exchanges.yaml', file('[ws_url, nope]'));
    let r = await plan('text');
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(/seeds\/10_exchanges\.yaml:3:\d+: secret\[1\]: public\.exchanges has no column nope/);
    await pr.write('seeds/10_exchanges.yaml', file('[name]'));
    r = await plan('text');
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(/seeds\/10_exchanges\.yaml:3:\d+: secret\[0\]: name is the key/);
  }, CLI_TIMEOUT);
});
