import { availableParallelism } from 'node:os';
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findBrowser } from './scripts/browser.mjs';

const browser = findBrowser();
const PORT = Number(process.env['E2E_PORT'] ?? 4399);

export default defineConfig({
  testDir: 'tests/e2e',
  // Stops at once when dist/ was built without the fixture labs' pages.
  globalSetup: './tests/e2e/global-setup.ts',
  fullyParallel: true,
  // One worker per core: each drives a Chromium that loads Monaco, which is CPU-bound.
  workers: availableParallelism(),
  retries: 0,
  // Safety nets, far above what a test takes on a quiet machine (a lab test ~20 s, an assertion well
  // under a second): a test fails on what it checks, never because a busy machine was slow.
  timeout: 180_000,
  expect: { timeout: 60_000 },
  reporter: process.env['CI'] ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    // A failed test keeps its trace (actions, console, network) and a screenshot of the end. No DOM
    // snapshots or screencast frames: recording those for every action of every test (Monaco's DOM is
    // large) cost 40-60% of the suite's CPU time, for tests that pass.
    trace: { mode: 'retain-on-failure', screenshots: false, snapshots: false },
    screenshot: 'only-on-failure',
    launchOptions: {
      args: CHROMIUM_ARGS,
      ...(browser?.executablePath ? { executablePath: browser.executablePath } : {}),
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    // The production build, served by `astro preview` with the same isolation headers as a real host.
    command: `npx astro preview --ignore-lock --host 127.0.0.1 --port ${PORT}`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: !process.env['CI'],
    timeout: 60_000,
  },
});
