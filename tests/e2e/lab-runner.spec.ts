/**
 * The runner is chosen from the moment the lab starts, not when Run is first pressed. Here (as for
 * a learner whose network blocks StackBlitz) the page is cross-origin isolated but the WebContainer
 * cannot boot, so the choice takes the whole boot time limit: meanwhile the status line says what
 * is starting and offers the sandbox, afterwards it says the sandbox is used and why, and a Run
 * pressed after the choice starts at once.
 */
import { expect, test, type Locator } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { LESSONS, startLab, status, terminal } from './lab-helpers.ts';

const { path, lab: id } = LESSONS.goroutines;
const BOOTING =
  'Starting the WebContainer… if it does not start within 8 s, the lab uses the in-browser sandbox.';

function runnerLine(lab: Locator): Locator {
  return lab.locator('[data-gcl-runner]');
}

/** Every text the status line shows from now on (a MutationObserver, so none is missed). */
async function watchStatus(lab: Locator): Promise<() => Promise<string[]>> {
  await lab.evaluate((el) => {
    const line = el.querySelector('[data-gcl-status]');
    const seen: string[] = [];
    (el as HTMLElement & { gclSeen?: string[] }).gclSeen = seen;
    new MutationObserver(() => seen.push(line?.textContent ?? '')).observe(line as Node, {
      childList: true,
      characterData: true,
      subtree: true,
    });
  });
  return () => lab.evaluate((el) => (el as HTMLElement & { gclSeen?: string[] }).gclSeen ?? []);
}

test('starting the lab starts the WebContainer, says so, and falls back to the sandbox with the reason', async ({
  page,
}) => {
  await page.goto(path);
  const lab = await startLab(page, id);
  // The editor is up long before the boot time limit: the choice is still under way and said so.
  await expect(status(lab)).toHaveText(BOOTING);
  await expect(lab.getByRole('button', { name: 'Use the sandbox now' })).toBeVisible();
  await expect(lab.getByLabel('Runner')).toBeEnabled();
  const scan = await new AxeBuilder({ page }).include('[data-gcl-lab]').analyze();
  expect(scan.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual(
    [],
  );

  await expect(runnerLine(lab)).toHaveText(
    'Programs run in the in-browser sandbox: the WebContainer did not start in time.',
    { timeout: 30_000 },
  );
  await expect(runnerLine(lab)).toHaveAttribute('data-runner', 'worker');
  await expect(status(lab)).toHaveText('Ready.');
  await expect(lab.getByRole('button', { name: 'Use the sandbox now' })).toBeHidden();

  // A Run pressed now does not wait for any runner: it never shows the WebContainer message.
  const seen = await watchStatus(lab);
  await lab.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(terminal(lab)).toContainText('worker 1 done', { timeout: 30_000 });
  await expect(status(lab)).toHaveText('Finished with exit status 0.');
  expect((await seen()).filter((text) => text.includes('WebContainer'))).toEqual([]);
  const marks = await page.evaluate(() => {
    const at = (name: string) => performance.getEntriesByName(name).at(-1)?.startTime ?? Number.NaN;
    return {
      ready: at('gcl:runner-ready'),
      run: at('gcl:run-start'),
      output: at('gcl:first-output'),
    };
  });
  expect(marks.ready).toBeLessThan(marks.run);
  // A generous bound that still proves the point: far below the 8 s the boot may take.
  expect(marks.output - marks.run).toBeLessThan(4_000);
});

test('a Run pressed while the WebContainer starts waits, says why, and moves to the sandbox on request', async ({
  page,
}) => {
  await page.goto(path);
  const lab = await startLab(page, id);
  await lab.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(status(lab)).toHaveText(
    'Waiting for the WebContainer to start… your program runs as soon as it does, or in the in-browser sandbox if it does not start within 8 s.',
  );
  await lab.getByRole('button', { name: 'Use the sandbox now' }).click();
  await expect(terminal(lab)).toContainText('worker 1 done', { timeout: 30_000 });
  // No fallback reason: the learner's choice, not the boot time limit, picked the sandbox.
  await expect(runnerLine(lab)).toHaveText('Programs run in the in-browser sandbox.');
  await expect(lab.getByLabel('Runner')).toHaveValue('worker');
  await expect(lab.getByRole('button', { name: 'Run', exact: true })).toBeFocused();
  await expect(status(lab)).toHaveText('Finished with exit status 0.');
});

test('the Chinese lab says the same while the WebContainer starts', async ({ page }) => {
  await page.goto(`/zh-cn${path}`);
  const lab = await startLab(page, id, '开始实验');
  await expect(status(lab)).toHaveText(
    '正在启动 WebContainer…如果 8 秒内没有启动，实验会改用浏览器内的沙箱。',
  );
  await expect(lab.getByRole('button', { name: '立即改用沙箱' })).toBeVisible();
  await expect(runnerLine(lab)).toHaveText(/^程序在浏览器内的沙箱中运行：WebContainer/, { timeout: 30_000 });
});
