/**
 * The runner is chosen from the moment the lab starts, not when Run is first pressed. The test owns
 * the WebContainer's fate (webcontainer-fate.ts): held, its boot is a state the test creates, so the
 * status line's "starting" message and the way out are checked while it lasts; failed or blocked, the
 * lab gives up at once (no boot time limit waited out) and says why; a Run pressed after the choice
 * starts at once. How long that takes is `npm run bench -- site`'s business, not a test's.
 */
import { expect, test, type Locator } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { FIXTURES, startLab, status, terminal } from './lab-helpers.ts';
import { blockWebContainer, holdWebContainer, HELD_BOOT_LIMIT_MS } from './webcontainer-fate.ts';

const { path, lab: id } = FIXTURES.workers;
const HELD_S = HELD_BOOT_LIMIT_MS / 1000;
const BOOTING = `Starting the WebContainer… if it does not start within ${HELD_S} s, the lab uses the in-browser sandbox.`;

function runnerLine(lab: Locator): Locator {
  return lab.locator('[data-gcl-runner]');
}

/**
 * Every text the status line shows from now on (a MutationObserver on the whole lab, so none is
 * missed, even before the status line exists).
 */
async function watchStatus(lab: Locator): Promise<() => Promise<string[]>> {
  await lab.evaluate((el) => {
    const seen: string[] = [];
    (el as HTMLElement & { gclSeen?: string[] }).gclSeen = seen;
    new MutationObserver(() => {
      const text = el.querySelector('[data-gcl-status]')?.textContent ?? '';
      if (text !== seen.at(-1)) seen.push(text);
    }).observe(el, { childList: true, characterData: true, subtree: true });
  });
  return () => lab.evaluate((el) => (el as HTMLElement & { gclSeen?: string[] }).gclSeen ?? []);
}

test('starting the lab starts the WebContainer, says so, and falls back to the sandbox with the reason', async ({
  page,
}) => {
  const stackblitz = await holdWebContainer(page);
  await page.goto(path);
  const lab = await startLab(page, id);
  // The boot is held: the choice is under way and said so.
  await expect(status(lab)).toHaveText(BOOTING);
  await expect(lab.getByRole('button', { name: 'Use the sandbox now' })).toBeVisible();
  await expect(lab.getByLabel('Runner')).toBeEnabled();
  const scan = await new AxeBuilder({ page }).include('[data-gcl-lab]').analyze();
  expect(scan.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual(
    [],
  );

  // StackBlitz refuses: the lab gives up at once, with that reason (it used to wait out 8 s and
  // say "did not start in time").
  await stackblitz.fail();
  await expect(runnerLine(lab)).toHaveText(
    'Programs run in the in-browser sandbox: StackBlitz, where the WebContainer comes from, cannot be reached (offline, or blocked by the network or a browser extension).',
  );
  await expect(runnerLine(lab)).toHaveAttribute('data-runner', 'worker');
  await expect(status(lab)).toHaveText('Ready.');
  await expect(lab.getByRole('button', { name: 'Use the sandbox now' })).toBeHidden();

  // A Run pressed now does not wait for any runner: it never shows the WebContainer message.
  const seen = await watchStatus(lab);
  await lab.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(terminal(lab)).toContainText('worker 1 done');
  await expect(status(lab)).toHaveText('Finished with exit status 0.');
  expect((await seen()).filter((text) => text.includes('WebContainer'))).toEqual([]);
  const marks = await page.evaluate(() => {
    const at = (name: string) => performance.getEntriesByName(name).at(-1)?.startTime ?? Number.NaN;
    return { ready: at('gcl:runner-ready'), run: at('gcl:run-start') };
  });
  // The runner was decided before Run was pressed, not by it.
  expect(marks.ready).toBeLessThan(marks.run);
});

test('a WebContainer that neither starts nor fails is given up at the boot time limit, with that reason', async ({
  page,
}) => {
  await holdWebContainer(page, { bootLimitMs: 1 });
  await page.goto(path);
  const lab = await startLab(page, id);
  await expect(runnerLine(lab)).toHaveText(
    'Programs run in the in-browser sandbox: the WebContainer did not start in time.',
  );
  await expect(status(lab)).toHaveText('Ready.');
});

test('a lab whose network blocks StackBlitz gives the WebContainer up for that reason, and Run never waits for it', async ({
  page,
}) => {
  // The default boot limit (8 s) applies: the reason shows the lab gave up because StackBlitz
  // refused, not because the limit ran out.
  await blockWebContainer(page);
  await page.goto(path);
  const lab = await startLab(page, id);
  await expect(runnerLine(lab)).toHaveText(/^Programs run in the in-browser sandbox: StackBlitz/);
  const seen = await watchStatus(lab);
  await lab.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(status(lab)).toHaveText('Finished with exit status 0.');
  expect((await seen()).filter((text) => text.includes('WebContainer'))).toEqual([]);
});

test('a Run pressed while the WebContainer starts waits, says why, and moves to the sandbox on request', async ({
  page,
}) => {
  await holdWebContainer(page);
  await page.goto(path);
  const lab = await startLab(page, id);
  await lab.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(status(lab)).toHaveText(
    `Waiting for the WebContainer to start… your program runs as soon as it does, or in the in-browser sandbox if it does not start within ${HELD_S} s.`,
  );
  await lab.getByRole('button', { name: 'Use the sandbox now' }).click();
  await expect(terminal(lab)).toContainText('worker 1 done');
  // No fallback reason: the learner's choice, not the boot time limit, picked the sandbox.
  await expect(runnerLine(lab)).toHaveText('Programs run in the in-browser sandbox.');
  await expect(lab.getByLabel('Runner')).toHaveValue('worker');
  await expect(lab.getByRole('button', { name: 'Run', exact: true })).toBeFocused();
  await expect(status(lab)).toHaveText('Finished with exit status 0.');
});

test('the Chinese lab says the same while the WebContainer starts', async ({ page }) => {
  const stackblitz = await holdWebContainer(page);
  await page.goto(`/zh-cn${path}`);
  const lab = await startLab(page, id, '开始实验');
  await expect(status(lab)).toHaveText(
    `正在启动 WebContainer…如果 ${HELD_S} 秒内没有启动，实验会改用浏览器内的沙箱。`,
  );
  await expect(lab.getByRole('button', { name: '立即改用沙箱' })).toBeVisible();
  await stackblitz.fail();
  await expect(runnerLine(lab)).toHaveText(
    /^程序在浏览器内的沙箱中运行：无法连接 WebContainer 所在的 StackBlitz/,
  );
});
