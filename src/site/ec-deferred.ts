/**
 * An Expressive Code plugin that ships a long code block as its plain text and draws its
 * highlighting only when the reader comes near it. Expressive Code draws each line as two `<div>`s
 * and each coloured token as a `<span>`: about 6.5 elements a line. The operations lessons hold
 * 1,200-1,900 lines of Go, TypeScript and the lab's starter, so 9,500-12,700 elements, 82-93% of
 * them in code; Lighthouse (mobile) measured 360-460 ms of blocking time on them, where the same
 * page with its long blocks as plain text measured 0-50 ms (notes in the commit that added this).
 *
 * A block of DEFER_MIN_LINES lines or more becomes `<pre><code data-gcl-deferred>plain text</code>
 * <template data-pagefind-ignore="all">highlighted lines</template></pre>`; the page script
 * (DEFERRED_SCRIPT) puts the template's lines in place of the text when the block's
 * frame comes within a screen of the viewport. A template's content is parsed into an inert
 * fragment: no elements in the document, no style or layout.
 *
 * Invariants:
 *  - The plain text is exactly the block's lines joined by newlines, the text its highlighted lines
 *    hold: find-in-page, screen readers, the search index (Pagefind reads the built HTML and skips
 *    the template) and the copy button (it copies its own `data-code`) see the same code either way.
 *  - Blocks shorter than DEFER_MIN_LINES are untouched, and so is everything but the `<code>`
 *    element of a deferred one (its frame, title, copy button and `--gcl-code-rows` stay).
 *  - It runs after the plugins that change the highlighted lines, so the template holds their
 *    final form: it must be the last plugin in ec.config.mjs.
 */
import { definePlugin, type ExpressiveCodePlugin } from '@astrojs/starlight/expressive-code';
import type { Element, ElementContent } from '@astrojs/starlight/expressive-code/hast';
import { DRAW_EVENT } from './ec-deferred-event.ts';

/**
 * The shortest block that is deferred: 40 lines is taller than a phone's screen, and all a lesson's
 * short examples (the goroutines lesson's longest is 27 lines) stay drawn as before.
 */
export const DEFER_MIN_LINES = 40;

export { DRAW_EVENT };

/**
 * The page script, as Expressive Code ships it (a module string; written out, not a function's
 * source, which differs between the loaders that read this file). It draws a block (puts the
 * template's lines in place of its text) once its frame comes within a screen of the viewport (the
 * frame, not the code: inside a `content-visibility: auto` frame the code is not laid out), every
 * block before printing, and the blocks inside an element that receives DRAW_EVENT (the timeline
 * replay marks lines of a listing that may not have been drawn yet). Drawing is idempotent.
 */
export const DEFERRED_SCRIPT = `
const deferred = 'code[data-gcl-deferred]';
const draw = (root) => {
  const codes = root.matches?.(deferred) ? [root] : [...root.querySelectorAll(deferred)];
  for (const code of codes) {
    const template = code.nextElementSibling;
    if (template instanceof HTMLTemplateElement) {
      code.replaceChildren(template.content);
      template.remove();
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
      { rootMargin: '100% 0px' },
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
 * a screen before it comes into view, while `content-visibility` still lays it out at the size
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
 * Replaces the highlighted lines of `pre`'s `<code>` by `text`, moving them into a `<template>`
 * after it. Returns false (and changes nothing) when `pre` has no `<code>` child.
 */
export function deferCode(pre: Element, text: string): boolean {
  const index = pre.children.findIndex((c) => c.type === 'element' && c.tagName === 'code');
  const code = pre.children[index];
  if (code === undefined || code.type !== 'element') return false;
  const lines: ElementContent[] = code.children;
  const template: Element = {
    type: 'element',
    tagName: 'template',
    properties: { dataPagefindIgnore: 'all' },
    children: [],
    content: { type: 'root', children: lines },
  };
  code.children = [{ type: 'text', value: text }];
  code.properties['dataGclDeferred'] = '';
  pre.children.splice(index + 1, 0, template);
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
