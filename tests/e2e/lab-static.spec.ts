/**
 * Before the learner starts a lab, a lesson page is as light as a docs page: the starter code is
 * statically highlighted, and the only lab script is the tiny island. Starting the lab loads the
 * editor and terminal and starts choosing the runner; the WebContainer cannot boot here (no
 * StackBlitz hosts), so the status line says the in-browser sandbox is used and why. The first two
 * tests are about a lesson page; the rest run on the fixture labs' pages.
 */
import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { FIXTURES, LESSONS, labOn, startLab } from './lab-helpers.ts';

/** Loads `path` and returns the JavaScript files it fetched, with their sizes. */
async function scriptsOf(page: Page, path: string): Promise<Map<string, number>> {
  const scripts = new Map<string, number>();
  page.on('response', async (response) => {
    if (response.request().resourceType() !== 'script') return;
    const body = await response.body().catch(() => Buffer.alloc(0));
    scripts.set(new URL(response.url()).pathname, body.length);
  });
  await page.goto(path, { waitUntil: 'networkidle' });
  return scripts;
}

const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

test('a lab page loads no lab code before the learner interacts', async ({ browser }) => {
  const plain = await browser.newPage();
  const plainScripts = await scriptsOf(plain, '/how-labs-work/');
  const page = await browser.newPage();
  const labScripts = await scriptsOf(page, LESSONS.goroutines.path);

  const extra = [...labScripts].filter(([url]) => !plainScripts.has(url));
  // Only the island (and Astro's shared runtime chunks, if any) beyond what a docs page loads.
  expect(total(new Map(extra)), `extra scripts: ${JSON.stringify(extra)}`).toBeLessThan(3_000);
  expect(
    await page.evaluate(() => document.querySelector('.monaco-editor, .xterm, iframe[sandbox]')),
  ).toBeNull();

  const lab = labOn(page, LESSONS.goroutines.lab);
  // The lab is all there statically: its heading, its starter highlighted, and Start.
  await expect(lab.getByRole('heading', { level: 3 })).toBeVisible();
  await expect(lab.locator('.expressive-code').first()).toContainText("from 'gort'");
  await expect(lab.getByRole('button', { name: 'Start lab' })).toBeVisible();
  await plain.close();
  await page.close();
});

test('focus on the starter code’s Copy button loads no lab code; focus on Start warms it up', async ({
  page,
}) => {
  // The lab client's chunk (the island's import()); other scripts (Starlight loads its search UI
  // when idle, later on a slow machine) are not the lab's business.
  const client: string[] = [];
  page.on('request', (request) => {
    const file = new URL(request.url()).pathname;
    if (request.resourceType() === 'script' && /\/client\.[\w-]+\.js$/.test(file)) client.push(file);
  });
  await page.goto(LESSONS.goroutines.path, { waitUntil: 'networkidle' });
  const lab = labOn(page, LESSONS.goroutines.lab);
  const frames = () =>
    page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));

  // Expressive Code renders a Copy button in every starter file's block, inside the lab.
  await lab.locator('.expressive-code .copy button').first().focus();
  // The island asks for the client in the focus event itself, so two frames later it would have.
  await frames();
  expect(client).toEqual([]);

  await lab.getByRole('button', { name: 'Start lab' }).focus();
  await expect.poll(() => client.length).toBe(1);
  // Warming only: the lab does not start until Start is pressed.
  await expect(lab.locator('.monaco-editor')).toHaveCount(0);
});

test('starting the lab loads the editor and says the sandbox is used because the WebContainer cannot start', async ({
  page,
}) => {
  await page.goto(FIXTURES.workers.path);
  const lab = await startLab(page, FIXTURES.workers.lab);
  await expect(lab.getByRole('tab', { name: 'main.ts' })).toHaveAttribute('aria-selected', 'true');
  await expect(lab.locator('.monaco-editor .view-lines')).toContainText('go(worker, id)');
  // The runner is chosen from the start, before any Run.
  // Here StackBlitz cannot be reached (no internet), so the reason is that, not a boot time limit.
  await expect(lab.locator('[data-gcl-runner]')).toContainText(
    'Programs run in the in-browser sandbox: StackBlitz, where the WebContainer comes from, cannot be reached',
  );
  await expect(lab.locator('[data-gcl-runner]')).toHaveAttribute('data-runner', 'worker');
});

test('the lab has no accessibility violations before and after it starts, in both themes', async ({
  page,
}) => {
  await page.goto(FIXTURES.workers.path);
  const lab = labOn(page, FIXTURES.workers.lab);
  const scan = async () => {
    const results = await new AxeBuilder({ page }).include('[data-gcl-lab]').analyze();
    expect(
      results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    ).toEqual([]);
  };
  await scan();
  await startLab(page, FIXTURES.workers.lab);
  await lab.getByRole('button', { name: 'Run' }).click();
  await expect(lab.locator('[data-gcl-status]')).toContainText('exit status');
  await scan();
  await page.evaluate(() => {
    document.documentElement.dataset['theme'] = 'light';
  });
  await scan();
});

for (const { prefix, start, failed } of [
  { prefix: '', start: 'Start lab', failed: 'The lab could not load: ' },
  { prefix: '/zh-cn', start: '开始实验', failed: '实验无法加载：' },
]) {
  test(`a lab client that cannot be loaded is reported, not "loading" forever (${prefix || 'en'})`, async ({
    page,
  }) => {
    // The lab client's chunk (the island's import()) fails, as offline or after a deploy replaced it.
    await page.route(/\/client\.[\w-]+\.js$/, (route) => route.abort());
    await page.goto(`${prefix}${FIXTURES.workers.path}`);
    const lab = labOn(page, FIXTURES.workers.lab);
    const button = lab.getByRole('button', { name: start });
    await button.click();
    const message = lab.locator('[data-gcl-start-message]');
    await expect(message).toContainText(failed);
    await expect(message).toHaveAttribute('role', 'alert');
    await expect(button).toBeEnabled();
    await expect(button).not.toHaveAttribute('aria-busy', 'true');
    await expect(lab).toHaveAttribute('data-gcl-state', 'failed');
  });
}

test('the lab speaks Chinese on Chinese pages', async ({ page }) => {
  await page.goto(`/zh-cn${FIXTURES.workers.path}`);
  const lab = labOn(page, FIXTURES.workers.lab);
  await expect(lab.getByRole('heading', { name: /等所有 worker 都干完活/ })).toBeVisible();
  await lab.getByRole('button', { name: '开始实验' }).click();
  await expect(lab.getByRole('toolbar', { name: '实验控制' })).toBeVisible();
  await lab.getByRole('button', { name: '运行', exact: true }).click();
  await expect(lab.locator('[data-gcl-runner]')).toContainText('程序在浏览器内的沙箱中运行');
  await expect(lab.locator('[data-gcl-status]')).toContainText('退出状态');
});

test('a learner can pick the in-browser sandbox, and the choice is remembered', async ({ page }) => {
  await page.goto(FIXTURES.pingPong.path);
  const lab = await startLab(page, FIXTURES.pingPong.lab);
  await lab.getByLabel('Runner').selectOption({ label: 'In-browser sandbox' });
  await lab.getByRole('button', { name: 'Run' }).click();
  await expect(lab.locator('[data-gcl-runner]')).toHaveText('Programs run in the in-browser sandbox.');
  await page.reload();
  const again = await startLab(page, FIXTURES.pingPong.lab);
  await expect(again.getByLabel('Runner')).toHaveValue('worker');
});

test('the Chinese page shows the starter with its comments in Chinese, statically and in the editor', async ({
  page,
}) => {
  await page.goto(`/zh-cn${FIXTURES.pingPong.path}`);
  const lab = labOn(page, FIXTURES.pingPong.lab);
  await expect(lab.locator('[data-gcl-static]')).toContainText('用一个 goroutine 启动 pong 选手');
  await expect(lab.locator('[data-gcl-static]')).not.toContainText('start the pong player');
  await startLab(page, FIXTURES.pingPong.lab, '开始实验');
  await expect(lab.locator('.monaco-editor .view-lines')).toContainText('用一个 goroutine 启动 pong 选手');
});

test('a long starter sits in a box the height of the editor: Start is in reach, the keyboard scrolls the box, axe is clean', async ({
  page,
}) => {
  // operations/order-saga's main.ts is 386 lines: 9,500 px of code above Start on a laptop before.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/zh-cn/operations/data-consistency/');
  const lab = labOn(page, 'operations/order-saga');
  const box = lab.getByRole('region', { name: '起始代码：main.ts' });
  await box.scrollIntoViewIfNeeded();
  const start = lab.getByRole('button', { name: '开始实验' });
  const [boxRect, startRect] = [await box.boundingBox(), await start.boundingBox()];
  expect(boxRect!.height).toBeLessThanOrEqual(800 / 2 + 3 * 16 + 1);
  expect(startRect!.y - boxRect!.y).toBeLessThan(800);
  // The box holds the whole file, scrolled from the keyboard, with the file's name kept in view.
  // (Drawn highlighted once it nears the viewport: src/site/ec-deferred.ts.)
  await expect.poll(() => box.locator('.ec-line').count()).toBeGreaterThan(300);
  await box.focus();
  await page.keyboard.press('End');
  await expect.poll(() => box.evaluate((el) => el.scrollTop)).toBeGreaterThan(1000);
  const title = box.locator('figcaption');
  const [titleTop, boxTop] = [(await title.boundingBox())!.y, (await box.boundingBox())!.y];
  expect(Math.abs(titleTop - boxTop)).toBeLessThan(2);
  const results = await new AxeBuilder({ page }).include('[data-lab-id="operations/order-saga"]').analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});
