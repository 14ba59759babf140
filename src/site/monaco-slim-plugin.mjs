// @ts-check
/**
 * Vite plugins for astro.config.mjs that keep Monaco's weight to what the lab uses.
 *
 * `monacoWorkerManager()` (page build): Monaco 0.57's language worker managers import
 * `internal/common/workers.js`, which imports all 73 editor features as side effects before its
 * few-line `createWebWorker`; imports of it resolve to monaco-web-worker.ts instead, so the editor
 * carries only the features monaco-features.ts names.
 *
 * `trimTypeScriptLibs(lib)` (worker build, `vite.worker.plugins`): the TypeScript worker embeds
 * every lib file TypeScript has (100 of them, 3.2 MB: `lib.webworker`, `esnext`, `scripthost`…),
 * though the lab's compiler options name two. Its `lib/lib.js` becomes a module holding only the
 * files `lib` reaches through `/// <reference lib>`, read from the installed Monaco at build time.
 * Invariant: a lib the options name but Monaco does not ship fails the build, naming it.
 *
 * `diagnosticsDelay(ms)` (page build): Monaco's TypeScript support re-checks a model 500 ms after
 * the last edit, a constant in its DiagnosticsAdapter with no option; the learner waits that long
 * for every error. It becomes `ms` (300: VS Code's own shortest delay before it asks tsserver for a
 * small file's errors). Invariant: if Monaco's code no longer has that one timer, the build fails,
 * naming the file, rather than silently keeping the old delay.
 */

import { readFile } from 'node:fs/promises';
import { fileURLToPath, URL } from 'node:url';
import { runInNewContext } from 'node:vm';

const WORKERS = /[\\/]monaco-editor[\\/]esm[\\/]vs[\\/]internal[\\/]common[\\/]workers\.js$/;
const TS_LIBS =
  /[\\/]monaco-editor[\\/]esm[\\/]vs[\\/]languages[\\/]features[\\/]typescript[\\/]lib[\\/]lib\.js$/;
const TS_FEATURES =
  /[\\/]monaco-editor[\\/]esm[\\/]vs[\\/]languages[\\/]features[\\/]typescript[\\/]languageFeatures\.js$/;
/** The DiagnosticsAdapter's timer, as Monaco 0.57 writes it (the only `maybeValidate` timer). */
const VALIDATE_TIMER = /window\.setTimeout\(maybeValidate, 500\)/g;
const WEB_WORKER = fileURLToPath(new URL('../lab/ui/monaco-web-worker.ts', import.meta.url));
const TRIMMED = '\0gcl-ts-libs.mjs';

/** @returns {import('vite').Plugin} */
export function monacoWorkerManager() {
  return {
    name: 'gcl:monaco-worker-manager',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (importer === undefined || !source.endsWith('workers.js')) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved !== null && WORKERS.test(resolved.id) ? WEB_WORKER : null;
    },
  };
}

/**
 * The lib files `roots` need, following `/// <reference lib="x" />` (file `lib.x.d.ts`).
 * @param {Record<string, string>} all  every lib file Monaco ships, by file name
 * @param {readonly string[]} roots  file names (`lib.es2022.d.ts`), as the compiler options give them
 * @returns {Record<string, string>}
 */
export function libClosure(all, roots) {
  /** @type {Record<string, string>} */
  const out = {};
  const pending = [...roots];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (name in out) continue;
    const text = all[name];
    if (text === undefined) throw new Error(`trimTypeScriptLibs: Monaco ships no TypeScript lib "${name}"`);
    out[name] = text;
    for (const [, ref] of text.matchAll(/^\/\/\/\s*<reference\s+lib="([^"]+)"\s*\/>/gm)) {
      pending.push(`lib.${ref}.d.ts`);
    }
  }
  return out;
}

/**
 * @param {readonly string[]} lib  the lab's `compilerOptions.lib` (file names)
 * @returns {import('vite').Plugin}
 */
export function trimTypeScriptLibs(lib) {
  /** @type {string | undefined} */
  let original;
  return {
    name: 'gcl:trim-typescript-libs',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (importer === undefined || !source.endsWith('lib.js')) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (resolved === null || !TS_LIBS.test(resolved.id)) return null;
      original = resolved.id;
      return TRIMMED;
    },
    async load(id) {
      if (id !== TRIMMED || original === undefined) return null;
      // Evaluated as a script, not import()ed: Astro loads this config through Vite's module runner,
      // which may be closed by the time the worker bundle is built (it was, with a Starlight plugin
      // that reloads the content layer). The file is `const libFileMap = {}; libFileMap[…] = '…';`
      // and `export { libFileMap };`.
      const text = (await readFile(original, 'utf8')).replace(/^export \{ libFileMap \};?\s*$/m, '');
      /** @type {Record<string, string>} */
      const libFileMap = runInNewContext(`${text}\nlibFileMap;`);
      return `export const libFileMap = ${JSON.stringify(libClosure(libFileMap, lib))};\n`;
    },
  };
}

/**
 * Replaces the delay in Monaco's re-check timer; throws unless the text has exactly one such timer.
 * @param {string} code  languageFeatures.js
 * @param {number} ms
 * @returns {string}
 */
export function withDiagnosticsDelay(code, ms) {
  const found = code.match(VALIDATE_TIMER)?.length ?? 0;
  if (found !== 1) {
    throw new Error(
      `diagnosticsDelay: expected one "window.setTimeout(maybeValidate, 500)" in Monaco's TypeScript languageFeatures.js, found ${found}; Monaco changed, update src/site/monaco-slim-plugin.mjs`,
    );
  }
  return code.replace(VALIDATE_TIMER, `window.setTimeout(maybeValidate, ${ms})`);
}

/**
 * @param {number} ms  how long after the last edit the TypeScript worker re-checks a model
 * @returns {import('vite').Plugin}
 */
export function diagnosticsDelay(ms) {
  return {
    name: 'gcl:diagnostics-delay',
    transform(code, id) {
      if (!TS_FEATURES.test(id.split('?')[0] ?? id)) return null;
      return { code: withDiagnosticsDelay(code, ms), map: null };
    },
  };
}
