/**
 * A long code block (DEFER_MIN_LINES, 20 lines or more) arrives as its plain text and is drawn highlighted when the
 * reader comes near it (src/site/ec-deferred.ts): the operations lessons held 9,500-12,700 elements,
 * 82-93% of them per-line `<div>`s and per-token `<span>`s, and Lighthouse measured their cost as
 * 360-460 ms of blocking time on a phone.
 *
 * What would break: a block drawn with text other than its plain text (find-in-page and screen
 * readers would see other code than the reader), a block that never gets drawn (no colours), a
 * block whose height jumps when drawn (the page moves under the reader), or the blocks coming back
 * as elements at load (the page heavy again).
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator } from '@playwright/test';
import { labOn } from './lab-helpers.ts';

const PATH = '/operations/data-consistency/';
const PHONE = { width: 390, height: 844 };

/** The block's text with line breaks dropped: a drawn block's lines are elements, not newlines. */
const codeText = (frame: Locator) =>
  frame.locator('pre > code').evaluate((code) => (code.textContent ?? '').replace(/\n/g, ''));

test('the page loads its long blocks as plain text, each drawn highlighted, with the same text, as the reader nears it', async ({
  page,
}) => {
  await page.setViewportSize(PHONE);
  await page.goto(PATH);
  // 12,700 elements when every block was drawn at load.
  expect(await page.evaluate(() => document.getElementsByTagName('*').length)).toBeLessThan(2_500);

  const starter = labOn(page, 'operations/order-saga').locator('.gcl-lab__file .frame');
  const frames = page.locator('.sl-markdown-content .expressive-code .frame');
  const deferred = page.locator('.sl-markdown-content .frame:has(> pre > code[data-gcl-deferred])');
  const atLoad = await deferred.count();
  expect(atLoad).toBeGreaterThan(5);
  // The starter, far below: its whole text is in the page (find-in-page finds it), as one text node.
  await expect(starter.locator('code[data-gcl-deferred]')).toHaveCount(1);
  await expect(starter.locator('.ec-line')).toHaveCount(0);
  const plain = await codeText(starter);
  expect(plain).toContain("import { main } from 'gort';");

  await starter.scrollIntoViewIfNeeded();
  await expect(starter.locator('code[data-gcl-deferred]')).toHaveCount(0);
  await expect.poll(() => starter.locator('.ec-line').count()).toBeGreaterThan(300);
  expect(await codeText(starter)).toBe(plain);
  // Highlighted: the first keyword is a token of its own, in another colour than the code.
  const [keyword, foreground] = await starter
    .locator('.ec-line .code')
    .first()
    .evaluate((code) => [getComputedStyle(code.querySelector('span')!).color, getComputedStyle(code).color]);
  expect(keyword).not.toBe(foreground);
  // Blocks the reader has not come near stay plain.
  expect(await deferred.count()).toBeGreaterThan(0);
  expect(await deferred.count()).toBeLessThan(atLoad);
  expect(await frames.count()).toBeGreaterThan(atLoad);
});

for (const viewport of [PHONE, { width: 1280, height: 720 }]) {
  test(`a block keeps its height when drawn (${viewport.width}px)`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await page.goto(PATH);
    const heights = await page.evaluate(async () => {
      const frames = [
        ...document.querySelectorAll<HTMLElement>('.frame:has(> pre > code[data-gcl-deferred])'),
      ];
      for (const f of frames) f.style.contentVisibility = 'visible';
      const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      await frame();
      const plain = frames.map((f) => f.getBoundingClientRect().height);
      const scrolls = frames.map(
        (f) => f.querySelector('pre')!.scrollWidth > f.querySelector('pre')!.clientWidth,
      );
      document.body.dispatchEvent(new Event('gcl-draw-code', { bubbles: true }));
      await frame();
      return frames.map((f, i) => ({
        plain: plain[i]!,
        drawn: f.getBoundingClientRect().height,
        wraps: f.querySelector('pre')!.classList.contains('wrap'),
        scrolledPlain: scrolls[i]!,
      }));
    });
    expect(heights.length).toBeGreaterThan(5);
    expect(heights.some((h) => h.wraps) && heights.some((h) => !h.wraps)).toBe(true);
    for (const [i, { plain, drawn, wraps, scrolledPlain }] of heights.entries()) {
      const says = `block ${i}${wraps ? ' (wraps)' : ''}: ${plain}px plain, ${drawn}px drawn`;
      // A block that scrolls sideways is the same rows either way; one that wraps may take a few
      // more drawn, its continuation rows indented like their line (not under the reader's eyes:
      // it is drawn half a screen before it comes into view).
      expect(drawn / plain, says).toBeGreaterThanOrEqual(0.99);
      expect(drawn / plain, says).toBeLessThan(wraps ? 1.15 : 1.01);
      // A block that wraps never scrolls sideways, plain or drawn.
      if (wraps) expect(scrolledPlain, says).toBe(false);
    }
  });
}

test('every block is drawn before printing, and a plain block is axe-clean', async ({ page }) => {
  await page.goto('/zh-cn/operations/resilience/');
  // The Go/TypeScript pairs, most of them plain at this point.
  await expect(page.locator('.go-side-by-side code[data-gcl-deferred]').first()).toBeAttached();
  const results = await new AxeBuilder({ page }).include('.go-side-by-side').analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  await page.evaluate(() => dispatchEvent(new Event('beforeprint')));
  await expect(page.locator('code[data-gcl-deferred]')).toHaveCount(0);
  await expect(page.locator('pre > script[data-gcl-lines]')).toHaveCount(0);
});
