/**
 * Check for pool/limited-pool: 3 workers do jobs 1 to 10, each job after a token from one shared
 * limiter (a burst of 3, then one every 100 ms), and the program shuts down leaving nothing behind.
 *
 * Read from the trace, not from the output: `handle` (which the learner must not change) logs
 * `start job N` on the `wire` channel as each job starts, at an exact virtual time. A token
 * bucket of capacity `burst` refilled every `interval` lets at most burst + ⌊(b − a) / interval⌋
 * jobs start in any window [a, b]; the check tests that for every pair of starts. That a job
 * also starts as soon as a token exists (3 at 0 ms, then one every 100 ms) rules out a pool that
 * keeps the bound by going slower than the limiter (a sleep, one worker).
 *
 * Explored over many schedules (`t.explore`): workers that finish in the same instant may take
 * jobs and tokens in any order, and a bound, a shutdown and the absence of leaks must hold in
 * every order. The lesson's point is the limiter's goroutine: one that is never stopped (Go by
 * Example's `time.Tick` loop) is still there when main returns, which `t.noLeaks` reports.
 */
import { defineCheck } from 'labcheck';

const jobCount = 10;
const burst = 3;
const interval = 100;
const LINE = /^start job (\d+)$/;
const sumOfSquares =
  (jobCount * (jobCount + 1) * (2 * jobCount + 1)) / 6;
const summary = `${jobCount} jobs done, sum of squares ${sumOfSquares}`;
/** When the jobs start with a limiter used to the full: the burst at 0, then one per interval. */
const fastest = Array.from(
  { length: jobCount },
  (_, i) => Math.max(0, i - burst + 1) * interval,
);

interface Start {
  readonly id: number;
  readonly t: number;
}

export default defineCheck(async (t) => {
  await t.explore((run) => {
    t.exitsCleanly(run);

    const starts: Start[] = t
      .events(run, 'chan.send')
      .flatMap((e) => {
        const m =
          typeof e.value === 'string'
            ? LINE.exec(e.value)
            : null;
        return m === null
          ? []
          : [{ id: Number(m[1]), t: e.t }];
      });

    const count = new Map<number, number>();
    for (const s of starts)
      count.set(s.id, (count.get(s.id) ?? 0) + 1);
    const twice = [...count].find(([, n]) => n > 1)?.[0];
    const missing = Array.from(
      { length: jobCount },
      (_, i) => i + 1,
    ).filter((id) => !count.has(id));
    t.expect(
      {
        en: `each of the jobs 1 to ${jobCount} starts exactly once`,
        'zh-cn': `第 1 到第 ${jobCount} 个任务每个恰好开始一次`,
      },
      twice === undefined && missing.length === 0,
      twice !== undefined
        ? {
            en: `job ${twice} started ${count.get(twice)} times: send each job once on jobs, and let each worker take jobs with for await`,
            'zh-cn': `任务 ${twice} 开始了 ${count.get(twice)} 次：每个任务只往 jobs 发送一次，每个 worker 用 for await 取任务`,
          }
        : {
            en: `job(s) ${missing.join(', ')} never started (${starts.length} of ${jobCount} did): the pool stopped before the work was done — a worker or main is stuck on an unbuffered channel nobody reads, or main returned too early`,
            'zh-cn': `任务 ${missing.join('、')} 从未开始（${jobCount} 个中只开始了 ${starts.length} 个）：活还没干完，工作池就停了——某个 worker 或 main 卡在没人接收的无缓冲通道上，或者 main 返回得太早`,
          },
    );

    // The most jobs that started in one window, against what the bucket allows there.
    let worst:
      | {
          n: number;
          allowed: number;
          from: number;
          to: number;
          ids: number[];
        }
      | undefined;
    for (let i = 0; i < starts.length; i++) {
      for (let j = i; j < starts.length; j++) {
        const n = j - i + 1;
        const allowed =
          burst +
          Math.floor(
            (starts[j]!.t - starts[i]!.t) / interval,
          );
        if (
          n > allowed &&
          (worst === undefined ||
            n - allowed > worst.n - worst.allowed)
        ) {
          worst = {
            n,
            allowed,
            from: starts[i]!.t,
            to: starts[j]!.t,
            ids: starts
              .slice(i, j + 1)
              .map((s) => s.id)
              .sort((a, b) => a - b),
          };
        }
      }
    }
    t.expect(
      {
        en: `at most ${burst} jobs start at once, and one more per ${interval} ms after that, in any window of time`,
        'zh-cn': `在任意一段时间里，一开始最多同时开始 ${burst} 个任务，之后每 ${interval} 毫秒最多再多一个`,
      },
      starts.length > 0 && worst === undefined,
      worst === undefined
        ? {
            en: 'no job started: call handle for each job',
            'zh-cn':
              '一个任务都没有开始：请为每个任务调用 handle',
          }
        : {
            en: `${worst.n} jobs (${worst.ids.join(', ')}) started between ${worst.from} ms and ${worst.to} ms, where the limit allows ${worst.allowed}: every worker must take a token from the one shared bucket before each job, and the bucket must hold at most ${burst}`,
            'zh-cn': `${worst.from} 毫秒到 ${worst.to} 毫秒之间开始了 ${worst.n} 个任务（${worst.ids.join('、')}），限流只允许 ${worst.allowed} 个：每个 worker 在每个任务之前都必须从同一个共享的令牌桶里取一个令牌，桶里最多存 ${burst} 个`,
          },
    );

    const times = starts
      .map((s) => s.t)
      .sort((a, b) => a - b);
    const slow = times.findIndex(
      (time, i) => time > fastest[i]!,
    );
    t.expect(
      {
        en: `the jobs start as soon as the limiter allows: ${burst} at 0 ms, then one every ${interval} ms (the last at ${fastest.at(-1)} ms)`,
        'zh-cn': `限流一放行任务就开始：0 毫秒时 ${burst} 个，之后每 ${interval} 毫秒一个（最后一个在 ${fastest.at(-1)} 毫秒）`,
      },
      times.length === jobCount && slow === -1,
      slow === -1
        ? {
            en: `only ${times.length} of ${jobCount} jobs started`,
            'zh-cn': `${jobCount} 个任务中只开始了 ${times.length} 个`,
          }
        : {
            en: `job start number ${slow + 1} came at ${times[slow]} ms, not at ${fastest[slow]} ms: the pool is slower than its limiter — wait only for a token, with ${burst} workers ready to take it`,
            'zh-cn': `第 ${slow + 1} 个开始的任务在 ${times[slow]} 毫秒才开始，而不是 ${fastest[slow]} 毫秒：工作池比限流还慢——只等令牌，并让 ${burst} 个 worker 随时准备取走它`,
          },
    );

    t.equal(
      {
        en: `it prints ${JSON.stringify(summary)}`,
        'zh-cn': `打印 ${JSON.stringify(summary)}`,
      },
      run.lines,
      [summary],
    );

    t.noLeaks(run);
  });
});
