// A review as one GitHub comment: title and outcome, a summary table, the blocking findings, then
// the SQL, backfills, seed rows, grants, resources, diagnostics and the ER diagram. Long sections
// fold into <details>; a report above the limit drops whole items from the end of each section
// (never part of a code block) and says where the full report is.
import { isStrong } from './locks';
import { markerFor } from './marker';
import { Review, ReviewFinding, ReviewPolicyViolation, blockingOf } from './review';
import { cell, code, details, esc, fence, plural, table, value } from './text';

/** GitHub's limit on a comment body (characters). */
export const GITHUB_COMMENT_LIMIT = 65_536;

export interface RenderOptions {
  /** Maximum length of the result (default GitHub's comment limit). */
  limit?: number;
  /** Sections with more items than this are folded. */
  foldAbove?: number;
}

const ICON = { blocked: '🛑', changes: '📝', 'no changes': '✅' } as const;

interface Section {
  title: string;
  items: string[];
  /** Wraps the kept items (a table, a code block); always complete Markdown. */
  wrap(items: string[]): string;
  /** What the omitted items were, e.g. `statements`. */
  noun: string;
  fold?: boolean;
}

function countBy<T>(xs: T[], key: (x: T) => string): [string, number][] {
  const m = new Map<string, number>();
  for (const x of xs) m.set(key(x), (m.get(key(x)) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

function summaryTable(r: Review): string {
  const rows: string[][] = [];
  const st = r.statements;
  const kinds = countBy(st, (s) => s.kind).map(([k, n]) => `${code(k, true)} ×${n}`);
  if (!r.planKnown) rows.push(['Statements', 'not known: the database was not reachable when the preview ran']);
  else rows.push(['Statements', st.length ? `${st.length}: ${kinds.join(', ')}` : '0']);
  const deleting = st.filter((s) => s.deletesData).length;
  const strong = st.filter((s) => isStrong(s.lock));
  const outside = st.filter((s) => !s.transactional).length;
  rows.push(['Deleting data', deleting ? `**${deleting}**` : '0']);
  rows.push(['Taking strong locks', strong.length ? `${strong.length}: ${countBy(strong, (s) => s.lock!).map(([k, n]) => `${k} ×${n}`).join(', ')}` : '0']);
  if (outside) rows.push(['Outside the transaction', String(outside)]);
  rows.push(['Backfills', String(r.backfills.length)]);
  const seed = (a: string) => r.seeds.filter((s) => s.action === a).length;
  rows.push(['Seed rows', `${seed('insert')} added, ${seed('update')} changed, ${seed('delete')} removed${seed('refused') ? `, **${seed('refused')} refused**` : ''}`]);
  const g = (a: string) => r.grants.filter((x) => x.action === a).length;
  const other = r.grants.length - g('grant') - g('revoke');
  rows.push(['Grants', `${g('grant')} added, ${g('revoke')} revoked${other ? `, ${other} role, owner and default-privilege changes` : ''}`]);
  const open = r.findings.filter((f) => !f.allowedBy);
  rows.push(['Findings', `${open.filter((f) => f.level === 'block').length} blocking, ${open.filter((f) => f.level === 'warn').length} warnings, ${r.findings.length - open.length} allowed`]);
  if (r.kind === 'preview') {
    rows.push(['Policy violations', `${r.policy.filter((p) => p.level === 'mandatory').length} mandatory, ${r.policy.filter((p) => p.level !== 'mandatory').length} advisory`]);
    rows.push(['Resources', countBy(r.resources.filter((x) => x.op !== 'same'), (x) => x.op).map(([k, n]) => `${n} to ${k}`).join(', ') || 'no changes']);
  }
  return table(['', r.kind === 'drift' ? 'drift' : 'this change'], rows);
}

function findingItem(f: ReviewFinding): string {
  const level = f.allowedBy ? 'allowed' : f.level === 'block' ? '**BLOCK**' : 'warn';
  const where = f.statement !== undefined ? ` (statement ${f.statement})` : '';
  const lines = [`- ${level} ${code(f.rule)} on ${code(f.object)}${where}: ${esc(f.message)}`];
  if (f.allowedBy) lines.push(`  - allowed by: ${esc(f.allowedBy)}`);
  else if (f.fix) lines.push(`  - safe alternative: ${esc(f.fix)}`);
  return lines.join('\n');
}

function sections(r: Review, foldAbove: number): Section[] {
  const out: Section[] = [];
  const list = (items: string[]) => items.join('\n');
  const open = r.findings.filter((f) => !(f.level === 'block' && !f.allowedBy));
  if (open.length) out.push({ title: 'Other findings', items: open.map(findingItem), wrap: list, noun: 'findings' });
  const advisory = r.policy.filter((p) => p.level !== 'mandatory');
  if (advisory.length) out.push({ title: 'Advisory policy violations', items: advisory.map((p) => policyItem(p)), wrap: list, noun: 'violations' });
  if (r.statements.length) {
    const items = r.statements.map((s, i) => {
      const tags = [s.deletesData ? 'deletes data' : '', s.lock && isStrong(s.lock) ? `${s.lock} lock` : '', !s.transactional ? 'outside the transaction' : '', s.afterBackfills ? 'after the backfills' : ''].filter(Boolean);
      return `-- ${i + 1}. ${s.kind} ${s.object}${tags.length ? ` (${tags.join(', ')})` : ''}\n${s.sql.trimEnd()};`;
    });
    // A plan longer than a screen is folded: the summary and findings above say what it does.
    const folded = r.statements.length > Math.min(foldAbove, 8) || items.join('\n').split('\n').length > 30;
    out.push({ title: `SQL (${plural(r.statements.length, 'statement')}, in order)`, items, wrap: (xs) => fence('sql', xs.join('\n\n')), noun: 'statements', fold: folded });
  }
  if (r.backfills.length) {
    out.push({ title: `Backfills (run once, after the schema statements)`, items: r.backfills.map((b) => `-- backfill ${b.id} (${b.file})${b.description ? `: ${b.description}` : ''}\n${b.sql.trimEnd()}`), wrap: (xs) => fence('sql', xs.join('\n\n')), noun: 'backfills' });
  }
  if (r.seeds.length) {
    const rows = r.seeds.flatMap((s) => {
      const what = { insert: 'add', update: 'change', delete: 'remove', refused: '**remove refused**' }[s.action];
      const head = [code(s.table.replace(/^public\./, ''), true), code(s.key, true), what];
      const note = s.note ? cell(s.note) : '';
      if (!s.fields.length) return [`| ${[...head, '', '', '', note].join(' | ')} |`];
      return s.fields.map((f, i) => `| ${[...(i === 0 ? head : ['', '', '']), code(f.field, true), f.from === undefined ? '' : code(value(f.from), true), f.to === undefined ? '' : code(value(f.to), true), i === 0 ? note : ''].join(' | ')} |`);
    });
    out.push({ title: `Seed rows (${plural(r.seeds.length, 'row')})`, items: rows, wrap: (xs) => [table(['table', 'row', 'change', 'field', 'old', 'new', 'note'], []), ...xs].join('\n'), noun: 'seed row lines', fold: rows.length > foldAbove });
  }
  if (r.grants.length) {
    const rows = r.grants.flatMap((g) => (g.privileges.length ? g.privileges : ['']).map((p) => `| ${[code(g.role, true), g.object ? code(g.object, true) : '', p ? code(p, true) : '', g.action === 'revoke' || g.action === 'default revoke' ? `**${g.action}**` : g.action].join(' | ')} |`));
    out.push({ title: `Grants (${plural(r.grants.length, 'change')})`, items: rows, wrap: (xs) => [table(['role', 'object', 'privilege', 'change'], []), ...xs].join('\n'), noun: 'grant lines', fold: rows.length > foldAbove });
  }
  // Pulumi reports independent resources in no fixed order: rows sorted by type and name, so the
  // same preview always gives the same comment.
  const changed = r.resources.filter((x) => x.op !== 'same').sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name));
  if (changed.length) {
    const rows = changed.map((x) => `| ${[x.op, code(x.type, true), code(x.name, true), x.diff.map((d) => code(d, true)).join(', ')].join(' | ')} |`);
    out.push({ title: `Resources (${plural(changed.length, 'step')})`, items: rows, wrap: (xs) => [table(['step', 'type', 'name', 'changed inputs'], []), ...xs].join('\n'), noun: 'resources', fold: rows.length > foldAbove });
  }
  if (r.diagnostics.length) {
    out.push({ title: 'Diagnostics', items: r.diagnostics.map((d) => `-- ${d.severity}${d.resource ? ` ${d.resource}` : ''}\n${d.message.trimEnd()}`), wrap: (xs) => fence('text', xs.join('\n')), noun: 'diagnostics', fold: r.diagnostics.length > 5 });
  }
  if (r.warnings.length) out.push({ title: 'Warnings', items: r.warnings.map((w) => `- ${esc(w)}`), wrap: list, noun: 'warnings' });
  if (r.er) out.push({ title: 'Tables this change touches, and their neighbours by foreign key', items: [r.er], wrap: (xs) => xs.join('\n'), noun: 'diagram' });
  return out;
}

function head(r: Review): string {
  const parts: string[] = [];
  if (r.marker) parts.push(markerFor(r.marker));
  const said = r.kind === 'drift' ? (r.outcome === 'no changes' ? 'no drift' : 'drift found') : r.outcome;
  parts.push(`### ${ICON[r.outcome]} ${esc(r.title)}: ${said}`);
  if (r.facts.length) parts.push(r.facts.map(esc).join(' · '));
  parts.push(summaryTable(r));
  const blocking = blockingOf(r);
  if (blocking.length) {
    const findings = blocking.filter((b) => 'rule' in b).length;
    const violations = blocking.length - findings;
    const what = [findings ? plural(findings, 'finding') : '', violations ? plural(violations, 'mandatory policy violation') : ''].filter(Boolean).join(' and ');
    const lines = [`**Blocked**: ${what} without a reviewed allowance.`];
    for (const b of blocking) lines.push('rule' in b ? findingItem(b) : policyItem(b));
    parts.push(lines.join('\n'));
  }
  return parts.join('\n\n');
}

function renderSection(s: Section, items: string[], omitted: number, pointer: string): string {
  const note = omitted ? `\n\n_${omitted} more ${omitted === 1 ? s.noun.replace(/s$/, '') : s.noun} not shown here${pointer}._` : '';
  const body = (items.length ? s.wrap(items) : '') + note;
  return s.fold ? details(s.title, body) : `#### ${esc(s.title)}\n\n${body}`;
}

/** The section with as many whole items as fit in `budget` characters; undefined when none does. */
function fitSection(s: Section, budget: number, pointer: string): string | undefined {
  const whole = renderSection(s, s.items, 0, pointer);
  if (whole.length <= budget) return whole;
  const empty = renderSection(s, [], s.items.length, pointer);
  if (empty.length > budget) return undefined;
  // The longest prefix of whole items that fits (binary search: the length grows with each item).
  let kept = 0;
  let text = empty;
  let lo = 1;
  let hi = s.items.length;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = renderSection(s, s.items.slice(0, mid), s.items.length - mid, pointer);
    if (t.length <= budget) {
      kept = mid;
      text = t;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (kept > 0) return text;
  // The first item alone is larger than the budget (a huge function body): keep its first lines.
  const lines = s.items[0].split('\n');
  for (let n = Math.floor(lines.length / 2); n >= 1; n = Math.floor(n / 2)) {
    const clipped = [...lines.slice(0, n), `-- … ${lines.length - n} more lines of this item not shown`].join('\n');
    const t = renderSection(s, [clipped], s.items.length - 1, pointer);
    if (t.length <= budget) return t;
  }
  return empty;
}

/** The review as Markdown of at most `limit` characters. */
/** A policy violation: the policy's description on the item, each line of its message below it. */
function policyItem(p: ReviewPolicyViolation): string {
  const [first, ...rest] = p.message.trim().split('\n').filter((l) => l.trim());
  const head = `- ${p.level === 'mandatory' ? '**mandatory** policy ' : ''}${code(p.policy)}${p.resource ? ` on ${code(p.resource)}` : ''}: ${esc(first ?? '')}`;
  return [head, ...rest.map((l) => `  - ${esc(l.trim())}`)].join('\n');
}

export function renderMarkdown(r: Review, opts: RenderOptions = {}): string {
  const limit = opts.limit ?? GITHUB_COMMENT_LIMIT;
  const pointer = r.fullReport ? `: see ${r.fullReport}` : '';
  const top = head(r);
  const all = sections(r, opts.foldAbove ?? 20);
  const footer = r.hash ? `<sub>plan ${code(r.hash)}${r.fullReport ? ` · full report: ${esc(r.fullReport)}` : ''}</sub>` : '';
  const full = [top, ...all.map((s) => renderSection(s, s.items, 0, pointer)), footer].filter(Boolean).join('\n\n');
  if (full.length <= limit) return full;
  const notice = `> [!WARNING]\n> This report is longer than a GitHub comment allows (${full.length.toLocaleString('en-US')} characters, limit ${limit.toLocaleString('en-US')}): some items are not shown${r.fullReport ? `. The full report: ${esc(r.fullReport)}` : '; run the same command locally for all of it'}.`;
  const parts = [top, notice];
  let remaining = limit - parts.join('\n\n').length - footer.length - 4;
  // Small sections first get all they need; what is left is shared by the larger ones, so that a
  // long SQL section is cut while the seed rows, grants and diagram after it still show.
  const fitted = new Map<Section, string>();
  const bySize = [...all].sort((a, b) => renderSection(a, a.items, 0, pointer).length - renderSection(b, b.items, 0, pointer).length);
  bySize.forEach((s, k) => {
    const text = fitSection(s, Math.floor(remaining / (bySize.length - k)) - 2, pointer);
    if (text) {
      fitted.set(s, text);
      remaining -= text.length + 2;
    }
  });
  for (const s of all) if (fitted.has(s)) parts.push(fitted.get(s)!);
  if (footer) parts.push(footer);
  return parts.join('\n\n');
}
