// The review comments rendered the way GitHub renders them: GitHub-flavoured Markdown (marked),
// Mermaid blocks drawn by Mermaid, in headless Chromium (Debian's package). The ER diagram must
// draw (no Mermaid syntax error), tables and <details> must render; a screenshot of each comment
// is kept in test/report/screenshots/ (git-ignored) for a person to look at.
import * as fs from 'node:fs/promises';
import { existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { missingProgram } from '../support/tools';

/** What render-page.js reports from inside the page. */
interface PageResult {
  diagrams: number;
  svgs: number;
  svgText: string;
  errors: string[];
  syntaxError: boolean;
  tables: number;
  details: number;
}

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = path.join(__dirname, 'screenshots');
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A page close to a GitHub comment: its width, table borders, <details>. */
async function commentPage(markdown: string): Promise<string> {
  const { marked } = await import('marked');
  const html = (await marked.parse(markdown, { gfm: true })).replace(/<pre><code class="language-mermaid">([\s\S]*?)<\/code><\/pre>/g, '<pre class="mermaid">$1</pre>');
  return `<!doctype html><html><head><meta charset="utf-8"><style>
    body { font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; max-width: 880px; margin: 16px; color: #1f2328; }
    .comment { border: 1px solid #d1d9e0; border-radius: 6px; padding: 16px; }
    table { border-collapse: collapse; margin: 8px 0; } th, td { border: 1px solid #d1d9e0; padding: 4px 10px; text-align: left; }
    code { background: #eff1f3; border-radius: 4px; padding: 1px 4px; font-size: 85%; }
    pre { background: #f6f8fa; padding: 12px; overflow: auto; } pre code { background: none; padding: 0; }
    pre.mermaid { background: none; }
    details { margin: 8px 0; } summary { cursor: pointer; font-weight: 600; }
    blockquote { border-left: 4px solid #d1d9e0; margin: 0; padding: 0 12px; color: #59636e; }
  </style></head><body><div class="comment">${html}</div></body></html>`;
}

const INSTALL = "install Debian's chromium package: apt-get install -y chromium; .ci/run does";

describe.skipIf(missingProgram(CHROMIUM, 'test/report/render.test.ts', INSTALL))('the comments as GitHub renders them', () => {
  let context: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: ${INSTALL}`);
    const { chromium } = await import('playwright-core');
    profile = await fs.mkdtemp(path.join(os.tmpdir(), 'schemaop-chromium-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 960, height: 900 } });
    await fs.mkdir(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    await context?.close();
    if (profile) await fs.rm(profile, { recursive: true, force: true });
  });

  /** The comment in a page, Mermaid run over it, and what the page then shows. */
  async function render(file: string) {
    const page = await context.newPage();
    await page.setContent(await commentPage(await fs.readFile(file, 'utf8')));
    await page.addScriptTag({ path: require.resolve('mermaid/dist/mermaid.min.js') });
    const result = (await page.evaluate(await fs.readFile(path.join(__dirname, 'render-page.js'), 'utf8'))) as PageResult;
    return { page, result };
  }

  it('the comment of a real `pulumi preview` (the e2e golden): the diagram draws with the added and dropped columns', async () => {
    const { page, result } = await render(path.join(__dirname, '../e2e/golden/preview.md'));
    expect(result.errors).toEqual([]);
    expect(result.syntaxError).toBe(false);
    expect(result.svgs).toBe(1);
    for (const t of ['exchanges (changed)', 'users (changed)', 'e2e_region', 'added', 'dropped']) expect(result.svgText).toContain(t);
    expect(result.tables).toBeGreaterThanOrEqual(4);
    await page.screenshot({ path: path.join(SHOTS, 'e2e-preview.png'), fullPage: true });
    await page.close();
  });

  for (const name of ['preview', 'plan']) {
    it(`${name}.md: the ER diagram draws, tables and folded sections render`, async () => {
      const { page, result } = await render(path.join(__dirname, 'golden', `${name}.md`));
      expect(result.errors).toEqual([]);
      expect(result.syntaxError).toBe(false);
      expect(result.diagrams).toBe(1);
      expect(result.svgs).toBe(1);
      for (const t of ['user_exchanges (new)', 'users (changed)', 'exchanges', 'nickname', 'added', 'dropped']) expect(result.svgText).toContain(t);
      expect(result.tables).toBeGreaterThanOrEqual(name === 'preview' ? 4 : 3);
      expect(result.details).toBeGreaterThanOrEqual(1);
      // A folded section opens on a click and shows its SQL.
      const summary = page.locator('details > summary').first();
      const inside = page.locator('details').first().locator('pre').first();
      expect(await inside.isVisible()).toBe(false);
      await summary.click();
      expect(await inside.isVisible()).toBe(true);
      await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
      await page.close();
    });
  }
});
