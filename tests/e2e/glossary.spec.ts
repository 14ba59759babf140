/**
 * The glossary pages (src/site/glossary.ts through src/components/Glossary.astro): in both locales
 * they are axe clean and fit a phone, an entry's anchor lands on it, and the site search of either
 * locale finds an entry by its name in the other language (通道 on the English page's entry for
 * channel, and the reverse); both locales render the same entries in the same order.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';

for (const [locale, path, search, query, other] of [
  ['en', '/reference/glossary/', 'Search', '幂等键', 'idempotency key'],
  ['zh-cn', '/zh-cn/reference/glossary/', '搜索', 'idempotency key', '幂等键'],
] as const) {
  test(`${locale}: the glossary is axe clean, fits a phone, and an anchor lands on its entry`, async ({
    page,
  }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${path}#happens-before`);
    const entry = page.locator('dt#happens-before');
    await expect(entry).toBeInViewport();
    await expect(entry.locator('dfn')).toHaveText(
      locale === 'en' ? 'happens before' : '先于发生（happens before）',
    );
    await expect(page.locator('dt')).toHaveCount(await page.locator('dd').count());
    expect(await page.locator('dt').count()).toBeGreaterThanOrEqual(80);
    // Each definition links to its lesson in the page's locale.
    const lesson = page.locator('dt#channel + dd a');
    await expect(lesson).toHaveAttribute(
      'href',
      locale === 'en' ? '/concurrency/unbuffered-channels/' : '/zh-cn/concurrency/unbuffered-channels/',
    );
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });

  test(`${locale}: search finds a glossary entry by its name in the other language`, async ({ page }) => {
    await page.goto(locale === 'en' ? '/' : '/zh-cn/');
    await page.getByRole('button', { name: search }).click();
    await page.locator('.pagefind-ui__search-input').fill(query);
    const hit = page.locator('.pagefind-ui__result-link', {
      hasText: locale === 'en' ? 'Glossary' : '术语表',
    });
    await expect(hit.first()).toBeVisible();
    await expect(page.locator('.pagefind-ui__result').filter({ has: hit.first() })).toContainText(other);
  });
}

test('both locales list the same terms in the same order, each under its name in the other language', async ({
  page,
}) => {
  /** Each entry of a glossary page as rendered: its anchor, its name, its other-language name, its lesson. */
  const entries = async (path: string) => {
    await page.goto(path);
    return page.locator('dt').evaluateAll((dts) =>
      dts.map((dt) => ({
        id: dt.id,
        name: dt.querySelector('dfn')?.textContent ?? '',
        other: dt.querySelector('.gcl-glossary__other')?.textContent?.trim() ?? '',
        lesson: dt.nextElementSibling?.querySelector('a')?.getAttribute('href') ?? '',
      })),
    );
  };
  const en = await entries('/reference/glossary/');
  const zh = await entries('/zh-cn/reference/glossary/');
  expect(en.length).toBeGreaterThanOrEqual(80);
  expect(zh.map((e) => e.id)).toEqual(en.map((e) => e.id));
  expect(zh.map((e) => e.other)).toEqual(en.map((e) => e.name));
  expect(en.map((e) => e.other)).toEqual(zh.map((e) => e.name));
  expect(zh.map((e) => e.lesson)).toEqual(en.map((e) => `/zh-cn${e.lesson}`));
});
