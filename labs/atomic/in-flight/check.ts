/**
 * Check for atomic/in-flight: twelve requests arrive over 60 ms of virtual time; the server counts
 * them (`served`, whose new value also numbers each request's log line) and keeps a gauge of the
 * most requests that were ever in flight at once (`maxInFlight`).
 *
 * The expected numbers are fixed by the load, whatever the schedule: arrivals and request ends never
 * fall on the same virtual instant, so at most 6 requests are ever in flight (5 arrive at 31 ms
 * while one works), and the log's waits take no virtual time. Only the order of the log's lines
 * may differ from run to run, so the check reads the summary and the set of request numbers, never
 * the log's order.
 *
 * Explored over many schedules: in gort's default order the starter's gauge (load, await the log,
 * store) happens to end right, and a log channel with a buffer hides the await from the default
 * order altogether; under other orders Go's scheduler may produce, a request that loaded the gauge
 * before another raised it stores its lower count last.
 */
import {
  defineCheck,
  verbatim,
  type CheckText,
} from 'labcheck';

const requests = 12;
const peak = 6;

/** The number printed after `label` on its own line (`served: 12`), or undefined. */
function printed(
  lines: readonly string[],
  label: string,
): number | undefined {
  const line = lines.find((l) =>
    l.startsWith(`${label}: `),
  );
  return line === undefined
    ? undefined
    : Number(line.slice(label.length + 2));
}

export default defineCheck(async (t) => {
  await t.explore((run) => {
    const why: CheckText | undefined = run.stderr.includes(
      'all goroutines are asleep - deadlock!',
    )
      ? {
          en: 'it deadlocked: a goroutine waits on the log after writeLog ended, or main waits for a log that is never closed',
          'zh-cn':
            '程序死锁了：有 goroutine 在 writeLog 结束后还在等日志通道，或者 main 在等一个永远不会关闭的日志',
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

    const served = printed(run.lines, 'served');
    t.equal(
      {
        en: `every request is counted: served: ${requests}`,
        'zh-cn': `每个请求都被计数：served: ${requests}`,
      },
      served,
      requests,
    );

    const numbers = run.lines
      .map((l) => /^request (\d+) done$/.exec(l)?.[1])
      .filter((n) => n !== undefined)
      .map(Number);
    const twice = [
      ...new Set(
        numbers.filter((n, i) => numbers.indexOf(n) !== i),
      ),
    ].sort((a, b) => a - b);
    const missing = Array.from(
      { length: requests },
      (_, i) => i + 1,
    ).filter((n) => !numbers.includes(n));
    t.expect(
      {
        en: `the log numbers the requests 1 to ${requests}, each once`,
        'zh-cn': `日志给请求编号 1 到 ${requests}，每个编号恰好一次`,
      },
      twice.length === 0 &&
        missing.length === 0 &&
        numbers.length === requests,
      twice.length > 0
        ? {
            en: `request ${twice.join(', ')} is logged more than once${missing.length > 0 ? ` and ${missing.join(', ')} never` : ''}: two requests loaded the count before either added to it — number each request with the value served.add(1) returns`,
            'zh-cn': `请求 ${twice.join('、')} 在日志里出现了不止一次${missing.length > 0 ? `，而 ${missing.join('、')} 一次也没有` : ''}：两个请求都在对方加一之前读了计数——请用 served.add(1) 返回的新值给请求编号`,
          }
        : {
            en: `the log has ${numbers.length} request lines${missing.length > 0 ? `; missing: ${missing.join(', ')}` : ''}`,
            'zh-cn': `日志里有 ${numbers.length} 行请求记录${missing.length > 0 ? `；缺少：${missing.join('、')}` : ''}`,
          },
    );

    t.equal(
      {
        en: 'no request is left counted in flight at the end: in flight: 0',
        'zh-cn':
          '结束时没有请求还被算作在处理中：in flight: 0',
      },
      printed(run.lines, 'in flight'),
      0,
    );

    const max = printed(run.lines, 'max in flight');
    t.expect(
      {
        en: `the gauge holds the most requests ever in flight at once: max in flight: ${peak}`,
        'zh-cn': `指标记下了同时在处理的请求数的最大值：max in flight: ${peak}`,
      },
      max === peak,
      max === undefined
        ? {
            en: 'it printed no max in flight line',
            'zh-cn': '程序没有打印 max in flight 这一行',
          }
        : max < peak
          ? {
              en: `the gauge says ${max}, but ${peak} requests were in flight at 31ms: a request loaded the gauge, waited on the log, and then stored its lower count over the higher one another request had stored meanwhile — raise the gauge with compareAndSwap in a loop, with no await between the load and the swap`,
              'zh-cn': `指标是 ${max}，可在 31ms 时有 ${peak} 个请求同时在处理：某个请求读了指标，等日志时别的请求存入了更大的值，它回来后又用自己较小的计数把它覆盖了——请在循环里用 compareAndSwap 抬高指标，读取和交换之间不要有 await`,
            }
          : {
              en: `the gauge says ${max}, but never more than ${peak} requests were in flight at once`,
              'zh-cn': `指标是 ${max}，可同时在处理的请求从来没有超过 ${peak} 个`,
            },
    );

    t.noLeaks(run);
  });
});
