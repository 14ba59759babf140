/**
 * The Timeline's model (src/lab/ui/timeline-model.ts) on traces recorded from real programs: each
 * runs through the lab host (Node runner), its `trace` message and its source go into the model, and
 * the steps are worded in both languages, with lanes, states and the learner's lines.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLab } from '../../src/lab/load.ts';
import {
  TRACE_EVENT_LIMIT,
  decodeMessage,
  encodeMessage,
  traceMessage,
  type TraceMessage,
} from '../../src/lab/protocol.ts';
import type { TraceEvent } from 'gort';
import { runLab } from '../../src/lab/runners/node.ts';
import { translator } from '../../src/lab/ui/i18n.ts';
import { declaredName } from '../../src/lab/ui/source-names.ts';
import { wordPhrase } from '../../src/lab/ui/stuck-model.ts';
import {
  ChannelReplay,
  channelsAt,
  timelineModel,
  timelineModelInSlices,
  type TimelineModel,
} from '../../src/lab/ui/timeline-model.ts';
import { useBuiltPackages } from './helpers.ts';

const pkgs = useBuiltPackages();
const en = translator('en');
const zh = translator('zh-cn');

async function record(main: string, mode: 'run' | 'check' = 'run') {
  const base = await loadLab(path.join('tests/fixtures/labs/good', 'basics/greeting'));
  const traces: TraceMessage[] = [];
  const outcome = await runLab(
    { ...base, starter: { 'main.ts': main } },
    { mode, packages: pkgs.current, onMessage: (m) => m.type === 'trace' && traces.push(m) },
  );
  return { traces, code: outcome.result.exitCode };
}

async function model(main: string, deadlock = false): Promise<TimelineModel> {
  const { traces, code } = await record(main);
  expect(traces).toHaveLength(1);
  return timelineModel(traces[0]!, { 'main.ts': main }, { code, deadlock });
}

const sentences = (m: TimelineModel, t = en) => m.steps.map((s) => wordPhrase(t, s.text));
const lines = (m: TimelineModel) => m.steps.map((s) => s.at?.line ?? null);
/** Every channel after step `k`, one line each: name, capacity, buffer, waiting senders and receivers. */
const chans = (m: TimelineModel, k: number) =>
  channelsAt(m, k).map(
    (c) =>
      `${wordPhrase(en, c.name)} cap ${c.cap} [${c.buffer.map((v) => (typeof v === 'string' ? v : wordPhrase(en, v))).join(' ')}] send(${c.senders.join(' ')}) recv(${c.receivers.join(' ')})${c.closed ? ' closed' : ''}`,
  );

const PING_PONG = readFileSync('labs/channels/ping-pong/solution/main.ts', 'utf8');

/** A buffered channel of one that fills, blocks its sender, drains and is closed. */
const BUFFERED = `import { main, go, chan } from 'gort';

main(async () => {
  const jobs = chan<string>(1);
  go(async () => {
    await jobs.send('a');
    await jobs.send('b');
    await jobs.send('c');
  });
  await jobs.recv();
  await jobs.recv();
  await jobs.recv();
  jobs.close();
  console.log(await jobs.recv2());
});
`;

describe('the timeline model', () => {
  it('shows ping-pong’s handoffs from sender to receiver with the value, on the channels’ names', async () => {
    const m = await model(PING_PONG);
    const said = sentences(m);
    expect(said.slice(0, 6)).toEqual([
      'main starts goroutine 2 (main.main.func1).',
      'main blocks [chan send].',
      'main sends 1 on ping; goroutine 2 receives it.',
      'goroutine 2 blocks [chan send].',
      'goroutine 2 sends 2 on pong; main receives it.',
      'main blocks [chan send].',
    ]);
    expect(said.at(-1)).toBe('The program exits with status 0.');
    expect(sentences(m, zh)[2]).toBe('main 在 ping 上发送 1；goroutine 2 接收了它。');
    // Each step points at the learner's line: a park where it parked, a handoff where the goroutine
    // that completed it (the receiver, when the sender was waiting) did.
    const src = PING_PONG.split('\n');
    const lineOf = (text: string) => src.findIndex((l) => l.includes(text)) + 1;
    expect(lines(m).slice(1, 5)).toEqual([
      lineOf('await ping.send(ball)'),
      lineOf('await ping.recv()'),
      lineOf('await pong.send(ball)'),
      lineOf('ball = await pong.recv()'),
    ]);
    expect(said.filter((s) => s.includes(' on ping; '))).toEqual([
      'main sends 1 on ping; goroutine 2 receives it.',
      'main sends 3 on ping; goroutine 2 receives it.',
      'main sends 5 on ping; goroutine 2 receives it.',
    ]);
    expect(m.lanes.map((l) => l.g)).toEqual([1, 2]);
    expect(m.total).toBe(m.events);
  });

  it('keeps every lane’s segments contiguous and marks the blocked ones with Go’s wait reason', async () => {
    const m = await model(PING_PONG);
    for (const lane of m.lanes) {
      expect(lane.segments[0]!.from).toBe(lane.from);
      expect(lane.segments.at(-1)!.to).toBe(lane.to);
      lane.segments.slice(1).forEach((s, i) => expect(s.from).toBe(lane.segments[i]!.to));
    }
    const main = m.lanes[0]!;
    expect(main.segments.some((s) => s.state === 'blocked' && s.reason === 'chan send')).toBe(true);
    expect(main.segments.some((s) => s.state === 'running')).toBe(true);
  });

  it('ends the deadlock with main blocked on its send and the deadlock step', async () => {
    const main = `import { main, chan } from 'gort';

main(async () => {
  const ping = chan<string>();
  await ping.send('ping');
  console.log(await ping.recv());
});
`;
    const m = await model(main, true);
    expect(sentences(m)).toEqual([
      'main blocks [chan send].',
      'Every goroutine is blocked: Go reports a deadlock.',
    ]);
    expect(sentences(m, zh).at(-1)).toBe('所有 goroutine 都阻塞了：Go 报告死锁。');
    expect(m.steps[0]!.at).toEqual({ file: 'main.ts', line: 5, column: 14 });
    expect(m.lanes[0]!.segments.at(-1)).toMatchObject({ state: 'blocked', reason: 'chan send' });
  });

  it('shows a buffered channel filling and a full buffer’s receive before the parked sender’s value moves in', async () => {
    const m = await model(BUFFERED);
    expect(sentences(m)).toEqual([
      'main starts goroutine 2 (main.main.func1).',
      'main blocks [chan receive].',
      'goroutine 2 sends "a" on jobs; main receives it.',
      'goroutine 2 sends "b" on jobs; it waits in the buffer (1 of 1).',
      'goroutine 2 blocks [chan send].',
      'main receives "b" from jobs (0 of 1 left in the buffer).',
      'goroutine 2 sends "c" on jobs; it waits in the buffer (1 of 1).',
      'main receives "c" from jobs (0 of 1 left in the buffer).',
      'main closes jobs.',
      'main receives from jobs: it is closed and empty, so it gets the zero value.',
      'main returns: the program ends.',
      'The program exits with status 0.',
    ]);
    expect(sentences(m, zh)[3]).toBe('goroutine 2 在 jobs 上发送 "b"；它在缓冲区中等待（1/1）。');
  });

  it('replays a channel’s buffer, its waiting senders and receivers, and its close at every step', async () => {
    const m = await model(BUFFERED);
    expect(m.steps.map((_, k) => chans(m, k).join('; '))).toEqual([
      'jobs cap 1 [] send() recv()', // main starts goroutine 2
      'jobs cap 1 [] send() recv(1)', // main blocks receiving
      'jobs cap 1 [] send() recv()', // "a" handed to main
      'jobs cap 1 ["b"] send() recv()', // "b" into the buffer
      'jobs cap 1 ["b"] send(2) recv()', // the buffer is full: goroutine 2 blocks sending "c"
      'jobs cap 1 [] send(2) recv()', // main takes "b"; "c" is not in yet
      'jobs cap 1 ["c"] send() recv()', // goroutine 2's "c" moves in
      'jobs cap 1 [] send() recv()',
      'jobs cap 1 [] send() recv() closed',
      'jobs cap 1 [] send() recv() closed',
      'jobs cap 1 [] send() recv() closed',
      'jobs cap 1 [] send() recv() closed',
    ]);
  });

  it('replays the channels from its snapshots exactly as from the first step, at every step of a long run', async () => {
    // Several snapshot intervals of operations on a buffered channel that fills and drains, a
    // parked sender, and a close: an off-by-one at a snapshot's edge shows as a wrong buffer.
    const m = await model(`import { main, go, chan } from 'gort';

main(async () => {
  const jobs = chan<number>(3);
  const done = chan<boolean>();
  go(async () => {
    for (let i = 0; i < 1000; i++) await jobs.send(i);
    jobs.close();
  });
  go(async () => {
    let sum = 0;
    for await (const v of jobs) sum += v;
    console.log(sum);
    await done.send(true);
  });
  await done.recv();
});
`);
    expect(m.channelOps.length).toBeGreaterThan(3 * 512);
    const replay = new ChannelReplay(m);
    // Out of order, as a slider is dragged, then every step.
    const order = [m.steps.length - 1, 0, 700, 3, 1500, ...m.steps.keys()];
    for (const k of order) expect(replay.at(k), `step ${k}`).toEqual(channelsAt(m, k));
  });

  it('ends a panicking run with the panic at its line, then the exit status', async () => {
    const main = `import { main, go, chan } from 'gort';

main(async () => {
  const done = chan<boolean>();
  go(async () => {
    done.close();
    done.close();
  });
  await done.recv();
});
`;
    const { traces, code } = await record(main);
    expect(code).toBe(2);
    expect(traces).toHaveLength(1);
    const m = timelineModel(traces[0]!, { 'main.ts': main }, { code, deadlock: false });
    expect(sentences(m).slice(-2)).toEqual([
      'goroutine 2 panics: close of closed channel',
      'The program exits with status 2.',
    ]);
    expect(sentences(m, zh).at(-2)).toBe('goroutine 2 发生 panic：close of closed channel');
    expect(m.steps.at(-2)!.at?.line).toBe(7);
  });

  it('names a channel after what it was assigned to where it was made, and nothing else', () => {
    const at = (line: string) => {
      const column = line.indexOf('chan(') + 1;
      return declaredName({ 'main.ts': line }, { file: 'main.ts', line: 1, column });
    };
    expect(at('  const ping = chan();')).toBe('ping');
    expect(at('  const jobs: Chan<number> = chan(3);')).toBe('jobs');
    expect(at('    this.results = chan(8);')).toBe('this.results');
    expect(at('  go(worker, chan());')).toBeNull();
    expect(at('  if (ready === chan()) {}')).toBeNull();
    expect(at('  const make = () => chan();')).toBeNull();
  });

  it('keeps a deadlocked sender on the channel its line names, and lists no channel before one is made', async () => {
    const main = `import { main, chan } from 'gort';

main(async () => {
  console.log('start');
  const ping = chan<string>();
  await ping.send('ping');
  console.log(await ping.recv());
});
`;
    const m = await model(main, true);
    expect(m.steps.map((_, k) => chans(m, k).join('; '))).toEqual([
      'ping cap 0 [] send(1) recv()',
      'ping cap 0 [] send(1) recv()',
    ]);
    const pingPong = await model(PING_PONG);
    // Before main makes its channels: none. Main blocks sending on ping before goroutine 2 runs.
    expect(chans(pingPong, 1)).toEqual(['ping cap 0 [] send(1) recv()', 'pong cap 0 [] send() recv()']);
    expect(chans(pingPong, 2)).toEqual(['ping cap 0 [] send() recv()', 'pong cap 0 [] send() recv()']);
  });

  it('names a select’s chosen case, and sleeps and wake-ups on the virtual clock', async () => {
    const m = await model(`import { main, go, chan, select, recv } from 'gort';
import { sleep, Millisecond } from 'gort/time';

main(async () => {
  const done = chan<number>();
  go(async function worker() {
    await sleep(50 * Millisecond);
    await done.send(7);
  });
  const r = await select({ finished: recv(done) });
  console.log(r.case);
});
`);
    const said = sentences(m);
    expect(said).toEqual([
      'main starts goroutine 2 (main.worker).',
      'main blocks [chan receive].',
      'goroutine 2 sleeps for 50 ms.',
      'goroutine 2 wakes up at 50 ms.',
      'goroutine 2 sends 7 on done; main receives it.',
      'main’s select chooses case finished.',
      'goroutine 2 returns.',
      'main returns: the program ends.',
      'The program exits with status 0.',
    ]);
    expect(sentences(m, zh)[5]).toBe('main 的 select 选择了分支 finished。');
    expect(m.steps.find((s) => s.kind === 'wake')!.t).toBe(50);
  });
});

describe('the trace message', () => {
  it('is sent by a plain run only, never by a check', async () => {
    const { traces } = await record(PING_PONG, 'check');
    expect(traces).toEqual([]);
  });

  it('decodes as it was encoded, and a malformed row makes the line text', async () => {
    const { traces } = await record(PING_PONG);
    const line = encodeMessage(traces[0]!);
    expect(decodeMessage(line)).toEqual(traces[0]);
    expect(line.length / traces[0]!.rows.length).toBeLessThan(40);
    const bad = { ...traces[0]!, rows: [...traces[0]!.rows, ['>', 0, 1, 'ping']] };
    expect(decodeMessage(encodeMessage(bad as unknown as TraceMessage))).toBeUndefined();
  });

  // A long trace must not push the run over the output cap (it would end as `output-limit`), nor
  // keep more than the limit: the first events are kept and `total` says how many there were.
  it('keeps the first events that fit its room and counts them all', () => {
    const events: TraceEvent[] = Array.from({ length: 1000 }, (_, i) => ({
      type: 'chan.send',
      t: i,
      g: 1,
      ch: 1,
      value: 'x'.repeat(100),
    }));
    const small = traceMessage(events, 5000, 4000);
    expect(small.total).toBe(5000);
    expect(small.rows.length).toBeGreaterThan(0);
    expect(encodeMessage(small).length).toBeLessThanOrEqual(4000);
    expect(small.rows[0]).toEqual(['>', 0, 1, 1, `"${'x'.repeat(38)}…`]);
    const many = Array.from({ length: TRACE_EVENT_LIMIT + 10 }, (_, i): TraceEvent => ({
      type: 'go.unpark',
      t: i,
      g: 2,
    }));
    expect(traceMessage(many, many.length, 1e9).rows).toHaveLength(TRACE_EVENT_LIMIT);
  });

  it('builds the same model in slices as at once, pausing between slices', async () => {
    const main = PING_PONG.replace('const rounds = 3;', 'const rounds = 2000;');
    const { traces, code } = await record(main);
    const message = traces[0]!;
    expect(message.rows.length).toBeGreaterThan(10_000);
    let pauses = 0;
    const sliced = await timelineModelInSlices(
      message,
      { 'main.ts': main },
      { code, deadlock: false },
      () => {
        pauses++;
        return Promise.resolve();
      },
    );
    expect(sliced).toEqual(timelineModel(message, { 'main.ts': main }, { code, deadlock: false }));
    expect(pauses).toBe(Math.floor((message.rows.length - 1) / 4096));
  });

  it('arrives whole from a run of 100,000 events that also printed nearly its output cap', async () => {
    // The trace used to share the program's 1 MiB output cap: a ping-pong's kept ~35,000 events of
    // 200,000, and one that printed much kept fewer. Now the protocol lines have their own cap.
    const main = `import { main, go, chan } from 'gort';

main(async () => {
  const ping = chan<number>();
  const pong = chan<number>();
  go(async () => {
    for (let i = 0; i < 12_500; i++) await pong.send((await ping.recv()) + 1);
  });
  let ball = 0;
  for (let i = 0; i < 12_500; i++) {
    await ping.send(ball);
    ball = await pong.recv();
  }
  for (let i = 0; i < 900; i++) console.log('x'.repeat(999));
  console.log('ball', ball);
});
`;
    const { traces, code } = await record(main);
    expect(code).toBe(0);
    expect(traces).toHaveLength(1);
    expect(traces[0]!.total).toBeGreaterThan(TRACE_EVENT_LIMIT);
    expect(traces[0]!.rows).toHaveLength(TRACE_EVENT_LIMIT);
  });
});
