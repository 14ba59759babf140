/**
 * The scheduler lesson's run-queue model (RunQueueModel.astro): its steps are HTML from the build and
 * a small script shows one at a time. Stepped from the keyboard in both languages (buttons with Enter
 * and Space, the arrow keys, Home and End), the live region says each step in words and the P's
 * state follows it; Play walks to the end and stops; the end-of-range buttons stay focusable; axe-clean
 * and within a phone's width. Without JavaScript the first step stands alone and no control is shown.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';

const CASES = [
  {
    lang: 'en',
    path: '/internals/scheduler/',
    width: 1280,
    runNext: 'The P’s run queue: Three goroutines started A, B, C; main blocks in wg.Wait()',
    gosched: 'The P’s run queue: Gosched: main yields to the global queue',
    controls: 'Step through the run queue',
    back: 'Back',
    forward: 'Forward',
    play: 'Play',
    pause: 'Pause',
    first: 'Step 1 of 15',
    step2:
      'Step 2 of 15. G1 (main) runs: runqget takes runnext first. It inherits the time slice, so schedtick stays 1. gort’s first-in-first-out queue would run G1 (main) here too.',
    step5:
      'Step 5 of 15. G4 is created by G1 (main): newproc puts it in runnext (runqput(pp, newg, true)). G3 moves from runnext to the tail of the local queue.',
    step7:
      'Step 7 of 15. G4 runs: runqget takes runnext first. It inherits the time slice, so schedtick stays 1. gort’s queue is first in, first out: it would run G2 here.',
    local: 'Local run queue (2 of 256), head first',
    blockedLabel: 'Blocked',
    blocked: 'G1 (main) [sync.WaitGroup.Wait]',
    last: 'Step 15 of 15. G1 (main) returns: the program exits.',
    step14: 'Step 14 of 15.',
    goschedYield:
      'Step 6 of 14. G1 (main) yields (Gosched): goschedImpl puts it on the global queue (globrunqput).',
    goschedBack: 'Step 13 of 14. G1 (main) runs: runnext and the local queue are empty, so globrunqgetbatch',
  },
  {
    lang: 'zh-cn',
    path: '/zh-cn/internals/scheduler/',
    width: 390,
    runNext: 'P 的运行队列：按 A、B、C 启动三个 goroutine，main 阻塞在 wg.Wait()',
    gosched: 'P 的运行队列：Gosched：main 让出到全局队列',
    controls: '逐步查看运行队列',
    back: '上一步',
    forward: '下一步',
    play: '播放',
    pause: '暂停',
    first: '第 1 步，共 15 步',
    step2:
      '第 2 步，共 15 步：G1（main）开始运行：runqget 先取 runnext。它继承当前的时间片，所以 schedtick 仍是 1。gort 先进先出的队列在这里也会运行 G1（main）。',
    step5:
      '第 5 步，共 15 步：G1（main）创建了 G4：newproc 把它放进 runnext（runqput(pp, newg, true)）。G3 被挤出 runnext，排到本地队列队尾。',
    step7:
      '第 7 步，共 15 步：G4 开始运行：runqget 先取 runnext。它继承当前的时间片，所以 schedtick 仍是 1。gort 的队列先进先出：它在这里会运行 G2。',
    local: '本地运行队列（2/256），队头在前',
    blockedLabel: '阻塞',
    blocked: 'G1（main） [sync.WaitGroup.Wait]',
    last: '第 15 步，共 15 步：G1（main）返回：程序退出。',
    step14: '第 14 步，共 15 步：',
    goschedYield:
      '第 6 步，共 14 步：G1（main）让出（Gosched）：goschedImpl 把它放到全局队列（globrunqput）。',
    goschedBack: '第 13 步，共 14 步：G1（main）开始运行：runnext 和本地队列都空了，globrunqgetbatch',
  },
] as const;

/** The visible step's row value for a label (the `dd` after the `dt`). */
const row = (step: Locator, label: string) =>
  step.locator('dt', { hasText: label }).locator('xpath=following-sibling::dd[1]');

async function open(page: Page, path: string, width: number) {
  await page.setViewportSize({ width, height: 900 });
  await page.goto(path, { waitUntil: 'networkidle' });
}

for (const c of CASES) {
  test(`the run-queue model steps from the keyboard and says each step (${c.lang}, ${c.width} px)`, async ({
    page,
  }) => {
    await open(page, c.path, c.width);
    const model = page.getByRole('figure', { name: c.runNext });
    const controls = model.getByRole('group', { name: c.controls });
    const back = controls.getByRole('button', { name: c.back });
    const forward = controls.getByRole('button', { name: c.forward });
    const play = controls.getByRole('button', { name: c.play });
    const live = model.locator('[data-gcl-runq-live]');
    const visible = model.locator('[data-gcl-runq-step]:visible');

    // On load: the first step, nothing announced, Back at the start of the range.
    await expect(visible).toHaveCount(1);
    await expect(visible).toContainText(c.first);
    await expect(live).toHaveText('');
    await expect(live).toHaveAttribute('aria-live', 'polite');
    await expect(back).toHaveAttribute('aria-disabled', 'true');

    // Enter on Forward, then the arrow keys: each step is announced and drawn.
    await forward.focus();
    await page.keyboard.press('Enter');
    await expect(live).toHaveText(c.step2);
    await expect(model.locator('[data-gcl-runq-step]')).toHaveCount(15);
    await expect(model.locator('template')).toHaveCount(0);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(live).toHaveText(c.step5);
    await expect(row(visible, 'runnext')).toHaveText('G4');
    await expect(row(visible, c.local).getByRole('listitem')).toHaveText(['G2', 'G3']);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(live).toHaveText(c.step7);
    await expect(row(visible, c.blockedLabel)).toHaveText(c.blocked);
    await expect(visible.locator('.gcl-runq__chip--running')).toHaveText('G4');

    // Home and End; Space on Back; the end of the range stays focusable (aria-disabled).
    await page.keyboard.press('End');
    await expect(live).toHaveText(c.last);
    await expect(forward).toHaveAttribute('aria-disabled', 'true');
    await expect(forward).toBeFocused();
    await back.focus();
    await page.keyboard.press('Space');
    await expect(live).toContainText(c.step14);
    await expect(back).toHaveAttribute('aria-disabled', 'false');
    await page.keyboard.press('Home');
    await expect(visible).toContainText(c.first);
    await expect(back).toHaveAttribute('aria-disabled', 'true');

    // Play walks on by itself and stops at the last step.
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await play.focus();
    await page.keyboard.press('Enter');
    await expect(live).toHaveText(c.last);
    await expect(controls.getByRole('button', { name: c.pause })).toHaveCount(1);
    await expect(controls.getByRole('button', { name: c.play })).toHaveCount(1, { timeout: 10_000 });

    // The Gosched model: main to the global queue, and back through globrunqgetbatch.
    const gosched = page.getByRole('figure', { name: c.gosched });
    const goschedLive = gosched.locator('[data-gcl-runq-live]');
    await gosched.getByRole('button', { name: c.forward }).focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    await expect(goschedLive).toHaveText(c.goschedYield);
    for (let i = 0; i < 7; i++) await page.keyboard.press('ArrowRight');
    await expect(goschedLive).toContainText(c.goschedBack);

    // Nothing sticks out of a phone's width, and both models pass axe.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const { violations } = await new AxeBuilder({ page }).include('[data-gcl-runq]').analyze();
    expect(violations).toEqual([]);
  });
}

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the model is its first step, with no controls that would do nothing', async ({ page }) => {
    const c = CASES[0];
    await open(page, c.path, c.width);
    const model = page.getByRole('figure', { name: c.runNext });
    await expect(model.locator('[data-gcl-runq-step]:visible')).toHaveCount(1);
    await expect(model.locator('[data-gcl-runq-step]:visible')).toContainText(c.first);
    // The other 14 steps wait in templates, out of the page's DOM, until the reader moves.
    await expect(model.locator('[data-gcl-runq-step]')).toHaveCount(1);
    await expect(model.locator('template[data-gcl-runq-later]')).toHaveCount(14);
    await expect(model.getByRole('button')).toHaveCount(0);
  });
});
