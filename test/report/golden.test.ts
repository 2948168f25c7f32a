// The review comment of a change with every kind of change (schema statements, a backfill, seed
// rows added / changed / removed, grants and a role, a blocking finding with its data-aware
// count), produced by real runs of `schemaop` against PostgreSQL and compared with the checked-in
// Markdown files in golden/.
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { databaseOf } from '../../src/db/url';
import { schemaop } from '../support/cli';
import { freshDatabase, query } from '../support/db';
import { loadDesiredSchema } from '../../src/engine/source';
import { previewDigest } from './preview-input';

const FIXTURE = path.join(__dirname, 'project');

/**
 * The run's random database name, host and port as stable words; the plan hash too, since it
 * covers the grant statements, which name the database's roles.
 */
export function normalise(text: string, url: string): string {
  const u = new URL(url);
  return text.split(databaseOf(url)).join('golden').split(`${u.hostname}:${u.port}`).join('db.example:5432').replace(/plan `[0-9a-f]{16}`/g, 'plan `0123456789abcdef`');
}

async function useVersion(root: string, version: 'before' | 'after') {
  for (const d of ['schema', 'seeds', 'access']) {
    await fs.rm(path.join(root, d), { recursive: true, force: true });
    await fs.cp(path.join(FIXTURE, version, d), path.join(root, d), { recursive: true });
  }
}

describe('markdown review of a real plan', () => {
  let url: string;
  let root: string;
  const run = (args: string[]) => schemaop([...args, '--url', url, '--schema', path.join(root, 'schema'), '--env', 'prod', '--engine', 'builtin', '-q']);

  // One JSON plan for the two tests that read it (each run plans on a real database).
  let json: Promise<Record<string, unknown> & { statements: { kind: string; objectType: string; object: string; lock: string | null }[] }> | undefined;
  const planJson = () => (json ??= run(['plan', '--format', 'json']).then((r) => JSON.parse(r.stdout)));

  beforeAll(async () => {
    url = await freshDatabase(undefined, 'golden');
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'schemaop-report-'));
    await useVersion(root, 'before');
    const applied = await run(['apply', '--auto-approve']);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    await query(
      url,
      `INSERT INTO users (email, legacy_flag) VALUES ('a@example.com', true), ('b@example.com', false), ('c@example.com', NULL);
       INSERT INTO user_credentials (user_id, credential_type) SELECT id, 'api' FROM users;`,
    );
    await useVersion(root, 'after');
  });

  it('report --preview: the stack comment from the preview of the same change', async () => {
    const json = await planJson();
    const hash = async (v: string) => (await loadDesiredSchema(path.join(FIXTURE, v, 'schema'))).hash;
    const digest = await previewDigest(FIXTURE, url, json, { before: await hash('before'), after: await hash('after') });
    const file = path.join(root, 'preview.json');
    await fs.writeFile(file, JSON.stringify(digest, null, 4));
    const r = await schemaop(['report', '--preview', file, '--schema', path.join(root, 'schema'), '--full-report', 'the review-dev artefact']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(8);
    const md = normalise(r.stdout, url);
    expect(md.startsWith('<!-- schemaop:report stack=dev -->')).toBe(true);
    expect(md).toContain('Stack dev: blocked');
    await expect(md).toMatchFileSnapshot('golden/preview.md');
  });

  it('plan --format markdown: summary, findings, SQL, backfill, seed rows, grants, ER diagram', async () => {
    const r = await run(['plan', '--format', 'markdown']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(8);
    const md = normalise(r.stdout, url);
    expect(md).toContain('blocked');
    expect(md).toContain('`drop_column` on `public.users.legacy_flag`');
    expect(md).toContain('It holds 2 non-null values.');
    expect(md).toContain('```mermaid\nerDiagram');
    await expect(md).toMatchFileSnapshot('golden/plan.md');
  });

  it('lint --format markdown', async () => {
    const r = await run(['lint', '--format', 'markdown']);
    expect(r.code).toBe(8);
    await expect(normalise(r.stdout, url)).toMatchFileSnapshot('golden/lint.md');
  });

  it('plan --format json carries the lock of each statement and the relation of each change', async () => {
    const json = await planJson();
    const drop = json.statements.find((s: { kind: string }) => s.kind === 'drop_column');
    expect(drop).toMatchObject({ lock: 'ACCESS EXCLUSIVE', changes: [{ relation: 'public.users' }] });
    const create = json.statements.find((s: { kind: string; object: string }) => s.kind === 'create_table' && s.object === 'public.user_exchanges');
    expect(create.lock).toBeNull();
  });
});
