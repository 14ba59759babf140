/**
 * A classroom session end to end against the real `npm run classroom` (issue 22): the command runs
 * as a child process on the e2e build's dist/ (`--no-build`) with a temporary `--db`; one instructor
 * and two student browser contexts. Students join from the printed link, check a lab, and the
 * dashboard follows live; a released solution reaches the students; the server is killed and
 * started again on the same file mid-session, and nothing is lost: the dashboard's stream resumes,
 * the students stay joined and a check after the restart arrives. Also projector mode on a lab page
 * of the static build. Every wait is for the DOM, never a fixed time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { sayer } from '../../src/classroom/ui/strings.ts';
import { labStrings } from '../../src/lab/ui/i18n.ts';
import { FIXTURES, LESSONS, startLab, useSolution } from './lab-helpers.ts';

const PORT = Number(process.env['E2E_CLASSROOM_PORT'] ?? 4467);
const BASE = `http://127.0.0.1:${PORT}`;
const LAB = LESSONS.goroutines.lab;
const say = sayer('en');
const s = labStrings('en');

let temp = '';
let child: ChildProcess | undefined;

/** Starts `npm run classroom`'s script and resolves with the room code and key its banner prints. */
function startServer(db: string): Promise<{ code: string; key: string }> {
  const started = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'scripts/classroom.ts',
      '--no-build',
      '--host',
      '127.0.0.1',
      '--port',
      String(PORT),
      '--db',
      db,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child = started;
  return new Promise((resolve, reject) => {
    let output = '';
    started.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const code = /Room code:\s+([A-Z0-9]{6})/u.exec(output)?.[1];
      const key = /Instructor key:\s+(k_\S+)/u.exec(output)?.[1];
      if (code !== undefined && key !== undefined) resolve({ code, key });
    });
    started.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    started.on('exit', (status) =>
      reject(new Error(`classroom exited (${status}) before its banner:\n${output}`)),
    );
  });
}

async function killServer(): Promise<void> {
  const running = child;
  if (!running || running.exitCode !== null) return;
  const exited = new Promise((resolve) => running.once('exit', resolve));
  running.kill('SIGKILL'); // no graceful close: what was answered must already be on disk
  await exited;
}

test.afterEach(async () => {
  await killServer();
  if (temp) rmSync(temp, { recursive: true, force: true });
});

async function student(browser: Browser, code: string, name: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${BASE}${LESSONS.goroutines.path}?room=${code}`);
  const panel = page.locator('[data-gcl-classroom]');
  await expect(panel.getByLabel(say('room.code'))).toHaveValue(code);
  await panel.getByLabel(say('room.name')).fill(name);
  await panel.getByRole('button', { name: say('room.join') }).press('Enter');
  await expect(panel).toContainText(say('room.joined', { code, name }));
  return page;
}

async function check(page: Page, solve: boolean): Promise<void> {
  const lab = page.locator(`[data-gcl-lab][data-lab-id="${LAB}"]`);
  if ((await lab.getAttribute('data-gcl-state')) !== 'started') await startLab(page, LAB);
  if (solve) await useSolution(lab);
  await lab.getByRole('button', { name: s['lab.check'], exact: true }).click();
  await expect(lab.locator('[data-gcl-report]')).toHaveAttribute('data-passed', String(solve));
  await expect(lab.locator('[data-gcl-classroom-share-status]')).toHaveText(say('room.sent'));
}

test('a classroom session: join, check, the dashboard follows, a released solution, a restart loses nothing', async ({
  browser,
}) => {
  test.slow();
  temp = mkdtempSync(path.join(tmpdir(), 'gcl-classroom-e2e-'));
  const db = path.join(temp, 'room.db');
  const { code, key } = await startServer(db);

  const teacher = await (await browser.newContext()).newPage();
  await teacher.goto(`${BASE}/teach/classroom/`);
  await teacher.getByLabel(say('dash.key')).fill(key);
  await teacher.getByRole('button', { name: say('dash.open') }).click();
  await expect(teacher.getByRole('heading', { name: say('dash.room', { code, students: 0 }) })).toBeVisible();
  const { violations } = await new AxeBuilder({ page: teacher }).include('[data-gcl-dashboard]').analyze();
  expect(violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  const ada = await student(browser, code, 'Ada');
  const bob = await student(browser, code, 'Bob');
  await expect(teacher.getByRole('heading', { name: say('dash.room', { code, students: 2 }) })).toBeVisible();

  const cell = (name: string) => teacher.locator(`tr[data-student="${name}"] td[data-lab="${LAB}"]`);
  await check(ada, true);
  await expect(cell('Ada')).toHaveAttribute('data-state', 'passed');
  await check(bob, false);
  await expect(cell('Bob')).toHaveAttribute('data-state', 'failing');
  await expect(cell('Ada')).toContainText('attempts: 1');
  await expect(teacher.locator(`[data-gcl-dashboard-failing] dd[data-lab="${LAB}"]`).first()).toContainText(
    '(failed by 1)',
  );

  // Bob shares his code: the only path code takes; the instructor opens it.
  await bob.getByRole('button', { name: say('room.share') }).click();
  await expect(bob.locator('[data-gcl-classroom-share-status]')).toHaveText(say('room.shared'));
  const shared = teacher.locator('[data-gcl-dashboard-shares] details');
  await expect(shared).toHaveCount(1);
  await shared.locator('summary').click();
  await expect(shared.locator('pre')).toContainText('main(');

  await teacher.locator(`button[data-release="solution"][data-lab="${LAB}"]`).click();
  for (const page of [ada, bob]) {
    const notice = page.locator('[data-gcl-release="solution"]');
    await expect(notice).toContainText('Your instructor released the solution of');
    await expect(notice.getByRole('link', { name: say('room.open') })).toHaveAttribute(
      'href',
      /^\/concurrency\/goroutines\/#gcl-lab-/u,
    );
  }
  await expect(teacher.locator(`[data-released="solution"]`)).toHaveCount(1);

  // The server dies and comes back on the same file and port.
  await killServer();
  await expect(teacher.locator('[data-gcl-dashboard-connection]')).toHaveText(say('dash.reconnecting'));
  const again = await startServer(db);
  expect(again).toEqual({ code, key });
  await expect(teacher.locator('[data-gcl-dashboard-connection]')).toHaveText(say('dash.live'));

  // Bob, still joined, passes after the restart; the open dashboard sees it through the resumed stream.
  await check(bob, true);
  await expect(cell('Bob')).toHaveAttribute('data-state', 'passed');
  // A fresh load shows the whole session: both students, both cells, the release, the share.
  await teacher.reload();
  await expect(cell('Ada')).toHaveAttribute('data-state', 'passed');
  await expect(cell('Bob')).toHaveAttribute('data-state', 'passed');
  await expect(teacher.locator('[data-gcl-dashboard-shares] details')).toHaveCount(1);
  // Ada reloads: still in the room, the release still shown.
  await ada.reload();
  await expect(ada.locator('[data-gcl-classroom]')).toContainText(say('room.joined', { code, name: 'Ada' }));
  await expect(ada.locator('[data-gcl-release="solution"]')).toHaveCount(1);

  // The Chinese dashboard, axe clean with the live grid.
  await teacher.goto(`${BASE}/zh-cn/teach/classroom/`);
  const zh = sayer('zh-cn');
  await expect(teacher.getByRole('heading', { name: zh('dash.room', { code, students: 2 }) })).toBeVisible();
  const zhAxe = await new AxeBuilder({ page: teacher }).include('[data-gcl-dashboard]').analyze();
  expect(zhAxe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});

test('a static host: no classroom request, no join form', async ({ page }) => {
  const requests: string[] = [];
  page.on('request', (request) => requests.push(new URL(request.url()).pathname));
  await page.goto(`${LESSONS.goroutines.path}?room=ABC123`);
  await startLab(page, LESSONS.goroutines.lab);
  // The probe asked (the link carries ?room=), the static host said 404, and nothing else loaded.
  expect(requests.filter((p) => p.startsWith('/api/'))).toEqual(['/api/classroom']);
  await expect(page.locator('[data-gcl-classroom]')).toHaveCount(0);
  const plain = await page.context().newPage();
  const plainRequests: string[] = [];
  plain.on('request', (request) => plainRequests.push(new URL(request.url()).pathname));
  await plain.goto(LESSONS.goroutines.path);
  await plain.waitForLoadState('load');
  expect(plainRequests.filter((p) => p.startsWith('/api/'))).toEqual([]);
});

test('projector mode: side by side, large type, kept across reloads, usable at 200% zoom', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(FIXTURES.workers.path);
  let lab = await startLab(page, FIXTURES.workers.lab);
  const toggle = lab.getByRole('button', { name: s['lab.projector'] });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await toggle.press('Enter');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  const app = lab.locator('[data-gcl-app]');
  const box = async (selector: string) => (await app.locator(selector).first().boundingBox())!;
  const code = await box('.gcl-lab__code');
  const output = await box('.gcl-lab__output');
  expect(output.x).toBeGreaterThanOrEqual(code.x + code.width); // side by side
  expect(code.width).toBeGreaterThan(500);
  await expect(app.locator('.monaco-editor .view-line').first()).toHaveCSS('font-size', '22px');
  // High contrast throughout: Monaco's own high-contrast theme and a white-on-black terminal, and
  // long lines wrapped rather than cut off at the half-screen's edge.
  await expect(app.locator('.monaco-editor').first()).toHaveClass(/\bhc-black\b/);
  await expect(app.locator('.xterm-viewport').first()).toHaveCSS('background-color', 'rgb(0, 0, 0)');
  const editorWidth = (await box('.monaco-editor')).width;
  const widest = await app
    .locator('.monaco-editor .view-line')
    .evaluateAll((lines) => Math.max(...lines.map((l) => l.getBoundingClientRect().right)));
  expect(widest).toBeLessThanOrEqual((await box('.monaco-editor')).x + editorWidth + 1);

  await page.reload();
  lab = await startLab(page, FIXTURES.workers.lab);
  await expect(lab.getByRole('button', { name: s['lab.projector'] })).toHaveAttribute('aria-pressed', 'true');

  // 200% zoom on a 1280-pixel screen: a 640-pixel layout viewport. One column; every control reachable.
  await page.setViewportSize({ width: 640, height: 400 });
  const narrowCode = await box('.gcl-lab__code');
  const narrowOutput = await box('.gcl-lab__output');
  expect(narrowOutput.y).toBeGreaterThanOrEqual(narrowCode.y + narrowCode.height - 1);
  expect(narrowCode.width).toBeLessThanOrEqual(640);
  const check = lab.getByRole('button', { name: s['lab.check'], exact: true });
  await check.scrollIntoViewIfNeeded();
  await expect(check).toBeInViewport();
  await lab.locator('.gcl-lab__output').scrollIntoViewIfNeeded();
  await expect(lab.locator('.gcl-lab__output')).toBeInViewport();

  await lab.getByRole('button', { name: s['lab.projector'] }).click();
  await expect(app).not.toHaveAttribute('data-gcl-projector');
  await expect(app.locator('.monaco-editor').first()).not.toHaveClass(/\bhc-black\b/);
  await expect(page.locator('html')).not.toHaveAttribute('data-gcl-projector');
  expect(await page.evaluate(() => localStorage.getItem('gcl:lab:projector:v1'))).toBeNull();
});
