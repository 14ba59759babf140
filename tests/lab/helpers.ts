/**
 * Shared setup of the lab tests that run programs: the lab packages built fresh into a temporary
 * folder (each test file its own, so test files running in parallel never share or race on an
 * output folder; declarations are skipped, the runners do not mount them).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { buildLabPackages } from '../../scripts/build-lab-packages.mjs';
import { loadBuiltPackages, type BuiltPackages } from '../../src/lab/load.ts';

/** Builds the packages once for the calling test file; read `.current` inside tests. */
export function useBuiltPackages(): { current: BuiltPackages } {
  const holder = {} as { current: BuiltPackages };
  let dir: string | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lab-test-pkgs-'));
    await buildLabPackages({ outDir: dir, types: false, labs: false, log: () => {} });
    holder.current = await loadBuiltPackages(path.join(dir, 'pkgs'));
  });
  afterAll(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });
  return holder;
}
