/**
 * The lab on small screens, in a real Chromium against the production build: a phone's narrow
 * terminal wraps at word boundaries (xterm split words at the last column), and at 200% zoom the
 * editor shows a screenful of code (a fixed box showed about 8 lines).
 */
import { expect, test } from '@playwright/test';
import { FIXTURES, replaceCode, startLab, terminal } from './lab-helpers.ts';

const { path, lab: id } = FIXTURES.workers;

// Each test starts a lab (the editor, its TypeScript worker and the sandbox): slow on a loaded machine.
test.slow();

test.describe('on a 390 px phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true });

  test('the terminal starts a word that does not fit on the next line instead of splitting it', async ({
    page,
  }) => {
    await page.goto(path);
    const lab = await startLab(page, id);
    // Words of 7 and 9 letters: some word crosses the last column whatever the column count.
    const words = Array.from({ length: 12 }, () => 'channel goroutine').join(' ');
    await replaceCode(
      page,
      lab,
      `import { main } from 'gort';\nmain(() => {\n  console.log('${words}');\n});\n`,
    );
    await lab.getByRole('button', { name: 'Run' }).click();
    await expect(terminal(lab)).toContainText('exit status 0');
    const rows = await terminal(lab).locator(':scope > div').allTextContents();
    // The program's line is the rows before the blank row that precedes the lab's exit line.
    const printed = rows.slice(
      0,
      rows.findIndex((row) => row.trim() === ''),
    );
    expect(printed.length).toBeGreaterThan(1);
    const tokens = printed.flatMap((row) => row.trim().split(/\s+/));
    expect(tokens.filter((token) => token !== 'channel' && token !== 'goroutine')).toEqual([]);
    expect(tokens).toHaveLength(24);
  });
});

test.describe('at 200% zoom on a 1280×800 screen', () => {
  // What the page sees when a 1280×800 window is zoomed to 200%: 640×400 CSS pixels, 2 device pixels each.
  test.use({ viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 });

  test('the editor shows at least 16 lines of a long file, not a fixed box of 8', async ({ page }) => {
    await page.goto(path);
    const lab = await startLab(page, id);
    const code = Array.from({ length: 40 }, (_, i) => `// line ${i + 1}`).join('\n');
    await replaceCode(page, lab, code);
    const editor = lab.locator('[data-gcl-app] .monaco-editor').first();
    await expect
      .poll(() =>
        editor.evaluate((el) => {
          const box = el.getBoundingClientRect();
          return [...el.querySelectorAll('.view-line')].filter((line) => {
            const r = line.getBoundingClientRect();
            return r.height > 0 && r.top >= box.top && r.bottom <= box.bottom;
          }).length;
        }),
      )
      .toBeGreaterThanOrEqual(16);
  });
});
