// Makes sure the end-to-end tests have a Chromium: Playwright's own, else a system one; where neither
// exists, installs Playwright's Chromium, and if that fails says in one line how to point at a browser.
import { spawnSync } from 'node:child_process';
import { findBrowser } from './browser.mjs';

let found = findBrowser();
if (!found) {
  console.log("e2e: no Chromium found; installing Playwright's Chromium (npx playwright install chromium)");
  const r = spawnSync('npx', ['playwright', 'install', 'chromium'], {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  found = r.status === 0 ? findBrowser() : null;
}
if (!found) {
  console.error(
    'e2e: no browser: install one (e.g. `apt-get install chromium`) or set PLAYWRIGHT_CHROMIUM_EXECUTABLE=/path/to/chromium and rerun.',
  );
  process.exit(1);
}
console.log(
  `e2e: using ${found.source} Chromium${found.executablePath ? ` at ${found.executablePath}` : ''}`,
);
