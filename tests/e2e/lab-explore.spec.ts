/**
 * Schedule exploration in the lab (the sandboxed worker): a program that passes in gort's default
 * order but not in every order Go may run it fails the goroutines check, whose failed items offer
 * "Replay this schedule"; the replay runs that order, the same every time, in the page's language.
 */
import { expect, test } from '@playwright/test';
import { FIXTURES, labOn, recordTerminal, replaceCode, startLab, status, terminal } from './lab-helpers.ts';

const { path, lab: id } = FIXTURES.workers;

/** The lab's solution with wg.add moved into the goroutine; main yields once before it waits. */
const lucky = `import { go, gosched, main } from 'gort';
import { WaitGroup } from 'gort/sync';
import * as time from 'gort/time';

async function worker(id: number): Promise<void> {
  await time.sleep(id * 100 * time.Millisecond);
  console.log(\`worker \${id} done\`);
}

main(async () => {
  const wg = new WaitGroup();
  for (let id = 1; id <= 5; id++) {
    go(async () => {
      wg.add(1);
      try {
        await worker(id);
      } finally {
        wg.done();
      }
    });
  }
  await gosched();
  await wg.wait();
  console.log('main: all workers done');
});
`;

test('a lucky program fails the exploring check, and Replay this schedule runs the order that broke it', async ({
  page,
}) => {
  await page.goto(path);
  const lab = await startLab(page, id);
  await replaceCode(page, lab, lucky);

  // A plain Run is lucky: every worker reports.
  await lab.getByRole('button', { name: 'Run' }).click();
  await expect(status(lab)).toHaveText('Finished with exit status 0.', { timeout: 60_000 });
  await expect(terminal(lab)).toContainText('worker 5 done');

  await lab.getByRole('button', { name: 'Check' }).click();
  const report = lab.locator('[data-gcl-report]');
  await expect(report).toHaveAttribute('data-passed', 'false', { timeout: 60_000 });
  await expect(report).toContainText('it holds in every order the Go scheduler may run the goroutines');
  // One Replay for the schedule, on its summary item (each failed item of it used to carry one).
  const replay = report.getByRole('button', { name: /^Replay this schedule \(rw-\d+\):/ });
  await expect(replay).toHaveCount(1);
  await expect(report.locator('li[data-pass="false"]').last().locator('[data-gcl-replay]')).toHaveCount(1);
  const schedule = (await replay.getAttribute('data-gcl-replay')) ?? '';
  expect(schedule).toMatch(/^rw-\d+$/);
  await expect(replay).toHaveText('Replay this schedule');

  const replayed: string[] = [];
  const log = await recordTerminal(lab);
  for (let i = 0; i < 2; i++) {
    await replay.click();
    await expect(status(lab)).toHaveText('Finished with exit status 0.', { timeout: 60_000 });
    // The whole run, not the terminal's visible rows (the leak report scrolls the first lines away).
    const { text, notes } = await log();
    expect(notes[0]).toBe(`replay ${schedule}`);
    replayed.push(text);
  }
  // In that order main waited before any worker had added itself: nobody reported.
  expect(replayed[0]).toContain('main: all workers done');
  expect(replayed[0]).not.toContain('worker 1 done');
  expect(replayed[1]).toBe(replayed[0]);
});

test('the replay button speaks Chinese on the Chinese page', async ({ page }) => {
  await page.goto(`/zh-cn${path}`);
  const lab = labOn(page, id);
  await startLab(page, id, '开始实验');
  await replaceCode(page, lab, lucky);
  await lab.getByRole('button', { name: '检查' }).click();
  const report = lab.locator('[data-gcl-report]');
  await expect(report).toHaveAttribute('data-passed', 'false', { timeout: 60_000 });
  await expect(report.locator('[data-gcl-replay]').first()).toHaveText('重放这个调度');
  const log = await recordTerminal(lab);
  await report.locator('[data-gcl-replay]').first().click();
  await expect(status(lab)).toHaveText(/^已结束，退出状态/);
  expect((await log()).notes[0]).toMatch(/^replay rw-\d+$/);
  // The note itself, in Chinese, is the terminal's first line: scroll there.
  await lab.locator('.xterm-viewport').evaluate((el) => el.scrollTo(0, 0));
  await expect(terminal(lab)).toContainText('正在重放调度 rw-');
});
