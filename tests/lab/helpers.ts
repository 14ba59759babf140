/**
 * Shared setup of the tests that run programs: the lab packages built fresh in memory from the
 * current sources (each test file its own build; declarations are skipped, the runners do not mount
 * them). Nothing is written, so test files running in parallel never share an output folder.
 */
import { beforeAll } from 'vitest';
import { buildLabPackages } from '../../scripts/build-lab-packages.mjs';
import type { BuiltPackages } from '../../src/lab/load.ts';

/** The runtime files of the lab packages and the host, built from the current sources. */
export async function buildPackagesInMemory(): Promise<BuiltPackages> {
  return (await buildLabPackages({ types: false, write: false, log: () => {} })).loaded;
}

/** Builds the packages once for the calling test file; read `.current` inside tests. */
export function useBuiltPackages(): { current: BuiltPackages } {
  const holder = {} as { current: BuiltPackages };
  beforeAll(async () => {
    holder.current = await buildPackagesInMemory();
  });
  return holder;
}
