/**
 * The deadlock explainer's model (src/lab/ui/stuck-model.ts) on real programs: each one runs
 * through the lab host (Node runner), its `stuck` message and its source go into the model, and
 * the sentences are worded in both languages, with the wait-for edges and the cycle.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLab } from '../../src/lab/load.ts';
import type { StuckMessage } from '../../src/lab/protocol.ts';
import { runLab } from '../../src/lab/runners/node.ts';
import { translator } from '../../src/lab/ui/i18n.ts';
import { stuckModel, wordPhrase, type StuckModel } from '../../src/lab/ui/stuck-model.ts';
import { useBuiltPackages } from './helpers.ts';

const pkgs = useBuiltPackages();
const en = translator('en');
const zh = translator('zh-cn');

async function explain(main: string): Promise<StuckModel> {
  const base = await loadLab(path.join('tests/fixtures/labs/good', 'basics/greeting'));
  let stuck: StuckMessage | undefined;
  await runLab(
    { ...base, starter: { 'main.ts': main } },
    { mode: 'run', packages: pkgs.current, onMessage: (m) => m.type === 'stuck' && (stuck = m) },
  );
  expect(stuck).toBeDefined();
  return stuckModel(stuck!.report, { 'main.ts': main });
}

const sentences = (m: StuckModel, t = en) => m.sentences.map((s) => wordPhrase(t, s.text));

describe('the deadlock explainer', () => {
  it('says why main’s send on an unbuffered channel can never complete (the ping-pong deadlock)', async () => {
    const m = await explain(`import { main, chan } from 'gort';

main(async () => {
  const ping = chan<string>();
  await ping.send('ping');
  console.log(await ping.recv());
});
`);
    expect(sentences(m)).toEqual([
      'main waits to send on `ping`; no goroutine will ever receive from `ping`.',
    ]);
    expect(sentences(m, zh)).toEqual(['main 等待向 `ping` 发送；没有任何 goroutine 会再从 `ping` 接收。']);
    expect(m.sentences[0]!.at).toEqual({ file: 'main.ts', line: 5, column: 14 });
    expect(m.edges).toEqual([{ from: 'g1', to: 'o0', kind: 'waits', op: 'send' }]);
    expect(m.cycle).toBeNull();
  });

  it('finds the cycle when A waits for B’s mutex and B for A’s channel', async () => {
    const m = await explain(`import { main, go, chan } from 'gort';
import { Mutex } from 'gort/sync';

main(async () => {
  const mu = new Mutex();
  const done = chan<boolean>();
  go(async function worker() {
    await mu.lock();
    await done.send(true);
    mu.unlock();
  });
  await mu.lock();
  console.log(await done.recv());
  mu.unlock();
});
`);
    expect(sentences(m)).toEqual([
      'main waits to receive from `done`; worker (goroutine 2) would send on `done` later (main.ts:9), but it is stuck too.',
      'worker (goroutine 2) waits to lock `mu`; main holds it and is stuck too.',
    ]);
    expect(sentences(m, zh)).toEqual([
      'main 等待从 `done` 接收；worker（goroutine 2） 之后才会向 `done` 发送（main.ts:9），但它自己也卡住了。',
      'worker（goroutine 2） 等待锁定 `mu`；main 持有它，而且自己也卡住了。',
    ]);
    // Used to break: without the mutex's holder and the source's later send there was no way back.
    expect(m.cycle).toEqual(['g1', 'o0', 'g2', 'o1']);
    expect(wordPhrase(en, m.cycleText!)).toBe(
      'They wait for each other in a cycle: main → `done` → worker (goroutine 2) → `mu` → main.',
    );
    expect(wordPhrase(zh, m.cycleText!)).toBe(
      '它们互相等待，形成一个环：main → `done` → worker（goroutine 2） → `mu` → main。',
    );
    expect(m.edges).toEqual([
      { from: 'g1', to: 'o0', kind: 'waits', op: 'recv' },
      { from: 'g2', to: 'o1', kind: 'waits', op: 'lock' },
      { from: 'o1', to: 'g1', kind: 'holds' },
      { from: 'o0', to: 'g2', kind: 'would', at: { file: 'main.ts', line: 9, column: 11 } },
    ]);
  });

  it('names every case of a select from its source', async () => {
    const m = await explain(`import { main, chan, select, recv, send } from 'gort';

main(async () => {
  const results = chan<number>();
  const quit = chan<void>();
  const r = await select({
    value: recv(results),
    stop: send(quit, undefined),
  });
  console.log(r.case);
});
`);
    expect(sentences(m)).toEqual([
      'main waits in a select to receive from `results` or send on `quit`; none of its cases can ever proceed.',
    ]);
    expect(sentences(m, zh)).toEqual([
      'main 在 select 中等待从 `results` 接收或向 `quit` 发送；它的任何一个 case 都不可能再继续。',
    ]);
  });

  it('falls back to the channel’s number when the source gives no plain name', async () => {
    const m = await explain(`import { main, chan } from 'gort';

main(async () => {
  const chans = [chan<number>()];
  await chans[0]!.send(1);
});
`);
    expect(sentences(m)).toEqual([
      'main waits to send on channel #1; no goroutine will ever receive from channel #1.',
    ]);
  });

  it('says a goroutine waits for a lock it holds itself (no cycle of one)', async () => {
    const m = await explain(`import { main } from 'gort';
import { Mutex } from 'gort/sync';

main(async () => {
  const mu = new Mutex();
  await mu.lock();
  await mu.lock();
});
`);
    expect(sentences(m)).toEqual([
      'main waits to lock `mu`; it already holds that lock itself, and Go’s mutexes are not reentrant.',
    ]);
    expect(m.cycle).toBeNull();
  });
});

describe('the leak report', () => {
  it('says which goroutine main left behind, where, and waiting for what', async () => {
    const m = await explain(`import { main, go, chan } from 'gort';
import { sleep } from 'gort/time';

main(async () => {
  const results = chan<number>();
  go(async function worker() {
    await results.send(42);
  });
  await sleep(10);
});
`);
    expect(m.kind).toBe('leak');
    expect(sentences(m)).toEqual([
      'When main returned, worker (goroutine 2) was left behind at main.ts:7: it waits to send on `results`.',
    ]);
    expect(sentences(m, zh)).toEqual([
      'main 返回时，worker（goroutine 2） 被遗留在 main.ts:7：它等待向 `results` 发送。',
    ]);
  });

  it('says a goroutine whose select was woken but had not run again had not finished (it used to read "waits in a select to .")', async () => {
    const m = await explain(`import { main, go, chan, select, recv } from 'gort';
import { sleep } from 'gort/time';

main(async () => {
  const jobs = chan<number>(1);
  const quit = chan<void>();
  go(async function worker() {
    await select({ job: recv(jobs), stop: recv(quit) });
  });
  go(async function reader() {
    await jobs.recv();
  });
  await sleep(10);
  await jobs.send(1);
});
`);
    expect(m.kind).toBe('leak');
    // The worker's select took the value (woken, not yet run again); the reader still waits for one.
    const said = sentences(m);
    expect(said).toHaveLength(2);
    expect(said[0]).toMatch(
      /^When main returned, worker \(goroutine 2\) was left behind.*: it had not finished running\.$/,
    );
    expect(said[1]).toBe(
      'When main returned, reader (goroutine 3) was left behind at main.ts:11: it waits to receive from `jobs`.',
    );
    expect(sentences(m, zh)[0]).toMatch(/它没有运行完。$/);
  });
});
