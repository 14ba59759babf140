/**
 * Running lab code in the fallback sandbox: edit and run, stop a runaway loop, keep edits across a
 * reload, check the solution (pass) and the starter (fail), and show a syntax error's position.
 */
import { expect, test } from '@playwright/test';
import {
  FIXTURES,
  labOn,
  replaceCode,
  savedEdits,
  startLab,
  status,
  storedCode,
  terminal,
  useSolution,
} from './lab-helpers.ts';

const { path, lab: id } = FIXTURES.workers;

test('an edited program runs and its output appears in the terminal (pasted code keeps its template literals)', async ({
  page,
}) => {
  await page.goto(path);
  const lab = await startLab(page, id);
  await replaceCode(
    page,
    lab,
    "import { main } from 'gort';\nmain(async () => {\n  const who = 'the lab';\n  console.log(`hello from ${who}`);\n});\n",
  );
  await lab.getByRole('button', { name: 'Run' }).click();
  await expect(terminal(lab)).toContainText('hello from the lab');
  await expect(status(lab)).toHaveText('Finished with exit status 0.');
});

test('Stop ends an infinite loop and the page stays responsive', async ({ page }) => {
  await page.goto(path);
  const lab = await startLab(page, id);
  await replaceCode(
    page,
    lab,
    "import { main } from 'gort';\nmain(async () => {\n  console.log('spinning');\n  while (true) {}\n});\n",
  );
  await lab.getByRole('button', { name: 'Run' }).click();
  await expect(terminal(lab)).toContainText('spinning');
  await expect(status(lab)).toHaveText('Running…');
  // How fast (the lab promises under a second) is `npm run bench -- site`'s measurement, not a test's.
  await lab.getByRole('button', { name: 'Stop' }).click();
  await expect(status(lab)).toHaveText('Stopped.');
  // The page still answers: an edit goes through.
  await lab.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('End');
  await page.keyboard.type(' // still here');
  await expect.poll(() => storedCode(lab)).toContain('// still here');
});

test('edits survive a reload', async ({ page }) => {
  await page.goto(path);
  const lab = await startLab(page, id);
  await replaceCode(page, lab, '// my edit survives\n');
  await expect.poll(() => storedCode(lab)).toBe('// my edit survives\n');
  // The save is debounced: wait until it reached storage rather than for a fixed time.
  await expect.poll(() => savedEdits(page, id)).toContain('my edit survives');
  await page.reload();
  const again = await startLab(page, id);
  await expect(again.locator('.monaco-editor .view-lines')).toContainText('// my edit survives');
  await expect(again.locator('[data-notice="restored"]')).toBeVisible();
});

test('Check fails the starter and passes the solution, and progress is kept', async ({ page }) => {
  await page.goto(path);
  const lab = await startLab(page, id);
  await lab.getByRole('button', { name: 'Check' }).click();
  const report = lab.locator('[data-gcl-report]');
  await expect(report).toHaveAttribute('data-passed', 'false');
  await expect(report.locator('li[data-pass="false"]').first()).toBeVisible();
  await expect(report).toContainText('every worker goroutine finishes before main returns');

  await useSolution(lab);
  await lab.getByRole('button', { name: 'Check' }).click();
  await expect(report).toHaveAttribute('data-passed', 'true');
  await expect(report).toContainText('All checks passed.');
  await expect(lab.locator('[data-gcl-progress]')).toBeVisible();
  // A fixture has no Go twin, so a passed report offers none.
  await expect(report.getByRole('button', { name: 'See the same program in Go' })).toHaveCount(0);

  await page.reload();
  await expect(labOn(page, id).locator('[data-gcl-progress]')).toBeVisible();
});

test('a syntax error shows file, line and column and is marked in the editor', async ({ page }) => {
  await page.goto(path);
  const lab = await startLab(page, id);
  await replaceCode(page, lab, "import { main } from 'gort';\nmain(async () => {\n  const x = ;\n});\n");
  await lab.getByRole('button', { name: 'Run' }).click();
  await expect(status(lab)).toContainText('Syntax error in main.ts at line 3');
  await expect(terminal(lab)).toContainText('main.ts:3:');
  await expect(lab.locator('.monaco-editor .squiggly-error')).toBeVisible();
});

test('a deadlock prints Go’s message in the terminal', async ({ page }) => {
  await page.goto(FIXTURES.pingPong.path);
  const lab = await startLab(page, FIXTURES.pingPong.lab);
  await lab.getByRole('button', { name: 'Run' }).click();
  await expect(terminal(lab)).toContainText('fatal error: all goroutines are asleep - deadlock!');
  // The dump names where main is blocked, and the status line points at the marked line.
  await expect(terminal(lab)).toContainText('main.ts:18');
  await expect(status(lab)).toHaveText(
    'Finished with exit status 2. main is blocked at main.ts line 18, marked in the editor.',
  );
});

test('Reset asks first and restores the starter', async ({ page }) => {
  await page.goto(path);
  const lab = await startLab(page, id);
  await replaceCode(page, lab, '// to be reset\n');
  await lab.getByRole('button', { name: 'Reset' }).click();
  const dialog = page.getByRole('dialog', { name: 'Reset this lab?' });
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  expect(await storedCode(lab)).toBe('// to be reset\n');
  await lab.getByRole('button', { name: 'Reset' }).click();
  await dialog.getByRole('button', { name: 'Reset to starter' }).click();
  await expect.poll(() => storedCode(lab)).toContain('go(worker, id)');
});
