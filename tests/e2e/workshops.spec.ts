/**
 * The workshop plan pages (src/site/workshops.ts through WorkshopPlan.astro and WorkshopNotes.astro):
 * in both locales each plan shows its schedule and its labs' notes, is axe clean and fits a phone;
 * a lab block links to its notes and to the lab on its lesson page; the home page of each locale
 * links to both plans; both locales show the same blocks and labs in the same order.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { LAB_NOTES, PLANS, planLabs } from '../../src/site/workshops.ts';

const locales = [
  { locale: 'en', prefix: '/', fails: 'Check items it fails:' },
  { locale: 'zh-cn', prefix: '/zh-cn/', fails: '没有通过的检查项：' },
] as const;

/** The schedule as rendered: each block's kind and lab (empty for a block without one). */
const schedule = (page: Page) =>
  page
    .locator('.gcl-workshop__block')
    .evaluateAll((blocks) =>
      blocks.map((b) => `${b.getAttribute('data-kind')} ${b.getAttribute('data-lab') ?? ''}`),
    );

for (const { locale, prefix, fails } of locales) {
  for (const plan of PLANS) {
    test(`${locale}: ${plan.id} shows its schedule and notes, is axe clean and fits a phone`, async ({
      page,
    }) => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${prefix}teach/${plan.id}/`);
      await expect(page.locator('h1')).toHaveText(locale === 'en' ? /workshop/ : /工作坊/);
      expect(await schedule(page)).toEqual(plan.blocks.map((b) => `${b.kind} ${b.lab ?? ''}`));
      const labs = planLabs(plan);
      await expect(page.locator('.gcl-workshop-notes__lab')).toHaveCount(labs.length);

      // A lab block links to the lab on its lesson page, and to its notes on this page.
      const first = labs[0]!;
      const block = page.locator(`.gcl-workshop__block[data-lab="${first}"]`);
      const anchor = first.replace(/[^a-z0-9]+/g, '-');
      await expect(block.locator('strong a')).toHaveAttribute(
        'href',
        new RegExp(`^${prefix}\\S+/#gcl-lab-${anchor}$`),
      );
      await block.locator(`a[href="#notes-${anchor}"]`).click();
      const notes = page.locator(`section[data-lab="${first}"]`);
      await expect(notes.locator('h3')).toBeInViewport();
      // Its mistakes name the check items they fail, in the page's language.
      const mistakes = LAB_NOTES[first]!.mistakes;
      await expect(notes.locator('.gcl-workshop-notes__fails')).toHaveCount(mistakes.length);
      await expect(notes.locator('.gcl-workshop-notes__fails').first()).toHaveText(fails);
      const item = mistakes[0]!.fails[0]!;
      await expect(notes.locator('.gcl-workshop-notes__item').first()).toHaveText(
        locale === 'en' ? item.en : item.zh,
      );

      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      const { violations } = await new AxeBuilder({ page }).analyze();
      expect(violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    });
  }

  test(`${locale}: the home page and the sidebar link to both plans`, async ({ page }) => {
    await page.goto(prefix);
    for (const plan of PLANS) {
      const link = page.locator(`main a[href="${prefix}teach/${plan.id}/"]`);
      await expect(link).toHaveCount(1);
    }
    await page.locator(`main a[href="${prefix}teach/${PLANS[0]!.id}/"]`).click();
    await expect(page).toHaveURL(new RegExp(`${prefix}teach/${PLANS[0]!.id}/$`));
    const sidebar = page.locator('#starlight__sidebar');
    for (const plan of PLANS)
      await expect(sidebar.locator(`a[href="${prefix}teach/${plan.id}/"]`)).toHaveCount(1);
  });

  test(`${locale}: a learner's Next from Your progress still leads to the first lesson`, async ({ page }) => {
    // The plans sit last in the sidebar, so Starlight's page-to-page links keep the learner's path.
    await page.goto(`${prefix}progress/`);
    await expect(page.locator('.pagination-links a[rel="next"]')).toHaveAttribute(
      'href',
      `${prefix}concurrency/goroutines/`,
    );
  });
}

test('both locales show the same blocks and the same labs in the same order', async ({ page }) => {
  for (const plan of PLANS) {
    await page.goto(`/teach/${plan.id}/`);
    const en = await schedule(page);
    await page.goto(`/zh-cn/teach/${plan.id}/`);
    expect(await schedule(page)).toEqual(en);
  }
});
