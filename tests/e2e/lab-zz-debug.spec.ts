import { expect, test } from '@playwright/test';
import { LESSONS, startLab, replaceCode } from './lab-helpers.ts';
test('debug', async ({ page }) => {
  page.on('console', (m) => console.log('CONSOLE', m.type(), m.text()));
  page.on('pageerror', (e) => console.log('PAGEERROR', e.message));
  await page.goto(LESSONS.goroutines.path);
  const lab = await startLab(page, LESSONS.goroutines.lab);
  await replaceCode(page, lab, "import { main } from 'gort';\nmain(async () => {\n  console.log('hello from the lab');\n});\n");
  await lab.evaluate((el) => { (window as any).__ev = []; (el as any).gclLab.store.onTerminal((e: any) => (window as any).__ev.push(e)); });
  await lab.getByRole('button', { name: 'Run' }).click();
  await expect(lab.locator('[data-gcl-status]')).toContainText('exit status', { timeout: 30_000 });
  await page.waitForTimeout(500);
  console.log(await lab.evaluate((el) => {
    const t = el.querySelector('.xterm');
    const rows = el.querySelector('.xterm-rows');
    return JSON.stringify({ xterm: t?.getBoundingClientRect(), rows: rows?.children.length, html: rows?.innerHTML.slice(0, 500), host: el.querySelector('.gcl-lab__terminal')?.getBoundingClientRect(), status: el.querySelector('[data-gcl-status]')?.textContent, code: (el as any).gclLab.store.getState().files['main.ts'] });
  }));
  console.log(JSON.stringify(await page.evaluate(() => (window as any).__ev)));
  await page.waitForTimeout(3000);
  console.log('MARKERS', await page.evaluate(() => JSON.stringify((window as any).__monaco.editor.getModelMarkers({}).map((m: any) => [m.startLineNumber, m.message]))));
  console.log('TERM', await lab.evaluate(async (el) => { const t = (el.querySelector('.gcl-lab__terminal') as any).__term; const b = t.buffer.active; const lines = []; for (let i = 0; i < b.length; i++) lines.push(b.getLine(i)?.translateToString(true)); t.write('direct write\r\n'); await new Promise(r => setTimeout(r, 300)); return JSON.stringify({ lines, rows: t.rows, cols: t.cols, after: el.querySelector('.xterm-rows')?.textContent }); }));
  await lab.screenshot({ path: 'test-results/debug.png' });
});
