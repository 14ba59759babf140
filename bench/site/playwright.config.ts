/** The site measurements reuse the e2e set-up (built site, astro preview, Chromium), one at a time. */
import { defineConfig } from '@playwright/test';
import base from '../../playwright.config.ts';

const webServer = Array.isArray(base.webServer) ? base.webServer[0] : base.webServer;

export default defineConfig({
  ...base,
  testDir: '.',
  // The production build: no e2e fixture pages to require.
  globalSetup: [],
  fullyParallel: false,
  workers: 1,
  // astro preview must run from the project root, where dist/ is.
  ...(webServer ? { webServer: { ...webServer, cwd: '../..' } } : {}),
});
