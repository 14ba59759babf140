/**
 * Check for hchan/mini-chan: a bounded queue built from a mutex and two condition variables keeps
 * a buffered channel's rules — FIFO, at most `cap` values, send blocks while full, recv blocks while
 * empty, close wakes every receiver (they drain, then get ok = false) and every sender (they panic
 * `send on closed channel`).
 *
 * The program's own tests (below the Queue in main.ts; Go's runtime/chan_test.go cases TestChan
 * and TestMultiConsumer, cut down) print `--- PASS: TestX` or `--- FAIL: TestX` and what broke,
 * as `go test -v` does; each test is one item here. They are run under many schedules
 * (`t.explore`): the lost wake-up of an `if` around `wait()` needs a second sender to barge in
 * between a signal and the woken sender getting the lock, which Go's scheduler may or may not do
 * on a given run, and so do the explored schedules. Blocked goroutines a broken queue leaves behind
 * fail the leak item.
 */
import { defineCheck, type CheckText } from 'labcheck';

interface Test {
  readonly name: string;
  readonly item: CheckText;
  readonly hint: CheckText;
}

const tests: readonly Test[] = [
  {
    name: 'TestFIFO',
    item: {
      en: 'TestFIFO: one sender, one receiver — 20 values arrive in the order they were sent',
      'zh-cn':
        'TestFIFO：一个发送方、一个接收方——20 个值按发送的顺序到达',
    },
    hint: {
      en: 'recv takes from #recvx and moves it on by one (mod cap); send writes at (#recvx + #count) % cap',
      'zh-cn':
        'recv 从 #recvx 取值并把它后移一位（对 cap 取模）；send 写在 (#recvx + #count) % cap',
    },
  },
  {
    name: 'TestManySenders',
    item: {
      en: 'TestManySenders: 4 senders and 4 receivers — every value arrives exactly once, in its sender’s order, and len never exceeds cap',
      'zh-cn':
        'TestManySenders：4 个发送方和 4 个接收方——每个值恰好到达一次、保持发送方的顺序，且 len 从不超过 cap',
    },
    hint: {
      en: 'a woken goroutine must check its condition again: wait() returns after another goroutine may already have taken the free slot (or the value), so wait in a while loop, not under an if',
      'zh-cn':
        '被唤醒的 goroutine 必须重新检查条件：wait() 返回之前，别的 goroutine 可能已经抢走了空位（或那个值），所以要在 while 循环里等待，而不是用 if',
    },
  },
  {
    name: 'TestSendBlocks',
    item: {
      en: 'TestSendBlocks: a send on a full queue does not complete until a recv makes room',
      'zh-cn':
        'TestSendBlocks：在满队列上的发送，直到有 recv 腾出位置才完成',
    },
    hint: {
      en: 'send must wait on #notFull while #count === cap, and recv must signal #notFull after it takes a value',
      'zh-cn':
        '#count === cap 时 send 必须在 #notFull 上等待；recv 取走一个值之后必须 signal #notFull',
    },
  },
  {
    name: 'TestRecvBlocks',
    item: {
      en: 'TestRecvBlocks: a recv on an empty queue does not complete until a send',
      'zh-cn':
        'TestRecvBlocks：在空队列上的接收，直到有发送才完成',
    },
    hint: {
      en: 'recv must wait on #notEmpty while #count === 0, and send must signal #notEmpty after it stores a value',
      'zh-cn':
        '#count === 0 时 recv 必须在 #notEmpty 上等待；send 存入一个值之后必须 signal #notEmpty',
    },
  },
  {
    name: 'TestClosedDrains',
    item: {
      en: 'TestClosedDrains: after close, recv still returns the buffered values in order, then [undefined, false]',
      'zh-cn':
        'TestClosedDrains：关闭之后，recv 仍按顺序返回缓冲区里的值，然后才返回 [undefined, false]',
    },
    hint: {
      en: 'closed is not the same as empty: return [undefined, false] only when the queue is closed and #count === 0',
      'zh-cn':
        '“已关闭”不等于“空”：只有在队列已关闭并且 #count === 0 时才返回 [undefined, false]',
    },
  },
  {
    name: 'TestCloseWakesAll',
    item: {
      en: 'TestCloseWakesAll: close wakes every blocked receiver, and each gets ok = false',
      'zh-cn':
        'TestCloseWakesAll：close 唤醒所有阻塞的接收方，每个都得到 ok = false',
    },
    hint: {
      en: 'signal wakes one waiter; close must broadcast on #notEmpty (and #notFull), as Go’s closechan releases all readers and all writers',
      'zh-cn':
        'signal 只唤醒一个等待者；close 必须在 #notEmpty（和 #notFull）上 broadcast，就像 Go 的 closechan 会放行所有读者和所有写者',
    },
  },
  {
    name: 'TestSendOnClosed',
    item: {
      en: 'TestSendOnClosed: a send on a closed queue panics with "send on closed channel", and so does a sender blocked when the queue is closed',
      'zh-cn':
        'TestSendOnClosed：在已关闭的队列上发送会 panic，信息是 "send on closed channel"；队列关闭时阻塞着的发送方也一样',
    },
    hint: {
      en: 'check #closed after the wait loop as well as before it: a sender woken by close must panic, not store its value',
      'zh-cn':
        '不仅在等待循环之前，等待循环之后也要检查 #closed：被 close 唤醒的发送方必须 panic，而不是存入它的值',
    },
  },
];

/**
 * The hint for a failed test: its own, except when what broke is a close that woke too few
 * waiters (TestManySenders ends with a close too), which TestCloseWakesAll's hint explains.
 */
function hintFor(
  test: Test,
  why: readonly string[],
): CheckText {
  const close = tests.find(
    (x) => x.name === 'TestCloseWakesAll',
  )!;
  return why.some((w) => w.includes('never saw the close'))
    ? close.hint
    : test.hint;
}

export default defineCheck(async (t) => {
  await t.explore((run) => {
    t.exitsCleanly(run);

    const lines = run.lines;
    for (const test of tests) {
      const at = lines.findIndex(
        (l) =>
          l === `--- PASS: ${test.name}` ||
          l === `--- FAIL: ${test.name}`,
      );
      const why: string[] = [];
      for (
        let i = at + 1;
        at !== -1 &&
        i < lines.length &&
        lines[i]!.startsWith('    ');
        i++
      ) {
        why.push(lines[i]!.trim());
      }
      t.expect(
        test.item,
        at !== -1 && lines[at] === `--- PASS: ${test.name}`,
        at === -1
          ? {
              en: `${test.name} never reported: the tests stopped before it (see the first item)`,
              'zh-cn': `${test.name} 没有报告结果：测试在它之前就停了（见第一项）`,
            }
          : {
              en: `${why.join('; ')}: ${hintFor(test, why).en}`,
              'zh-cn': `${why.join('；')}：${hintFor(test, why)['zh-cn']}`,
            },
      );
    }

    t.noLeaks(run);
  });
});
