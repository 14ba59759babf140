/**
 * The prebuilt lab packages: what `npm run build:pkgs` emits, the manifest that lists it, and the
 * browser-side loaders (the files a run mounts; the editor's declarations apart, so the page can
 * ask for a run's files first); and where the lab UI finds a lab's solution and check
 * (browser-safe; no node:*).
 *
 * Layout under public/_lab/ (served at `/_lab/`):
 *   pkgs/node_modules/<pkg>/**   ES modules, .d.ts and a package.json `exports` map per package
 *   pkgs/__lab_host.mjs          the lab host
 *   pkgs/manifest.json           every file under pkgs/ with its size and content hash
 * A lab's solution and check are not built here: src/pages/lab-data/[section]/[lab].json.ts serves
 * them from the `labs` content collection (see `labDataUrl`).
 * Invariants: manifest paths are relative to pkgs/ and sorted; `hash` of the manifest is a hash
 * of every file's path and hash, so it changes exactly when some byte of the packages changes.
 */

/** One package the labs import: its name and the source folder its subpaths come from. */
export interface LabPackage {
  readonly name: 'gort' | 'gomesh' | 'labcheck';
  /** Source folder, relative to the repo root; `<dir>/index.ts` is the main entry. */
  readonly dir: string;
  /** Whether `<dir>/<sub>/index.ts` folders become subpath exports (`gort/sync`). */
  readonly subpaths: boolean;
  /** Packages this one imports by name (kept external so all share one instance). */
  readonly external: readonly string[];
}

export const LAB_PACKAGES: readonly LabPackage[] = [
  { name: 'gort', dir: 'src/runtime', subpaths: true, external: [] },
  { name: 'gomesh', dir: 'src/mesh', subpaths: true, external: ['gort'] },
  { name: 'labcheck', dir: 'src/lab/check', subpaths: false, external: ['gort', 'gomesh'] },
];

/** The lab host's file name, in pkgs/ and at the root of every mounted tree. */
export const HOST_FILE = '__lab_host.mjs';
/** The transpiled check's file name in a mounted tree (check mode only). */
export const CHECK_FILE = '__lab_check.mjs';
/**
 * The learner's TypeScript files as submitted, in a mounted tree (check mode only): `export default
 * { 'main.ts': '…' }`, for labcheck's `t.source(file)` (the transpiled files have lost their types).
 */
export const SOURCES_FILE = '__lab_sources.mjs';
/** The learner map's file name in a mounted tree (src/lab/learner-map.ts: where the learner's code is). */
export const MAP_FILE = '__lab_map.mjs';

export interface ManifestFile {
  /** Relative to pkgs/, e.g. `node_modules/gort/index.js`. */
  readonly path: string;
  readonly bytes: number;
  /** Hex SHA-256 of the contents (first 16 hex digits). */
  readonly hash: string;
}

export interface PackagesManifest {
  readonly version: 1;
  /** Changes whenever any file changes (cache key). */
  readonly hash: string;
  readonly files: readonly ManifestFile[];
}

/**
 * The URL of a lab's `{ solution, check }` JSON, `<site base>lab-data/<section>/<lab>.json` (the
 * static endpoint src/pages/lab-data/[section]/[lab].json.ts), from the URL of the `/_lab/` folder
 * (site base included, ending in `/`), which is what the lab UI is configured with.
 */
export function labDataUrl(labBase: string | URL, id: string): string {
  const base = String(labBase).endsWith('/') ? String(labBase) : `${String(labBase)}/`;
  return new URL(`../lab-data/${id}.json`, new URL(base, globalThis.location?.href)).href;
}

/** Whether a packages file is needed to run programs (declarations are only for the editor). */
export function isRuntimeFile(path: string): boolean {
  return !path.endsWith('.d.ts') && !path.endsWith('.map');
}

/**
 * Whether a manifest path is a package file the runners mount: under `node_modules/`, and a runtime
 * file unless `types` (the editor's `.d.ts`) are wanted too.
 */
export function isPackageFile(path: string, types = false): boolean {
  return path.startsWith('node_modules/') && (types || isRuntimeFile(path));
}

export interface LoadedPackages {
  readonly manifest: PackagesManifest;
  /** `node_modules/**` files by path (runtime files only unless `types` was asked for). */
  readonly packages: Record<string, string>;
  /** The lab host's source. */
  readonly host: string;
}

/** Fetches files under `base` (the URL of `/_lab/pkgs/`), each under its content hash. */
function fetcher(base: string | URL, fetchFn: typeof fetch): (path: string) => Promise<string> {
  const root = new URL(
    String(base).endsWith('/') ? String(base) : `${String(base)}/`,
    globalThis.location?.href,
  );
  return async (path) => {
    const response = await fetchFn(new URL(path, root));
    if (!response.ok) throw new Error(`could not load ${new URL(path, root).href}: HTTP ${response.status}`);
    return response.text();
  };
}

/** `files` of the manifest, fetched in parallel (the hash in the query: HTTP caches never serve stale bytes). */
async function fetchFiles(
  get: (path: string) => Promise<string>,
  files: readonly ManifestFile[],
): Promise<Record<string, string>> {
  const contents = await Promise.all(files.map((file) => get(`${file.path}?v=${file.hash}`)));
  const out: Record<string, string> = {};
  files.forEach((file, i) => {
    out[file.path] = contents[i] ?? '';
  });
  return out;
}

/**
 * Fetches the packages the runners mount, from `base` (the URL of `/_lab/pkgs/`). With
 * `{ types: true }` the `.d.ts` files come too (for the editor).
 */
export async function fetchLabPackages(
  base: string | URL,
  options: { types?: boolean; fetch?: typeof fetch } = {},
): Promise<LoadedPackages> {
  const get = fetcher(base, options.fetch ?? fetch);
  const manifest = JSON.parse(await get('manifest.json')) as PackagesManifest;
  const wanted = manifest.files.filter((file) => isPackageFile(file.path, options.types === true));
  const [host, packages] = await Promise.all([
    get(`${HOST_FILE}?v=${manifest.hash}`),
    fetchFiles(get, wanted),
  ]);
  return { manifest, packages, host };
}

/**
 * The packages a lab's own code can import, so the editor loads only their declarations: `gort`
 * always; `gomesh` in a lab that starts services or whose files import it; never `labcheck`, which
 * only a lab's check imports.
 */
export function editorPackages(lab: {
  readonly services: boolean;
  readonly starter: Readonly<Record<string, string>>;
}): LabPackage['name'][] {
  const importsMesh = Object.values(lab.starter).some((text) =>
    /\bfrom\s+['"]gomesh(\/[^'"]*)?['"]/.test(text),
  );
  return lab.services || importsMesh ? ['gort', 'gomesh'] : ['gort'];
}

/**
 * Fetches only the packages' declarations (`node_modules/**.d.ts`, for the editor), so a page can
 * ask for the files a run needs first and for the editor's types beside them; with `packages`,
 * only those packages' (`editorPackages`).
 */
export async function fetchLabDeclarations(
  base: string | URL,
  options: { fetch?: typeof fetch; packages?: readonly string[] } = {},
): Promise<Record<string, string>> {
  const get = fetcher(base, options.fetch ?? fetch);
  const manifest = JSON.parse(await get('manifest.json')) as PackagesManifest;
  const wanted = (path: string) =>
    options.packages === undefined ||
    options.packages.some((name) => path.startsWith(`node_modules/${name}/`));
  return fetchFiles(
    get,
    manifest.files.filter(
      (file) => file.path.startsWith('node_modules/') && file.path.endsWith('.d.ts') && wanted(file.path),
    ),
  );
}
