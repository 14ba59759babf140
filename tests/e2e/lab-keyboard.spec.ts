/**
 * A lab used with the keyboard alone: Tab to Start, Enter, type in the editor, Ctrl+Enter runs,
 * Escape stops, Ctrl+M lets Tab leave the editor, arrow keys move between file tabs.
 */
import { expect, test } from '@playwright/test';
import { FIXTURES, labOn, startLab, status, storedCode, terminal } from './lab-helpers.ts';

const { path, lab: id } = FIXTURES.workers;

test('a learner can start, edit, run and stop a lab without a mouse', async ({ page }) => {
  await page.goto(path);
  const lab = labOn(page, id);
  const start = lab.getByRole('button', { name: 'Start lab' });
  // Tab until the Start button has focus, as a keyboard user would.
  for (let i = 0; i < 200 && !(await start.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(start).toBeFocused();
  await page.keyboard.press('Enter');
  // The editor gets focus once it is there.
  await expect(
    lab.locator('.monaco-editor textarea, .monaco-editor .native-edit-context').first(),
  ).toBeFocused({});
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(
    "import { main } from 'gort';\nmain(async () => {\n  console.log('typed');\n  while (true) {}\n});\n",
  );
  await expect.poll(() => storedCode(lab)).toContain("console.log('typed')");

  await page.keyboard.press('Control+Enter');
  await expect(terminal(lab)).toContainText('typed');
  await expect(status(lab)).toHaveText('Running…');
  await page.keyboard.press('Escape');
  await expect(status(lab)).toHaveText('Stopped.');

  // Ctrl+M turns Tab into focus navigation; Tab then leaves the editor for the next control
  // instead of indenting.
  const before = await storedCode(lab);
  await page.keyboard.press('Control+M');
  await page.keyboard.press('Tab');
  expect(await storedCode(lab)).toBe(before);
  const focusedInEditor = await lab.evaluate((el) =>
    el.querySelector('.monaco-editor')?.contains(document.activeElement),
  );
  expect(focusedInEditor).toBe(false);
});

test('the controls name their shortcuts', async ({ page }) => {
  await page.goto(path);
  const lab = await startLab(page, id);
  await expect(lab.getByRole('button', { name: 'Run' })).toHaveAttribute(
    'aria-keyshortcuts',
    'Control+Enter Meta+Enter',
  );
  await expect(lab.getByRole('button', { name: 'Stop' })).toHaveAttribute(
    'aria-keyshortcuts',
    'Escape Control+.',
  );
  await expect(lab.getByText('Ctrl/⌘+Enter runs')).toBeVisible();
});
