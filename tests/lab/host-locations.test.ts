/**
 * Where a stack frame is in the mounted tree, whatever the runner names it by: a `file:` URL (Node),
 * an absolute path (Node's loader messages), an `https:` URL (a runner serving its modules), and
 * nothing outside the tree's folder; and on to the learner's source through the learner map.
 */
import { describe, expect, it } from 'vitest';
import type { LearnerMap } from '../../src/lab/learner-map.ts';
import { createLocationMapper, fileLocator, treePath } from '../../src/lab/host/locations.ts';

describe('treePath', () => {
  it.each([
    ['file:///tmp/lab-run-1/', 'file:///tmp/lab-run-1/main.js', 'main.js'],
    ['file:///tmp/lab-run-1/', '/tmp/lab-run-1/lib/util.js', 'lib/util.js'],
    ['file:///tmp/lab%20run/', 'file:///tmp/lab%20run/main.js', 'main.js'],
    ['https://abc.example/home/lab/', 'https://abc.example/home/lab/main.js', 'main.js'],
    ['file:///tmp/lab-run-1/', 'file:///tmp/other/main.js', undefined],
    ['file:///tmp/lab-run-1/', 'node:internal/modules/run_main', undefined],
    ['https://abc.example/home/lab/', 'https://other.example/home/lab/main.js', undefined],
  ])('under %s, %s is %s', (root, location, expected) => {
    expect(treePath(root, location)).toBe(expected);
  });
});

describe('createLocationMapper', () => {
  const map: LearnerMap = {
    files: { 'main.js': { source: 'main.ts', columns: [[0, 0, 6, 14]], imports: [] } },
    packages: [],
  };
  const mapLocation = createLocationMapper(map, fileLocator('file:///tmp/lab-run-1/'));

  it("maps a learner frame to its source file and column, and any other frame to null (the runtime's, the host's)", () => {
    expect(mapLocation('file:///tmp/lab-run-1/main.js', 1, 9)).toEqual({
      file: 'main.ts',
      line: 1,
      column: 17,
    });
    expect(mapLocation('file:///tmp/lab-run-1/main.js?run=2', 1, 1)).toEqual({
      file: 'main.ts',
      line: 1,
      column: 1,
    });
    expect(mapLocation('file:///tmp/lab-run-1/node_modules/gort/index.js', 3, 1)).toBeNull();
    expect(mapLocation('file:///tmp/lab-run-1/__lab_host.mjs', 3, 1)).toBeNull();
    expect(mapLocation('node:internal/process/task_queues', 95, 5)).toBeNull();
  });
});
