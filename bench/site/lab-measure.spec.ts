/**
 * Part of `npm run bench -- site` (bench/site/run.ts), not of `npm test`: it measures, it does not
 * test behaviour (tests/e2e/lab-static.spec.ts checks that no lab JS loads before interaction).
 *
 * Measurements for the lab engine's report (printed, and written to
 * test-results/lab-measurements.json): JavaScript bytes on the home page, a plain docs page and a
 * lab page before interaction; the HTML documents of the docs page and the lab page (raw, gzip,
 * inline `style` attributes: Expressive Code's per-token styles are most of a lab page); bytes fetched when the lab starts; with the WebContainer blocked (a
 * route on StackBlitz's hosts that fails every request, tests/e2e/webcontainer-fate.ts), the time
 * from pressing Start lab until the runner is chosen (`gcl:lab-start` to `gcl:runner-ready`), the
 * time from a Run pressed as soon as the editor is there to the first line of output, and the time
 * from pressing Run to the first output for the first Run after the choice and on a warm page (the
 * store's `gcl:run-start` and `gcl:first-output` performance marks). Also takes light and dark
 * screenshots of a lab before and after it starts. Only structural facts are asserted: timings are
 * recorded, never compared.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import { LESSONS, labOn, replaceCode, startLab, status, terminal } from '../../tests/e2e/lab-helpers.ts';
import { blockWebContainer } from '../../tests/e2e/webcontainer-fate.ts';
import { withoutLabMachinery } from './docs-twin.ts';
import { MEASUREMENTS_FILE, type HtmlWeight, type Measurements, type Traffic } from './measurements.ts';

const none = (): Traffic => ({ js: 0, all: 0, jsGzip: 0, allGzip: 0, files: 0 });

/** Bytes as served (astro preview does not compress) and gzipped, as a static host would send them. */
function record(page: Page): { traffic: Traffic; reset(): Traffic } {
  const traffic = none();
  page.on('response', async (response) => {
    const body = await response.body().catch(() => Buffer.alloc(0));
    const type = response.request().resourceType();
    const isJs = type === 'script' || /\.m?js(\?|$)/.test(response.url());
    const gz = body.length > 0 ? gzipSync(body).length : 0;
    traffic.all += body.length;
    traffic.allGzip += gz;
    traffic.files += 1;
    if (isJs) {
      traffic.js += body.length;
      traffic.jsGzip += gz;
    }
  });
  return {
    traffic,
    reset() {
      const copy = { ...traffic };
      Object.assign(traffic, none());
      return copy;
    },
  };
}

/** Milliseconds between the last performance marks named `from` and `to` (NaN when one is missing). */
function between(page: Page, from: string, to: string): Promise<number> {
  return page.evaluate(
    ([a, b]) => {
      const start = performance.getEntriesByName(a ?? '').at(-1);
      const end = performance.getEntriesByName(b ?? '').at(-1);
      return start && end ? Math.round(end.startTime - start.startTime) : Number.NaN;
    },
    [from, to],
  );
}

/** The page's HTML document: bytes as served, gzipped, and its inline `style` attributes. */
async function htmlOf(page: Page, path: string): Promise<HtmlWeight> {
  const body = await (await page.request.get(path)).body();
  const styleAttributes = body.toString('utf8').match(/\sstyle="/g)?.length ?? 0;
  return { raw: body.length, gzip: gzipSync(body).length, styleAttributes };
}

async function jsOn(page: Page, path: string): Promise<Traffic> {
  const rec = record(page);
  await page.goto(path, { waitUntil: 'networkidle' });
  return rec.reset();
}

/** Characters of text the reader sees in the page's main column (code blocks included). */
function textLength(page: Page): Promise<number> {
  return page.evaluate(() => document.querySelector<HTMLElement>('main')?.innerText.length ?? 0);
}

/** The lab page as a docs page with the same text (docs-twin.ts), loaded like any page. */
async function docsTwinOf(page: Page, path: string): Promise<Traffic> {
  await page.route(`**${path}`, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: withoutLabMachinery(await response.text()) });
  });
  return jsOn(page, path);
}

test('measure page weight and time to first output', async ({ browser }) => {
  test.setTimeout(600_000); // a safety net: five runs, three Stops and two page loads on a possibly busy machine
  const home = await jsOn(await browser.newPage(), '/');
  const docsPage = await browser.newPage();
  const docs = await jsOn(docsPage, '/how-labs-work/');
  const html = {
    docsPage: await htmlOf(docsPage, '/how-labs-work/'),
    labPage: await htmlOf(docsPage, LESSONS.goroutines.path),
  };
  const twinPage = await browser.newPage();
  const labAsDocs = await docsTwinOf(twinPage, LESSONS.goroutines.path);
  const text = {
    docsPage: await textLength(docsPage),
    labAsDocs: await textLength(twinPage),
    labPage: 0,
  };
  await twinPage.close();

  const { lab: id } = LESSONS.goroutines;
  // A learner who presses Run as soon as the editor is there, with the WebContainer blocked.
  const eager = await browser.newPage();
  await blockWebContainer(eager);
  await eager.goto(LESSONS.goroutines.path, { waitUntil: 'networkidle' });
  const eagerLab = await startLab(eager, id);
  await eagerLab.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(terminal(eagerLab)).toContainText('worker 1 done', { timeout: 30_000 });
  const editorRunToOutput = await between(eager, 'gcl:run-start', 'gcl:first-output');
  const startToEditorRunOutput = await between(eager, 'gcl:lab-start', 'gcl:first-output');
  await eager.close();

  const page = await browser.newPage();
  await blockWebContainer(page);
  const rec = record(page);
  await page.goto(LESSONS.goroutines.path, { waitUntil: 'networkidle' });
  const labBefore = rec.reset();
  text.labPage = await textLength(page);
  const lab = await startLab(page, id);
  await expect(lab.locator('[data-gcl-runner]')).not.toHaveAttribute('data-runner', '', { timeout: 30_000 });
  const onStart = rec.reset();
  const startToRunnerReady = await between(page, 'gcl:lab-start', 'gcl:runner-ready');
  const startToFeedback = await between(page, 'gcl:lab-start', 'gcl:lab-feedback');
  const startToEditor = await between(page, 'gcl:lab-start', 'gcl:lab-ready');
  rec.reset();

  // The first Run after the runner was chosen; the page is warm after it.
  await lab.getByRole('button', { name: 'Run' }).click();
  await expect(status(lab)).toContainText('exit status', { timeout: 30_000 });
  const firstRunToOutput = await between(page, 'gcl:run-start', 'gcl:first-output');
  const firstRun = rec.reset();
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    await page.evaluate(() => performance.clearMarks());
    await lab.getByRole('button', { name: 'Run' }).click();
    await expect(terminal(lab)).toContainText('worker 1 done', { timeout: 30_000 });
    await expect(status(lab)).toContainText('exit status');
    times.push(await between(page, 'gcl:run-start', 'gcl:first-output'));
  }
  const sorted = [...times].sort((a, b) => a - b);

  // Stop on a program that never yields: the lab promises the page gets control back within 1 s.
  await replaceCode(
    page,
    lab,
    "import { main } from 'gort';\nmain(async () => {\n  console.log('spinning');\n  while (true) {}\n});\n",
  );
  const stops: number[] = [];
  for (let i = 0; i < 3; i++) {
    await lab.getByRole('button', { name: 'Run' }).click();
    await expect(terminal(lab)).toContainText('spinning', { timeout: 30_000 });
    stops.push(
      await page.evaluate(async () => {
        const button = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Stop');
        const started = performance.now();
        button?.click();
        await new Promise<void>((resolve) => {
          const poll = () => {
            if (document.querySelector('[data-gcl-status]')?.textContent === 'Stopped.') resolve();
            else requestAnimationFrame(poll);
          };
          poll();
        });
        return Math.round(performance.now() - started);
      }),
    );
  }
  const sortedStops = [...stops].sort((a, b) => a - b);
  const results: Measurements = {
    pages: { home, docsPage: docs, labPageBeforeInteraction: labBefore, labPageAsDocs: labAsDocs },
    html,
    text,
    labStart: onStart,
    startToRunnerReadyMs: startToRunnerReady,
    startToFeedbackMs: startToFeedback,
    startToEditorMs: startToEditor,
    stopMs: { runs: stops, median: sortedStops[1] ?? Number.NaN },
    runAtEditorReady: { runToFirstOutputMs: editorRunToOutput, startToFirstOutputMs: startToEditorRunOutput },
    firstRun: { ...firstRun, runToFirstOutputMs: firstRunToOutput },
    runToFirstOutputMs: {
      runs: times,
      median: sorted[2] ?? Number.NaN,
    },
  };
  console.log(JSON.stringify(results, null, 2));
  await mkdir('test-results', { recursive: true });
  await writeFile(MEASUREMENTS_FILE, JSON.stringify(results, null, 2));
  expect(
    [...times, startToRunnerReady, firstRunToOutput, editorRunToOutput].every((t) => Number.isFinite(t)),
  ).toBe(true);
});

for (const theme of ['dark', 'light'] as const) {
  test(`screenshots of a lab before and after it starts (${theme})`, async ({ page }) => {
    await page.addInitScript((t) => localStorage.setItem('starlight-theme', t), theme);
    await page.setViewportSize({ width: 1280, height: 1000 });
    await page.goto(LESSONS.goroutines.path);
    const lab = labOn(page, LESSONS.goroutines.lab);
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await lab.scrollIntoViewIfNeeded();
    await mkdir('test-results/lab-screens', { recursive: true });
    await lab.screenshot({ path: `test-results/lab-screens/before-${theme}.png` });
    await startLab(page, LESSONS.goroutines.lab);
    await lab.getByRole('button', { name: 'Check' }).click();
    await expect(lab.locator('[data-gcl-report]')).toBeVisible({ timeout: 30_000 });
    await lab.screenshot({ path: `test-results/lab-screens/after-${theme}.png` });
  });
}
