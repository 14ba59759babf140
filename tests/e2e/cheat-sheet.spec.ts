/**
 * The cheat-sheet pages (src/site/cheat-sheet.ts through src/components/CheatSheet.astro): in both
 * locales they render every row with its two forms and a link to its lesson in the page's locale,
 * are axe clean, and fit a 390px phone, code included (long lines wrap, nothing scrolls sideways);
 * a row's anchor lands on it.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { CHEAT_SHEET } from '../../src/site/cheat-sheet.ts';

const rows = CHEAT_SHEET.flatMap((g) => g.rows);

for (const [locale, path, prefix] of [
  ['en', '/reference/cheat-sheet/', '/'],
  ['zh-cn', '/zh-cn/reference/cheat-sheet/', '/zh-cn/'],
] as const) {
  test(`${locale}: the cheat sheet renders every row with its forms and lesson link`, async ({ page }) => {
    await page.goto(path);
    const shown = await page.locator('li.gcl-cheat__row[id]').evaluateAll((lis) =>
      lis.map((li) => ({
        id: li.id,
        code: [...li.querySelectorAll('pre')].map((pre) => pre.textContent ?? ''),
        lesson: li.querySelector('.gcl-cheat__lesson a')?.getAttribute('href') ?? '',
        note: li.querySelector('.gcl-cheat__note')?.textContent ?? '',
      })),
    );
    expect(shown.map((r) => r.id)).toEqual(rows.map((r) => r.id));
    for (const [i, r] of rows.entries()) {
      const got = shown[i]!;
      // Expressive Code renders each line as its own element; compare the text without whitespace.
      const squash = (s: string) => s.replace(/\s+/g, '');
      expect(got.code.map(squash), r.id).toEqual([squash(r.go), squash(r.ts)]);
      expect(got.lesson, r.id).toBe(`${prefix}${r.lesson}/`);
      expect(got.note, r.id).toContain(locale === 'en' ? r.noteEn : r.noteZh);
    }
    // Every group's heading is in the table of contents' anchors.
    await expect(page.locator('h2#channels, h2[id="通道"]')).toHaveCount(1);
  });

  test(`${locale}: the cheat sheet is axe clean and fits a 390px phone, code included`, async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${path}#select-timeout`);
    await expect(page.locator('li#select-timeout')).toBeInViewport();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // No code block is wider than the page or scrolls inside itself.
    const wide = await page
      .locator('.gcl-cheat pre')
      .evaluateAll((pres) =>
        pres
          .filter((pre) => pre.getBoundingClientRect().right > 390 || pre.scrollWidth > pre.clientWidth + 1)
          .map((pre) => pre.textContent?.slice(0, 40)),
      );
    expect(wide).toEqual([]);
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });
}

test('the home page links to the cheat sheet in both locales', async ({ page }) => {
  for (const [home, href] of [
    ['/', '/reference/cheat-sheet/'],
    ['/zh-cn/', '/zh-cn/reference/cheat-sheet/'],
  ] as const) {
    await page.goto(home);
    await expect(page.locator(`main a[href="${href}"]`)).toHaveCount(1);
  }
});
