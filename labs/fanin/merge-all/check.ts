/**
 * Check for fanin/merge-all: `merge(...inputs)` passes on every value of every input as it arrives,
 * and closes its output once — after the last input is closed — so that main's `for await` ends.
 *
 * Read from the runtime's trace. main calls `source` four times before `merge`, so the first four
 * channels main makes are the inputs a, b, c and d (d sends nothing and is closed at once); the
 * output is the channel main receives from.
 *  - Delivery and per-source order are read from main's output lines (main prints what it receives).
 *  - The output's close must come after every input's close in the trace: a close before that loses
 *    the values still to come (or panics a forwarder with "send on closed channel").
 *  - "As it arrives": a source goroutine may wait in `chan send` only within one instant of virtual
 *    time. If the clock moves while it waits, merge was reading another input (inputs in sequence).
 * Explored over many schedules (`t.explore`): the last forwarder's send and the close can happen in
 * the same instant, in either order in Go, and a merge must be right in all of them.
 */
import {
  defineCheck,
  verbatim,
  type CheckText,
  type TraceEvent,
} from 'labcheck';

const MAIN = 1;
const sources = [
  { name: 'a', n: 3 },
  { name: 'b', n: 5 },
  { name: 'c', n: 2 },
  { name: 'd', n: 0 },
];
const total = sources.reduce((s, x) => s + x.n, 0);
const VALUE = /^([a-d])(\d+)$/;

/** The first time the clock moved while a goroutine of `senders` was parked in a send. */
function waitedInSend(
  trace: readonly TraceEvent[],
  senders: ReadonlyMap<number, string>,
): { name: string; ms: number } | undefined {
  const parkedAt = new Map<number, number>();
  for (const e of trace) {
    if (!senders.has(e.g)) continue;
    if (e.type === 'go.park' && e.reason === 'chan send')
      parkedAt.set(e.g, e.t);
    else if (
      e.type === 'go.unpark' ||
      e.type === 'go.exit'
    ) {
      const since = parkedAt.get(e.g);
      parkedAt.delete(e.g);
      if (since !== undefined && e.t > since)
        return { name: senders.get(e.g)!, ms: e.t - since };
    }
  }
  return undefined;
}

export default defineCheck(async (t) => {
  await t.explore((run) => {
    const first = run.stderr.trim().split('\n')[0] ?? '';
    const why: CheckText | undefined = first.includes(
      'all goroutines are asleep - deadlock!',
    )
      ? {
          en: 'it deadlocked (all goroutines are asleep): main waits for merge’s output to give a value or to be closed, and neither ever happens',
          'zh-cn':
            '程序死锁了（所有 goroutine 都睡着了）：main 在等 merge 的输出给出一个值或者被关闭，可这两件事都不会发生',
        }
      : first.includes('send on closed channel')
        ? {
            en: 'a forwarder sent on the output after it had been closed (panic: send on closed channel): close it only once every forwarder is done',
            'zh-cn':
              '某个转发 goroutine 在输出关闭之后还往里发送（panic: send on closed channel）：要等所有转发 goroutine 都结束了才能关闭',
          }
        : first.includes('close of closed channel')
          ? {
              en: 'the output was closed twice (panic: close of closed channel): close it once, from one goroutine that waits for all the forwarders',
              'zh-cn':
                '输出被关闭了两次（panic: close of closed channel）：只关闭一次，由一个等所有转发 goroutine 结束的 goroutine 来关',
            }
          : verbatim(first);
    t.equal(
      {
        en: 'the program exits with status 0',
        'zh-cn': '程序以退出状态 0 结束',
      },
      run.exitCode,
      0,
      why,
    );

    const made = t
      .events(run, 'chan.make')
      .filter((e) => e.g === MAIN)
      .map((e) => e.ch);
    const inputs = made.slice(0, sources.length);
    const out = t
      .events(run, 'chan.recv')
      .find(
        (e) => e.g === MAIN && !inputs.includes(e.ch),
      )?.ch;

    const values = run.lines.filter((l) => VALUE.test(l));
    const expected = sources.flatMap((s) =>
      Array.from(
        { length: s.n },
        (_, i) => `${s.name}${i + 1}`,
      ),
    );
    const missing = expected.filter(
      (v) => !values.includes(v),
    );
    const twice = expected.filter(
      (v) => values.filter((x) => x === v).length > 1,
    );
    t.expect(
      {
        en: `every value comes out exactly once (${total} values)`,
        'zh-cn': `每个值恰好出现一次（共 ${total} 个）`,
      },
      missing.length === 0 && twice.length === 0,
      twice.length > 0
        ? {
            en: `${twice.join(', ')} came out more than once`,
            'zh-cn': `${twice.join('、')} 出现了不止一次`,
          }
        : values.length === 0 && out === undefined
          ? {
              en: 'main received no value at all: merge must return its output at once, and wait (and close) in a goroutine of its own',
              'zh-cn':
                'main 一个值也没收到：merge 必须立刻返回输出，等待和关闭都放到单独的 goroutine 里',
            }
          : {
              en: `${missing.join(', ')} never came out`,
              'zh-cn': `${missing.join('、')} 始终没有出现`,
            },
    );

    const outOfOrder = sources.find((s) => {
      const got = values
        .filter((v) => v.startsWith(s.name))
        .map((v) => Number(VALUE.exec(v)![2]));
      return got.some((n, i) => i > 0 && n < got[i - 1]!);
    });
    t.expect(
      {
        en: 'each source’s values come out in the order it sent them',
        'zh-cn': '每个来源的值按它发送的顺序出现',
      },
      outOfOrder === undefined,
      {
        en: `${outOfOrder?.name ?? '?'}’s values came out as ${values.filter((v) => v.startsWith(outOfOrder?.name ?? '?')).join(' ')}: one forwarder per input keeps that input’s order`,
        'zh-cn': `${outOfOrder?.name ?? '?'} 的值出现的顺序是 ${values.filter((v) => v.startsWith(outOfOrder?.name ?? '?')).join(' ')}：每个输入一个转发 goroutine，就能保持这个输入的顺序`,
      },
    );

    const closes = t.events(run, 'chan.close');
    const outClose = run.trace.findIndex(
      (e) => e.type === 'chan.close' && e.ch === out,
    );
    const stillOpen = sources.filter((_, i) => {
      const at = run.trace.findIndex(
        (e) =>
          e.type === 'chan.close' && e.ch === inputs[i],
      );
      return at < 0 || at > outClose;
    });
    t.expect(
      {
        en: 'the output is closed once, after the last input is closed',
        'zh-cn':
          '输出只关闭一次，而且在最后一个输入关闭之后',
      },
      out !== undefined &&
        outClose >= 0 &&
        stillOpen.length === 0 &&
        closes.filter((e) => e.ch === out).length === 1 &&
        !run.stderr.includes('close of closed channel'),
      out === undefined
        ? {
            en: 'main never received from merge’s output',
            'zh-cn': 'main 从没从 merge 的输出接收过',
          }
        : outClose < 0
          ? {
              en: 'merge never closed its output, so main’s for await waited for ever after the last value. Close it once every input is closed: count the forwarders with a WaitGroup, and let one more goroutine wait for them and close the output',
              'zh-cn':
                'merge 从没关闭它的输出，所以 main 的 for await 在最后一个值之后永远等下去。要在所有输入都关闭之后关闭它：用 WaitGroup 数转发 goroutine，再让一个 goroutine 等它们都结束后关闭输出',
            }
          : stillOpen.length > 0
            ? {
                en: `the output was closed while ${stillOpen.map((s) => s.name).join(', ')} ${stillOpen.length === 1 ? 'was' : 'were'} still open: whatever those sources send next is lost, or panics a forwarder. Wait for every forwarder before closing`,
                'zh-cn': `输出关闭时 ${stillOpen.map((s) => s.name).join('、')} 还开着：这些来源之后发送的值要么丢了，要么让转发 goroutine panic。要等所有转发 goroutine 都结束再关闭`,
              }
            : {
                en: 'the output was closed more than once: close it from one goroutine only, after wg.wait()',
                'zh-cn':
                  '输出被关闭了不止一次：只在一个 goroutine 里、在 wg.wait() 之后关闭它',
              },
    );

    // The goroutines that send on the inputs: the sources.
    const senders = new Map<number, string>();
    for (const e of t.events(run, 'chan.send')) {
      const i = inputs.indexOf(e.ch);
      if (i >= 0) senders.set(e.g, sources[i]!.name);
    }
    const waited = waitedInSend(run.trace, senders);
    t.expect(
      {
        en: 'every value is passed on as it arrives: no source waits while merge reads another',
        'zh-cn':
          '每个值一到就被转发：merge 读一个输入时，别的来源不用干等',
      },
      waited === undefined,
      {
        en: `source ${waited?.name ?? '?'} waited ${waited?.ms ?? 0} ms in chan send with a value ready: merge was reading another input. Read all the inputs at once, one forwarder goroutine each`,
        'zh-cn': `来源 ${waited?.name ?? '?'} 带着准备好的值在 chan send 上等了 ${waited?.ms ?? 0} 毫秒：merge 当时在读别的输入。要同时读所有输入，每个输入一个转发 goroutine`,
      },
    );

    t.noLeaks(run);
  });
});
