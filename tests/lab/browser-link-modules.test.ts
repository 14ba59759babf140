/**
 * The worker sandbox's import scanner and linker, in Node: the scanner against tricky sources and
 * against esbuild's own view of real package output; the linker with URLs that are just names.
 */
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { linkModules, type LinkCacheEntry } from '../../src/lab/runners/worker-sandbox/link-modules.ts';
import { scanImports } from '../../src/lab/scan-imports.ts';

const specifiers = (source: string) =>
  scanImports(source).map((site) => (site.dynamic ? `import(${site.specifier ?? '?'})` : site.specifier));

describe('scanImports', () => {
  it.each([
    ['a default and named import', "import a, { b as c } from './a.js';", ['./a.js']],
    ['a namespace import', 'import * as ns from "gort/sync";', ['gort/sync']],
    ['a side-effect import', "import './setup.js'", ['./setup.js']],
    [
      're-exports',
      "export * from './x.js'; export * as y from './y.js'; export { z } from './z.js';",
      ['./x.js', './y.js', './z.js'],
    ],
    ['a local export list, which imports nothing', 'const a = 1; export { a };', []],
    ['a literal dynamic import', "const m = await import('./lazy.js');", ['import(./lazy.js)']],
    ['a computed dynamic import', 'const m = await import(`./${name}.js`);', ['import(?)']],
    ['import.meta, which is no import', 'console.log(import.meta.url);', []],
    ['a method named import', "loader.import('./not-a-module.js');", []],
    ['an object key named import', "const o = { import: 'x', from: './no.js' };", []],
    [
      'imports inside strings and comments',
      "const s = \"import x from './no.js'\"; // import './no.js'\n/* export * from './no.js' */",
      [],
    ],
    [
      'a template literal holding braces and an import',
      "const t = `${'}'} import './no.js' ${`${1}`}`;\nimport './yes.js';",
      ['./yes.js'],
    ],
    [
      'a regex that contains quotes and slashes',
      "const r = /['\"\\/]import/g;\nimport './after-regex.js';",
      ['./after-regex.js'],
    ],
    [
      'a division that is no regex',
      "const half = total / 2; const q = a / b / c;\nimport './after-division.js';",
      ['./after-division.js'],
    ],
    ['an escaped specifier', "import '\\x2e/esc.js';", ['./esc.js']],
  ])('finds the specifiers of %s', (_name, source, expected) => {
    expect(specifiers(source)).toEqual(expected);
  });

  it.each([
    ['a default and named imports', "import a, { b as c, d } from './a.js';", ['default', 'b', 'd']],
    ['a quoted name', "import { 'e-f' as g } from './a.js';", ['e-f']],
    ['a namespace import', "import * as ns from './a.js';", []],
    ['a default with a namespace', "import h, * as ns from './a.js';", ['default']],
    ['a re-export list', "export { i, j as k } from './a.js';", ['i', 'j']],
    ['a side-effect import', "import './a.js';", []],
  ])('finds the names that %s asks for, where they are written', (_name, source, expected) => {
    const [site] = scanImports(source);
    if (site === undefined || site.dynamic) throw new Error('no static import found');
    expect(site.names.map((n) => n.name)).toEqual(expected);
    for (const n of site.names) {
      const written = source.slice(n.start, n.start + n.name.length + 2);
      expect(n.name === 'default' || written.startsWith(n.name) || written.startsWith(`'${n.name}'`)).toBe(
        true,
      );
    }
  });

  it('spans exactly the string literal of a static import and the `import(` of a dynamic one', () => {
    const source = "import x from './a.js'; import('./b.js');";
    const [stat, dyn] = scanImports(source);
    expect(source.slice(stat?.start, stat?.end)).toBe("'./a.js'");
    expect(source.slice(dyn?.start, dyn?.end)).toBe('import(');
    expect(dyn?.dynamic === true && source.slice(dyn.literal?.start, dyn.literal?.end)).toBe("'./b.js'");
  });

  it('agrees with esbuild on the imports of esbuild-bundled code splitting output', async () => {
    const result = await build({
      stdin: {
        contents: "export { WaitGroup } from './a.js'; export const lazy = () => import('./b.js');",
        resolveDir: '/virtual',
        loader: 'js',
      },
      bundle: true,
      splitting: true,
      format: 'esm',
      outdir: '/virtual/out',
      write: false,
      metafile: true,
      plugins: [
        {
          name: 'virtual',
          setup(b) {
            b.onResolve({ filter: /^\.\/[ab]\.js$/ }, (args) => ({ path: args.path, namespace: 'v' }));
            b.onLoad({ filter: /.*/, namespace: 'v' }, (args) => ({
              contents:
                args.path === './a.js'
                  ? "import { shared } from './c.js'; export class WaitGroup { n = shared; } const re = /\\/*import/;"
                  : "import { shared } from './c.js'; export default `import ${shared} from 'x'`;",
              resolveDir: '/virtual',
            }));
            b.onResolve({ filter: /^\.\/c\.js$/ }, () => ({ path: 'c', namespace: 'c' }));
            b.onLoad({ filter: /.*/, namespace: 'c' }, () => ({ contents: 'export const shared = 1;' }));
          },
        },
      ],
    });
    const base = (path: string) => path.slice(path.lastIndexOf('/') + 1);
    const outputs = Object.entries(result.metafile.outputs);
    let compared = 0;
    for (const file of result.outputFiles) {
      const meta = outputs.find(([key]) => base(key) === base(file.path))?.[1];
      const expected = (meta?.imports ?? []).map(
        (i) => `${i.kind === 'dynamic-import' ? 'dynamic' : 'static'}:./${base(i.path)}`,
      );
      const found = scanImports(file.text).map(
        (site) => `${site.dynamic ? 'dynamic' : 'static'}:${site.specifier ?? '?'}`,
      );
      expect(found.sort()).toEqual(expected.sort());
      compared += expected.length;
    }
    expect(compared).toBeGreaterThanOrEqual(3);
  });

  it('reads the real lab host script without mistaking anything for an import', () => {
    let host: string;
    try {
      host = readFileSync('public/_lab/pkgs/__lab_host.mjs', 'utf8');
    } catch {
      return; // packages not built in this checkout (npm run build:pkgs)
    }
    const sites = scanImports(host);
    for (const site of sites) {
      if (site.dynamic) expect(host.slice(site.start, site.end)).toMatch(/^import\s*\($/);
      else expect(host.slice(site.start, site.end)).toMatch(/^["'][^"']+["']$/);
    }
    expect(sites.some((site) => !site.dynamic && site.specifier === 'gort')).toBe(true);
  });
});

/** Links with readable fake URLs: `url:<n>:<path>` and records each module's linked text. */
function link(files: Record<string, string>, entry = 'main.js', cache = new Map<string, LinkCacheEntry>()) {
  const texts = new Map<string, string>();
  const revoked: string[] = [];
  let n = 0;
  const result = linkModules({
    files,
    entry,
    cache,
    scan: scanImports,
    createUrl: (text) => {
      const url = `url:${++n}`;
      texts.set(url, text);
      return url;
    },
    revokeUrl: (url) => revoked.push(url),
  });
  const textOf = (path: string) => texts.get(result.urls[path] ?? '') ?? cache.get(path)?.text;
  return { result, textOf, created: n, revoked, cache };
}

const pkg = {
  'node_modules/gort/package.json': JSON.stringify({
    name: 'gort',
    type: 'module',
    exports: {
      '.': './index.js',
      './sync': { types: './sync.d.ts', import: './sync.js' },
      './time/*': './time/*.js',
    },
  }),
  'node_modules/gort/index.js': "import { core } from './chunk-A.js'; export const go = core;",
  'node_modules/gort/sync.js': "import { core } from './chunk-A.js'; export const WaitGroup = core;",
  'node_modules/gort/chunk-A.js': 'export const core = 1;',
  'node_modules/gort/time/sleep.js': 'export const sleep = 1;',
};

describe('linkModules', () => {
  it('links dependencies first, so each module names its imports by their URLs', () => {
    const { result, textOf } = link({
      ...pkg,
      'main.js':
        "import { go } from 'gort'; import { WaitGroup } from 'gort/sync'; import { sleep } from 'gort/time/sleep'; import './util.js';",
      'util.js': 'export {};',
    });
    const url = (path: string) => JSON.stringify(result.urls[path]);
    expect(textOf('main.js')).toBe(
      `import { go } from ${url('node_modules/gort/index.js')}; import { WaitGroup } from ${url('node_modules/gort/sync.js')}; import { sleep } from ${url('node_modules/gort/time/sleep.js')}; import ${url('util.js')};`,
    );
    // One shared chunk, linked once: the runtime is one instance for gort and gort/sync.
    expect(textOf('node_modules/gort/index.js')).toContain(url('node_modules/gort/chunk-A.js'));
    expect(textOf('node_modules/gort/sync.js')).toContain(url('node_modules/gort/chunk-A.js'));
    expect(result.entryUrl).toBe(result.urls['main.js']);
    expect(result.paths[result.entryUrl]).toBe('main.js');
  });

  it('routes every dynamic import through the runtime resolver and links its literal target leniently', () => {
    const { result, textOf } = link({
      ...pkg,
      'main.js':
        "const m = await import('gort'); const n = await import(`./${'x'}.js`); import('./broken.js');",
      'x.js': 'export default 1;',
      'broken.js': "import 'node:fs';",
    });
    expect(textOf('main.js')).toBe(
      'const m = await globalThis.__labImport("main.js", \'gort\'); const n = await globalThis.__labImport("main.js", `./${\'x\'}.js`); globalThis.__labImport("main.js", \'./broken.js\');',
    );
    expect(result.resolved['main.js\ngort']).toBe('node_modules/gort/index.js');
    expect(result.bare['gort']).toBe('node_modules/gort/index.js');
    // x.js is only reachable through a computed specifier: every module outside node_modules is linked.
    expect(result.urls['x.js']).toBeDefined();
    expect(result.urls['broken.js']).toBeUndefined();
    expect(result.failures['broken.js']).toEqual({
      code: 'ERR_UNSUPPORTED_BUILTIN',
      message:
        "The Node.js module 'node:fs' (imported from broken.js) is not available in the in-browser runner",
    });
  });

  it('reuses the URLs of unchanged modules on the next run and replaces those that changed', () => {
    const files = { ...pkg, 'main.js': "import { go } from 'gort'; console.log(go);" };
    const first = link(files);
    const second = link(
      { ...files, 'main.js': "import { go } from 'gort'; console.log(go + 1);" },
      'main.js',
      first.cache,
    );
    expect(second.result.urls['node_modules/gort/index.js']).toBe(
      first.result.urls['node_modules/gort/index.js'],
    );
    expect(second.created).toBe(1);
    expect(second.revoked).toEqual([first.result.urls['main.js']]);
  });

  it('scans only the modules whose source changed on the next run', () => {
    const scanned: string[] = [];
    const linkCounting = (files: Record<string, string>, cache: Map<string, LinkCacheEntry>) =>
      linkModules({
        files,
        entry: 'main.js',
        cache,
        scan: (source) => {
          scanned.push(Object.keys(files).find((path) => files[path] === source) ?? '?');
          return scanImports(source);
        },
        createUrl: (text) => `url:${text.length}:${scanned.length}`,
        revokeUrl: () => undefined,
      });
    const files = { ...pkg, 'main.js': "import { go } from 'gort'; console.log(go);" };
    const cache = new Map<string, LinkCacheEntry>();
    const first = linkCounting(files, cache);
    expect(scanned.sort()).toEqual(['main.js', 'node_modules/gort/chunk-A.js', 'node_modules/gort/index.js']);

    scanned.length = 0;
    const changed = { ...files, 'main.js': "import { go } from 'gort'; console.log(go + 1);" };
    const second = linkCounting(changed, cache);
    expect(scanned).toEqual(['main.js']);
    expect(second.urls['node_modules/gort/index.js']).toBe(first.urls['node_modules/gort/index.js']);

    scanned.length = 0;
    const third = linkCounting(changed, cache);
    expect(scanned).toEqual([]);
    expect(third.urls).toEqual(second.urls);
    expect(third.resolved).toEqual(second.resolved);
  });

  it.each([
    [
      'a missing relative module',
      { 'main.js': "import './gone.js';" },
      "Error [ERR_MODULE_NOT_FOUND]: Cannot find module 'gone.js' imported from main.js",
    ],
    [
      'an extensionless relative import, which Node refuses too',
      { 'main.js': "import './util';", 'util.js': '' },
      "Error [ERR_MODULE_NOT_FOUND]: Cannot find module 'util' imported from main.js",
    ],
    [
      'a missing package',
      { 'main.js': "import 'nope';" },
      "Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'nope' imported from main.js",
    ],
    [
      'a subpath the package does not export',
      { ...pkg, 'main.js': "import 'gort/internal';" },
      'Error [ERR_PACKAGE_PATH_NOT_EXPORTED]: Package subpath \'./internal\' is not defined by "exports" in node_modules/gort/package.json imported from main.js',
    ],
    [
      'a static import cycle',
      { 'main.js': "import './a.js';", 'a.js': "import './b.js';", 'b.js': "import './a.js';" },
      'Error [ERR_LAB_IMPORT_CYCLE]: Circular static imports are not supported by the in-browser runner: a.js -> b.js -> a.js',
    ],
  ])('reports %s like Node', (_name, files, message) => {
    expect(() => link(files)).toThrow(message.slice(message.indexOf(': ') + 2));
    try {
      link(files);
    } catch (error) {
      expect(`${(error as Error).name}: ${(error as Error).message}`).toBe(message);
    }
  });
});
