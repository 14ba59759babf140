/**
 * The Export button of a service lab, in both languages, in the sandbox runner: on the users lab,
 * with the learner's code renaming the service to `people`, pressing Export with the keyboard runs
 * that code and downloads a .zip whose Kubernetes manifests name `people` (the current code, not
 * the starter or the solution); the terminal says the run ends once the services only serve, and it
 * ends with status 0; the status line says what was downloaded, and axe finds nothing.
 * A lab without services has no Export button.
 */
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { FIXTURES, labOn, replaceCode, startLab, status, terminal } from './lab-helpers.ts';
import { blockWebContainer } from './webcontainer-fate.ts';

const SOLUTION = readFileSync('tests/fixtures/labs/good/e2e/users/solution/main.ts', 'utf8');
const RENAMED = SOLUTION.replace("{ name: 'users' }", "{ name: 'people' }");

const CASES = [
  {
    lang: 'en',
    prefix: '',
    start: 'Start lab',
    button: /^Export to Kubernetes/,
    done: /^Downloaded e2e-users-export\.zip: 5 files for people\./,
    note: '[export: your code runs until its services are set up and only wait for requests, then it stops]',
    exit: '[exit status 0]',
  },
  {
    lang: 'zh-cn',
    prefix: '/zh-cn',
    start: '开始实验',
    button: /^导出到 Kubernetes/,
    done: /^已下载 e2e-users-export\.zip：people 的 5 个文件。/,
    note: '[导出：你的代码运行到各个服务都已启动、只在等待请求时为止，然后停止]',
    exit: '[退出状态 0]',
  },
] as const;

for (const c of CASES) {
  test(`Export downloads the services of the code as it is now (${c.lang})`, async ({ page }) => {
    test.slow();
    expect(RENAMED).not.toBe(SOLUTION);
    await blockWebContainer(page);
    await page.goto(`${c.prefix}${FIXTURES.service.path}`);
    const lab = await startLab(page, FIXTURES.service.lab, c.start);
    await replaceCode(page, lab, RENAMED);

    const button = lab.getByRole('button', { name: c.button });
    await expect(button).toBeVisible();
    // Its name does not contain the Run button's, so “Run” (voice control, getByRole) means one button.
    await expect(lab.getByRole('button', { name: c.lang === 'en' ? 'Run' : '运行' })).toHaveCount(1);
    await button.focus();
    const download = page.waitForEvent('download', { timeout: 90_000 });
    await page.keyboard.press('Enter');
    const file = await download;
    expect(file.suggestedFilename()).toBe('e2e-users-export.zip');
    // A store-only zip: each file's text is in the archive as it is.
    const bytes = readFileSync(await file.path());
    const text = bytes.toString('utf8');
    expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    for (const name of [
      'kubernetes/services.yaml',
      'istio/policy.yaml',
      'envoy/front-proxy.json',
      'prometheus/prometheus.yml',
      'README.md',
    ])
      expect(text).toContain(name);
    expect(text).toMatch(/kind: Deployment\nmetadata:\n {2}name: people\n/);
    expect(text).not.toMatch(/name: users\n/);
    await expect(status(lab)).toHaveText(c.done);
    await expect(button).toBeEnabled();
    // The run said what it does, and ended by itself once the service only served (not at its limit).
    await expect(terminal(lab)).toContainText(c.note);
    await expect(terminal(lab)).toContainText(c.exit);

    const { violations } = await new AxeBuilder({ page }).include('[data-gcl-app]').analyze();
    expect(violations).toEqual([]);
  });
}

test('a lab without services has no Export button', async ({ page }) => {
  await blockWebContainer(page);
  await page.goto(FIXTURES.workers.path);
  const lab = await startLab(page, FIXTURES.workers.lab);
  await expect(lab.getByRole('button', { name: 'Run', exact: true })).toBeVisible();
  await expect(labOn(page, FIXTURES.workers.lab).locator('[data-gcl-export]')).toHaveCount(0);
});
