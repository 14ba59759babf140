// @ts-check
/**
 * A Vite plugin for astro.config.mjs: stylesheets imported by the lab's editor package
 * (monaco-editor, whose modules import their own CSS) become JavaScript that injects them when it
 * runs.
 *
 * Why: Astro links every stylesheet reachable from a page's scripts into the page head, dynamic
 * `import()`s included (withastro/astro#9495), so Monaco's ~90 KB of CSS would load, render-
 * blocking, on every page although the editor itself only loads when a learner starts a lab.
 * Turned into JS, the CSS travels with the lazily loaded chunks instead. Only Monaco is affected;
 * the site's own and Starlight's CSS are untouched, and the lab's own and xterm's stylesheets are
 * imported `?inline` by client.ts and terminal.ts and injected there.
 */

import { URL, fileURLToPath } from 'node:url';

const LAZY = /[\\/]node_modules[\\/]monaco-editor[\\/].*\.css$/;
const PREFIX = '\0gcl-lazy-css:';
const INJECT = fileURLToPath(new URL('../lab/ui/inject-style.ts', import.meta.url));

/** @returns {import('vite').Plugin} */
export function lazyLabCss() {
  return {
    name: 'gcl:lazy-lab-css',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (importer === undefined || !source.endsWith('.css') || options.ssr) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (resolved === null || !LAZY.test(resolved.id)) return null;
      // The `.mjs` tail keeps Vite's own CSS plugin (which claims ids ending in `.css`) off this module.
      return `${PREFIX}${resolved.id}.mjs`;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const file = id.slice(PREFIX.length, -'.mjs'.length);
      return [
        `import css from ${JSON.stringify(`${file}?inline`)};`,
        `import { injectStyle } from ${JSON.stringify(INJECT)};`,
        'injectStyle(css);',
      ].join('\n');
    },
  };
}
