/**
 * Share links and storage: a link carries the code to another visitor, never silently replaces
 * their saved edits, a damaged link is explained, and a browser that refuses storage still runs
 * labs, with a notice.
 */
import { expect, test } from '@playwright/test';
import { editsKey } from '../../src/lab/ui/persistence.ts';
import { FIXTURES, labOn, replaceCode, savedEdits, startLab, storedCode, terminal } from './lab-helpers.ts';

const { path, lab: id } = FIXTURES.workers;
const shared = "import { main } from 'gort';\nmain(async () => console.log('shared with you'));\n";

test('a share link opens the same code for someone else, and keeps their own saved edits', async ({
  browser,
}) => {
  const author = await browser.newPage();
  await author.goto(path);
  const lab = await startLab(author, id);
  await replaceCode(author, lab, shared);
  await lab.getByRole('button', { name: 'Share', exact: true }).click();
  const link = await lab.locator('[data-gcl-share-url]').inputValue();
  expect(link).toMatch(new RegExp(`#lab=${id}:[A-Za-z0-9_-]+$`));

  const context = await browser.newContext();
  const reader = await context.newPage();
  // The reader has edits of their own for this lab already (set from another page of the site,
  // so that opening the link below is a real page load, as from a chat message).
  await reader.goto('/how-labs-work/');
  await reader.evaluate(
    (key) =>
      localStorage.setItem(key, JSON.stringify({ files: { 'main.ts': '// my own work\n' }, savedAt: 1 })),
    editsKey(id),
  );
  await reader.goto(link);
  const readerLab = labOn(reader, id);
  // A link aimed at this lab starts it without a click.
  await expect(readerLab.locator('[data-notice="shared"]')).toBeVisible();
  await expect.poll(() => storedCode(readerLab)).toBe(shared);
  await readerLab.getByRole('button', { name: 'Run' }).click();
  await expect(terminal(readerLab)).toContainText('shared with you');
  expect(await savedEdits(reader, id)).toContain('my own work');
  await readerLab.getByRole('button', { name: 'Back to my saved version' }).click();
  await expect.poll(() => storedCode(readerLab)).toBe('// my own work\n');
  await author.close();
  await context.close();
});

test('a damaged share link is explained and the starter is loaded', async ({ page }) => {
  await page.goto(`${path}#lab=${id}:not-really-deflate`);
  const lab = labOn(page, id);
  const notice = lab.locator('[data-notice="malformed-link"]');
  await expect(notice).toBeVisible();
  await expect(notice).toHaveAttribute('role', 'alert');
  await expect(notice).toContainText('The shared link is damaged or incomplete');
  await expect.poll(() => storedCode(lab)).toContain('go(worker, id)');
});

test('with storage disabled the lab still runs and says edits are not kept', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      get() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    });
  });
  await page.goto(path);
  const lab = await startLab(page, id);
  await expect(lab.locator('[data-notice="storage-unavailable"]')).toContainText(
    'does not let this page save data',
  );
  await replaceCode(
    page,
    lab,
    "import { main } from 'gort';\nmain(async () => console.log('no storage, no problem'));\n",
  );
  await lab.getByRole('button', { name: 'Run' }).click();
  await expect(terminal(lab)).toContainText('no storage, no problem');
});
