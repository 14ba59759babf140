/**
 * How an end-to-end test decides the WebContainer's fate instead of racing it: a Playwright route
 * the test owns on StackBlitz's hosts (the only hosts `@webcontainer/api` loads its engine from).
 *
 * - `blockWebContainer`: every request to those hosts fails at once, as behind a firewall, offline
 *   or with a blocking extension (the runner then gives up without waiting out its boot limit).
 * - `holdWebContainer`: every request hangs until the test calls the returned `fail()`, as on a
 *   network that neither answers nor refuses. On a lab page the boot time limit is then the test's
 *   (`bootLimitMs`, 120 s by default, through the engine's `__gclBootTimeoutMs`), so the boot lasts
 *   until the test ends it however slowly the editor loads; a small limit makes the limit end it.
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

/** The boot time limit a lab page uses while the test holds the WebContainer (unless it says). */
export const HELD_BOOT_LIMIT_MS = 120_000;

export async function holdWebContainer(
  page: Page,
  { bootLimitMs = HELD_BOOT_LIMIT_MS }: { bootLimitMs?: number } = {},
): Promise<{ fail(): Promise<void> }> {
  await page.addInitScript((limit) => {
    (globalThis as { __gclBootTimeoutMs?: number }).__gclBootTimeoutMs = limit;
  }, bootLimitMs);
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
