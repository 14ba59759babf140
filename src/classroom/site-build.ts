/**
 * Whether the built site (dist/) is older than what it is built from, so `npm run classroom`
 * builds only when needed. The build's age is dist/index.html's modification time (astro build
 * rewrites it on every build); the sources are every file under src/, labs/ and public/ (less
 * public/_lab/, which `npm run build:pkgs` writes and tests rewrite) and the build's config files.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const SITE_SOURCES = ['src', 'labs', 'public', 'astro.config.mjs', 'ec.config.mjs', 'package.json'];
const IGNORED = [path.join('public', '_lab')];

/** The newest modification time (ms) of the files under `entries` (relative to `root`). */
export function newestSource(root: string, entries: readonly string[] = SITE_SOURCES): number {
  let newest = 0;
  const visit = (relative: string) => {
    if (IGNORED.includes(relative)) return;
    const full = path.join(root, relative);
    if (!existsSync(full)) return;
    const stat = statSync(full);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(full)) visit(path.join(relative, entry));
    } else {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  for (const entry of entries) visit(entry);
  return newest;
}

/** Why dist/ must be (re)built, or undefined when it is up to date. */
export function staleReason(root: string, distDir = 'dist'): string | undefined {
  const stamp = path.join(root, distDir, 'index.html');
  if (!existsSync(stamp)) return `${distDir}/ has no build`;
  return newestSource(root) > statSync(stamp).mtimeMs
    ? `the sources changed since ${distDir}/ was built`
    : undefined;
}
