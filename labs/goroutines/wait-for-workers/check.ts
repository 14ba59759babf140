/**
 * Check for goroutines/wait-for-workers: every worker ran to its end before main returned, and main
 * got there by synchronizing, not by sleeping.
 *
 * It reads the runtime's trace rather than only the output, because output alone cannot tell a
 * correct WaitGroup from a sleep that happens to be long enough: the workers are the goroutines main
 * started (`go.start` with parent 1), "finished" is their `go.exit`, and "slept" is goroutine 1
 * parking with wait reason `sleep`. A run without a `go.exit` for main (a deadlock, a panic) counts
 * every event as before main's end, so those items still report what did happen.
 *
 * The items are checked under many schedules (`t.explore`): Go may run the workers and main in any
 * order, so a program that only works in gort's default order (`wg.add` inside the goroutine, with
 * main yielding before it waits) fails here with the schedule that breaks it.
 */
import { defineCheck, type TraceEvent } from 'labcheck';

const workers = 5;
const MAIN = 1;

export default defineCheck(async (t) => {
  await t.explore((run) => {
    const trace: readonly TraceEvent[] = run.trace;

    t.exitsCleanly(run);

    const mainExit = trace.findIndex(
      (e) => e.type === 'go.exit' && e.g === MAIN,
    );
    const end = mainExit === -1 ? trace.length : mainExit;

    const started = trace
      .filter(
        (e) => e.type === 'go.start' && e.parent === MAIN,
      )
      .map((e) => e.g);
    t.equal(
      {
        en: `main starts ${workers} worker goroutines`,
        'zh-cn': `main 启动 ${workers} 个 worker goroutine`,
      },
      started.length,
      workers,
    );

    const exitedInTime = new Set(
      trace
        .slice(0, end)
        .filter((e) => e.type === 'go.exit')
        .map((e) => e.g),
    );
    const unfinished = started.filter(
      (g) => !exitedInTime.has(g),
    );
    t.expect(
      {
        en: 'every worker goroutine finishes before main returns',
        'zh-cn':
          '每个 worker goroutine 都在 main 返回之前结束',
      },
      started.length > 0 && unfinished.length === 0,
      started.length === 0
        ? {
            en: 'main started no goroutines',
            'zh-cn': 'main 没有启动任何 goroutine',
          }
        : {
            en: `main returned while ${unfinished.length} of ${started.length} workers were still running: their work was lost`,
            'zh-cn': `main 返回时 ${started.length} 个 worker 中还有 ${unfinished.length} 个在运行：它们的工作丢失了`,
          },
    );

    const mainSlept = trace.some(
      (e) =>
        e.g === MAIN &&
        ((e.type === 'go.park' && e.reason === 'sleep') ||
          e.type === 'sleep'),
    );
    t.expect(
      {
        en: 'main waits without sleeping',
        'zh-cn': 'main 不靠 sleep 来等待',
      },
      !mainSlept,
      {
        en: 'main called sleep(): a sleep guesses how long the workers take; wait for them with a WaitGroup',
        'zh-cn':
          'main 调用了 sleep()：sleep 只是在猜 worker 要多久；请用 WaitGroup 等待它们',
      },
    );

    const missing = Array.from(
      { length: workers },
      (_, i) => i + 1,
    ).filter(
      (id) => !run.lines.includes(`worker ${id} done`),
    );
    t.expect(
      {
        en: 'every worker reports "worker N done"',
        'zh-cn': '每个 worker 都打印 "worker N done"',
      },
      missing.length === 0,
      {
        en: `no report from worker ${missing.join(', ')}`,
        'zh-cn': `worker ${missing.join('、')} 没有打印`,
      },
    );

    t.equal(
      {
        en: 'main reports last',
        'zh-cn': 'main 最后打印',
      },
      run.lines.at(-1),
      'main: all workers done',
    );
  });
});
