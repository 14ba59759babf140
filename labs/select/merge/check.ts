/**
 * Check for select/merge: main merges two sources with one select until both are closed, turning a
 * closed source's case off (a nil channel) instead of counting closes, and waits in the select
 * instead of spinning through `default`.
 *
 * Everything is read from the runtime's trace. The sources' channels are the channels that a
 * goroutine other than main sends on, in the order they were made (`a` first, as in the starter).
 *  - A closed channel is always ready, so main must hear each close (a `chan.recv` with ok false)
 *    exactly once: twice means the select took the closed case again; never means main stopped
 *    before that source was done.
 *  - A busy loop shows as main's `select` events that chose `default`: a select that parks chooses
 *    a channel's case when it wakes, never `default`.
 *  - A merge never waits on one source while the other has a value ready: no moment where main is
 *    parked while a source goroutine is parked in `chan send`. Draining `a` and then `b` does that.
 * Explored over many schedules: which source is ready first, and which case a select takes when
 * both are, change from run to run in Go, and a merge must be right in all of them.
 */
import {
  defineCheck,
  verbatim,
  type CheckText,
  type TraceEvent,
} from 'labcheck';

const MAIN = 1;
const names = ['a', 'b'];
const expected = [
  'a: a1 a2 a3',
  'b: b1 b2 b3 b4 b5',
  'both closed: 8 values',
];

/** The channels goroutines other than main send on, in the order they were made. */
function sourceChannels(
  trace: readonly TraceEvent[],
): number[] {
  const sentByOthers = new Set<number>();
  for (const e of trace)
    if (e.type === 'chan.send' && e.g !== MAIN)
      sentByOthers.add(e.ch);
  return trace.flatMap((e) =>
    e.type === 'chan.make' && sentByOthers.has(e.ch)
      ? [e.ch]
      : [],
  );
}

/**
 * Whether main was ever parked while a goroutine that sends on
 * one of `sources` was parked in a send: a value was ready and
 * main waited elsewhere.
 */
function waitedPastAReadyValue(
  trace: readonly TraceEvent[],
  sources: readonly number[],
): boolean {
  const senders = new Set<number>();
  for (const e of trace)
    if (e.type === 'chan.send' && sources.includes(e.ch))
      senders.add(e.g);
  const parked = new Map<number, string>();
  for (const e of trace) {
    if (e.type === 'go.park') parked.set(e.g, e.reason);
    else if (e.type === 'go.unpark' || e.type === 'go.exit')
      parked.delete(e.g);
    else continue;
    if (!parked.has(MAIN)) continue;
    for (const [g, reason] of parked)
      if (senders.has(g) && reason === 'chan send')
        return true;
  }
  return false;
}

export default defineCheck(async (t) => {
  await t.explore((run) => {
    const why: CheckText | undefined = run.stderr.includes(
      'all goroutines are asleep - deadlock!',
    )
      ? {
          en: 'it deadlocked: main waits for a value that no goroutine will send',
          'zh-cn':
            '程序死锁了：main 在等一个再也没有 goroutine 会发送的值',
        }
      : verbatim(run.stderr.trim().split('\n')[0] ?? '');
    t.equal(
      {
        en: 'the program exits with status 0',
        'zh-cn': '程序以退出状态 0 结束',
      },
      run.exitCode,
      0,
      why,
    );

    t.equal(
      {
        en: 'it prints a: a1 a2 a3, b: b1 b2 b3 b4 b5, both closed: 8 values',
        'zh-cn':
          '打印 a: a1 a2 a3、b: b1 b2 b3 b4 b5、both closed: 8 values',
      },
      run.lines,
      expected,
    );

    const sources = sourceChannels(run.trace);
    const closes = sources.map(
      (ch) =>
        t
          .events(run, 'chan.recv')
          .filter(
            (e) => e.ch === ch && e.g === MAIN && !e.ok,
          ).length,
    );
    const name = (i: number) => names[i] ?? `#${i + 1}`;

    const again = closes.findIndex((n) => n > 1);
    t.expect(
      {
        en: 'once a source is closed, main stops selecting on it',
        'zh-cn':
          '一个来源关闭之后，main 就不再在它上面 select',
      },
      again < 0,
      {
        en: `main received “${name(again)} is closed” (ok false) ${closes[again]} times: a closed channel is always ready, so select keeps taking its case — set ${name(again)} to null (Go's nil channel) when ok is false, and that case never runs again`,
        'zh-cn': `main 收到了 ${closes[again]} 次“${name(again)} 已关闭”（ok 为 false）：已关闭的 channel 永远是就绪的，select 会一次又一次地选中它——在 ok 为 false 时把 ${name(again)} 设为 null（即 Go 的 nil channel），这个 case 就再也不会被选中`,
      },
    );

    const open = closes.findIndex((n) => n === 0);
    t.expect(
      {
        en: 'main’s loop ends only after both sources are closed',
        'zh-cn': 'main 的循环要等两个来源都关闭之后才结束',
      },
      sources.length === 2 && open < 0,
      sources.length < 2
        ? {
            en: 'main did not receive from two sources',
            'zh-cn': 'main 没有从两个来源接收',
          }
        : {
            en: `main stopped while ${name(open)} was still open, so its last values were lost and its sender was left waiting`,
            'zh-cn': `${name(open)} 还没关闭，main 就停下了：它最后的值丢了，它的发送方一直等在那里`,
          },
    );

    const spins = t
      .events(run, 'select')
      .filter(
        (e) => e.g === MAIN && e.case === 'default',
      ).length;
    t.expect(
      {
        en: 'main waits in select while no source is ready, instead of spinning',
        'zh-cn':
          '没有来源就绪时，main 在 select 里等待，而不是空转',
      },
      spins === 0,
      {
        en: `main’s select took default ${spins} times: while no source had a value, main looped straight back and asked again — a busy loop that keeps a CPU core at 100% in Go. Without default, select parks main until a source sends or closes, at no cost`,
        'zh-cn': `main 的 select 走了 ${spins} 次 default：没有来源有值的时候，main 立刻绕回去再问一遍——这是忙等循环，在 Go 里会把一个 CPU 核心占满 100%。去掉 default，select 就会让 main 挂起，直到某个来源发送或关闭，不耗任何 CPU`,
      },
    );

    t.expect(
      {
        en: 'main takes each value from whichever source has one ready',
        'zh-cn': '哪个来源有值，main 就先从哪个来源取',
      },
      !waitedPastAReadyValue(run.trace, sources),
      {
        en: 'main waited on one source while the other source’s goroutine was blocked in chan send with a value ready: receive from both in one select, not one source after the other',
        'zh-cn':
          'main 在等一个来源，而另一个来源的 goroutine 正带着准备好的值阻塞在 chan send 上：请在同一个 select 里同时接收两个来源，而不是一个接一个地取',
      },
    );

    t.noLeaks(run);
  });
});
