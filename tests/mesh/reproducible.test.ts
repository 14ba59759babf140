/**
 * One clock and one random source (issue 10): a service program on gort's virtual clock runs an
 * hour of traffic through three replicas (programs/hour-of-traffic.ts: every random choice of the
 * mesh and every kind of mesh timer in play) in well under a second of real time, and two runs
 * with the same seed print the same output, byte for byte — in this process, and through the lab
 * host in the Node runner both on its own default network and with the worker runner's
 * `--net=memory`. (The mesh used to keep its own wall-clock timers and Math.random: a lab on the
 * virtual clock mixed two clocks and printed something different every run.)
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runProgram } from 'gort/testing';
import { parseLabMeta, type Lab } from '../../src/lab/schema.ts';
import { runLab } from '../../src/lab/runners/node.ts';
import { useBuiltPackages } from '../lab/helpers.ts';
import { hourOfTraffic } from './programs/hour-of-traffic.ts';

const pkgs = useBuiltPackages();

const run = async (seed: number) => {
  const result = await runProgram(hourOfTraffic, { seed });
  expect(result.stderr).toBe('');
  expect(result.exitCode).toBe(0);
  return result.stdout;
};

describe('an hour of service traffic on the virtual clock', () => {
  it('prints the same output for the same seed, and other output for another seed', async () => {
    const first = await run(42);
    expect(first).toMatch(/^after 60\.\d min: \d+ requests, success \d+\.\d\d%/m);
    expect(first.split('\n').filter(Boolean)).toHaveLength(7);
    expect(await run(42)).toBe(first);
    expect(await run(43)).not.toBe(first);
  });

  it('prints that output in every runner: the lab host in Node, on its default network and on --net=memory', async () => {
    const expected = await run(42);
    const lab: Lab = {
      id: 'services/hour-of-traffic',
      meta: parseLabMeta(
        {
          title: { en: 'An hour of traffic', 'zh-cn': '一小时的流量' },
          lesson: 'services/resilience',
          kind: 'demo',
          clock: 'virtual',
          seed: 42,
          services: true,
          timeoutMs: 60_000,
          instructions: { en: 'Run it.', 'zh-cn': '运行它。' },
        },
        'hour-of-traffic/lab.json',
      ),
      starter: {
        'main.ts':
          "import { main } from 'gort';\nimport { hourOfTraffic } from './hour-of-traffic.ts';\nmain(hourOfTraffic);\n",
        'hour-of-traffic.ts': readFileSync(new URL('./programs/hour-of-traffic.ts', import.meta.url), 'utf8'),
      },
      solution: {},
      check: '',
    };
    for (const net of [undefined, 'memory'] as const) {
      const { result, text } = await runLab(lab, {
        mode: 'run',
        packages: pkgs.current,
        ...(net === undefined ? {} : { net }),
      });
      expect(result.exitCode, text).toBe(0);
      expect(text).toBe(expected);
    }
  });
});
