/**
 * Check for timers/heartbeat: a worker sends 50 heartbeats over more than two hours of virtual time
 * and then falls silent; the monitor must raise the alarm (return) exactly `deadline` (5 minutes)
 * after the last heartbeat — not while the worker still beats, and not later.
 *
 * Read from the trace, not from the output: the heartbeat channel is the first channel the program
 * makes (main's `beats`); a heartbeat counts as received when a `chan.recv` on it completes with
 * ok; the alarm is the moment main returns (`go.exit` of goroutine 1), since main returns right
 * after `monitor` does. On the virtual clock these times are exact, so "5 minutes after" is an
 * equality, whatever the machine's load.
 *
 * Explored over many schedules, like the other labs: a timer that fires in the same instant as a
 * send, or a helper goroutine the learner adds, must give the same answer in every order.
 */
import {
  defineCheck,
  verbatim,
  type CheckText,
} from 'labcheck';

const MAIN = 1;
const beatsSent = 50;
const deadline = 5 * 60_000;
const expected = [
  'heartbeats received: 50',
  'alarm at 2h13m0s',
];

/** Go's Duration.String() for whole seconds (`4h21m0s`, `5m0s`, `48s`). */
function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = `${m}m${s % 60}s`;
  if (h > 0) return `${h}h${rest}`;
  return m > 0 ? rest : `${s % 60}s`;
}

export default defineCheck(async (t) => {
  await t.explore((run) => {
    const why: CheckText | undefined = run.stderr.includes(
      'all goroutines are asleep - deadlock!',
    )
      ? {
          en: 'it deadlocked: the monitor waits for a heartbeat that never comes — wait in a select with a timeout',
          'zh-cn':
            '程序死锁了：monitor 在等一个永远不会来的心跳——请在带超时的 select 里等待',
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

    const beats = t.events(run, 'chan.make')[0]?.ch;
    const start = t.events(run, 'go.start')[0]?.t ?? 0;
    const received = t
      .events(run, 'chan.recv')
      .filter((e) => e.ch === beats && e.ok)
      .map((e) => e.t - start);
    const last = received.at(-1) ?? 0;
    const exit = t
      .events(run, 'go.exit')
      .find((e) => e.g === MAIN);
    const alarm =
      exit === undefined ? undefined : exit.t - start;

    t.expect(
      {
        en: `the monitor receives all ${beatsSent} heartbeats`,
        'zh-cn': `monitor 收到了全部 ${beatsSent} 次心跳`,
      },
      received.length === beatsSent,
      alarm === undefined
        ? {
            en: `it received ${received.length}, and the monitor never returned`,
            'zh-cn': `它只收到了 ${received.length} 次，而且 monitor 一直没有返回`,
          }
        : {
            en: `it received ${received.length} and stopped listening at ${duration(alarm)}, while the worker was still beating`,
            'zh-cn': `它只收到了 ${received.length} 次，在 ${duration(alarm)} 就不再接收了，而那时 worker 还在发心跳`,
          },
    );

    const silent = alarm === undefined ? 0 : alarm - last;
    const when: CheckText =
      alarm === undefined
        ? {
            en: 'the monitor never raised the alarm (main did not return)',
            'zh-cn':
              'monitor 始终没有报警（main 没有返回）',
          }
        : {
            en: `the alarm came at ${duration(alarm)}, ${duration(silent)} after the last heartbeat (at ${duration(last)})`,
            'zh-cn': `报警发生在 ${duration(alarm)}，距最后一次心跳（${duration(last)}）${duration(silent)}`,
          };
    t.expect(
      {
        en: 'no false alarm: the alarm comes only after 5 minutes without a heartbeat',
        'zh-cn': '没有误报：连续 5 分钟没有心跳才报警',
      },
      alarm !== undefined && silent >= deadline,
      alarm !== undefined && silent < deadline
        ? {
            en: `${when.en}: the deadline must count from the last heartbeat, not from the start`,
            'zh-cn': `${when['zh-cn']}：超时应该从最后一次心跳开始计算，而不是从头开始`,
          }
        : when,
    );
    t.expect(
      {
        en: 'the alarm comes no later than 5 minutes after the last heartbeat',
        'zh-cn': '报警不晚于最后一次心跳之后 5 分钟',
      },
      alarm !== undefined && silent <= deadline,
      when,
    );

    t.equal(
      {
        en: `it prints ${expected.join(', then ')}`,
        'zh-cn': `依次打印 ${expected.join('、')}`,
      },
      run.lines,
      expected,
    );

    t.noLeaks(run);
  });
});
