/**
 * How an end-to-end test decides the WebContainer's fate instead of racing it: a Playwright route
 * the test owns on StackBlitz's hosts (the only hosts `@webcontainer/api` loads its engine from).
 *
 * - `blockWebContainer`: every request to those hosts fails at once, as behind a firewall, offline
 *   or with a blocking extension (the runner then gives up without waiting out its boot limit).
 * - `holdWebContainer`: every request hangs until the test calls the returned `fail()`, as on a
 *   network that neither answers nor refuses (only the boot time limit can end the wait).
 *
 * A real boot cannot happen here (no internet); a WebContainer that becomes ready is the unit tests'
 * business (tests/lab/browser-webcontainer.test.ts injects the boot function).
 */
import type { Page, Route } from '@playwright/test';

/** StackBlitz's hosts: the headless editor page and whatever it would load. */
export const WEBCONTAINER_HOSTS =
  /^https:\/\/(?:[\w-]+\.)*(?:stackblitz\.com|stackblitz\.io|staticblitz\.com|webcontainer\.io|webcontainer-api\.io)\//;

export async function blockWebContainer(page: Page): Promise<void> {
  await page.route(WEBCONTAINER_HOSTS, (route) => route.abort('internetdisconnected'));
}

export async function holdWebContainer(page: Page): Promise<{ fail(): Promise<void> }> {
  const held: Route[] = [];
  let failed = false;
  await page.route(WEBCONTAINER_HOSTS, async (route) => {
    if (failed) await route.abort('internetdisconnected');
    else held.push(route);
  });
  return {
    async fail() {
      failed = true;
      await Promise.all(held.splice(0).map((route) => route.abort('internetdisconnected')));
    },
  };
}
