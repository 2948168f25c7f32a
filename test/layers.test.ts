// The source folders as layers: the engine below everything but the database and error helpers,
// Pulumi only in the program (infra/) and the provider resources, and no two folders importing
// each other (the safety layer composes lint/ and transforms/, which never import back).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(__dirname, '../src');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** `src/engine/diff/x.ts` → `engine`; a file directly in src/ is its own layer (`errors`). */
const layerOf = (file: string) => path.relative(SRC, file).split(path.sep)[0].replace(/\.ts$/, '');

const PKG = JSON.parse(fs.readFileSync(path.resolve(SRC, '../package.json'), 'utf8')) as { dependencies: Record<string, string> };
/** `@scope/name/dist/x` → `@scope/name`; `yaml/util` → `yaml`. */
const packageOf = (spec: string) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');

const imports = sources(SRC).map((file) => {
  const text = fs.readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/^(?:import|export)[^'"]*from '([^']+)'/gm)].map((m) => m[1]);
  return {
    file: path.relative(SRC, file),
    layer: layerOf(file),
    local: specs.filter((s) => s.startsWith('.')).map((s) => layerOf(path.resolve(path.dirname(file), s))),
    packages: specs.filter((s) => !s.startsWith('.')),
    /** Packages loaded at run time: value imports and require() calls (type-only imports are erased). */
    loaded: [
      ...[...text.matchAll(/^(?:import|export)(?! type )[^'"]*from '([^'.][^']*)'/gm)].map((m) => m[1]),
      ...[...text.matchAll(/\brequire\('([^'.][^']*)'\)/g)].map((m) => m[1]),
      ...[...text.matchAll(/\bawait import\('([^'.][^']*)'\)/g)].map((m) => m[1]),
    ]
      .filter((s) => !s.startsWith('node:'))
      .map(packageOf),
  };
});

describe('source layers', () => {
  it('has no two folders that import each other', () => {
    const edges = new Set(imports.flatMap((i) => i.local.filter((l) => l !== i.layer).map((l) => `${i.layer}>${l}`)));
    const cycles = [...edges].filter((e) => edges.has(e.split('>').reverse().join('>')));
    expect(cycles).toEqual([]);
  });

  it('has no import circle between files, type-only imports included', () => {
    const resolve = (from: string, spec: string) => {
      const base = path.resolve(path.dirname(from), spec);
      return [`${base}.ts`, path.join(base, 'index.ts')].find((f) => fs.existsSync(f));
    };
    const edges = new Map(
      sources(SRC).map((f) => [
        f,
        [...fs.readFileSync(f, 'utf8').matchAll(/^(?:import|export)[^'"]*from '(\.[^']+)'/gm)].map((m) => resolve(f, m[1])).filter((x): x is string => !!x),
      ]),
    );
    // Depth-first search: a file met again while it is still on the path closes a circle.
    const circles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (f: string, trail: string[]) => {
      state.set(f, 'open');
      for (const g of edges.get(f) ?? []) {
        if (state.get(g) === 'open') circles.push([...trail.slice(trail.indexOf(g)), g].map((x) => path.relative(SRC, x)).join(' → '));
        else if (!state.has(g)) visit(g, [...trail, g]);
      }
      state.set(f, 'done');
    };
    for (const f of edges.keys()) if (!state.has(f)) visit(f, [f]);
    expect(edges.size).toBeGreaterThan(100);
    expect(circles).toEqual([]);
  });

  it('keeps the engine below the rest: it imports only the SQL foundation, database, error and utility helpers', () => {
    const allowed = new Set(['engine', 'pg', 'db', 'errors', 'exit-codes', 'util']);
    expect(imports.filter((i) => i.layer === 'engine').flatMap((i) => i.local.filter((l) => !allowed.has(l)).map((l) => `${i.file} → ${l}`))).toEqual([]);
  });

  it('declares every package the sources load at run time as a dependency', () => {
    const undeclared = imports.flatMap((i) => i.loaded.filter((p) => !(p in PKG.dependencies)).map((p) => `${i.file} → ${p}`));
    expect(imports.some((i) => i.loaded.includes('@pgkit/schemainspect'))).toBe(true);
    expect(undeclared).toEqual([]);
  });

  it('has no `any` in the engine: the one parse-tree node type lives in the SQL foundation (src/pg/node.ts)', () => {
    // ESLint's no-explicit-any reports every other use; what is left to check is that none is switched off.
    const engine = sources(path.join(SRC, 'engine'));
    expect(engine.length).toBeGreaterThan(20);
    const hits = engine.flatMap((f) =>
      fs
        .readFileSync(f, 'utf8')
        .split('\n')
        .flatMap((l, i) => (/no-explicit-any/.test(l) || (!/^\s*(\/\/|\/?\*)/.test(l) && /:\s*any\b|\bas any\b|<any>|\bany\[\]/.test(l)) ? [`${path.relative(SRC, f)}:${i + 1}: ${l.trim()}`] : [])),
    );
    expect(hits).toEqual([]);
  });

  it('imports Pulumi only in the program and the provider resources', () => {
    const pulumi = imports.filter((i) => i.packages.some((p) => p.startsWith('@pulumi/'))).map((i) => i.layer);
    expect(pulumi.length).toBeGreaterThan(0);
    expect([...new Set(pulumi)].sort()).toEqual(['infra', 'providers']);
    // The provider runtime (what the resources call) runs without the Pulumi SDK.
    expect(imports.filter((i) => i.file.startsWith('providers/runtime/') && i.packages.some((p) => p.startsWith('@pulumi/')))).toEqual([]);
  });
});
