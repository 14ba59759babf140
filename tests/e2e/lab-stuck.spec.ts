/**
 * The deadlock explainer on the ping-pong lab, in both languages, in the sandbox runner: under Go's
 * unchanged dump, "Why is it stuck?" says in one sentence why main can never go on and draws who
 * waits for what; the disclosure is reached and toggled with the keyboard, and axe finds nothing.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { FIXTURES, startLab, terminal } from './lab-helpers.ts';
import { blockWebContainer } from './webcontainer-fate.ts';

const CASES = [
  {
    lang: 'en',
    path: FIXTURES.pingPong.path,
    start: 'Start lab',
    run: 'Run',
    summary: 'Why is it stuck?',
    picture: 'Who waits for what',
    edge: 'send',
    sentence: 'main waits to send on ping; no goroutine will ever receive from ping.',
  },
  {
    lang: 'zh-cn',
    path: `/zh-cn${FIXTURES.pingPong.path}`,
    start: '开始实验',
    run: '运行',
    summary: '为什么卡住了？',
    picture: '谁在等待什么',
    edge: '发送',
    sentence: 'main 等待向 ping 发送；没有任何 goroutine 会再从 ping 接收。',
  },
] as const;

for (const c of CASES) {
  test(`the ping-pong deadlock is explained under Go’s dump (${c.lang})`, async ({ page }) => {
    await blockWebContainer(page);
    await page.goto(c.path);
    const lab = await startLab(page, FIXTURES.pingPong.lab, c.start);
    const run = lab.getByRole('button', { name: c.run, exact: true });
    await run.click();
    await expect(terminal(lab)).toContainText('fatal error: all goroutines are asleep - deadlock!');

    const stuck = lab.locator('[data-gcl-stuck]');
    await expect(stuck).toBeVisible();
    const sentences = stuck.getByRole('listitem');
    await expect(sentences).toHaveText([c.sentence]);
    // The channel's name comes from the learner's `ping.send(...)`, set as code.
    await expect(sentences.first().locator('code').first()).toHaveText('ping');
    const picture = stuck.getByRole('img', { name: c.picture });
    await expect(picture).toBeVisible();
    // main on the left, the channel on the right, an arrow labelled with the operation between them.
    await expect(picture.locator('text')).toHaveText([c.edge, 'main', 'ping']);

    // Keyboard: from the editor (Ctrl+M makes Tab move focus, as the lab's hint says), Tab reaches
    // the disclosure; Enter closes it and opens it again.
    const summary = stuck.locator('summary');
    await lab.locator('.monaco-editor textarea').first().focus();
    await page.keyboard.press('Control+M');
    for (let i = 0; i < 12 && !(await summary.evaluate((el) => el === document.activeElement)); i++) {
      await page.keyboard.press('Tab');
    }
    await expect(summary).toBeFocused();
    await expect(summary).toHaveText(c.summary);
    await page.keyboard.press('Enter');
    await expect(sentences.first()).toBeHidden();
    await page.keyboard.press('Enter');
    await expect(sentences.first()).toBeVisible();

    const { violations } = await new AxeBuilder({ page }).include('[data-gcl-stuck]').analyze();
    expect(violations).toEqual([]);
  });
}
