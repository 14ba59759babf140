/**
 * Where a stack frame is in the learner's code: the lab host's `mapLocation`, the same function for
 * the runtime's panics and deadlock dumps and for the host's own error reports.
 *
 * A frame's location is a URL, line and column in the running tree: a `file:` URL under the tree's
 * root in Node and in the WebContainer, a `blob:` URL in the sandbox (whose worker offers
 * `__labLocate` to turn it back into a tree path and the column before linking). The tree path of a
 * learner file is mapped on to its source by the learner map (learner-map.ts). Anything else — the
 * runtime, the mesh, the host, Node's internals — is not the learner's frame: null.
 */
import { toSource, type LearnerMap, type SourcePosition } from '../learner-map.ts';

/** A frame's place in the mounted tree (1-based line and column), or undefined outside it. */
export type Locate = (
  url: string,
  line: number,
  column: number,
) => { path: string; line: number; column: number } | undefined;

export type MapLocation = (url: string, line: number, column: number) => SourcePosition | null;

/**
 * The tree path of `location` — a URL (`file:` in Node, whatever scheme the WebContainer serves its
 * modules from) or an absolute path, as Node's loader names importers — under `root`, the URL of
 * the tree's folder; undefined outside it.
 */
export function treePath(root: string, location: string): string | undefined {
  let base: URL;
  let url: URL;
  try {
    base = new URL(root);
    url = new URL(location, base);
  } catch {
    return undefined;
  }
  if (url.protocol !== base.protocol || url.host !== base.host) return undefined;
  const path = decodeURIComponent(url.pathname);
  const folder = decodeURIComponent(base.pathname);
  return path.startsWith(folder) ? path.slice(folder.length) : undefined;
}

/** How many URLs' tree paths fileLocator remembers. */
const PATHS_MAX = 1024;

/**
 * Locates URLs under the folder `root` (Node, WebContainer). A program's frames come from a few
 * modules, so each URL's tree path is worked out once (up to PATHS_MAX URLs, then forgotten).
 */
export function fileLocator(root: string): Locate {
  const paths = new Map<string, string | undefined>();
  return (url, line, column) => {
    let path = paths.get(url);
    if (path === undefined && !paths.has(url)) {
      path = treePath(root, url.replace(/[?#].*$/, ''));
      if (paths.size >= PATHS_MAX) paths.clear();
      paths.set(url, path);
    }
    return path === undefined ? undefined : { path, line, column };
  };
}

/**
 * The sandbox's locator when the host runs in its worker (its modules are blob URLs, which have no
 * folder), else URLs under the folder of `hostUrl` (the host's own URL, at the tree's root).
 */
export function hostLocator(hostUrl: string): Locate {
  const sandbox = (globalThis as { __labLocate?: Locate }).__labLocate;
  return typeof sandbox === 'function' ? sandbox : fileLocator(new URL('.', hostUrl).href);
}

/** `mapLocation` over `map`: a learner frame's source position, or null for every other frame. */
export function createLocationMapper(map: LearnerMap, locate: Locate): MapLocation {
  return (url, line, column) => {
    const found = locate(url, line, column);
    if (found === undefined) return null;
    return toSource(map, found.path.replace(/[?#].*$/, ''), found.line, found.column) ?? null;
  };
}
