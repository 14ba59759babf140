/**
 * A service lab in the fallback sandbox: the program's `users` service listens on the in-memory
 * transport, the request panel reaches it over HTTP (and no iframe preview opens: there is no URL to
 * frame), and Check calls it.
 */
import { expect, test } from '@playwright/test';
import { FIXTURES, startLab, status, useSolution } from './lab-helpers.ts';

const { path, lab: id } = FIXTURES.service;

test('the users service answers HTTP in the sandbox, through the request panel and the check', async ({
  page,
}) => {
  // Start, Run, a request and a Check: more than the default minute when the machine is loaded.
  test.slow();
  await page.goto(path);
  const lab = await startLab(page, id);
  await useSolution(lab);
  await lab.getByRole('button', { name: 'Run' }).click();
  // The request form lives in the output's Requests tab, which appears once the lab has a service.
  const requestsTab = lab.getByRole('tab', { name: 'Requests' });
  await expect(requestsTab).toBeVisible();
  await requestsTab.click();
  const services = lab.locator('[data-gcl-services]');
  await expect(services).toContainText('Service users is listening at');
  await services.getByLabel('Path').fill('/users/2');
  await services.getByRole('button', { name: 'Send GET' }).click();
  const response = services.locator('[data-gcl-response]');
  await expect(response).toContainText('200');
  await expect(response).toContainText('Grace');
  // The sandbox's services live in memory: no URL a frame could load, so no preview opens.
  await expect(lab.locator('[data-gcl-preview]')).toBeHidden();
  await expect(lab.locator('[data-gcl-preview-frame]')).toHaveCount(0);
  await lab.getByRole('button', { name: 'Stop' }).click();
  await expect(status(lab)).toHaveText('Stopped.');

  await lab.getByRole('button', { name: 'Check' }).click();
  const report = lab.locator('[data-gcl-report]');
  await expect(report).toHaveAttribute('data-passed', 'true');
});
