/**
 * Adds a stylesheet to the page at run time, once per text.
 *
 * The lab client's CSS is imported as text and injected here when the client runs (its own and
 * xterm's by `?inline` imports in client.ts and terminal.ts, Monaco's through lazy-css-plugin.mjs),
 * because Astro links every stylesheet a page's scripts may reach — dynamic `import()`s included
 * (withastro/astro#9495) — into the page head, which would make ~180 KB of editor CSS
 * render-blocking on every page.
 */
const injected = new Set<string>();

export function injectStyle(css: string): void {
  if (injected.has(css) || typeof document === 'undefined') return;
  injected.add(css);
  const style = document.createElement('style');
  style.dataset['gclStyle'] = '';
  style.textContent = css;
  document.head.append(style);
}
