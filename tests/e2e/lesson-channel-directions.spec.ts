/**
 * The channel directions lesson in the browser: the lab editor knows gort's direction types (the
 * packages' declarations carry SendChan and RecvChan), so closing the receive-only channel `sq`
 * returns is a red underline, TypeScript's 2339 on that line, as `go build` rejects it; the starter
 * panics in main's close; the solution passes the check, whose type items come from the source. (The
 * Chinese report of a lab is the lab specs' business, on the fixture labs; the lab's Chinese check
 * texts are required by tests/lab/labs.test.ts.)
 */
import { expect, test } from '@playwright/test';
import { replaceCode, startLab, status, terminal } from './lab-helpers.ts';

const path = '/concurrency/channel-directions/';
const id = 'directions/square-stage';

interface Hooked {
  gclLab?: {
    store: { solution(): Promise<Record<string, string>> };
    view: { errorMarkers(): { line: number; code: string; message: string }[] };
  };
}

test("the editor underlines a close of sq's receive-only channel; the starter panics; the solution passes", async ({
  page,
}) => {
  await page.goto(path);
  const lab = await startLab(page, id);

  await lab.getByRole('button', { name: 'Run' }).click();
  await expect(status(lab)).toHaveText(
    'Finished with exit status 2. It panicked at main.ts line 37, marked in the editor.',
    { timeout: 60_000 },
  );
  await expect(terminal(lab)).toContainText('panic: close of closed channel');

  const solution = await lab.evaluate(
    async (el) => (await (el as HTMLElement & Hooked).gclLab?.store.solution())?.['main.ts'] ?? '',
  );
  const closing = solution.replace(
    '    console.log(v);\n  }\n',
    '    console.log(v);\n  }\n  squares.close();\n',
  );
  expect(closing).not.toBe(solution);
  await replaceCode(page, lab, closing);
  const line = closing.split('\n').indexOf('  squares.close();') + 1;
  await expect
    .poll(() => lab.evaluate((el) => (el as HTMLElement & Hooked).gclLab?.view.errorMarkers() ?? []))
    .toEqual([
      expect.objectContaining({
        line,
        code: '2339',
        message: "Property 'close' does not exist on type 'RecvChan<number, number>'.",
      }),
    ]);

  await replaceCode(page, lab, solution);
  await lab.getByRole('button', { name: 'Check' }).click();
  const report = lab.locator('[data-gcl-report]');
  await expect(report).toHaveAttribute('data-passed', 'true', { timeout: 90_000 });
  await expect(report).toContainText('sq takes a receive-only channel');
});
