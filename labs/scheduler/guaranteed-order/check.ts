/**
 * Check for scheduler/guaranteed-order: three goroutines print A, B and C in that order, and the
 * order must be guaranteed by synchronisation, not by the order of the `go` statements.
 *
 * gort's default scheduler runs new goroutines first in, first out, so a program that only starts
 * them in order prints A, B, C there; Go promises no such thing (with one P, runnext runs the last
 * one started first: C, A, B). `t.explore` runs the program under 50 schedules, each an order Go's
 * scheduler could also choose, and the output must be A, B, C, done in every one of them.
 *
 * Read from the trace: a `sleep` (or a timer) means a goroutine waited on the clock for its turn. On
 * the virtual clock that order always holds, but it is timing, not a happens-before edge: a real
 * goroutine that is late by more than the gap prints out of turn. So the check fails it by itself.
 */
import { defineCheck } from 'labcheck';

const order = ['A', 'B', 'C'];
const expected = [...order, 'done'];

export default defineCheck(async (t) => {
  await t.explore((run) => {
    t.exitsCleanly(run);

    const printed = t.lines(run).join(', ');
    t.equal(
      {
        en: 'it prints A, B, C and then done',
        'zh-cn': '依次打印 A、B、C，最后打印 done',
      },
      t.lines(run),
      expected,
      {
        en: `this schedule printed ${printed}: starting the goroutines in order does not make them run in order — make each one wait until the one before it has printed (a channel that one closes)`,
        'zh-cn': `这种调度下打印的是 ${printed}：按顺序启动 goroutine 并不能让它们按顺序运行——请让每个 goroutine 等到前一个打印完（比如等前一个关闭的通道）`,
      },
    );

    const sleeps = t.events(run, 'sleep');
    const timers = t.events(run, 'timer.set');
    // The first goroutine that slept, by id: the same sentence whichever schedule shows it.
    const first = [...sleeps].sort((a, b) => a.g - b.g)[0];
    t.expect(
      {
        en: 'the order comes from synchronisation, not from the clock: no goroutine sleeps or waits on a timer',
        'zh-cn':
          '顺序来自同步，而不是时钟：没有 goroutine 睡眠或等待定时器',
      },
      sleeps.length === 0 && timers.length === 0,
      first !== undefined
        ? {
            en: `goroutine ${first.g} slept ${first.d} ms to wait for its turn: on the virtual clock that order always holds, but a sleep is not synchronisation — a goroutine that is late by more than the gap prints out of turn. Wait for the goroutine before it instead`,
            'zh-cn': `goroutine ${first.g} 睡了 ${first.d} 毫秒来等自己的轮次：在虚拟时钟上这个顺序总是成立，但睡眠不是同步——一个 goroutine 只要晚到超过这个间隔，就会抢先或落后打印。请改为等待它前面的那个 goroutine`,
          }
        : {
            en: 'a timer decides the order: that is timing, not synchronisation — wait for the goroutine before it instead',
            'zh-cn':
              '顺序是由定时器决定的：那是时间上的巧合，不是同步——请改为等待它前面的那个 goroutine',
          },
    );

    t.noLeaks(run);
  });
});
