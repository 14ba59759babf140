/**
 * Links a mounted file tree's ES modules into blob URLs a Web Worker can `import()`, resolving
 * specifiers the way `node` does for ES modules: relative paths exactly as written (no extension
 * guessing), bare names through `node_modules/<pkg>/package.json` (`exports` with subpaths,
 * subpath patterns and conditions, else `main`), searched from the importer's folder upwards.
 *
 * A blob URL is fixed once created, so a module's text can only name URLs that already exist:
 * modules are linked depth-first, dependencies before dependents. Static imports must form a DAG
 * (esbuild's chunks do; a static cycle is reported, not silently broken). Every dynamic
 * `import(x)` is rewritten to `globalThis.__labImport('<importer>', x)`, which the worker resolves
 * when it runs, so a lazily loaded module may close a cycle, a computed specifier works, and a
 * module that cannot load in the browser (one importing `node:http`, say) only fails if the
 * program actually asks for it — as in Node.
 *
 * Invariants: self-contained (shipped to the sandbox iframe as source text); a module's import
 * scan in `cache` is reused only for an identical source, and its URL only when the module's final
 * text is identical, so a second run neither scans nor links an unchanged module again, and a
 * changed dependency always yields a new URL for every module above it.
 */
import type { ImportSite } from '../../scan-imports.ts';

export interface LinkCacheEntry {
  /** The module's source as read from the tree, and its import sites (what `scan` found in it). */
  readonly source: string;
  readonly sites: readonly ImportSite[];
  /** The linked text (specifiers replaced by URLs) and the URL made for it. */
  readonly text: string;
  readonly url: string;
}

export interface LinkRequest {
  readonly files: Readonly<Record<string, string | Uint8Array>>;
  /** The module to start from (tree path, e.g. `__lab_host.mjs`). */
  readonly entry: string;
  /** path -> the scan, text and URL made for it last time (kept by the caller across runs). */
  readonly cache: Map<string, LinkCacheEntry>;
  readonly scan: (source: string) => ImportSite[];
  readonly createUrl: (text: string) => string;
  readonly revokeUrl: (url: string) => void;
}

export interface LinkResult {
  readonly entryUrl: string;
  /** Tree path -> URL, for every module linked (dynamic imports look their targets up here). */
  readonly urls: Readonly<Record<string, string>>;
  /**
   * Tree path -> why it could not be linked (Node's error code and message), for modules only
   * reached through dynamic import().
   */
  readonly failures: Readonly<Record<string, LinkFailure>>;
  /** URL -> tree path, to show file names instead of blob URLs in stack traces. */
  readonly paths: Readonly<Record<string, string>>;
  /**
   * URL -> how linking moved columns: [line, linked column just after an edit, columns it added]
   * triples (0-based), so a stack trace's column in the linked text maps back to the tree's file.
   */
  readonly shifts: Readonly<Record<string, readonly number[]>>;
  /** `${importer}\n${specifier}` -> tree path, for every specifier resolved while linking. */
  readonly resolved: Readonly<Record<string, string>>;
  /** Bare specifier -> tree path (resolved from the tree's root), for computed import() calls. */
  readonly bare: Readonly<Record<string, string>>;
}

/** Why a module could not be linked: Node's error code and message for the same failure. */
export interface LinkFailure {
  readonly code: string;
  readonly message: string;
}

/** Thrown when a statically imported module cannot be found or linked (message reads like Node's). */
export interface LinkError extends Error {
  readonly code: string;
}

export function linkModules(request: LinkRequest): LinkResult {
  const { files, cache, scan, createUrl, revokeUrl } = request;
  const conditions = ['browser', 'import', 'default'];
  const decoder = new TextDecoder();

  const fail = (code: string, message: string): never => {
    const error = new Error(message) as Error & { code: string };
    error.code = code;
    error.name = `Error [${code}]`;
    throw error;
  };

  const readText = (path: string): string | undefined => {
    const content = files[path];
    if (content === undefined) return undefined;
    return typeof content === 'string' ? content : decoder.decode(content);
  };

  const dirname = (path: string) => {
    const at = path.lastIndexOf('/');
    return at === -1 ? '' : path.slice(0, at);
  };

  /** Joins and normalizes posix segments; undefined when the path climbs above the tree's root. */
  const join = (base: string, relative: string): string | undefined => {
    const out: string[] = [];
    for (const part of `${base}/${relative}`.split('/')) {
      if (part === '' || part === '.') continue;
      if (part === '..') {
        if (out.length === 0) return undefined;
        out.pop();
      } else out.push(part);
    }
    return out.join('/');
  };

  type Target = string | readonly Target[] | { readonly [key: string]: Target } | null;

  /** Node's PACKAGE_TARGET_RESOLVE, for the conditions above. */
  const resolveTarget = (pkgDir: string, target: Target, star: string | undefined): string | undefined => {
    if (typeof target === 'string') {
      if (!target.startsWith('./')) return undefined;
      const path = join(pkgDir, star === undefined ? target : target.split('*').join(star));
      return path !== undefined && path.startsWith(pkgDir) ? path : undefined;
    }
    if (Array.isArray(target)) {
      for (const item of target as readonly Target[]) {
        const path = resolveTarget(pkgDir, item, star);
        if (path !== undefined) return path;
      }
      return undefined;
    }
    if (target !== null && typeof target === 'object') {
      for (const [key, value] of Object.entries(target)) {
        if (conditions.includes(key)) {
          const path = resolveTarget(pkgDir, value, star);
          if (path !== undefined) return path;
        }
      }
    }
    return undefined;
  };

  /** Node's PACKAGE_EXPORTS_RESOLVE (exact subpaths first, then the longest matching pattern). */
  const resolveExports = (pkgDir: string, exports: Target, subpath: string): string | undefined => {
    const isSubpathMap =
      exports !== null &&
      typeof exports === 'object' &&
      !Array.isArray(exports) &&
      Object.keys(exports).some((key) => key.startsWith('.'));
    const map: Record<string, Target> = isSubpathMap ? (exports as Record<string, Target>) : { '.': exports };
    const exact = map[subpath];
    if (exact !== undefined && !subpath.includes('*')) return resolveTarget(pkgDir, exact, undefined);
    let best: { key: string; star: string } | undefined;
    for (const key of Object.keys(map)) {
      const at = key.indexOf('*');
      if (at === -1 || key.indexOf('*', at + 1) !== -1) continue;
      const prefix = key.slice(0, at);
      const suffix = key.slice(at + 1);
      if (subpath.length >= key.length && subpath.startsWith(prefix) && subpath.endsWith(suffix)) {
        if (best === undefined || prefix.length > best.key.indexOf('*')) {
          best = { key, star: subpath.slice(prefix.length, subpath.length - suffix.length) };
        }
      }
    }
    if (best === undefined) return undefined;
    return resolveTarget(pkgDir, map[best.key] ?? null, best.star);
  };

  const resolveBare = (specifier: string, importer: string): string => {
    const parts = specifier.split('/');
    const nameLength = specifier.startsWith('@') ? 2 : 1;
    const name = parts.slice(0, nameLength).join('/');
    const rest = parts.slice(nameLength).join('/');
    const subpath = rest === '' ? '.' : `./${rest}`;
    let dir: string | undefined = dirname(importer);
    for (;;) {
      const pkgDir = dir === '' ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
      const manifestText = readText(`${pkgDir}/package.json`);
      if (manifestText !== undefined) {
        let manifest: { exports?: Target; main?: string };
        try {
          manifest = JSON.parse(manifestText) as { exports?: Target; main?: string };
        } catch {
          return fail('ERR_INVALID_PACKAGE_CONFIG', `Invalid package config ${pkgDir}/package.json.`);
        }
        if (manifest.exports !== undefined) {
          const path = resolveExports(pkgDir, manifest.exports, subpath);
          if (path === undefined) {
            return fail(
              'ERR_PACKAGE_PATH_NOT_EXPORTED',
              `Package subpath '${subpath}' is not defined by "exports" in ${pkgDir}/package.json imported from ${importer}`,
            );
          }
          return path;
        }
        const path = subpath === '.' ? join(pkgDir, manifest.main ?? 'index.js') : join(pkgDir, rest);
        if (path !== undefined && files[path] !== undefined) return path;
        return fail(
          'ERR_MODULE_NOT_FOUND',
          `Cannot find module '${path ?? specifier}' imported from ${importer}`,
        );
      }
      if (dir === '') break;
      dir = dirname(dir);
    }
    return fail('ERR_MODULE_NOT_FOUND', `Cannot find package '${name}' imported from ${importer}`);
  };

  const resolve = (specifier: string, importer: string): string => {
    if (specifier.startsWith('./') || specifier.startsWith('../') || specifier.startsWith('/')) {
      const path = specifier.startsWith('/') ? join('', specifier) : join(dirname(importer), specifier);
      if (path === undefined || files[path] === undefined) {
        return fail(
          'ERR_MODULE_NOT_FOUND',
          `Cannot find module '${path ?? specifier}' imported from ${importer}`,
        );
      }
      return path;
    }
    if (
      specifier.startsWith('node:') ||
      /^(fs|path|http|https|net|os|child_process|worker_threads|crypto|url|util|events|stream|buffer|process|timers)(\/|$)/.test(
        specifier,
      )
    ) {
      return fail(
        'ERR_UNSUPPORTED_BUILTIN',
        `The Node.js module '${specifier}' (imported from ${importer}) is not available in the in-browser runner`,
      );
    }
    if (/^[a-z][a-z0-9+.-]*:/i.test(specifier)) {
      return fail(
        'ERR_UNSUPPORTED_ESM_URL_SCHEME',
        `Only file paths and packages can be imported here, not '${specifier}' (from ${importer})`,
      );
    }
    return resolveBare(specifier, importer);
  };

  const urls: Record<string, string> = {};
  const resolved: Record<string, string> = {};
  const bare: Record<string, string> = {};
  const failures: Record<string, LinkFailure> = {};
  const paths: Record<string, string> = {};
  const shifts: Record<string, number[]> = {};
  /** Modules on the current depth-first path, to report a static cycle by name. */
  const visiting: string[] = [];
  /** Targets of dynamic import(), linked once the static graph is done so they may import any of it. */
  const lazyQueue: string[] = [];

  const link = (path: string): string => {
    const done = urls[path];
    if (done !== undefined) return done;
    if (visiting.includes(path)) {
      const cycle = [...visiting.slice(visiting.indexOf(path)), path].join(' -> ');
      return fail(
        'ERR_LAB_IMPORT_CYCLE',
        `Circular static imports are not supported by the in-browser runner: ${cycle}`,
      );
    }
    const source = readText(path);
    if (source === undefined) return fail('ERR_MODULE_NOT_FOUND', `Cannot find module '${path}'`);
    visiting.push(path);
    try {
      const cached = cache.get(path);
      // Scanning is the linker's main cost: an unchanged source is not scanned again.
      const sites = cached !== undefined && cached.source === source ? cached.sites : scan(source);
      const replacements: Array<{ start: number; end: number; text: string }> = [];
      const lazy: string[] = [];
      for (const site of sites) {
        if (site.dynamic) {
          // Every import(...) goes through the worker's resolver, literal or computed specifier alike.
          replacements.push({
            start: site.start,
            end: site.end,
            text: `globalThis.__labImport(${JSON.stringify(path)}, `,
          });
          if (site.specifier === undefined) continue;
          let target: string;
          try {
            target = resolve(site.specifier, path);
          } catch {
            continue; // unresolvable: import() fails only if it runs, as in Node
          }
          resolved[`${path}\n${site.specifier}`] = target;
          if (!/^[./]/.test(site.specifier)) bare[site.specifier] ??= target;
          lazy.push(target);
        } else {
          const target = resolve(site.specifier, path);
          resolved[`${path}\n${site.specifier}`] = target;
          if (!/^[./]/.test(site.specifier)) bare[site.specifier] ??= target;
          replacements.push({ start: site.start, end: site.end, text: JSON.stringify(link(target)) });
        }
      }
      let text = '';
      let last = 0;
      /** [line, linked column just after the edit, what it added] per edit (0-based), in order. */
      const moved: number[] = [];
      let line = 0;
      let lineStart = 0;
      let grown = 0;
      for (const r of replacements) {
        text += source.slice(last, r.start) + r.text;
        for (let i = source.indexOf('\n', last); i !== -1 && i < r.start; i = source.indexOf('\n', i + 1)) {
          line++;
          lineStart = i + 1;
          grown = 0;
        }
        last = r.end;
        const added = r.text.length - (r.end - r.start);
        grown += added;
        if (added !== 0) moved.push(line, r.end - lineStart + grown, added);
      }
      text += source.slice(last);
      let url: string;
      if (cached !== undefined && cached.text === text) url = cached.url;
      else {
        if (cached !== undefined) revokeUrl(cached.url);
        url = createUrl(text);
      }
      cache.set(path, { source, sites, text, url });
      urls[path] = url;
      paths[url] = path;
      if (moved.length > 0) shifts[url] = moved;
      visiting.pop();
      lazyQueue.push(...lazy);
      return url;
    } catch (error) {
      if (visiting[visiting.length - 1] === path) visiting.pop();
      throw error;
    }
  };

  const entryUrl = link(request.entry);
  // Modules outside node_modules may be imported with a computed specifier (the host imports the
  // learner's entry and the check that way), so they are all linked, leniently.
  for (const path of Object.keys(files)) {
    if (/\.m?js$/.test(path) && !path.startsWith('node_modules/') && !path.includes('/node_modules/')) {
      lazyQueue.push(path);
    }
  }
  for (let target = lazyQueue.shift(); target !== undefined; target = lazyQueue.shift()) {
    if (urls[target] !== undefined || failures[target] !== undefined) continue;
    visiting.length = 0;
    try {
      link(target);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      failures[target] = {
        code: typeof code === 'string' ? code : 'ERR_MODULE_NOT_FOUND',
        message: error instanceof Error ? error.message : String(error),
      };
    }
  }
  return { entryUrl, urls, failures, paths, shifts, resolved, bare };
}
