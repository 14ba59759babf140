/**
 * A learner's progress (issue #11 item 6), in both languages: a lesson is marked done in the sidebar
 * as soon as its lab's check passes on the page (before, nothing marked a lab done), the progress
 * page lists every lab with its state, Reset all deletes exactly what its dialog names, Export then
 * Import gives back the same storage, a bad file changes nothing, and a browser that refuses
 * storage is told so. axe checks the page and the dialog.
 */
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { labStrings, type LabLocale } from '../../src/lab/ui/i18n.ts';
import { editsKey, progressKey } from '../../src/lab/ui/persistence.ts';
import { LESSONS, startLab } from './lab-helpers.ts';

const LOCALES: ReadonlyArray<{ locale: LabLocale; prefix: string }> = [
  { locale: 'en', prefix: '' },
  { locale: 'zh-cn', prefix: '/zh-cn' },
];

/** Every lab of the site (labs/<section>/<lab>/): the progress page lists them all, however many lessons exist. */
const LAB_COUNT = readdirSync('labs', { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .reduce(
    (n, d) =>
      n + readdirSync(`labs/${d.name}`, { withFileTypes: true }).filter((l) => l.isDirectory()).length,
    0,
  );

const PASSED_AT = Date.UTC(2026, 2, 4, 10, 30);
const EDITED_AT = Date.UTC(2026, 2, 5, 9, 0);

/** Storage as a learner who passed ping-pong and edited wait-for-workers leaves it. */
async function seed(page: Page): Promise<void> {
  await page.evaluate(
    ({ entries }) => {
      for (const [key, value] of entries) localStorage.setItem(key, value);
    },
    {
      entries: <Array<[string, string]>>[
        [
          progressKey('channels/ping-pong'),
          JSON.stringify({ passed: true, best: { passed: 3, total: 3 }, at: PASSED_AT }),
        ],
        [
          editsKey('channels/ping-pong'),
          JSON.stringify({ files: { 'main.ts': '// pong\n' }, savedAt: PASSED_AT }),
        ],
        [
          editsKey('goroutines/wait-for-workers'),
          JSON.stringify({ files: { 'main.ts': '// mine\n' }, savedAt: EDITED_AT }),
        ],
        ['gcl:runner:v1', JSON.stringify('worker')],
      ],
    },
  );
}

/** A lab's title in `locale`, as its lab.json has it. */
async function title(id: string, locale: LabLocale): Promise<string> {
  const meta = JSON.parse(await readFile(`labs/${id}/lab.json`, 'utf8')) as {
    title: Record<LabLocale, string>;
  };
  return meta.title[locale];
}

const storage = (page: Page) =>
  page.evaluate(() =>
    Object.fromEntries(
      Object.keys(localStorage)
        .filter((k) => k.startsWith('gcl:'))
        .sort()
        .map((k) => [k, localStorage.getItem(k)]),
    ),
  );

const sidebarLink = (page: Page, prefix: string, lesson: string) =>
  page.locator(`#starlight__sidebar a[href="${prefix}/${lesson}/"]`);

for (const { locale, prefix } of LOCALES) {
  const s = labStrings(locale);
  const done = s['sidebar.completed'];

  test(`${locale}: the sidebar marks a lesson done when its check passes on the page, and the lab offers its Go twin`, async ({
    page,
  }) => {
    test.slow();
    const { path, lab: id } = LESSONS.goroutines;
    await page.goto(`${prefix}${path}`);
    const link = sidebarLink(page, prefix, 'concurrency/goroutines');
    await expect(link.locator('.gcl-done')).toHaveCount(0);

    const lab = await startLab(page, id, s['lab.start']);
    await lab.getByRole('button', { name: s['lab.solution'], exact: true }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.locator('.monaco-diff-editor')).toBeVisible();
    await dialog.getByRole('button', { name: s['lab.solution.use'] }).click();
    await lab.getByRole('button', { name: s['lab.check'], exact: true }).click();
    const report = lab.locator('[data-gcl-report]');
    await expect(report).toHaveAttribute('data-passed', 'true');

    // Solved: the lesson's lab offers the same program in Go (the twin the Go tests build and run).
    await report.getByRole('button', { name: s['lab.go.open'] }).click();
    const go = page.getByRole('dialog', { name: s['lab.go.title'] });
    await expect(go.getByLabel(s['lab.go.code'])).toContainText('var wg sync.WaitGroup');
    await expect(go).toContainText(/Go 1\.\d+/);
    await page.keyboard.press('Escape');
    await expect(go).toBeHidden();

    // Not colour or a glyph alone: the link's name says it, the ✓ is hidden from screen readers.
    await expect(link).toHaveAccessibleName(new RegExp(`\\(${done}\\)$`));
    await expect(link.locator('.gcl-done [aria-hidden="true"]')).toHaveText('✓');
    // Only this lesson: the others' labs have not passed.
    await expect(page.locator('#starlight__sidebar .gcl-done')).toHaveCount(1);

    // Reset on the lab removes the mark at once.
    await lab.getByRole('button', { name: s['lab.reset'], exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: s['lab.reset.confirm'] }).click();
    await expect(link.locator('.gcl-done')).toHaveCount(0);
  });

  test(`${locale}: the progress page lists every lab with its state and is axe clean`, async ({ page }) => {
    await page.goto(`${prefix}/progress/`);
    await seed(page);
    await page.reload();
    const rows = page.locator('[data-gcl-progress-page] tbody tr');
    await expect(rows).toHaveCount(LAB_COUNT);
    const row = (id: string) => page.locator(`tr[data-lab-id="${id}"]`);
    await expect(row('channels/ping-pong')).toHaveAttribute('data-state', 'passed');
    await expect(row('channels/ping-pong').locator('time')).toHaveAttribute(
      'datetime',
      new Date(PASSED_AT).toISOString(),
    );
    await expect(row('goroutines/wait-for-workers')).toHaveAttribute('data-state', 'edited');
    await expect(row('services/users')).toHaveAttribute('data-state', 'none');
    await expect(row('services/users').locator('[data-gcl-state]')).toHaveText(s['progress.state.none']);
    // Each row names its lab and links its lesson in this language.
    await expect(
      row('channels/ping-pong').getByRole('link', { name: await title('channels/ping-pong', locale) }),
    ).toHaveAttribute('href', `${prefix}/concurrency/unbuffered-channels/#gcl-lab-channels-ping-pong`);
    await expect(
      sidebarLink(page, prefix, 'concurrency/unbuffered-channels').locator('.gcl-done'),
    ).toHaveCount(1);
    await expect(sidebarLink(page, prefix, 'progress')).toHaveCount(1);
    const scan = await new AxeBuilder({ page }).include('main').analyze();
    expect(scan.violations).toEqual([]);
  });

  test(`${locale}: Reset all names what it deletes, Cancel keeps it, Delete deletes it`, async ({ page }) => {
    await page.goto(`${prefix}/progress/`);
    await seed(page);
    await page.reload();
    const before = await storage(page);
    await page.getByRole('button', { name: s['progress.reset'] }).click();
    const dialog = page.getByRole('dialog', { name: s['progress.reset.title'] });
    await expect(dialog).toBeVisible();
    const items = dialog.getByRole('listitem');
    await expect(items).toHaveCount(2);
    const pingPong = await title('channels/ping-pong', locale);
    const workers = await title('goroutines/wait-for-workers', locale);
    const list = locale === 'en' ? ', ' : '、';
    await expect(items.nth(0)).toHaveText(
      s['progress.reset.edits'].replace('{labs}', `${pingPong}${list}${workers}`),
    );
    await expect(items.nth(1)).toHaveText(s['progress.reset.progress'].replace('{labs}', pingPong));
    const scan = await new AxeBuilder({ page }).include('[data-gcl-reset-dialog]').analyze();
    expect(scan.violations).toEqual([]);
    await dialog.getByRole('button', { name: s['progress.cancel'] }).click();
    await expect(dialog).toBeHidden();
    expect(await storage(page)).toEqual(before);

    await page.getByRole('button', { name: s['progress.reset'] }).click();
    await dialog.getByRole('button', { name: s['progress.reset.confirm'] }).click();
    await expect(page.locator('[data-gcl-progress-message]')).toHaveText(s['progress.reset.done']);
    // The runner choice is all that is left.
    expect(await storage(page)).toEqual({ 'gcl:runner:v1': '"worker"' });
    await expect(page.locator('tr[data-state="none"]')).toHaveCount(LAB_COUNT);
    await expect(page.locator('#starlight__sidebar .gcl-done')).toHaveCount(0);
  });

  test(`${locale}: Export then Import gives back the same progress; a bad file changes nothing`, async ({
    page,
  }, testInfo) => {
    await page.goto(`${prefix}/progress/`);
    await seed(page);
    await page.reload();
    const before = await storage(page);

    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: s['progress.export'] }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^go-concurrency-labs-progress-\d{4}-\d\d-\d\d\.json$/);
    const file = testInfo.outputPath(download.suggestedFilename());
    await download.saveAs(file);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({
      format: 'go-concurrency-labs/progress',
      version: 1,
    });

    await page.getByRole('button', { name: s['progress.reset'] }).click();
    await page.getByRole('dialog').getByRole('button', { name: s['progress.reset.confirm'] }).click();
    await expect(page.locator('tr[data-state="none"]')).toHaveCount(LAB_COUNT);

    const choose = async (files: string | { name: string; mimeType: string; buffer: Buffer }) => {
      const chooser = page.waitForEvent('filechooser');
      await page.getByRole('button', { name: s['progress.import'] }).click();
      await (await chooser).setFiles(files);
    };
    await choose(file);
    // The import's own message, not "Reading <file>…" nor the export's (both name the file too: waiting
    // on the name alone read storage before the import wrote it).
    const template = s['progress.imported'];
    const imported = template
      .slice(0, template.indexOf('{edits}'))
      .replace('{file}', download.suggestedFilename());
    await expect(page.locator('[data-gcl-progress-message]')).toContainText(imported);
    expect(await storage(page)).toEqual(before);
    await expect(page.locator('tr[data-lab-id="channels/ping-pong"]')).toHaveAttribute(
      'data-state',
      'passed',
    );
    await expect(
      sidebarLink(page, prefix, 'concurrency/unbuffered-channels').locator('.gcl-done'),
    ).toHaveCount(1);

    // A file of the right format with one value of the wrong kind: named, and nothing changes.
    const bad = JSON.parse(await readFile(file, 'utf8')) as {
      labs: Record<string, { progress?: { passed: unknown } }>;
    };
    bad.labs['channels/ping-pong']!.progress!.passed = 'yes';
    await page.evaluate(() => localStorage.removeItem('gcl:runner:v1'));
    const held = await storage(page);
    await choose({
      name: 'edited.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(bad)),
    });
    await expect(page.locator('[data-gcl-progress-message]')).toHaveText(
      s['progress.error']
        .replace('{file}', 'edited.json')
        .replace(
          '{problem}',
          s['progress.error.wrong-value'].replace('{field}', 'labs.channels/ping-pong.progress.passed'),
        ),
    );
    expect(await storage(page)).toEqual(held);
  });

  test(`${locale}: a browser that refuses storage is told so, and Import and Reset all are off`, async ({
    page,
  }) => {
    await page.addInitScript(() => {
      Object.defineProperty(window, 'localStorage', {
        get() {
          throw new DOMException('denied', 'SecurityError');
        },
      });
    });
    await page.goto(`${prefix}/progress/`);
    await expect(page.getByText(s['progress.storageOff'])).toBeVisible();
    await expect(page.getByRole('button', { name: s['progress.import'] })).toBeDisabled();
    await expect(page.getByRole('button', { name: s['progress.reset'] })).toBeDisabled();
    await expect(page.locator('tr[data-state="none"]')).toHaveCount(LAB_COUNT);
  });
}
