/**
 * Check for context/deadline-search: search asks three backends (30ms, 60ms, 250ms) under a
 * caller's context.withTimeout of 100ms; it must return at the deadline with ctx.err()
 * (`context deadline exceeded`, DeadlineExceeded itself), and every worker it started must have
 * stopped by then — no goroutine outlives the deadline.
 *
 * Read from the trace, not from the output: a goroutine's life is its `go.start` and `go.exit`;
 * the deadline is 100ms after main's start. main sleeps a virtual second after search returns, so
 * a worker that stops late is seen stopping late (at 250ms) and one that never stops is still
 * there when main returns (t.noLeaks). On the virtual clock these times are exact.
 *
 * Explored over many schedules, like the other labs: a worker woken in the same instant as the
 * deadline, or a goroutine the learner adds, must give the same answer in every order.
 */
import { formatDuration } from 'gort/time';
import { defineCheck, type CheckText } from 'labcheck';

const MAIN = 1;
const deadline = 100;
/** The backends, in the order search starts their workers. */
const backends = ['web', 'images', 'video'];
const expected = [
  'found: web, images',
  'error: context deadline exceeded',
  'deadline exceeded: true',
  'search returned at 100ms',
];

export default defineCheck(async (t) => {
  await t.explore((run) => {
    t.exitsCleanly(run);

    const returned = run.lines.find((l) =>
      l.startsWith('search returned at '),
    );
    t.expect(
      {
        en: "search returns when the caller's deadline passes, at 100ms",
        'zh-cn': 'search 在调用方的截止时间（100ms）返回',
      },
      returned === 'search returned at 100ms',
      returned === undefined
        ? {
            en: 'it never printed when search returned',
            'zh-cn': '程序没有打印 search 何时返回',
          }
        : {
            en: `it printed "${returned}": search must stop waiting when ctx.done() is closed, not wait for every worker`,
            'zh-cn': `它打印的是 "${returned}"：ctx.done() 关闭时 search 就要停止等待，而不是等所有 worker 结束`,
          },
    );

    const error = run.lines
      .find((l) => l.startsWith('error: '))
      ?.slice('error: '.length);
    const isDeadline = run.lines.includes(
      'deadline exceeded: true',
    );
    t.expect(
      {
        en: "search's error is ctx.err(): context deadline exceeded",
        'zh-cn':
          'search 返回的错误是 ctx.err()：context deadline exceeded',
      },
      error === 'context deadline exceeded' && isDeadline,
      error === 'context deadline exceeded'
        ? {
            en: 'its text is right but it is not context.DeadlineExceeded itself: return ctx.err(), not a new error with the same words',
            'zh-cn':
              '文字对了，但它不是 context.DeadlineExceeded 本身：请返回 ctx.err()，不要新建一个文字相同的错误',
          }
        : {
            en: `its error was "${error ?? 'none'}": return ctx.err(), so the caller can tell a deadline (context.DeadlineExceeded) from a cancel`,
            'zh-cn': `它的错误是 "${error ?? '无'}"：请返回 ctx.err()，调用方才能分辨是超时（context.DeadlineExceeded）还是被取消`,
          },
    );

    const start = t.events(run, 'go.start')[0]?.t ?? 0;
    const exits = new Map(
      t
        .events(run, 'go.exit')
        .map((e) => [e.g, e.t - start]),
    );
    const workers = t
      .events(run, 'go.start')
      .filter((e) => e.g !== MAIN);
    // Name a worker by its backend while search starts one per backend, in order (Go would name
    // the closure main.search.func1 for all three, which does not say which one is late).
    const named = workers.length === backends.length;
    const late: CheckText[] = workers.flatMap((e, i) => {
      const end = exits.get(e.g);
      if (end !== undefined && end <= deadline) return [];
      const who = named
        ? `the ${backends[i]} worker (goroutine ${e.g})`
        : `goroutine ${e.g} (${e.fn})`;
      const zhWho = named
        ? `${backends[i]} 的 worker（goroutine ${e.g}）`
        : `goroutine ${e.g}（${e.fn}）`;
      return [
        end === undefined
          ? {
              en: `${who} never stopped`,
              'zh-cn': `${zhWho}一直没有停止`,
            }
          : {
              en: `${who} stopped at ${formatDuration(end)}`,
              'zh-cn': `${zhWho}到 ${formatDuration(end)} 才停止`,
            },
      ];
    });
    t.expect(
      {
        en: 'every worker has stopped by the deadline (100ms): no goroutine outlives it',
        'zh-cn':
          '所有 worker 在截止时间（100ms）之前都已停止：没有 goroutine 活过截止时间',
      },
      late.length === 0,
      late.length === 0
        ? {
            en: 'every worker stopped in time',
            'zh-cn': '所有 worker 都按时停止了',
          }
        : {
            en: `${late.map((l) => l.en).join('; ')} — a worker must wait in a select with ctx.done(), and return when it is closed`,
            'zh-cn': `${late.map((l) => l['zh-cn']).join('；')}——worker 要在带 ctx.done() 的 select 里等待，它一关闭就返回`,
          },
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
