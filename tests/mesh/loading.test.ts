/**
 * `gomesh` must load unchanged in a Web Worker: no module reachable from its entry (or a subpath
 * entry) may import `node:*` statically. This walks the real import graph of the sources, skipping
 * type-only imports (erased by the compiler) and dynamic `import()` (which is how the node:http
 * transport loads node:http on first use). It used to be easy to break by adding a helper that
 * imports `node:perf_hooks` for `performance`.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const meshDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/mesh');
const STATIC_IMPORT = /^\s*(?:import|export)\s+(?!type\b)(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;

function staticGraph(entry: string): { files: Set<string>; external: Map<string, string> } {
  const files = new Set<string>();
  const external = new Map<string, string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    // Block comments out first: a doc comment's @example imports 'gomesh', and the pattern's lazy
    // middle could run from an `export interface` into it.
    const source = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    for (const m of source.matchAll(STATIC_IMPORT)) {
      const spec = m[1] as string;
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
      else external.set(spec, file);
    }
  };
  visit(entry);
  return { files, external };
}

describe('loading gomesh in a worker', () => {
  it.each([
    'index.ts',
    'registry/index.ts',
    'balancer/index.ts',
    'sidecar/index.ts',
    'metrics/index.ts',
    'tracing/index.ts',
    'transport/index.ts',
  ])('%s reaches no static node:* import', (entry) => {
    const { files, external } = staticGraph(resolve(meshDir, entry));
    expect(files.size).toBeGreaterThan(0);
    const nodeImports = [...external].filter(([spec]) => spec.startsWith('node:') || spec === 'http');
    expect(nodeImports).toEqual([]);
    // The only bare import allowed is the shared runtime.
    expect([...external.keys()].filter((s) => s !== 'gort')).toEqual([]);
  });

  it('loads node:http only through a dynamic import in the node transport', () => {
    const source = readFileSync(resolve(meshDir, 'transport/node-http.ts'), 'utf8');
    expect(source).toContain("await import('node:http')");
  });
});
