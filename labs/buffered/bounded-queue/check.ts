/**
 * Check for buffered/bounded-queue: a producer sends `jobs` jobs over a channel with a buffer of
 * `buffer` to a printer, and
 *  - the producer is never more than `buffer` jobs ahead of the printer (the queue is bounded),
 *  - it does get `buffer` jobs ahead while the printer is busy (the buffer is used, not unbuffered),
 *  - every job is printed exactly once, in the order it was queued.
 *
 * "Ahead" is read from the runtime's trace, not from the output: on the channel that carried the
 * jobs (the one with the most completed sends), it is completed sends minus completed receives.
 * When a send waits on a full buffer, Go completes it inside the receive that frees a slot
 * (chanrecv moves the parked sender's value into the buffer); gort's trace reports that send, by a
 * goroutine still parked, just before that receive, so the two count as one step and "ahead" is
 * measured after both.
 *
 * The items are checked under many schedules (`t.explore`): with one printer, FIFO order holds in
 * every schedule, but a program with two printers prints in order only when their timers happen to
 * fire in the order they were set, and fails here with the schedule that reorders them.
 */
import {
  defineCheck,
  verbatim,
  type TraceEvent,
} from 'labcheck';

const jobs = 8;
const buffer = 3;

/** The most values sent but not yet received on `ch`, at any step of the trace. */
function mostAhead(
  trace: readonly TraceEvent[],
  ch: number,
): number {
  const parked = new Set<number>();
  let ahead = 0;
  let most = 0;
  for (const e of trace) {
    if (e.type === 'go.park') parked.add(e.g);
    else if (e.type === 'go.unpark') parked.delete(e.g);
    else if (e.type === 'chan.send' && e.ch === ch) {
      ahead++;
      // A send that waited completes inside the receive
      // that frees its slot: measure after that receive.
      if (!parked.has(e.g)) most = Math.max(most, ahead);
    } else if (e.type === 'chan.recv' && e.ch === ch) {
      if (e.ok) ahead--;
      most = Math.max(most, ahead);
    }
  }
  return most;
}

const expected = Array.from(
  { length: jobs },
  (_, i) => `printed ${i + 1}`,
);

export default defineCheck(async (t) => {
  await t.explore((run) => {
    const deadlocked = run.stderr.includes(
      'all goroutines are asleep - deadlock!',
    );
    t.equal(
      {
        en: 'the program exits with status 0',
        'zh-cn': '程序以退出状态 0 结束',
      },
      run.exitCode,
      0,
      deadlocked
        ? {
            en: 'it deadlocked: a send waits on a full queue and no goroutine receives — is the producer running in its own goroutine?',
            'zh-cn':
              '程序死锁了：一次发送在等已满的队列，却没有 goroutine 接收——生产者在自己的 goroutine 里运行吗？',
          }
        : verbatim(run.stderr.trim().split('\n')[0] ?? ''),
    );

    const sends = new Map<number, number>();
    for (const e of run.trace)
      if (e.type === 'chan.send')
        sends.set(e.ch, (sends.get(e.ch) ?? 0) + 1);
    const [queue] = [...sends].reduce<[number, number]>(
      (best, entry) => (entry[1] > best[1] ? entry : best),
      [0, 0],
    );
    const most =
      queue === 0 ? 0 : mostAhead(run.trace, queue);

    t.expect(
      {
        en: `the producer is never more than ${buffer} jobs ahead of the printer`,
        'zh-cn': `生产者领先打印机永远不超过 ${buffer} 个任务`,
      },
      most <= buffer,
      {
        en: `the producer got ${most} jobs ahead: the queue held ${most} jobs at once; make it with a buffer of \`buffer\` (${buffer})`,
        'zh-cn': `生产者领先了 ${most} 个任务：队列里同时放了 ${most} 个任务；请用 \`buffer\`（${buffer}）作为缓冲区大小`,
      },
    );

    t.expect(
      {
        en: `the producer runs up to ${buffer} jobs ahead while the printer is busy`,
        'zh-cn': `打印机忙的时候，生产者能领先到 ${buffer} 个任务`,
      },
      most >= buffer,
      queue === 0
        ? {
            en: 'no job went over a channel',
            'zh-cn': '没有任务经过 channel',
          }
        : {
            en: `the producer was never more than ${most} ahead: the queue needs a buffer of \`buffer\` (${buffer}), so the producer can keep working while the printer prints`,
            'zh-cn': `生产者最多只领先了 ${most} 个：队列需要 \`buffer\`（${buffer}）大小的缓冲区，打印机干活时生产者才能接着干`,
          },
    );

    t.equal(
      {
        en: 'every job is printed once, in order: printed 1 … printed 8',
        'zh-cn':
          '每个任务都按顺序恰好打印一次：printed 1 … printed 8',
      },
      run.lines.filter((line) =>
        line.startsWith('printed'),
      ),
      expected,
    );
  });
});
