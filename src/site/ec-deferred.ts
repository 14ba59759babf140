/**
 * An Expressive Code plugin that ships a long code block as its plain text and draws its
 * highlighting only when the reader comes near it. Expressive Code draws each line as two `<div>`s
 * and each coloured token as a `<span>`: about 6.5 elements a line. The operations lessons hold
 * 1,200-1,900 lines of Go, TypeScript and the lab's starter, so 9,500-12,700 elements, 82-93% of
 * them in code, and Lighthouse (mobile) scored them 72-86 (TBT 540-1,980 ms on a loaded machine).
 * Deferred, they hold 1,100-1,400 elements at load and scored 99-100 (TBT 0-74 ms) in the same
 * runs, medians of 3, the docs page anchoring at 99-100 (numbers in this plugin's commits).
 *
 * A block of DEFER_MIN_LINES lines or more becomes `<pre><code data-gcl-deferred>plain text</code>
 * <script type="application/json" data-gcl-lines>its lines' elements</script></pre>`; the page
 * script (DEFERRED_SCRIPT) rebuilds the highlighted lines from the text and that JSON when the
 * block's frame comes within half a screen of the viewport. The JSON names each distinct opening tag
 * once and gives text as lengths into the plain text, so the page does not carry the code twice:
 * data-consistency's HTML is 60 KB gzip this way, against 70 KB with every block drawn and 83 KB
 * with the drawn lines in a `<template>` next to the text (the first form of this plugin).
 *
 * Invariants:
 *  - The plain text is exactly the block's lines joined by newlines, the text its highlighted lines
 *    hold: find-in-page, screen readers, the search index (Pagefind reads the built HTML, not the
 *    script's JSON) and the copy button (it copies its own `data-code`) see the same code either way.
 *  - Blocks shorter than DEFER_MIN_LINES are untouched, and so is everything but the `<code>`
 *    element of a deferred one (its frame, title, copy button and `--gcl-code-rows` stay).
 *  - Drawn, a block is exactly what Expressive Code rendered (the JSON round-trips to the same
 *    HTML; a block whose text does not match its lines is left drawn, never deferred).
 *  - It runs after the plugins that change the highlighted lines, so the JSON holds their final
 *    form: it must be the last plugin in ec.config.mjs.
 */
import { definePlugin, type ExpressiveCodePlugin } from '@astrojs/starlight/expressive-code';
import { toHtml, type Element, type ElementContent } from '@astrojs/starlight/expressive-code/hast';
import { DRAW_EVENT } from './ec-deferred-event.ts';

/**
 * The shortest block that is deferred. 40 lines at first (taller than a phone's screen); lowered to
 * 20 because the concurrency and coordination lessons' GoSideBySide programs and lab starters run
 * 20-39 lines and were drawn at load: races-and-mutexes held 2,085 elements, 1,076 of them in its
 * three side-by-side figures. At 20, measured 2026-12-04, Lighthouse mobile, the same pages from the
 * two builds interleaved in one Chromium, medians of 3: races-and-mutexes 2,085 -> 1,199 elements,
 * TBT 487 -> 106 ms, performance 88 -> 99; timeouts-and-timers 2,381 -> 1,194 elements, TBT
 * 44 -> 9 ms; zh-cn select 2,196 -> 1,519, TBT 114 -> 63 ms, performance 99 -> 100; the docs page
 * unchanged (no block that long). Shorter blocks (a screenful on a phone) stay drawn.
 */
export const DEFER_MIN_LINES = 20;

export { DRAW_EVENT };

/**
 * The lines' elements as JSON: `t` lists each distinct opening tag with its tag name, `n` the
 * children of `<code>`, each a number (the next that many characters of the plain text without its
 * line breaks), a string (text written out: Expressive Code draws an empty line as "\n") or
 * `[tag index, ...children]`.
 */
export interface EncodedLines {
  t: [string, string][];
  n: EncodedNode[];
}
export type EncodedNode = number | string | [number, ...EncodedNode[]];

/**
 * The function that turns EncodedLines back into HTML, as source text: the page script embeds it,
 * and the unit tests run it. `(t, n, flat) => html`, `flat` the plain text without line breaks.
 */
export const DECODE_SOURCE = `(t, n, flat) => {
  let at = 0;
  const esc = (s) => s.replace(/&/g, '&#x26;').replace(/</g, '&#x3C;');
  const html = (node) =>
    typeof node === 'number'
      ? esc(flat.slice(at, (at += node)))
      : typeof node === 'string'
        ? esc(node)
        : t[node[0]][0] + node.slice(1).map(html).join('') + '</' + t[node[0]][1] + '>';
  return n.map(html).join('');
}`;

/**
 * The page script, as Expressive Code ships it (a module string; written out, not a function's
 * source, which differs between the loaders that read this file). It draws a block (rebuilds its
 * highlighted lines in place of its text) once its frame comes within half a screen of the viewport (the
 * frame, not the code: inside a `content-visibility: auto` frame the code is not laid out), every
 * block before printing, and the blocks inside an element that receives DRAW_EVENT (the timeline
 * replay marks lines of a listing that may not have been drawn yet). Drawing is idempotent.
 */
export const DEFERRED_SCRIPT = `
const deferred = 'code[data-gcl-deferred]';
const decode = ${DECODE_SOURCE};
const draw = (root) => {
  const codes = root.matches?.(deferred) ? [root] : [...root.querySelectorAll(deferred)];
  for (const code of codes) {
    const data = code.nextElementSibling;
    if (data?.matches('script[data-gcl-lines]')) {
      const { t, n } = JSON.parse(data.textContent);
      code.innerHTML = decode(t, n, code.textContent.replace(/\\n/g, ''));
      data.remove();
    }
    code.removeAttribute('data-gcl-deferred');
  }
};
document.addEventListener('${DRAW_EVENT}', (event) => draw(event.target));
addEventListener('beforeprint', () => draw(document));
const frames = new Set([...document.querySelectorAll(deferred)].map((c) => c.closest('.frame') ?? c));
if (frames.size > 0) {
  if (typeof IntersectionObserver !== 'function') draw(document);
  else {
    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          if (!entry.isIntersecting) continue;
          observer.unobserve(entry.target);
          draw(entry.target);
        }
      },
      // Half a screen ahead (a whole screen at first): zh-cn throughput-latency-availability's first
      // side-by-side figure starts within a screen of the top, so it was drawn at load, 2,078
      // elements against its English page's 1,459; at half a screen both have 1,459.
      { rootMargin: '50% 0px' },
    );
    for (const frame of frames) observer.observe(frame);
  }
}
`;

/**
 * The plain text set like the drawn lines: their inline padding, and in a block that wraps, the
 * same wrapping and narrowest width (a long word breaks rather than making the block scroll). One
 * difference: until drawn, a wrapped line's continuation rows start at the block's edge, not under
 * the line's indentation, so a plain block that wraps is up to ~10% shorter than drawn; it is drawn
 * half a screen before it comes into view, while `content-visibility` still lays it out at the size
 * ec-block-size.ts estimated, so the reader does not see the difference.
 */
const DEFERRED_STYLES = `
  pre > code[data-gcl-deferred] {
    box-sizing: border-box;
    padding-inline: var(--ec-codePadInl);
    white-space: pre;
  }
  pre.wrap > code[data-gcl-deferred] {
    white-space: pre-wrap;
    overflow-wrap: break-word;
    min-width: min(20ch, var(--ecMaxLine, 20ch));
  }
`;

function findElement(node: Element, tagName: string): Element | undefined {
  for (const child of node.children) {
    if (child.type !== 'element') continue;
    if (child.tagName === tagName) return child;
    const found = findElement(child, tagName);
    if (found) return found;
  }
  return undefined;
}

/**
 * Encodes `lines` (the children of a block's `<code>`) as EncodedLines, checking that their text,
 * in order, holds all of `flat` (with only text of its own in between). Returns undefined when it
 * does not, or when an element cannot be written as an opening tag and a closing one (a void one).
 */
export function encodeLines(lines: readonly ElementContent[], flat: string): EncodedLines | undefined {
  const t: [string, string][] = [];
  const index = new Map<string, number>();
  let at = 0;
  let ok = true;
  const encode = (node: ElementContent): EncodedNode[] => {
    if (node.type === 'text') {
      if (node.value.length === 0) return [];
      // Text that is not the plain text's next characters (an empty line's "\n") is written out.
      if (flat.slice(at, at + node.value.length) !== node.value) return [node.value];
      at += node.value.length;
      return [node.value.length];
    }
    if (node.type !== 'element') return [];
    const close = `</${node.tagName}>`;
    const shell = toHtml({ ...node, children: [] });
    if (!shell.endsWith(close)) {
      ok = false;
      return [];
    }
    const open = shell.slice(0, -close.length);
    let i = index.get(open);
    if (i === undefined) {
      i = t.push([open, node.tagName]) - 1;
      index.set(open, i);
    }
    return [[i, ...node.children.flatMap(encode)]];
  };
  const n = lines.flatMap(encode);
  return ok && at === flat.length ? { t, n } : undefined;
}

/**
 * Replaces the highlighted lines of `pre`'s `<code>` by `text` (the lines joined by newlines),
 * with the lines encoded in a JSON script after it. Returns false, changing nothing, when `pre`
 * has no `<code>` or its lines do not hold `text`.
 */
export function deferCode(pre: Element, text: string): boolean {
  const index = pre.children.findIndex((c) => c.type === 'element' && c.tagName === 'code');
  const code = pre.children[index];
  if (code === undefined || code.type !== 'element') return false;
  const encoded = encodeLines(code.children, text.replace(/\n/g, ''));
  if (encoded === undefined) return false;
  const data: Element = {
    type: 'element',
    tagName: 'script',
    properties: { type: 'application/json', dataGclLines: '' },
    // `<` escaped so no tag text can close the script element early.
    children: [{ type: 'text', value: JSON.stringify(encoded).replace(/</g, '\\u003c') }],
  };
  code.children = [{ type: 'text', value: text }];
  code.properties['dataGclDeferred'] = '';
  pre.children.splice(index + 1, 0, data);
  return true;
}

export function deferLongBlocks(minLines = DEFER_MIN_LINES): ExpressiveCodePlugin {
  return definePlugin({
    name: 'gcl-defer-long-blocks',
    jsModules: [DEFERRED_SCRIPT],
    baseStyles: DEFERRED_STYLES,
    hooks: {
      postprocessRenderedBlock({ codeBlock, renderData }) {
        const lines = codeBlock.getLines();
        if (lines.length < minLines) return;
        const pre = findElement(renderData.blockAst, 'pre');
        if (pre) deferCode(pre, lines.map((line) => line.text).join('\n'));
      },
    },
  });
}
