/**
 * Code blocks keep their syntax colours in both themes although src/site/ec-foreground-spans.ts
 * drops the token spans that only restated the code's foreground (what made lab pages heavy:
 * 1,081 inline style attributes on the goroutines lesson). Checked on the lab's own starter block
 * and on a block with a marked line, against Starlight's Night Owl themes' colours.
 *
 * What used to break, or would: unwrapping a span whose parent sets another colour (the text would
 * take the parent's), or unwrapping a coloured token (it would fall back to the foreground); and the
 * spans coming back (the page would be heavy again).
 */
import { expect, test } from '@playwright/test';
import { LESSONS, labOn } from './lab-helpers.ts';

/** Night Owl (dark) and Night Owl Light, as Starlight ships them: [dark, light]. */
const COLOURS = {
  foreground: ['rgb(214, 222, 235)', 'rgb(64, 63, 83)'],
  keyword: ['rgb(199, 146, 234)', 'rgb(136, 68, 174)'],
  quote: ['rgb(217, 245, 221)', 'rgb(17, 17, 17)'],
  string: ['rgb(236, 196, 141)', 'rgb(152, 78, 77)'],
} as const;

for (const [index, theme] of (['dark', 'light'] as const).entries()) {
  test(`the lab's starter code keeps its token colours (${theme})`, async ({ page }) => {
    await page.addInitScript((t) => localStorage.setItem('starlight-theme', t), theme);
    await page.goto(LESSONS.goroutines.path);
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    const lab = labOn(page, LESSONS.goroutines.lab);
    // The starter is long enough to be drawn only as the reader comes near it (src/site/ec-deferred.ts).
    await lab.scrollIntoViewIfNeeded();
    const firstLine = lab.locator('.expressive-code .ec-line .code').first();
    // Each text run of the line (a token span's text, or bare text) with its computed colour.
    const runs = await firstLine.evaluate((code) =>
      [...code.childNodes].map((n) => [
        n.textContent ?? '',
        getComputedStyle(n instanceof Element ? n : code).color,
        n instanceof Element ? 'span' : 'text',
      ]),
    );
    const c = (name: keyof typeof COLOURS) => COLOURS[name][index];
    expect(runs).toEqual([
      ['import', c('keyword'), 'span'],
      [' { go, main } ', c('foreground'), 'text'],
      ['from', c('keyword'), 'span'],
      [' ', c('foreground'), 'text'],
      ["'", c('quote'), 'span'],
      ['gort', c('string'), 'span'],
      ["'", c('quote'), 'span'],
      [';', c('foreground'), 'text'],
    ]);
  });

  test(`text in a marked line keeps the foreground (${theme})`, async ({ page }) => {
    await page.addInitScript((t) => localStorage.setItem('starlight-theme', t), theme);
    await page.goto(LESSONS.goroutines.path);
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    const marks = page.locator('.expressive-code .ec-line .code mark');
    await expect(marks.first()).toBeAttached();
    // Bare text inside an inline marker: it was a foreground span before; it must still be drawn in it.
    const colours = await marks.evaluateAll((all) =>
      all.flatMap((m) =>
        [...m.childNodes]
          .filter((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim())
          .map(() => getComputedStyle(m).color),
      ),
    );
    expect(colours.length).toBeGreaterThan(0);
    expect(new Set(colours)).toEqual(new Set([COLOURS.foreground[index]]));
  });
}

test('no token span restates the code foreground', async ({ page }) => {
  await page.goto(LESSONS.goroutines.path);
  const restating = await page
    .locator('.expressive-code span[style]')
    .evaluateAll(
      (spans) => spans.filter((s) => /^--0:#d6deeb;--1:#403f53$/i.test(s.getAttribute('style') ?? '')).length,
    );
  expect(restating).toBe(0);
});
