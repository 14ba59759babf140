/**
 * The stuck report through the lab host (the Node runner, as `npm run lab` and the WebContainer
 * run it): a deadlock's `stuck` message names the learner's lines beside Go's unchanged dump, a
 * leak's comes after main returned, and a check sees leaks through `t.leaks(run)`.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLab } from '../../src/lab/load.ts';
import { LAB_MARKER, decodeMessage, type LabMessage, type StuckMessage } from '../../src/lab/protocol.ts';
import { runLab } from '../../src/lab/runners/node.ts';
import { useBuiltPackages } from './helpers.ts';

const pkgs = useBuiltPackages();

async function run(main: string, mode: 'run' | 'check' = 'run', check = '') {
  const base = await loadLab(path.join('tests/fixtures/labs/good', 'basics/greeting'));
  const messages: LabMessage[] = [];
  const outcome = await runLab(
    { ...base, starter: { 'main.ts': main }, ...(check === '' ? {} : { check }) },
    { mode, packages: pkgs.current, onMessage: (m) => messages.push(m) },
  );
  const stuck = messages.filter((m): m is StuckMessage => m.type === 'stuck');
  return { outcome, stuck };
}

const PING_PONG = `import { main, chan } from 'gort';

main(async () => {
  const ping = chan<string>();
  await ping.send('ping');
  console.log(await ping.recv());
});
`;

describe('the stuck message', () => {
  it('comes with a deadlock, naming the line main is blocked at, and leaves Go’s dump alone', async () => {
    const { outcome, stuck } = await run(PING_PONG);
    expect(outcome.result.exitCode).toBe(2);
    expect(outcome.text).toBe(
      'fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [chan send]:\nmain.main()\n\tmain.ts:5\n',
    );
    expect(stuck).toHaveLength(1);
    expect(stuck[0]!.report).toEqual({
      kind: 'deadlock',
      goroutines: [
        {
          id: 1,
          name: 'main.main',
          reason: 'chan send',
          at: { file: 'main.ts', line: 5, column: 14 },
          waits: [{ op: 'send', object: 0 }],
        },
      ],
      objects: [{ kind: 'chan', id: 1, holders: [], cap: 0, len: 0, closed: false }],
    });
  });

  it('comes when main returns with a goroutine still blocked (a leak), after the program’s output', async () => {
    const { outcome, stuck } = await run(`import { main, go, chan } from 'gort';

main(async () => {
  const results = chan<number>();
  go(async function worker() {
    await results.send(42);
  });
  console.log('bye');
});
`);
    expect(outcome.result.exitCode).toBe(0);
    expect(outcome.text).toBe('bye\n');
    expect(stuck.map((m) => m.report.kind)).toEqual(['leak']);
    // Runnable: main returned before the worker ever ran (no line to show yet).
    expect(stuck[0]!.report.goroutines).toEqual([
      { id: 2, name: 'main.worker', reason: 'runnable', at: null, waits: [] },
    ]);
  });

  it('is not sent when main returns alone', async () => {
    const { outcome, stuck } = await run(`import { main } from 'gort';
main(() => console.log('hi'));
`);
    expect(outcome.text).toBe('hi\n');
    expect(stuck).toEqual([]);
  });
});

describe('t.leaks(run) in a check', () => {
  const LEAKY = `import { main, go, chan } from 'gort';
import { sleep } from 'gort/time';

main(async () => {
  const results = chan<number>();
  go(async function worker() {
    await results.send(42);
  });
  await sleep(10);
});
`;
  const CHECK = `import { defineCheck } from 'labcheck';
export default defineCheck(async (t) => {
  const run = await t.run();
  const leaks = t.leaks(run);
  t.expect({ en: 'no goroutine is left behind', 'zh-cn': '没有遗留的 goroutine' }, leaks.length === 0, leaks[0]?.text);
  t.equal({ en: 'leaks', 'zh-cn': '泄漏' }, leaks.map((l) => [l.id, l.name, l.reason, l.at]), []);
});`;

  it('lists each leaked goroutine with its wait reason and line, in both languages', async () => {
    const { outcome, stuck } = await run(LEAKY, 'check', CHECK);
    // A check's runs keep their report for t.leaks() instead of printing it.
    expect(stuck).toEqual([]);
    expect(outcome.report?.passed).toBe(false);
    expect(outcome.report?.items[0]).toEqual({
      name: { en: 'no goroutine is left behind', 'zh-cn': '没有遗留的 goroutine' },
      pass: false,
      detail: {
        en: 'goroutine 2 (main.worker) [chan send] was still alive when main returned, at main.ts:7',
        'zh-cn': 'main 返回时 goroutine 2（main.worker）[chan send] 仍未结束，停在 main.ts:7',
      },
    });
    expect(outcome.report?.items[1]?.detail?.en).toBe(
      'expected [], got [[2,"main.worker","chan send","main.ts:7"]]',
    );
  });

  it('is empty when every goroutine finished, and for a deadlock (which is no leak)', async () => {
    const fixed = LEAKY.replace('await sleep(10);', 'console.log(await results.recv());');
    const { outcome } = await run(fixed, 'check', CHECK);
    expect(outcome.report?.passed).toBe(true);
    const deadlock = await run(PING_PONG, 'check', CHECK);
    expect(deadlock.outcome.report?.passed).toBe(true);
  });
});

describe('decoding a stuck message', () => {
  const line = (report: unknown) => `${LAB_MARKER}${JSON.stringify({ type: 'stuck', report })}`;
  const good = {
    kind: 'deadlock',
    goroutines: [
      { id: 1, name: 'main.main', reason: 'chan send', at: null, waits: [{ op: 'send', object: 0 }] },
    ],
    objects: [{ kind: 'chan', id: 1, holders: [] }],
  };

  it('reads a well-formed report', () => {
    expect(decodeMessage(line(good))).toEqual({ type: 'stuck', report: good });
  });

  it.each([
    ['a wait pointing past the objects', { ...good, objects: [] }],
    ['an unknown kind', { ...good, kind: 'stuck' }],
    [
      'a holder that is not a goroutine id',
      { ...good, objects: [{ kind: 'mutex', id: 1, holders: ['main'] }] },
    ],
    [
      'a location without a line',
      { ...good, goroutines: [{ ...good.goroutines[0], at: { file: 'main.ts' } }] },
    ],
  ])('refuses %s (the line is then shown as text)', (_what, report) => {
    expect(decodeMessage(line(report))).toBeUndefined();
  });
});
