/**
 * The unbuffered-channels lesson's recorded replays (TimelineReplay.astro): the page loads no Timeline
 * code until the reader presses a replay's button; the button opens the lab's Timeline view on the
 * run recorded at build time, by click and by keyboard; arrows scrub, the sentence names the step and
 * its line, which is marked in the TypeScript listing above; the deadlock's replay ends on Go's
 * deadlock; in both languages, axe-clean, and within a phone's width.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

const CASES = [
  {
    lang: 'en',
    path: '/concurrency/unbuffered-channels/',
    open: 'Replay this run step by step',
    pingPong: 'Replay: Ping-pong over two unbuffered channels',
    deadlock: 'Replay: Ping-pong without a receiver',
    slider: 'Step',
    first: 'main starts goroutine 2 (main.main.func1).',
    park: 'main blocks [chan send]. (main.ts:24)',
    handoff: 'main sends 1 on ping; goroutine 2 receives it. (main.ts:13)',
    last: 'The program exits with status 0.',
    stuck: 'main blocks [chan send]. (main.ts:15)',
    deadlocked: 'Every goroutine is blocked: Go reports a deadlock.',
    channels: 'Channels at this step',
    parked: ['ping (unbuffered)', '—', 'main', 'nobody'],
    key: 'Enter',
    width: 1280,
  },
  {
    lang: 'zh-cn',
    path: '/zh-cn/concurrency/unbuffered-channels/',
    open: '逐步回放这次运行',
    pingPong: '回放：用两个无缓冲 channel 打乒乓',
    deadlock: '回放：没有接收方的乒乓',
    slider: '步骤',
    first: 'main 启动了 goroutine 2（main.main.func1）。',
    park: 'main 阻塞 [chan send]。 (main.ts:24)',
    handoff: 'main 在 ping 上发送 1；goroutine 2 接收了它。 (main.ts:13)',
    last: '程序以状态 0 退出。',
    stuck: 'main 阻塞 [chan send]。 (main.ts:15)',
    deadlocked: '所有 goroutine 都阻塞了：Go 报告死锁。',
    channels: '这一步的通道',
    parked: ['ping（无缓冲）', '—', 'main', '无'],
    key: 'Space',
    width: 390,
  },
] as const;

/** The page's script requests, as paths (`/_astro/timeline-view.x.js`). */
function scriptRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script') seen.push(new URL(r.url()).pathname);
  });
  return seen;
}

for (const c of CASES) {
  test(`the lesson replays ping-pong and the deadlock step by step, loading the Timeline only when asked (${c.lang}, ${c.width} px)`, async ({
    page,
  }) => {
    await page.setViewportSize({ width: c.width, height: 900 });
    const scripts = scriptRequests(page);
    await page.goto(c.path, { waitUntil: 'networkidle' });

    // Before any interaction: the replays' small island, and nothing of the Timeline.
    const pingPong = page.getByRole('group', { name: c.pingPong });
    const openButton = pingPong.getByRole('button', { name: c.open });
    await expect(openButton).toHaveAttribute('aria-expanded', 'false');
    expect(scripts.filter((s) => /timeline|i18n/.test(s))).toEqual([]);
    expect(scripts.some((s) => s.includes('TimelineReplay'))).toBe(true);

    // Opened from the keyboard: the view arrives by a dynamic import.
    await openButton.focus();
    await page.keyboard.press(c.key);
    await expect(openButton).toHaveAttribute('aria-expanded', 'true');
    const slider = pingPong.getByRole('slider', { name: c.slider });
    const sentence = pingPong.locator('[data-gcl-timeline-sentence]');
    await expect(sentence).toHaveText(c.first);
    expect(scripts.some((s) => /timeline-view/.test(s))).toBe(true);

    // Arrows scrub; each step's line is marked in the TypeScript listing above (one at a time).
    const marked = page.locator('.ec-line[data-gcl-step-line]');
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await expect(sentence).toHaveText(c.park);
    await expect(marked).toHaveCount(1);
    await expect(marked).toContainText('await ping.send(ball); // blocks');
    await page.keyboard.press('ArrowRight');
    await expect(sentence).toHaveText(c.handoff);
    await expect(marked).toHaveCount(1);
    await expect(marked).toContainText('let ball = await ping.recv();');
    await page.keyboard.press('End');
    await expect(sentence).toHaveText(c.last);
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    await expect(sentence).toHaveText(c.park);
    await pingPong.getByText(c.channels, { exact: true }).click();
    await expect(
      pingPong.locator('[data-gcl-timeline-channels] tbody tr').first().locator('th, td'),
    ).toHaveText([...c.parked]);

    // Closing takes the mark away; opening again shows the same step and its mark.
    await openButton.click();
    await expect(openButton).toHaveAttribute('aria-expanded', 'false');
    await expect(slider).toBeHidden();
    await expect(marked).toHaveCount(0);
    await openButton.click();
    await expect(sentence).toHaveText(c.park);
    await expect(marked).toHaveCount(1);

    // The deadlock's replay, opened by a click, ends on Go's deadlock after main blocks at line 15.
    const deadlock = page.getByRole('group', { name: c.deadlock });
    await deadlock.getByRole('button', { name: c.open }).click();
    const deadlockSentence = deadlock.locator('[data-gcl-timeline-sentence]');
    await expect(deadlockSentence).not.toBeEmpty();
    await deadlock.getByRole('slider', { name: c.slider }).focus();
    await page.keyboard.press('End');
    await expect(deadlockSentence).toHaveText(c.deadlocked);
    await page.keyboard.press('ArrowLeft');
    await expect(deadlockSentence).toHaveText(c.stuck);
    await expect(marked).toHaveCount(2);
    await expect(marked.nth(1)).toContainText('await ping.send(ball); // stuck');

    // Nothing sticks out of a phone's width, and both open replays pass axe.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const { violations } = await new AxeBuilder({ page }).include('[data-gcl-replay]').analyze();
    expect(violations).toEqual([]);
  });
}
