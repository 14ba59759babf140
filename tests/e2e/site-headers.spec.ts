/**
 * Cross-origin isolation, as served and as shipped to static hosts.
 *
 * Lab pages boot a WebContainer only when the page is cross-origin isolated, which takes two response
 * headers on every page and asset. `astro preview` (configured in astro.config.mjs) sends them to the
 * browser here; public/_headers (Netlify, Cloudflare Pages), netlify.toml and vercel.json ship them to
 * hosts. These tests keep the four in step: what the preview sends is what every host config sets.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

/** The headers every response must carry, by lower-case name. */
const ISOLATION = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
  'cross-origin-resource-policy': 'same-origin',
};

/** `_headers` syntax: a path line, then indented `Name: value` lines. Returns the rules for `/*`. */
function headersFileRules(text: string, path: string): Record<string, string> {
  const rules: Record<string, string> = {};
  let current = '';
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      current = line.trim();
      continue;
    }
    const colon = line.indexOf(':');
    if (current === path && colon > 0)
      rules[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return rules;
}

/** netlify.toml: the `[headers.values]` of the `[[headers]]` table whose `for` is `path`. */
function netlifyRules(text: string, path: string): Record<string, string> {
  const rules: Record<string, string> = {};
  for (const table of text.split('[[headers]]').slice(1)) {
    const target = /^\s*for\s*=\s*"([^"]+)"/m.exec(table)?.[1];
    if (target !== path) continue;
    const values = table.split('[headers.values]')[1] ?? '';
    for (const m of values.matchAll(/^\s*([A-Za-z-]+)\s*=\s*"([^"]*)"/gm)) {
      if (m[1] && m[2] !== undefined) rules[m[1].toLowerCase()] = m[2];
    }
  }
  return rules;
}

/** vercel.json: the headers of the rule whose `source` is `source`. */
function vercelRules(text: string, source: string): Record<string, string> {
  const config = JSON.parse(text) as {
    headers: { source: string; headers: { key: string; value: string }[] }[];
  };
  const rule = config.headers.find((h) => h.source === source);
  return Object.fromEntries((rule?.headers ?? []).map((h) => [h.key.toLowerCase(), h.value]));
}

test.describe('cross-origin isolation', () => {
  test('the preview server sends the isolation headers on pages, assets and the search index', async ({
    page,
    request,
  }) => {
    const assets: string[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/_astro/')) assets.push(new URL(r.url()).pathname);
    });
    await page.goto('/');
    await page.waitForLoadState('networkidle');
    expect(assets.length).toBeGreaterThan(0);
    for (const path of ['/', '/zh-cn/how-labs-work/', '/favicon.svg', '/pagefind/pagefind.js', ...assets]) {
      const headers = (await request.get(path)).headers();
      for (const [name, value] of Object.entries(ISOLATION))
        expect(headers[name], `${name} on ${path}`).toBe(value);
    }
  });

  test('makes the pages cross-origin isolated, so a lab can boot a WebContainer', async ({ page }) => {
    await page.goto('/how-labs-work/');
    expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
  });

  test('public/_headers, netlify.toml and vercel.json ship the headers the preview sends', async ({
    request,
  }) => {
    const served = (await request.get('/')).headers();
    const sent = Object.fromEntries(Object.keys(ISOLATION).map((name) => [name, served[name]]));
    const shipped = {
      'public/_headers': headersFileRules(read('public/_headers'), '/*'),
      'netlify.toml': netlifyRules(read('netlify.toml'), '/*'),
      'vercel.json': vercelRules(read('vercel.json'), '/(.*)'),
    };
    for (const [file, rules] of Object.entries(shipped)) {
      for (const [name, value] of Object.entries(sent)) expect(rules[name], `${name} in ${file}`).toBe(value);
    }
  });

  test('every host config caches fingerprinted assets for a year and nothing else', () => {
    const immutable = 'public, max-age=31536000, immutable';
    expect(headersFileRules(read('public/_headers'), '/_astro/*')['cache-control']).toBe(immutable);
    expect(netlifyRules(read('netlify.toml'), '/_astro/*')['cache-control']).toBe(immutable);
    expect(vercelRules(read('vercel.json'), '/_astro/(.*)')['cache-control']).toBe(immutable);
    expect(headersFileRules(read('public/_headers'), '/*')['cache-control']).toBeUndefined();
  });
});
