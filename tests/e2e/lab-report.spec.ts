/**
 * The check report shows what check authors wrote in backticks as code (report-view.ts), in both
 * languages, and stays axe clean in both themes. On the rate-limiting lesson's lab, whose starter
 * fails "at most `queue` requests wait at any moment".
 *
 * What used to break: the backticks were printed as they were written (任何时刻排队等待的请求都不超过
 * `queue` 个).
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { startLab } from './lab-helpers.ts';
import { blockWebContainer } from './webcontainer-fate.ts';

for (const [locale, prefix, start, check, theme] of [
  ['en', '', 'Start lab', 'Check', 'dark'],
  ['zh-cn', '/zh-cn', '开始实验', '检查', 'light'],
] as const) {
  test(`${locale}: a check item's code in backticks is shown as code, and the report is axe clean (${theme})`, async ({
    page,
  }) => {
    test.slow();
    await page.addInitScript((t) => localStorage.setItem('starlight-theme', t), theme);
    await blockWebContainer(page);
    await page.goto(`${prefix}/operations/rate-limiting/`);
    const lab = await startLab(page, 'operations/front-door', start);
    await lab.getByRole('button', { name: check }).click();
    const report = lab.locator('[data-gcl-report]');
    await expect(report).toHaveAttribute('data-passed', 'false', { timeout: 60_000 });
    const item = report
      .locator('li')
      .filter({ has: page.locator('code', { hasText: /^queue$/ }) })
      .first();
    await expect(item).toBeVisible();
    await expect(item).not.toContainText('`');
    const { violations } = await new AxeBuilder({ page }).include('[data-gcl-report]').analyze();
    expect(violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });
}
