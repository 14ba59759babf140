// @ts-check
/**
 * `npm run build:pkgs`: builds the packages the lab runners mount, into public/_lab/.
 *
 *   pkgs/node_modules/gort/**      src/runtime (every `<sub>/index.ts` is a subpath export)
 *   pkgs/node_modules/gomesh/**    src/mesh, with gort external
 *   pkgs/node_modules/labcheck/**  src/lab/check, with gort and gomesh external
 *   pkgs/__lab_host.mjs            src/lab/host/host.ts, with all three external
 *   pkgs/manifest.json             every file above with size and hash (see src/lab/packages.ts)
 *
 * (The labs themselves are not built here: Astro's `labs` content collection loads them for the
 * pages and for src/pages/lab-data/, which serves each lab's solution and check.)
 * With `write: false` nothing is written: the Node-side callers (`npm run lab`, the tests) take the
 * packages from the returned `loaded`, the shape `loadBuiltPackages` reads from disk.
 *
 * Invariants: a package is built in one esbuild pass with `splitting`, so all its subpaths share
 * one module instance of each internal module (one scheduler for `gort` and `gort/sync`); packages
 * import each other only by bare name, so the runtime exists once per program; every `.d.ts`
 * resolves inside its package or through another package's `exports` (checked, the build fails
 * otherwise); the output folders are replaced as a whole, so no stale file survives a rebuild.
 * Packages whose sources do not exist yet are skipped with a notice.
 *
 * Runs under plain `node` (its TypeScript imports use Node's type stripping).
 */
import { Buffer } from 'node:buffer';
import console from 'node:console';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import ts from 'typescript';
import { HOST_FILE, LAB_PACKAGES, isPackageFile } from '../src/lab/packages.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** @param {string} text */
const sha = (text) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** @param {string} p */
const posix = (p) => p.split(path.sep).join('/');

/**
 * Subpath folders of a package: '' for the main entry, 'sync', 'sync/atomic', ... for every folder
 * below `dir` holding an index.ts.
 * @param {string} dir absolute
 * @param {boolean} subpaths
 * @returns {Promise<string[]>}
 */
async function entryFolders(dir, subpaths) {
  /** @type {string[]} */
  const found = [];
  /** @param {string} sub */
  const walk = async (sub) => {
    const abs = path.join(dir, sub);
    const entries = await readdir(abs, { withFileTypes: true });
    if (entries.some((e) => e.isFile() && e.name === 'index.ts')) found.push(posix(sub));
    if (!subpaths && sub === '') return;
    for (const e of entries) if (e.isDirectory()) await walk(path.join(sub, e.name));
  };
  await walk('');
  return found.filter((sub) => sub === '' || subpaths).sort();
}

/** Bare names a bundle must leave to node_modules (and node builtins, loaded lazily by the mesh). */
const externalsFor = (/** @type {readonly string[]} */ names) => [
  'node:*',
  ...names.flatMap((n) => [n, `${n}/*`]),
];

/**
 * @typedef {{ path: string, contents: string }} OutFile   path relative to pkgs/
 */

/** What every bundle shares: ES modules for any runtime (node, WebContainer, worker), in memory. */
const bundleOptions = /** @type {const} */ ({
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  write: false,
  logLevel: 'silent',
  legalComments: 'none',
});

/**
 * Bundles one package.
 * @param {import('../src/lab/packages.ts').LabPackage} pkg
 * @param {string[]} folders
 * @returns {Promise<OutFile[]>}
 */
async function bundlePackage(pkg, folders) {
  const outdir = path.join(repo, 'out', pkg.name);
  /** @type {Record<string, string>} */
  const entryPoints = {};
  for (const sub of folders) {
    entryPoints[sub === '' ? 'index' : `${sub}/index`] = path.join(repo, pkg.dir, sub, 'index.ts');
  }
  const result = await esbuild.build({
    ...bundleOptions,
    entryPoints,
    outdir,
    splitting: true,
    chunkNames: '_chunks/[name]-[hash]',
    external: externalsFor(pkg.external),
  });
  return result.outputFiles.map((f) => ({
    path: `node_modules/${pkg.name}/${posix(path.relative(outdir, f.path))}`,
    contents: f.text,
  }));
}

/** @returns {Promise<OutFile>} */
async function bundleHost() {
  const result = await esbuild.build({
    ...bundleOptions,
    entryPoints: [path.join(repo, 'src/lab/host/host.ts')],
    external: externalsFor(LAB_PACKAGES.map((p) => p.name)),
    outfile: path.join(repo, 'out', HOST_FILE),
  });
  const file = result.outputFiles[0];
  if (file === undefined) throw new Error('esbuild produced no host bundle');
  return { path: HOST_FILE, contents: file.text };
}

/**
 * `.d.ts` for every module of the built packages, placed at the module's path inside its package.
 * @param {{ pkg: import('../src/lab/packages.ts').LabPackage, folders: string[] }[]} built
 * @returns {OutFile[]}
 */
function declarations(built) {
  const roots = built.flatMap(({ pkg, folders }) =>
    folders.map((sub) => path.join(repo, pkg.dir, sub, 'index.ts')),
  );
  // Bare names resolve to the sources, as tsconfig.json's paths do (`gort/sync` -> src/runtime/sync).
  /** @type {Record<string, string[]>} */
  const paths = {};
  for (const pkg of LAB_PACKAGES) {
    paths[pkg.name] = [`./${pkg.dir}/index.ts`];
    if (pkg.subpaths) paths[`${pkg.name}/*`] = [`./${pkg.dir}/*/index.ts`];
  }
  /** @type {ts.CompilerOptions} */
  const options = {
    declaration: true,
    emitDeclarationOnly: true,
    noCheck: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    strict: true,
    rootDir: repo,
    outDir: path.join(repo, 'out/types'),
    types: [],
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    paths,
  };
  const program = ts.createProgram({ rootNames: roots, options });
  /** @type {OutFile[]} */
  const out = [];
  program.emit(undefined, (fileName, text) => {
    const source = posix(path.relative(path.join(repo, 'out/types'), fileName));
    const owner = built.find(({ pkg }) => source.startsWith(`${pkg.dir}/`));
    if (owner === undefined) return; // a module outside the packages (checked below if referenced)
    const inner = source.slice(owner.pkg.dir.length + 1);
    // `.ts` specifiers (allowed in the sources) must name the emitted files in declarations.
    const rewritten = text.replace(
      /((?:from|import)\s*\(?\s*['"])(\.{1,2}\/[^'"]+?)\.ts(['"])/g,
      '$1$2.js$3',
    );
    out.push({ path: `node_modules/${owner.pkg.name}/${inner}`, contents: rewritten });
  });
  // Every relative import of a declaration must resolve inside the same package.
  const have = new Set(out.map((f) => f.path));
  for (const file of out) {
    for (const match of file.contents.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const spec = match[1] ?? '';
      const target = path.posix.join(path.posix.dirname(file.path), spec.replace(/\.js$/, '.d.ts'));
      const pkgRoot = file.path.split('/').slice(0, 2).join('/');
      if (!target.startsWith(`${pkgRoot}/`) || !have.has(target)) {
        throw new Error(
          `${file.path}: imports "${spec}", which is not part of the package (its public types must not reach outside ${pkgRoot})`,
        );
      }
    }
  }
  return out;
}

/**
 * Declarations are the slow part of the build (a TypeScript program over every package), so they
 * are cached under node_modules/.cache by a hash of every source they can depend on (src/**\/*.ts,
 * the TypeScript version, this script): an unchanged tree rebuilds in well under a second.
 * @param {{ pkg: import('../src/lab/packages.ts').LabPackage, folders: string[] }[]} built
 * @returns {Promise<OutFile[]>}
 */
async function cachedDeclarations(built) {
  const hash = createHash('sha256');
  hash.update(`${ts.version}\n${JSON.stringify(built.map(({ pkg, folders }) => [pkg.name, folders]))}\n`);
  hash.update(await readFile(fileURLToPath(import.meta.url)));
  /** @param {string} dir */
  const walk = async (dir) => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const e of entries) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) await walk(abs);
      else if (e.name.endsWith('.ts'))
        hash.update(`${posix(path.relative(repo, abs))}\n`).update(await readFile(abs));
    }
  };
  await walk(path.join(repo, 'src'));
  const cacheFile = path.join(
    repo,
    'node_modules/.cache/go-concurrency-labs',
    `dts-${hash.digest('hex').slice(0, 24)}.json`,
  );
  if (existsSync(cacheFile)) return /** @type {OutFile[]} */ (JSON.parse(await readFile(cacheFile, 'utf8')));
  const files = declarations(built);
  const cacheDir = path.dirname(cacheFile);
  try {
    await mkdir(cacheDir, { recursive: true });
    // Keep only the latest entry; written under a temporary name and renamed, so a build running
    // in parallel never reads half a file. The cache is an optimization: failures are ignored.
    for (const old of await readdir(cacheDir)) {
      if (/^dts-[0-9a-f]+\.json$/.test(old)) await rm(path.join(cacheDir, old), { force: true });
    }
    const partial = `${cacheFile}.${process.pid}.tmp`;
    await writeFile(partial, JSON.stringify(files));
    await rename(partial, cacheFile);
  } catch {
    // e.g. a read-only node_modules: build without the cache
  }
  return files;
}

/**
 * package.json with an `exports` map: `.` and one key per subpath, each with types and code.
 * @param {import('../src/lab/packages.ts').LabPackage} pkg
 * @param {string[]} folders
 * @returns {OutFile}
 */
function packageJson(pkg, folders) {
  /** @type {Record<string, { types: string, default: string }>} */
  const exports = {};
  for (const sub of folders) {
    const base = sub === '' ? './index' : `./${sub}/index`;
    exports[sub === '' ? '.' : `./${sub}`] = { types: `${base}.d.ts`, default: `${base}.js` };
  }
  const json = {
    name: pkg.name,
    version: '0.0.0',
    private: true,
    type: 'module',
    types: './index.d.ts',
    exports,
  };
  return { path: `node_modules/${pkg.name}/package.json`, contents: `${JSON.stringify(json, null, 2)}\n` };
}

/**
 * @param {{ outDir?: string, types?: boolean, write?: boolean, log?: (line: string) => void }} [options]
 *   outDir: where `pkgs/` goes (default public/_lab); types: emit .d.ts (default true); write: write
 *   the files (default true; when false, `outDir` is not touched).
 * @returns {Promise<{
 *   manifest: import('../src/lab/packages.ts').PackagesManifest,
 *   loaded: import('../src/lab/packages.ts').LoadedPackages,
 *   outDir: string,
 *   ms: number,
 * }>}
 *   loaded: the built runtime files, as `loadBuiltPackages` would read them back from `outDir`.
 */
export async function buildLabPackages(options = {}) {
  const started = performance.now();
  const outDir = path.resolve(repo, options.outDir ?? 'public/_lab');
  const log = options.log ?? ((line) => console.log(line));

  const built = [];
  for (const pkg of LAB_PACKAGES) {
    const dir = path.join(repo, pkg.dir);
    if (!existsSync(path.join(dir, 'index.ts'))) {
      log(`build:pkgs: skipping ${pkg.name}: ${pkg.dir}/index.ts does not exist yet`);
      continue;
    }
    built.push({ pkg, folders: await entryFolders(dir, pkg.subpaths) });
  }

  const [host, ...bundles] = await Promise.all([
    bundleHost(),
    ...built.map(({ pkg, folders }) => bundlePackage(pkg, folders)),
  ]);
  /** @type {OutFile[]} */
  const files = [
    host,
    ...bundles.flat(),
    ...built.map(({ pkg, folders }) => packageJson(pkg, folders)),
    ...(options.types === false ? [] : await cachedDeclarations(built)),
  ].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  const manifestFiles = files.map((f) => ({
    path: f.path,
    bytes: Buffer.byteLength(f.contents),
    hash: sha(f.contents),
  }));
  /** @type {import('../src/lab/packages.ts').PackagesManifest} */
  const manifest = {
    version: 1,
    hash: sha(manifestFiles.map((f) => `${f.path} ${f.hash}`).join('\n')),
    files: manifestFiles,
  };
  /** @type {import('../src/lab/packages.ts').LoadedPackages} */
  const loaded = {
    manifest,
    packages: Object.fromEntries(files.filter((f) => isPackageFile(f.path)).map((f) => [f.path, f.contents])),
    host: host.contents,
  };

  if (options.write !== false) {
    const pkgsDir = path.join(outDir, 'pkgs');
    await rm(pkgsDir, { recursive: true, force: true });
    await Promise.all(
      files.map(async (f) => {
        const target = path.join(pkgsDir, f.path);
        await mkdir(path.dirname(target), { recursive: true });
        await writeFile(target, f.contents);
      }),
    );
    await writeFile(path.join(pkgsDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  }

  const ms = Math.round(performance.now() - started);
  log(
    `build:pkgs: ${built.map(({ pkg, folders }) => `${pkg.name} (${folders.length} entr${folders.length === 1 ? 'y' : 'ies'})`).join(', ') || 'no packages'}, ` +
      `${files.length} files in ${ms} ms -> ${options.write === false ? '(not written)' : posix(path.relative(repo, outDir)) || '.'}`,
  );
  return { manifest, loaded, outDir, ms };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  buildLabPackages().catch((/** @type {unknown} */ error) => {
    console.error(`build:pkgs failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
