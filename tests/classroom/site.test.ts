/**
 * The classroom server's other duties: serving the built site with the headers every other host
 * sends (read from public/_headers), knowing when dist/ must be rebuilt, and listing the addresses
 * students can reach.
 */
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { joinUrl, lanAddresses } from '../../src/classroom/network.ts';
import { staleReason } from '../../src/classroom/site-build.ts';
import { headersFor, parseHeadersFile, readHeadersFile } from '../../src/classroom/site-headers.ts';
import { startClassroom, tempDir, type Running } from './helpers.ts';

let temp: ReturnType<typeof tempDir>;
beforeEach(() => {
  temp = tempDir();
});
afterEach(() => temp.remove());

describe('serving the site', () => {
  let server: Running;
  beforeEach(async () => {
    const site = path.join(temp.dir, 'dist');
    mkdirSync(path.join(site, '_astro'), { recursive: true });
    mkdirSync(path.join(site, 'concurrency', 'goroutines'), { recursive: true });
    writeFileSync(path.join(site, 'index.html'), '<!doctype html><title>home</title>');
    writeFileSync(path.join(site, '404.html'), '<!doctype html><title>not found</title>');
    writeFileSync(
      path.join(site, 'concurrency', 'goroutines', 'index.html'),
      '<!doctype html><title>lesson</title>',
    );
    writeFileSync(path.join(site, '_astro', 'app.abc123.js'), 'export {};');
    server = await startClassroom(path.join(temp.dir, 'room.db'), { siteDir: site });
  });
  afterEach(() => server.close());

  it('sends COOP, COEP and CORP on pages, assets, the API and 404s, as public/_headers says', async () => {
    const { url } = server;
    for (const route of [
      '/',
      '/concurrency/goroutines/',
      '/_astro/app.abc123.js',
      '/api/classroom',
      '/missing/',
    ]) {
      const response = await fetch(`${url}${route}`);
      expect(response.headers.get('cross-origin-opener-policy'), route).toBe('same-origin');
      expect(response.headers.get('cross-origin-embedder-policy'), route).toBe('require-corp');
      expect(response.headers.get('cross-origin-resource-policy'), route).toBe('same-origin');
    }
  });

  it('caches fingerprinted assets for a year and never the API', async () => {
    const asset = await fetch(`${server.url}/_astro/app.abc123.js`);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const page = await fetch(`${server.url}/`);
    expect(page.headers.get('cache-control')).toBeNull();
    expect(await page.text()).toContain('<title>home</title>');
    expect((await fetch(`${server.url}/api/classroom`)).headers.get('cache-control')).toBe('no-store');
  });

  it("redirects a page without its slash and answers a missing page with the site's 404", async () => {
    const redirect = await fetch(`${server.url}/concurrency/goroutines`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/concurrency/goroutines/');
    const missing = await fetch(`${server.url}/no/such/page/`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('<title>not found</title>');
  });
});

describe('public/_headers', () => {
  it('is parsed into the rules other hosts apply', () => {
    const rules = readHeadersFile('public/_headers');
    expect(headersFor(rules, '/concurrency/')).toMatchObject({
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    });
    expect(headersFor(rules, '/concurrency/')['Cache-Control']).toBeUndefined();
    expect(headersFor(rules, '/_astro/x.js')['Cache-Control']).toBe('public, max-age=31536000, immutable');
  });

  it('names the line of a header with no path above it', () => {
    expect(() => parseHeadersFile('# c\n  X-A: b\n')).toThrow(
      '_headers line 2: expected "Name: value" under a path',
    );
  });
});

describe('rebuilding the site', () => {
  const write = (file: string, seconds: number) => {
    const full = path.join(temp.dir, file);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, file);
    utimesSync(full, seconds, seconds);
  };

  it('builds when dist/ is missing, or older than a source, and not otherwise', () => {
    write('src/a.ts', 1000);
    write('labs/x/y/lab.json', 1000);
    expect(staleReason(temp.dir)).toBe('dist/ has no build');
    write('dist/index.html', 2000);
    expect(staleReason(temp.dir)).toBeUndefined();
    write('labs/x/y/lab.json', 3000);
    expect(staleReason(temp.dir)).toBe('the sources changed since dist/ was built');
  });

  it('ignores public/_lab/, which build:pkgs and the tests rewrite', () => {
    write('src/a.ts', 1000);
    write('dist/index.html', 2000);
    write('public/_lab/pkgs/manifest.json', 3000);
    expect(staleReason(temp.dir)).toBeUndefined();
  });
});

describe('student URLs', () => {
  it('lists each non-internal IPv4 address, not loopback or IPv6', () => {
    const info = (address: string, family: 'IPv4' | 'IPv6', internal: boolean) => ({
      address,
      family,
      internal,
      netmask: '',
      mac: '',
      cidr: null,
      ...(family === 'IPv6' ? { scopeid: 0 } : {}),
    });
    const addresses = lanAddresses({
      lo: [info('127.0.0.1', 'IPv4', true)],
      wlan0: [info('192.168.1.20', 'IPv4', false), info('fe80::1', 'IPv6', false)],
      eth0: [info('10.0.0.5', 'IPv4', false)],
    } as Parameters<typeof lanAddresses>[0]);
    expect(addresses).toEqual([
      { name: 'wlan0', address: '192.168.1.20' },
      { name: 'eth0', address: '10.0.0.5' },
    ]);
    expect(joinUrl('192.168.1.20', 4500, 'K7QX4M')).toBe('http://192.168.1.20:4500/?room=K7QX4M');
  });
});
