/**
 * The runner contract (tests/lab/runner-contract.ts) against the Node runner and the WebContainer
 * runner, the latter over the node-backed container fake (tests/lab/webcontainer-fake.ts). The
 * sandboxed worker passes the same table in real Chromium (tests/e2e/runner-worker.spec.ts).
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { LabRunner } from '../../src/lab/runner.ts';
import { NodeRunner } from '../../src/lab/runners/node.ts';
import { createWebContainerRunner } from '../../src/lab/runners/webcontainer.ts';
import { CONTRACT, CONTRACT_OUTPUT_LIMIT, observe, prepareCase } from './runner-contract.ts';
import { driveRunner } from './runner-contract-drive.ts';
import { useBuiltPackages } from './helpers.ts';
import { nodeBackedBoot } from './webcontainer-fake.ts';

const pkgs = useBuiltPackages();
const { boot, container } = nodeBackedBoot();

const runners: Array<[string, () => LabRunner]> = [
  ['the Node runner', () => new NodeRunner({ outputLimit: CONTRACT_OUTPUT_LIMIT })],
  [
    'the WebContainer runner',
    () =>
      createWebContainerRunner({
        boot,
        outputLimit: CONTRACT_OUTPUT_LIMIT,
        isolated: () => true,
        supported: () => true,
        online: () => true,
        reachable: () => Promise.resolve(true),
      }),
  ],
];

afterAll(() => container.dispose());

describe.each(runners)('%s keeps the runner contract', (_name, make) => {
  it.each(CONTRACT.map((c) => [c.name, c] as const))('%s', async (_case, c) => {
    const runner = make();
    await runner.ready();
    try {
      const run = await driveRunner(runner, prepareCase(c, pkgs.current), c.act);
      expect(observe(c, run), run.output).toEqual(c.expected);
    } finally {
      runner.dispose();
    }
  });
});
