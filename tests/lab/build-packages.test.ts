/**
 * `npm run build:pkgs`: one package per import name with an exports map, one runtime instance
 * shared by every subpath and by the other packages, declarations that resolve the way the
 * editor loads them, a manifest that lists and hashes every file, and the same packages in memory
 * for Node callers. And where the lab UI gets a lab's solution and check: the lab-data endpoint
 * over the `labs` content collection.
 */
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildLabPackages } from '../../scripts/build-lab-packages.mjs';
import { loadAllLabs, loadBuiltPackages } from '../../src/lab/load.ts';
import {
  fetchLabDeclarations,
  fetchLabPackages,
  labDataUrl,
  type LoadedPackages,
  type PackagesManifest,
} from '../../src/lab/packages.ts';
import { buildMount } from '../../src/lab/mount.ts';

// The lab-data endpoint reads Astro's `labs` collection; here it holds the good fixture labs, as
// src/lab/load.ts `labsLoader` would store them.
vi.mock('astro:content', async () => {
  const { loadAllLabs: load } = await import('../../src/lab/load.ts');
  const labs = await load('tests/fixtures/labs/good');
  return {
    getCollection: (name: string) =>
      Promise.resolve(
        name === 'labs' ? labs.map((lab) => ({ id: lab.id, collection: 'labs', data: lab })) : [],
      ),
  };
});

let out: string;
let manifest: PackagesManifest;
let loaded: LoadedPackages;
const pkgs = () => path.join(out, 'pkgs');
const read = (p: string) => readFile(path.join(pkgs(), p), 'utf8');

// A full build with declarations (a TypeScript program over every package) when the sources
// changed: the limit is a safety net for a loaded machine, far above the ~10 s it takes there.
beforeAll(async () => {
  out = await mkdtemp(path.join(tmpdir(), 'lab-build-'));
  ({ manifest, loaded } = await buildLabPackages({ outDir: out, log: () => {} }));
}, 120_000);
afterAll(() => rm(out, { recursive: true, force: true }));

describe('build:pkgs', () => {
  it('emits gort, gomesh and labcheck with an exports map of their subpaths', async () => {
    const gort = JSON.parse(await read('node_modules/gort/package.json')) as {
      exports: Record<string, { types: string; default: string }>;
    };
    expect(gort.exports['.']).toEqual({ types: './index.d.ts', default: './index.js' });
    expect(gort.exports['./sync']).toEqual({ types: './sync/index.d.ts', default: './sync/index.js' });
    for (const [, target] of Object.entries(gort.exports)) {
      expect(existsSync(path.join(pkgs(), 'node_modules/gort', target.default))).toBe(true);
      expect(existsSync(path.join(pkgs(), 'node_modules/gort', target.types))).toBe(true);
    }
    expect(existsSync(path.join(pkgs(), 'node_modules/gomesh/index.js'))).toBe(true);
    expect(existsSync(path.join(pkgs(), 'node_modules/labcheck/index.js'))).toBe(true);
    expect(existsSync(path.join(pkgs(), '__lab_host.mjs'))).toBe(true);
  });

  it('shares one runtime: subpaths import common chunks, other packages import gort by name', async () => {
    const sync = await read('node_modules/gort/sync/index.js');
    // The scheduler lives in a shared chunk, not copied into gort/sync.
    expect(sync).toMatch(/from "\.\.\/_chunks\/[\w-]+\.js"/);
    // esbuild emits a class as `var Name = class`; the runtime's must exist exactly once.
    const allJs = manifest.files.filter((f) => f.path.endsWith('.js') || f.path.endsWith('.mjs'));
    const defining = [];
    for (const f of allJs) if (/\bvar Runtime = class\b/.test(await read(f.path))) defining.push(f.path);
    expect(defining).toHaveLength(1);
    expect(defining[0]).toMatch(/^node_modules\/gort\/_chunks\//);
    const meshFiles = manifest.files.filter(
      (f) => f.path.startsWith('node_modules/gomesh/') && f.path.endsWith('.js'),
    );
    const mesh = (await Promise.all(meshFiles.map((f) => read(f.path)))).join('\n');
    expect(mesh).toMatch(/from "gort"/);
    const host = await read('__lab_host.mjs');
    expect(host).toMatch(/from "gort"/);
    expect(host).toMatch(/from "labcheck"/);
  });

  it('writes declarations that typecheck a lab importing every package by name', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'lab-types-'));
    try {
      await cp(path.join(pkgs(), 'node_modules'), path.join(dir, 'node_modules'), { recursive: true });
      const main = path.join(dir, 'main.ts');
      await writeFile(
        main,
        [
          "import { chan, go, main, type TraceEvent } from 'gort';",
          "import { WaitGroup } from 'gort/sync';",
          "import { Router, json } from 'gomesh';",
          "import { defineCheck, verbatim, type CheckText } from 'labcheck';",
          'const wg: WaitGroup = new WaitGroup();',
          'const c = chan<number>(1);',
          'main(async () => { go(async () => c.send(1)); await wg.wait(); });',
          "new Router().get('/', () => json(200, {}));",
          // Item names are CheckText (both languages); verbatim() quotes the program's own words.
          "const n: CheckText = { en: 'n', 'zh-cn': 'n' };",
          'export default defineCheck(async (t) => { const run = await t.run(); const e: readonly TraceEvent[] = run.trace; t.equal(n, e.length, 0, verbatim(run.stderr)); });',
        ].join('\n'),
      );
      const program = ts.createProgram([main], {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
        types: [],
      });
      const diagnostics = ts
        .getPreEmitDiagnostics(program)
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      expect(diagnostics).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('lists every file in the manifest with its size and hash', async () => {
    for (const file of manifest.files) {
      const contents = await read(file.path);
      expect(Buffer.byteLength(contents), file.path).toBe(file.bytes);
      expect(createHash('sha256').update(contents).digest('hex').slice(0, 16), file.path).toBe(file.hash);
    }
    const paths = manifest.files.map((file) => file.path);
    expect(paths).toEqual([...paths].sort());
    expect(paths).toContain('__lab_host.mjs');
    expect(JSON.parse(await read('manifest.json'))).toEqual(manifest);
  });

  it('returns the runtime files it writes, as loadBuiltPackages reads them back', async () => {
    expect(loaded).toEqual(await loadBuiltPackages(pkgs()));
    expect(Object.keys(loaded.packages).some((p) => p.endsWith('.d.ts'))).toBe(false);
    expect(loaded.host).toBe(await read('__lab_host.mjs'));
  });

  it('builds in memory without writing anything when asked not to write', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'lab-build-'));
    try {
      const target = path.join(dir, 'never');
      const inMemory = await buildLabPackages({ outDir: target, write: false, log: () => {} });
      expect(existsSync(target)).toBe(false);
      expect(inMemory.manifest).toEqual(manifest);
      expect(inMemory.loaded).toEqual(loaded);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('builds the same bytes every time, and a different hash when a byte changes', async () => {
    const [a, b] = [
      await mkdtemp(path.join(tmpdir(), 'lab-build-')),
      await mkdtemp(path.join(tmpdir(), 'lab-build-')),
    ];
    try {
      // Built side by side, so both see the same sources even while they are being edited.
      const [first, second] = await Promise.all([
        buildLabPackages({ outDir: a, log: () => {} }),
        buildLabPackages({ outDir: b, log: () => {} }),
      ]);
      expect(second.manifest).toEqual(first.manifest);
      const noTypes = await buildLabPackages({ outDir: a, types: false, log: () => {} });
      expect(noTypes.manifest.hash).not.toBe(first.manifest.hash);
    } finally {
      await Promise.all([a, b].map((dir) => rm(dir, { recursive: true, force: true })));
    }
  });

  it('loads in the browser through the manifest, runtime files only unless types are asked for', async () => {
    const requested: string[] = [];
    // A fetch that serves the build folder, as the site does under /_lab/pkgs/.
    const fakeFetch = (async (input: URL) => {
      const url = new URL(input);
      requested.push(url.pathname + url.search);
      const file = path.join(pkgs(), url.pathname.replace(/^\/_lab\/pkgs\//, ''));
      return existsSync(file)
        ? new Response(await readFile(file, 'utf8'))
        : new Response('', { status: 404 });
    }) as typeof fetch;
    const loaded = await fetchLabPackages('https://labs.example/_lab/pkgs/', { fetch: fakeFetch });
    expect(loaded.manifest).toEqual(manifest);
    expect(loaded.host).toBe(await read('__lab_host.mjs'));
    expect(Object.keys(loaded.packages).some((p) => p.endsWith('.d.ts'))).toBe(false);
    expect(loaded.packages['node_modules/gort/index.js']).toBe(await read('node_modules/gort/index.js'));
    // Every file is requested under its content hash, so a cache never serves stale bytes.
    expect(
      requested.filter((r) => !r.endsWith('manifest.json')).every((r) => /\?v=[0-9a-f]{16}$/.test(r)),
    ).toBe(true);
    const withTypes = await fetchLabPackages('https://labs.example/_lab/pkgs', {
      fetch: fakeFetch,
      types: true,
    });
    expect(withTypes.packages['node_modules/gort/index.d.ts']).toBeDefined();
    // The editor's declarations alone: every .d.ts of the packages and nothing else.
    const declarations = await fetchLabDeclarations('https://labs.example/_lab/pkgs/', { fetch: fakeFetch });
    expect(Object.keys(declarations).sort()).toEqual(
      Object.keys(withTypes.packages)
        .filter((p) => p.endsWith('.d.ts'))
        .sort(),
    );
    // Only the packages a lab can import (a concurrency lab used to load gomesh's and labcheck's too).
    const gortOnly = await fetchLabDeclarations('https://labs.example/_lab/pkgs/', {
      fetch: fakeFetch,
      packages: ['gort'],
    });
    expect(Object.keys(gortOnly).length).toBeGreaterThan(0);
    expect(Object.keys(gortOnly).filter((p) => !p.startsWith('node_modules/gort/'))).toEqual([]);
    // What the browser loads mounts to the same tree as what Node reads from disk.
    const meta = { entry: 'main.ts', clock: 'virtual', seed: 1, services: false, timeoutMs: 1000 } as const;
    const files = { 'main.ts': "import { main } from 'gort';\nmain(() => {});" };
    expect(
      buildMount({ meta, files, packages: withTypes.packages, host: withTypes.host, mode: 'run' }).files,
    ).toEqual(buildMount({ meta, files, packages: loaded.packages, host: loaded.host, mode: 'run' }).files);
  });
});

describe('lab data (src/pages/lab-data/[section]/[lab].json.ts)', () => {
  it('serves each lab of the collection at lab-data/<id>.json with its solution and check', async () => {
    const endpoint = await import('../../src/pages/lab-data/[section]/[lab].json.ts');
    const labs = await loadAllLabs('tests/fixtures/labs/good');
    const paths = await endpoint.getStaticPaths();
    expect(paths.map(({ params }) => `${params.section}/${params.lab}`)).toEqual(labs.map((lab) => lab.id));
    for (const [i, lab] of labs.entries()) {
      const { params, props } = paths[i] ?? { params: {}, props: {} };
      const response = await endpoint.GET({ params, props } as Parameters<typeof endpoint.GET>[0]);
      expect(response.headers.get('content-type')).toBe('application/json');
      // Only what the page does not embed already: no id, metadata or starter.
      expect(await response.json()).toEqual({ solution: lab.solution, check: lab.check });
      // The URL the lab UI fetches is the route's file.
      expect(labDataUrl('https://labs.example/_lab/', lab.id)).toBe(
        `https://labs.example/lab-data/${params.section}/${params.lab}.json`,
      );
    }
  });

  it('resolves the data URL beside /_lab/, under the site base', () => {
    expect(labDataUrl('https://labs.example/docs/_lab/', 'channels/ping-pong')).toBe(
      'https://labs.example/docs/lab-data/channels/ping-pong.json',
    );
    expect(labDataUrl('https://labs.example/_lab', 'channels/ping-pong')).toBe(
      'https://labs.example/lab-data/channels/ping-pong.json',
    );
  });
});

describe('the labs’ Go twins (src/lab/go-twins.ts)', () => {
  it('are every src/snippets/labs/<id>/solution.go, by lab id, and every one belongs to a lab', async () => {
    const { goTwinSources } = await import('../../src/lab/go-twins.ts');
    const labs = new Set((await loadAllLabs('labs')).map((lab) => lab.id));
    const onDisk = (await readdir('src/snippets/labs', { recursive: true }))
      .filter((f) => f.endsWith('/solution.go'))
      .map((f) => f.replace(/\/solution\.go$/, ''))
      .sort();
    expect(Object.keys(goTwinSources).sort()).toEqual(onDisk);
    expect(onDisk.length).toBeGreaterThan(0);
    for (const id of onDisk) {
      expect(labs.has(id), `${id} is a lab`).toBe(true);
      expect(goTwinSources[id]).toBe(await readFile(`src/snippets/labs/${id}/solution.go`, 'utf8'));
    }
  });
});
