/**
 * The Timeline on the ping-pong lab, in both languages, in the sandbox runner: after a Run of the
 * solution the Timeline tab replays the run; the slider steps with the keyboard (arrows, Home/End)
 * and ◀ ▶, each step's sentence is read out (aria-live) in the page's language, the editor marks
 * the step's line, the channels' state shows on demand, the page fits a 390 px phone, and axe finds
 * nothing.
 */
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { FIXTURES, replaceCode, startLab, terminal } from './lab-helpers.ts';
import { blockWebContainer } from './webcontainer-fate.ts';

const SOLUTION = readFileSync('tests/fixtures/labs/good/e2e/ping-pong/solution/main.ts', 'utf8');

const CASES = [
  {
    lang: 'en',
    path: FIXTURES.pingPong.path,
    start: 'Start lab',
    run: 'Run',
    tab: 'Timeline',
    slider: 'Step',
    next: 'Next step',
    prev: 'Previous step',
    first: 'main starts goroutine 2 (main.main.func1).',
    park: 'main blocks [chan send]. (main.ts:23)',
    handoff: 'main sends 1 on ping; goroutine 2 receives it. (main.ts:12)',
    last: 'The program exits with status 0.',
    runtime: 'the runtime',
    channels: 'Channels at this step',
    // After "main blocks": main waits to send on ping; after the handoff nobody waits.
    parked: ['ping (unbuffered)', '—', 'main', 'nobody'],
    handedOff: ['ping (unbuffered)', '—', 'nobody', 'nobody'],
    width: 1280,
  },
  {
    lang: 'zh-cn',
    path: `/zh-cn${FIXTURES.pingPong.path}`,
    start: '开始实验',
    run: '运行',
    tab: '时间线',
    slider: '步骤',
    next: '下一步',
    prev: '上一步',
    first: 'main 启动了 goroutine 2（main.main.func1）。',
    park: 'main 阻塞 [chan send]。 (main.ts:23)',
    handoff: 'main 在 ping 上发送 1；goroutine 2 接收了它。 (main.ts:12)',
    last: '程序以状态 0 退出。',
    runtime: '运行时',
    channels: '这一步的通道',
    parked: ['ping（无缓冲）', '—', 'main', '无'],
    handedOff: ['ping（无缓冲）', '—', '无', '无'],
    width: 390,
  },
] as const;

for (const c of CASES) {
  test(`the Timeline steps through ping-pong with the keyboard and marks each step's line (${c.lang}, ${c.width} px)`, async ({
    page,
  }) => {
    await page.setViewportSize({ width: c.width, height: 900 });
    await blockWebContainer(page);
    await page.goto(c.path);
    const lab = await startLab(page, FIXTURES.pingPong.lab, c.start);
    await replaceCode(page, lab, SOLUTION);
    await lab.getByRole('button', { name: c.run, exact: true }).click();
    await expect(terminal(lab)).toContainText('pong 6');

    // The tab's code loads only when it is opened.
    const tab = lab.getByRole('tab', { name: c.tab });
    await expect(tab).toBeVisible();
    await tab.click();
    const slider = lab.getByRole('slider', { name: c.slider });
    const sentence = lab.locator('[data-gcl-timeline-sentence]');
    await expect(sentence).toHaveAttribute('aria-live', 'polite');
    await expect(sentence).toHaveText(c.first);

    const editor = lab.locator('.gcl-lab__editor');
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await expect(sentence).toHaveText(c.park);
    await expect(editor).toHaveAttribute('data-gcl-step-line', '23');
    await page.keyboard.press('ArrowRight');
    await expect(sentence).toHaveText(c.handoff);
    await expect(editor).toHaveAttribute('data-gcl-step-line', '12');
    await expect(lab.locator('.gcl-step-line')).toHaveCount(1);
    await page.keyboard.press('End');
    await expect(sentence).toHaveText(c.last);
    await expect(lab.getByRole('button', { name: c.next })).toBeDisabled();
    // The runtime's step (the exit) is on a labelled row of its own under the lanes, not on the
    // time axis, whose labels its dot used to cover.
    const runtimeRow = lab.locator('.gcl-timeline__name', { hasText: c.runtime });
    await expect(runtimeRow).toHaveCount(1);
    const exitY = Number(await lab.locator('.gcl-timeline__dot--current').getAttribute('cy'));
    expect(exitY).toBe(Number(await runtimeRow.getAttribute('y')) - 4);
    await page.keyboard.press('Home');
    await expect(sentence).toHaveText(c.first);
    await lab.getByRole('button', { name: c.next }).click();
    await expect(sentence).toHaveText(c.park);
    await lab.getByRole('button', { name: c.prev }).click();
    await expect(sentence).toHaveText(c.first);

    // On demand, each channel as it is after the current step: who waits to send and to receive.
    await lab.getByText(c.channels, { exact: true }).click();
    const ping = lab.locator('[data-gcl-timeline-channels] tbody tr').first();
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await expect(sentence).toHaveText(c.park);
    await expect(ping.locator('th, td')).toHaveText([...c.parked]);
    await page.keyboard.press('ArrowRight');
    await expect(ping.locator('th, td')).toHaveText([...c.handedOff]);

    // Nothing sticks out of a phone's width: the picture scrolls inside its own box.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const { violations } = await new AxeBuilder({ page }).include('[data-gcl-timeline]').analyze();
    expect(violations).toEqual([]);
  });
}

test('a long run’s Timeline is read in slices and then steps like a short one', async ({ page }) => {
  // 1,500 rounds: about 12,000 events, past the size the view reads in slices (SLICED_FROM).
  await blockWebContainer(page);
  await page.goto(FIXTURES.pingPong.path);
  const lab = await startLab(page, FIXTURES.pingPong.lab);
  await replaceCode(page, lab, SOLUTION.replace('const rounds = 3;', 'const rounds = 1500;'));
  await lab.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(terminal(lab)).toContainText('pong 3000');
  await lab.getByRole('tab', { name: 'Timeline' }).click();
  const sentence = lab.locator('[data-gcl-timeline-sentence]');
  await expect(sentence).toHaveText('main starts goroutine 2 (main.main.func1).');
  const slider = lab.getByRole('slider', { name: 'Step' });
  expect(Number(await slider.getAttribute('max'))).toBeGreaterThan(6000);
  await slider.focus();
  await page.keyboard.press('End');
  await expect(sentence).toHaveText('The program exits with status 0.');
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  await expect(sentence).toHaveText('main blocks [chan send]. (main.ts:23)');
});
