/**
 * The lab, learner-proof (issue #11), in a real Chromium against the production build: Start shows
 * its loading state in the same task as the press, a dropped gort promise is flagged in the editor
 * and Run says the code has errors, the check report speaks Chinese on /zh-cn/, the Solution dialog
 * throws nothing, saved edits are announced before Start, and a share link opens at its lab.
 */
import { expect, test } from '@playwright/test';
import { encodeShareFragment } from '../../src/lab/ui/share-link.ts';
import { FIXTURES, labOn, replaceCode, startLab, terminal } from './lab-helpers.ts';

const { path, lab: id } = FIXTURES.workers;

test('Start shows the loading state at once, before the client arrives (nothing changed for ~1.7 s)', async ({
  page,
}) => {
  await page.goto(path);
  const seen = await labOn(page, id).evaluate((root) => {
    const button = root.querySelector<HTMLButtonElement>('[data-gcl-start]');
    button?.click();
    // Read in the same task as the click: no frame, no network, no client yet.
    return {
      state: (root as HTMLElement).dataset['gclState'],
      busy: button?.getAttribute('aria-busy'),
      message: root.querySelector('[data-gcl-start-message]')?.textContent?.trim(),
    };
  });
  expect(seen).toEqual({ state: 'loading', busy: 'true', message: 'Loading the editor…' });
  const feedbackMs = await page.evaluate(() => {
    const [start] = performance.getEntriesByName('gcl:lab-start');
    const [feedback] = performance.getEntriesByName('gcl:lab-feedback');
    return start && feedback ? feedback.startTime - start.startTime : -1;
  });
  expect(feedbackMs).toBeGreaterThanOrEqual(0);
  expect(feedbackMs).toBeLessThan(100);
});

test('a forgotten await on a gort call is flagged in the editor, and Run says the code has errors', async ({
  page,
}) => {
  await page.goto(path);
  const lab = await startLab(page, id);
  await replaceCode(
    page,
    lab,
    "import { main } from 'gort';\nimport { WaitGroup } from 'gort/sync';\nmain(async () => {\n  const wg = new WaitGroup();\n  wg.wait();\n  console.log('done');\n});\n",
  );
  await expect
    .poll(
      () =>
        lab.evaluate((el) =>
          (
            el as HTMLElement & { gclLab?: { view: { errorMarkers(): { code: string; line: number }[] } } }
          ).gclLab?.view
            .errorMarkers()
            .map((m) => `${m.code}@${m.line}`),
        ),
      { timeout: 60_000 },
    )
    .toEqual(['gcl-floating@5']);
  await lab.getByRole('button', { name: 'Run' }).click();
  await expect(terminal(lab)).toContainText('1 error(s) underlined in the editor, the first at main.ts:5:');
  await expect(terminal(lab)).toContainText('done');
});

test('the check report is in Chinese on the Chinese page', async ({ page }) => {
  await page.goto(`/zh-cn${FIXTURES.pingPong.path}`);
  const lab = await startLab(page, FIXTURES.pingPong.lab, '开始实验');
  await lab.getByRole('button', { name: '检查' }).click();
  const report = lab.locator('[data-gcl-report]');
  await expect(report).toBeVisible();
  await expect(report).toContainText('程序以退出状态 0 结束');
  await expect(report).not.toContainText('the program exits');
});

test('the Solution dialog opens without a TypeScript worker error (it threw every time)', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(path);
  const lab = await startLab(page, id);
  // The TypeScript worker starts at the first edit; a deliberate error marked says it is checking.
  await replaceCode(page, lab, "const deliberate: number = 'a';\n");
  await expect(lab.locator('.monaco-editor .squiggly-error')).toBeVisible();
  await lab.getByRole('button', { name: 'Solution' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.locator('.monaco-diff-editor')).toBeVisible();
  // The cause of the error, ruled out: the diff's models were `typescript` ones, checked by the worker
  // beside the lab's files and then disposed under it. They are the view-only language, which the
  // worker never sees (Monaco names a model's language on its editor element).
  const languages = await dialog
    .locator('[data-mode-id]')
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-mode-id')));
  expect(languages).toEqual(['gcl-typescript-view', 'gcl-typescript-view']); // VIEW_LANGUAGE, src/lab/ui/monaco.ts
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  // The lab's own file is still checked after the dialog's models are gone.
  await replaceCode(page, lab, "const deliberate: number = 'b';\n");
  await expect(lab.locator('.monaco-editor .squiggly-error')).toBeVisible();
  expect(errors.filter((e) => e.includes('Could not find source file'))).toEqual([]);
});

test('after a reload the static view says saved edits exist before Start', async ({ page }) => {
  await page.goto(path);
  const lab = await startLab(page, id);
  await replaceCode(page, lab, '// mine\n');
  await page.evaluate(() => dispatchEvent(new Event('pagehide')));
  await page.reload();
  await expect(labOn(page, id).locator('[data-gcl-start-message]')).toHaveText(
    'You have saved edits for this lab: Start lab opens them.',
  );
});

test('a share link opens at its lab, not at the top of the page', async ({ page }) => {
  const fragment = await encodeShareFragment(id, { 'main.ts': '// shared\n' });
  await page.goto(`${path}${fragment}`);
  const lab = labOn(page, id);
  await expect(lab.locator('[data-gcl-app]')).toBeVisible();
  const top = await lab.evaluate((el) => el.getBoundingClientRect().top);
  expect(Math.abs(top)).toBeLessThan(200);
});
