/**
 * Every service lab of the site (labs/ with `"services": true`, found when the spec loads, so a new
 * lesson's lab is covered without editing this file), on its lesson page in the browser's sandbox
 * runner with the WebContainer blocked: its solution passes its check there, so every package and
 * the in-memory network a service lab uses work in the sandbox's worker. That its starter fails the
 * check is a property of the lab's files, held for every lab by the Node runner in
 * tests/lab/labs.test.ts (the browser checked it again for 20–40 s a lab and learned nothing more;
 * a failing report on the page is lab-report.spec.ts's). The WebContainer runner (which cannot boot
 * here) is held to the runners' contract, a running service's requests included, over the container
 * fake in tests/lab/runner-contract.test.ts.
 */
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { loadLabMetas } from '../../src/lab/load.ts';
import { checkOnce, startLab, useSolution } from './lab-helpers.ts';
import { blockWebContainer } from './webcontainer-fate.ts';

const serviceLabs = (await loadLabMetas(fileURLToPath(new URL('../../labs', import.meta.url))))
  .filter(({ meta }) => meta.services)
  .map(({ id, meta }) => ({ id, lesson: meta.lesson }));

test('the site has service labs to check', () => {
  expect(serviceLabs.length).toBeGreaterThan(0);
});

for (const { id, lesson } of serviceLabs) {
  test(`service lab ${id}: in the sandbox, the solution passes its check`, async ({ page }) => {
    // Start and a Check of a service (it starts the service and calls it over the in-memory network).
    test.slow();
    await blockWebContainer(page);
    await page.goto(`/${lesson}/`);
    const lab = await startLab(page, id);
    await useSolution(lab);
    expect(await checkOnce(lab)).toBe('true');
    await expect(lab.locator('[data-gcl-report] li[data-pass="false"]')).toHaveCount(0);
    await expect(lab.locator('[data-gcl-runner]')).toHaveAttribute('data-runner', 'worker');
  });
}
