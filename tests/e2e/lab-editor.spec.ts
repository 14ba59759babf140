/**
 * The editor's type checking in the real browser: every lesson's starter and solution show no red
 * underline, a deliberate type error shows exactly one, and `gort` imports bring hover and
 * completions. Markers are read through the view's test hook (`errorMarkers()`, Monaco's own
 * marker list for the lab's files). "No marker" is asserted only after the same file showed the
 * deliberate error's marker: that proves the checker ran on the text, so zero is its verdict.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { FIXTURES, replaceCode, startLab } from './lab-helpers.ts';

interface Marker {
  file: string;
  line: number;
  code: string;
  message: string;
}

interface Hooked {
  gclLab?: {
    store: { lab: { starter: Record<string, string> }; solution(): Promise<Record<string, string>> };
    view: { errorMarkers(): Marker[] };
  };
}

const DELIBERATE = "const deliberate: number = 'a';";

function markers(lab: Locator): Promise<Array<Pick<Marker, 'line' | 'code'>>> {
  return lab.evaluate((el) =>
    ((el as HTMLElement & Hooked).gclLab?.view.errorMarkers() ?? []).map(({ line, code }) => ({
      line,
      code,
    })),
  );
}

/** Puts `code` plus a deliberate error in the editor, sees its one marker, then `code` alone and no marker. */
async function expectNoErrorsIn(page: Page, lab: Locator, code: string): Promise<void> {
  const withError = `${code.trimEnd()}\n${DELIBERATE}\n`;
  await replaceCode(page, lab, withError);
  const errorLine = withError.split('\n').indexOf(DELIBERATE) + 1;
  await expect.poll(() => markers(lab)).toEqual([{ line: errorLine, code: '2322' }]);
  await replaceCode(page, lab, code);
  await expect.poll(() => markers(lab)).toEqual([]);
}

test('the TypeScript worker starts once per page (it used to restart when the package types arrived)', async ({
  page,
}) => {
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(w.url()));
  await page.goto(FIXTURES.workers.path);
  const lab = await startLab(page, FIXTURES.workers.lab);
  const withError = `${DELIBERATE}\n`;
  await replaceCode(page, lab, withError);
  // Type checking has run with the packages' types once the deliberate error is marked.
  await expect.poll(() => markers(lab)).toEqual([{ line: 1, code: '2322' }]);
  expect(workers.filter((url) => /ts\.worker/.test(url))).toHaveLength(1);
});

// Every lab's starter and solution are type-checked through Monaco's own TypeScript worker in
// tests/lab/ui-editor-types.test.ts; here, in the browser, the service lab: it needs gomesh's types too.
{
  const { path, lab: id } = FIXTURES.service;
  test('the service lab’s starter and solution show no type error in the browser, a deliberate one shows one', async ({
    page,
  }) => {
    await page.goto(path);
    const lab = await startLab(page, id);
    const { starter, solution } = await lab.evaluate(async (el) => {
      const hook = (el as HTMLElement & Hooked).gclLab;
      return { starter: hook?.store.lab.starter ?? {}, solution: (await hook?.store.solution()) ?? {} };
    });
    expect(Object.keys(starter)).toEqual(['main.ts']);
    await expectNoErrorsIn(page, lab, starter['main.ts'] ?? '');
    await expectNoErrorsIn(page, lab, solution['main.ts'] ?? '');
  });
}

test('gort imports bring hover information and completions', async ({ page }) => {
  await page.goto(FIXTURES.workers.path);
  const lab = await startLab(page, FIXTURES.workers.lab);
  // Wait until the types are in: a deliberate error is reported only once checking has started.
  const starter = await lab.evaluate(
    (el) => (el as HTMLElement & Hooked).gclLab?.store.lab.starter['main.ts'] ?? '',
  );
  await expectNoErrorsIn(page, lab, starter);

  // Back to the top, where `import { go, main } from 'gort'` is rendered (Monaco renders only what is visible).
  await lab.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('ControlOrMeta+Home');
  const importLine = lab.locator('.view-line', { hasText: /go,\s*main/ });
  await importLine.getByText('go', { exact: true }).hover();
  await expect(page.locator('.monaco-hover').first()).toContainText(
    'go<A extends unknown[]>(fn: (...args: A) => unknown',
  );

  await lab.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.insertText('\ntime.Mill');
  await page.keyboard.press('Control+Space');
  await expect(page.locator('.suggest-widget')).toContainText('Millisecond');
});

test('Start loads neither the TypeScript worker nor package types; the first click in the editor does, before any key (Start used to fetch both, 1.5 MB)', async ({
  page,
}) => {
  const workers: string[] = [];
  const types: string[] = [];
  page.on('worker', (w) => workers.push(w.url()));
  page.on('request', (r) => {
    if (/\.d\.ts(\?|$)/.test(r.url())) types.push(new URL(r.url()).pathname);
  });
  await page.goto(FIXTURES.workers.path);
  const lab = await startLab(page, FIXTURES.workers.lab);
  await expect(lab.locator('[data-gcl-runner]')).not.toHaveAttribute('data-runner', '');
  expect(workers.filter((url) => /ts\.worker/.test(url))).toEqual([]);
  expect(types).toEqual([]);

  // A learner places the cursor before typing: the worker's download starts there.
  await lab.locator('.monaco-editor .view-lines').first().click();
  await expect.poll(() => workers.filter((url) => /ts\.worker/.test(url))).toHaveLength(1);

  await replaceCode(page, lab, `${DELIBERATE}\n`);
  await expect.poll(() => markers(lab)).toEqual([{ line: 1, code: '2322' }]);
  expect(workers.filter((url) => /ts\.worker/.test(url))).toHaveLength(1);
  // The goroutines lab starts no services: gort's declarations alone.
  expect(types.length).toBeGreaterThan(0);
  expect(types.filter((path) => !path.includes('/node_modules/gort/'))).toEqual([]);
});
