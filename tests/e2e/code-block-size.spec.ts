/**
 * Code blocks below the fold are skipped by the browser until they come near the viewport
 * (`content-visibility: auto` in site.css); until then each takes the height site.css computes from
 * the rows src/site/ec-block-size.ts counted at build time. The estimate must be close to the drawn
 * height, or the page grows under the reader as blocks come into view.
 *
 * What used to break: one fixed guess (12rem) for every block. On the data-consistency lesson the
 * lab's starter (9,500 px drawn) and the Go/TypeScript programs (3,000-8,600 px) were laid out at
 * 192 px, the page grew from 14,000 to 32,000 px as the reader scrolled, and a button under the
 * pointer moved away between aiming and clicking.
 */
import { expect, test } from '@playwright/test';

const PAGES = ['/operations/data-consistency/', '/zh-cn/patterns/web-crawler/'];
const VIEWPORTS = [
  { name: 'laptop', width: 1280, height: 720 },
  { name: 'phone', width: 390, height: 844 },
];

for (const path of PAGES) {
  for (const viewport of VIEWPORTS) {
    test(`${path} (${viewport.name}): code blocks not yet drawn take about their drawn height`, async ({
      page,
    }) => {
      await page.setViewportSize(viewport);
      await page.goto(path);
      // Each block's height as laid out now (most are skipped: far below the fold), then drawn.
      const heights = await page.evaluate(async () => {
        // The page first: measuring inside a skipped block would make the browser lay it out.
        const pageBefore = document.documentElement.scrollHeight;
        const blocks = [...document.querySelectorAll<HTMLElement>('.sl-markdown-content .expressive-code')];
        const before = blocks.map((b) => b.getBoundingClientRect().height);
        // Drawn as the reader sees them: long blocks highlighted (src/site/ec-deferred.ts).
        document.body.dispatchEvent(new Event('gcl-draw-code', { bubbles: true }));
        for (const b of blocks) {
          b.style.contentVisibility = 'visible';
          for (const f of b.querySelectorAll<HTMLElement>('.frame')) f.style.contentVisibility = 'visible';
        }
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        const after = blocks.map((b) => b.getBoundingClientRect().height);
        return { before, after, pageBefore, pageAfter: document.documentElement.scrollHeight };
      });
      expect(heights.before.length).toBeGreaterThan(5);
      // Long blocks are what moved the page; each is within a third of its height, either way.
      const long = heights.after
        .map((drawn, i) => ({ i, drawn, estimate: heights.before[i]! }))
        .filter(({ drawn }) => drawn > 600);
      expect(long.length).toBeGreaterThan(0);
      for (const { i, drawn, estimate } of long) {
        expect(
          estimate / drawn,
          `block ${i}: laid out at ${estimate}px, drawn at ${drawn}px`,
        ).toBeGreaterThan(0.67);
        expect(estimate / drawn, `block ${i}: laid out at ${estimate}px, drawn at ${drawn}px`).toBeLessThan(
          1.5,
        );
      }
      // And the page as a whole hardly changes when every block is drawn.
      const growth = heights.pageAfter / heights.pageBefore;
      expect(growth, `page ${heights.pageBefore}px -> ${heights.pageAfter}px`).toBeGreaterThan(0.85);
      expect(growth, `page ${heights.pageBefore}px -> ${heights.pageAfter}px`).toBeLessThan(1.15);
    });
  }
}
