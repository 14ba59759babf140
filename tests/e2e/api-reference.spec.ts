/**
 * The API reference (src/site/api-reference.mjs), generated from the packages' TSDoc: one gort and
 * one gomesh page in both locales show the export's heading, name its Go counterpart and are axe
 * clean. The Chinese pages are Starlight's fallbacks of the English ones, inside the Chinese
 * navigation: the sidebar's reference group is labelled in Chinese, its introduction is the
 * Chinese page, and each package's page opens with a Chinese introduction (src/site/api-intros.ts).
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';

const pages = [
  { path: 'api/gort/sync/classes/waitgroup/', heading: 'WaitGroup', go: 'sync.WaitGroup' },
  { path: 'api/gomesh/classes/router/', heading: 'Router', go: 'chi.NewRouter()' },
] as const;

for (const locale of ['en', 'zh-cn'] as const) {
  for (const { path, heading, go } of pages) {
    test(`${locale}: /${path} shows ${heading}, names ${go} and is axe clean`, async ({ page }) => {
      const url = locale === 'en' ? `/${path}` : `/zh-cn/${path}`;
      const response = await page.goto(url);
      expect(response?.status()).toBe(200);
      await expect(page.locator('h1')).toHaveText(heading);
      await expect(page.locator('main')).toContainText(go);
      await expect(page.locator('html')).toHaveAttribute('lang', locale === 'en' ? 'en' : 'zh-CN');
      // The reference's sidebar group, in the page's language, with the introduction of that locale.
      const sidebar = page.locator('#starlight__sidebar');
      const group = sidebar.locator('summary', { hasText: locale === 'en' ? 'API reference' : 'API 参考' });
      await expect(group).toHaveCount(1);
      await expect(sidebar.locator(`a[href="${locale === 'en' ? '/api/' : '/zh-cn/api/'}"]`)).toHaveCount(1);
      // Links to other exports stay in the page's locale (Router's lead to Handler, MeshResponse, …).
      const own = locale === 'en' ? '/api/' : '/zh-cn/api/';
      const other = locale === 'en' ? '/zh-cn/api/' : '/api/';
      await expect(page.locator(`main a[href^="${other}"]`)).toHaveCount(0);
      if (heading === 'Router')
        expect(await page.locator(`main a[href^="${own}"]`).count()).toBeGreaterThan(0);
      const { violations } = await new AxeBuilder({ page }).analyze();
      expect(violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    });
  }
}

test('zh-cn: the reference introduction is Chinese and links into the Chinese reference', async ({
  page,
}) => {
  await page.goto('/zh-cn/api/');
  await expect(page.locator('h1')).toHaveText('API 参考');
  const gort = page.locator('main a', { hasText: /^gort$/ });
  await expect(gort).toHaveAttribute('href', '/zh-cn/api/gort/');
  await gort.click();
  await expect(page).toHaveURL(/\/zh-cn\/api\/gort\/$/);
  await expect(page.locator('h1')).toHaveText('gort');
});

test('zh-cn: a package’s page opens with its Chinese introduction, the English entries marked English', async ({
  page,
}) => {
  await page.goto('/zh-cn/api/gort/sync/');
  await expect(page.locator('h1')).toHaveText('gort/sync');
  const intro = page.locator('[data-gcl-api-intro]');
  await expect(intro).toContainText('对应 Go 的 `sync` 包'.replaceAll('`', ''));
  await expect(intro.locator('code', { hasText: 'WaitGroup' })).toHaveCount(1);
  // The generated text follows, as English, with its links kept in the Chinese reference.
  const body = page.locator('.gcl-api-body[lang="en"]');
  await expect(body.locator('a[href="/zh-cn/api/gort/sync/classes/waitgroup/"]')).toHaveCount(1);
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  // English pages have neither.
  await page.goto('/api/gort/sync/');
  await expect(page.locator('[data-gcl-api-intro], .gcl-api-body')).toHaveCount(0);
});
