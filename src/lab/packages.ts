/**
 * The prebuilt lab packages: what `npm run build:pkgs` emits, the manifest that lists it, and the
 * browser-side loader (browser-safe; no node:*).
 *
 * Layout under public/_lab/ (served at `/_lab/`):
 *   pkgs/node_modules/<pkg>/**   ES modules, .d.ts and a package.json `exports` map per package
 *   pkgs/__lab_host.mjs          the lab host
 *   pkgs/manifest.json           every file under pkgs/ with its size and content hash
 *   labs/<section>/<lab>.json    one published lab (see schema.ts `labSchema`)
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
  /** Published labs: id -> hash of its JSON (public/_lab/labs/<id>.json). */
  readonly labs: Readonly<Record<string, string>>;
}

/** The URL path of a published lab, relative to the `/_lab/` base: `labs/<section>/<lab>.json`. */
export function labDataPath(id: string): string {
  return `labs/${id}.json`;
}

/** Whether a packages file is needed to run programs (declarations are only for the editor). */
export function isRuntimeFile(path: string): boolean {
  return !path.endsWith('.d.ts') && !path.endsWith('.map');
}

export interface LoadedPackages {
  readonly manifest: PackagesManifest;
  /** `node_modules/**` files by path (runtime files only unless `types` was asked for). */
  readonly packages: Record<string, string>;
  /** The lab host's source. */
  readonly host: string;
}

/**
 * Fetches the packages the runners mount, from `base` (the URL of `/_lab/pkgs/`). With
 * `{ types: true }` the `.d.ts` files come too (for the editor).
 */
export async function fetchLabPackages(
  base: string | URL,
  options: { types?: boolean; fetch?: typeof fetch } = {},
): Promise<LoadedPackages> {
  const fetchFn = options.fetch ?? fetch;
  const root = new URL(
    String(base).endsWith('/') ? String(base) : `${String(base)}/`,
    globalThis.location?.href,
  );
  const get = async (path: string) => {
    const response = await fetchFn(new URL(path, root));
    if (!response.ok) throw new Error(`could not load ${new URL(path, root).href}: HTTP ${response.status}`);
    return response.text();
  };
  const manifest = JSON.parse(await get('manifest.json')) as PackagesManifest;
  const wanted = manifest.files.filter(
    (file) => file.path.startsWith('node_modules/') && (options.types === true || isRuntimeFile(file.path)),
  );
  // The hash in the query makes each version a distinct URL, so HTTP caches never serve stale bytes.
  const [host, ...contents] = await Promise.all([
    get(`${HOST_FILE}?v=${manifest.hash}`),
    ...wanted.map((file) => get(`${file.path}?v=${file.hash}`)),
  ]);
  const packages: Record<string, string> = {};
  wanted.forEach((file, i) => {
    packages[file.path] = contents[i] ?? '';
  });
  return { manifest, packages, host: host ?? '' };
}
