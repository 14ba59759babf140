/**
 * Check for debugging/three-bugs: a small server with three planted bugs, each named by its own
 * item so that a learner who fixes them one at a time sees each one pass.
 *
 * Each bug shows only in some schedules, so each item is explored on its own (`t.explore`, 50
 * schedules apiece): one exploration stops at the first schedule that breaks any of its items, and
 * a schedule that deadlocks would otherwise hide whether the count was right.
 *
 * - The deadlock (lock order inversion between a and b) is read from the run's stuck report:
 *   kind `deadlock` with goroutines in `sync.Mutex.Lock`, each holding the lock the other wants.
 * - The leak is read from the same report, deadlock or leak: a goroutine left in `chan send`
 *   (the lookup that answered after the deadline). A deadlocked run lists every goroutine, so the
 *   leak is seen even in a run the deadlock ended.
 * - The lost update is read from the metrics feed in the trace (`hits: 3 -> 4`, the values of
 *   `chan.send` events): two reports starting from the same count are the lost update itself, and
 *   they are in the trace even when the run later deadlocked; and from the `hits:` line printed.
 */
import {
  defineCheck,
  type CheckText,
  type ProgramRun,
  type StuckReport,
} from 'labcheck';

const requests = 8;
const HIT = /^hits: (\d+) -> (\d+)$/;

/** The goroutines of `stuck` that wait in `reason`, as `goroutine 5 (main.handle)`. */
function waiting(
  stuck: StuckReport | undefined,
  reason: string,
): StuckReport['goroutines'] {
  return stuck === undefined
    ? []
    : stuck.goroutines.filter((g) => g.reason === reason);
}

/** "goroutine 4 holds mutex 1 and waits for mutex 2" for each goroutine stuck in Lock. */
function lockCycle(stuck: StuckReport): {
  en: string;
  zh: string;
} {
  const holders = new Set(
    stuck.objects.flatMap((o) =>
      o.kind === 'mutex' ? o.holders : [],
    ),
  );
  const parts = waiting(stuck, 'sync.Mutex.Lock')
    .filter((g) => holders.has(g.id))
    .map((g) => {
      const wants = g.waits.map((w) => w.object);
      const holds = stuck.objects
        .map((o, i) => ({ o, i }))
        .filter(
          ({ o }) =>
            o.kind === 'mutex' && o.holders.includes(g.id),
        )
        .map(({ o }) => `mutex ${o.id}`);
      const wanted = wants.map(
        (i) => `mutex ${stuck.objects[i]?.id ?? '?'}`,
      );
      return {
        en: `goroutine ${g.id} holds ${holds.join(', ') || 'nothing'} and waits for ${wanted.join(', ')}`,
        zh: `goroutine ${g.id} 持有 ${holds.join('、') || '（无）'}，在等 ${wanted.join('、')}`,
      };
    });
  return {
    en: parts.map((p) => p.en).join('; '),
    zh: parts.map((p) => p.zh).join('；'),
  };
}

function hitsLine(run: ProgramRun): number | undefined {
  const line = run.lines.find((l) =>
    l.startsWith('hits: '),
  );
  if (line === undefined) return undefined;
  const n = Number(line.slice('hits: '.length));
  return Number.isInteger(n) ? n : undefined;
}

export default defineCheck(async (t) => {
  // 1. The deadlock.
  await t.explore((run) => {
    const stuck = run.stuck;
    const locked =
      stuck?.kind === 'deadlock'
        ? waiting(stuck, 'sync.Mutex.Lock')
        : [];
    const cycle =
      stuck !== undefined && locked.length > 0
        ? lockCycle(stuck)
        : undefined;
    const detail: CheckText | undefined =
      cycle === undefined
        ? stuck?.kind === 'deadlock'
          ? {
              en: 'fatal error: all goroutines are asleep - deadlock! (no goroutine waits in sync.Mutex.Lock: read the dump in the terminal)',
              'zh-cn':
                'fatal error: all goroutines are asleep - deadlock!（没有 goroutine 停在 sync.Mutex.Lock：请看终端里的 dump）',
            }
          : undefined
        : {
            en: `fatal error: all goroutines are asleep - deadlock! In the dump, ${locked.length} goroutines wait in [sync.Mutex.Lock], and two of them hold a lock: ${cycle.en}. A transfer a→b and a transfer b→a each took their first lock and wait for the other's. Take the two locks in one order whichever way the credits go: the account with the lower id first`,
            'zh-cn': `fatal error: all goroutines are asleep - deadlock! dump 里有 ${locked.length} 个 goroutine 停在 [sync.Mutex.Lock]，其中两个各持一把锁：${cycle.zh}。一笔 a→b 和一笔 b→a 的转账各自拿到了第一把锁，又在等对方手里的那把。无论积分往哪边转，都按同一个顺序加锁：先锁 id 小的账户`,
          };
    t.expect(
      {
        en: 'no deadlock: two transfers never hold one lock each and wait for the other',
        'zh-cn':
          '没有死锁：两笔转账不会各持一把锁、互相等待',
      },
      stuck?.kind !== 'deadlock' && run.exitCode === 0,
      detail,
    );
  });

  // 2. The leak per request.
  await t.explore((run) => {
    const left = waiting(run.stuck, 'chan send');
    const where = left[0]?.at;
    t.expect(
      {
        en: 'no goroutine leaks per request: a lookup that answers after the deadline still ends',
        'zh-cn':
          '每个请求都不泄漏 goroutine：超过期限才回来的查询也能结束',
      },
      left.length === 0,
      {
        en: `${left.length} goroutine${left.length === 1 ? '' : 's'} (${left.map((g) => `goroutine ${g.id}, ${g.name}`).join('; ')}) ${left.length === 1 ? 'was' : 'were'} left in [chan send]${where ? ` at ${where.file}:${where.line}` : ''}: one per request whose lookup missed the 50ms deadline. fetchUser had returned 'timeout', so nobody receives from reply any more. Give reply a slot (chan(1)): the late send succeeds and the goroutine ends`,
        'zh-cn': `有 ${left.length} 个 goroutine（${left.map((g) => `goroutine ${g.id}，${g.name}`).join('；')}）停在 [chan send]${where ? `，位置 ${where.file}:${where.line}` : ''}：每个查询超过 50ms 期限的请求泄漏一个。fetchUser 已经返回了 'timeout'，再也没有人从 reply 接收。给 reply 留一个缓冲槽（chan(1)）：迟到的发送能成功，goroutine 随之结束`,
      },
    );
  });

  // 3. The lost update.
  await t.explore((run) => {
    const reports = t
      .events(run, 'chan.send')
      .flatMap((e) => {
        const m =
          typeof e.value === 'string'
            ? HIT.exec(e.value)
            : null;
        return m === null
          ? []
          : [
              {
                text: e.value as string,
                from: Number(m[1]),
              },
            ];
      });
    const seen = new Map<number, string>();
    let twice: { a: string; b: string } | undefined;
    for (const r of reports) {
      const before = seen.get(r.from);
      if (before !== undefined && twice === undefined)
        twice = { a: before, b: r.text };
      seen.set(r.from, r.text);
    }
    const hits = hitsLine(run);
    t.expect(
      {
        en: `no lost update: each of the ${requests} requests is counted once (no two handlers read the same count)`,
        'zh-cn': `没有丢失更新：${requests} 个请求各被计数一次（没有两个 handler 读到同一个计数）`,
      },
      twice === undefined &&
        (hits === undefined
          ? run.exitCode !== 0
          : hits === requests),
      twice !== undefined
        ? {
            en: `the metrics feed has “${twice.a}” twice: two handlers read the same count before either wrote it back, at the await of the metrics send, so one hit was lost${hits === undefined ? '' : ` (hits: ${hits}, not ${requests})`}. Hold stats.mu from the read to the write, across the await`,
            'zh-cn': `指标里出现了两次“${twice.a}”：两个 handler 在对方写回之前都读到了同一个计数（在指标发送的 await 处），于是丢了一次计数${hits === undefined ? '' : `（hits: ${hits}，而不是 ${requests}）`}。请从读到写一直持有 stats.mu，把中间的 await 也包进去`,
          }
        : {
            en: `the program printed hits: ${hits ?? '(nothing)'}, not ${requests}`,
            'zh-cn': `程序打印的是 hits: ${hits ?? '（无）'}，而不是 ${requests}`,
          },
    );
  });
});
