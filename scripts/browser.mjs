// Which Chromium the end-to-end tests drive: PLAYWRIGHT_CHROMIUM_EXECUTABLE if set, else Playwright's
// own browser when it is installed, else a system Chromium. Shared by playwright.config.ts and
// scripts/ensure-browser.mjs so both always agree.
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

const SYSTEM_CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** @returns {{ executablePath: string | undefined, source: 'env' | 'playwright' | 'system' } | null} */
export function findBrowser() {
  const fromEnv = process.env['PLAYWRIGHT_CHROMIUM_EXECUTABLE'];
  if (fromEnv) return existsSync(fromEnv) ? { executablePath: fromEnv, source: 'env' } : null;
  let own;
  try {
    own = chromium.executablePath();
  } catch {
    own = '';
  }
  if (own && existsSync(own)) return { executablePath: undefined, source: 'playwright' };
  const system = SYSTEM_CHROMIUMS.find((p) => existsSync(p));
  return system ? { executablePath: system, source: 'system' } : null;
}

/** Flags that keep a headless Chromium quiet on a machine with no outside network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
