/**
 * The Traffic view on the users lab, in both languages, in the sandbox runner: Run the solution,
 * send requests from the Requests tab, open Traffic — the calls from outside the mesh to `users`
 * count exactly the requests sent (and the instance likewise), the slider replays the run with the
 * keyboard (Home goes back to the start and stops following live, End comes back), the page fits a
 * 390 px phone, and axe finds nothing.
 */
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { FIXTURES, replaceCode, startLab } from './lab-helpers.ts';
import { blockWebContainer } from './webcontainer-fate.ts';

const SOLUTION = readFileSync('tests/fixtures/labs/good/e2e/users/solution/main.ts', 'utf8');
/** 200, 404 and 400: none is an error (only a 5xx or no answer is). */
const PATHS = ['/users/2', '/users/99', '/users/x'];

const CASES = [
  {
    lang: 'en',
    path: FIXTURES.service.path,
    start: 'Start lab',
    run: 'Run',
    requests: 'Requests',
    pathLabel: 'Path',
    send: 'Send GET',
    tab: 'Traffic',
    slider: 'Time',
    live: 'Follow live',
    outside: 'outside the mesh',
    healthy: 'healthy',
    inRotation: 'in rotation',
    summary: (n: number) => `${n} requests so far, 0 errors.`,
    atStart: /^0\.00 s of /,
    width: 1280,
  },
  {
    lang: 'zh-cn',
    path: `/zh-cn${FIXTURES.service.path}`,
    start: '开始实验',
    run: '运行',
    requests: '请求',
    pathLabel: '路径',
    send: '发送 GET',
    tab: '流量',
    slider: '时间',
    live: '实时跟随',
    outside: '网格之外',
    healthy: '健康',
    inRotation: '参与负载均衡',
    summary: (n: number) => `到目前为止 ${n} 个请求，0 个错误。`,
    atStart: /^第 0\.00 秒/,
    width: 390,
  },
] as const;

for (const c of CASES) {
  test(`the Traffic view counts the requests sent to the users service (${c.lang}, ${c.width} px)`, async ({
    page,
  }) => {
    test.slow();
    await page.setViewportSize({ width: c.width, height: 900 });
    await blockWebContainer(page);
    await page.goto(c.path);
    const lab = await startLab(page, FIXTURES.service.lab, c.start);
    await replaceCode(page, lab, SOLUTION);
    await lab.getByRole('button', { name: c.run, exact: true }).click();

    await lab.getByRole('tab', { name: c.requests }).click();
    const services = lab.locator('[data-gcl-services]');
    await expect(services.getByRole('button', { name: c.send })).toBeEnabled();
    const response = services.locator('[data-gcl-response]');
    for (const path of PATHS) {
      await services.getByLabel(c.pathLabel).fill(path);
      await services.getByRole('button', { name: c.send }).click();
      await expect(response).toContainText(path === '/users/2' ? 'Grace' : 'error');
      await response.evaluate((el) => (el.textContent = ''));
    }

    // The tab appears with the first record and loads its code when opened; the run goes on (live).
    const tab = lab.getByRole('tab', { name: c.tab });
    await tab.click();
    const view = lab.locator('[data-gcl-traffic-view]');
    const summary = view.locator('[data-gcl-traffic-summary]');
    await expect(summary).toHaveText(c.summary(PATHS.length));
    const call = view.locator('[data-gcl-traffic-calls] tbody tr');
    await expect(call).toHaveCount(1);
    await expect(call.locator('th, td').nth(0)).toHaveText(c.outside);
    await expect(call.locator('th, td').nth(1)).toHaveText('users');
    await expect(call.locator('th, td').nth(2)).toHaveText(String(PATHS.length));
    await expect(call.locator('th, td').nth(4)).toHaveText('100.0%');
    await expect(call.locator('th, td').nth(10)).toHaveText(c.healthy);
    const instance = view.locator('[data-gcl-traffic-instances] tbody tr');
    await expect(instance).toHaveCount(1);
    await expect(instance.locator('td').nth(1)).toHaveText(String(PATHS.length));
    await expect(instance.locator('td').nth(3)).toHaveText(c.inRotation);
    // The picture says the same, and its health in words as well as colour.
    await expect(view.locator('[data-gcl-traffic-edge="outside>service:users"]')).toContainText(c.healthy);

    const live = view.getByLabel(c.live);
    await expect(live).toBeChecked();
    const slider = view.getByRole('slider', { name: c.slider });
    const position = view.locator('[data-gcl-traffic-position]');
    await slider.focus();
    await page.keyboard.press('Home');
    await expect(position).toHaveText(c.atStart);
    await expect(live).not.toBeChecked();
    await page.keyboard.press('End');
    await expect(summary).toHaveText(c.summary(PATHS.length));

    // Nothing sticks out of a phone's width: the picture and the tables scroll in their own boxes.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const { violations } = await new AxeBuilder({ page }).include('[data-gcl-traffic]').analyze();
    expect(violations).toEqual([]);
  });
}
