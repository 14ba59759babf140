/**
 * Check for close/countdown: the generator closes its channel once, after its last send, and
 * main's range loop ends because of that close.
 *
 * The channel is the first one the program makes (countdown's `out`, made while main calls it).
 * From the trace: who sent on it (`chan.send`), who closed it (`chan.close`) and whether main got
 * the closed channel's `ok == false` receive that ends a range loop. A second close never reaches
 * the trace (it panics first), so the panic's text and its `goroutine N [running]` line count as
 * that goroutine's close. A range loop that never ends is a deadlock when main waits in it, and a
 * leak (`t.leaks`) when another goroutine does and main returns without it.
 *
 * Explored over many schedules: whether a close by the receiver races a send depends on the order
 * the goroutines run in, so a program must be right in every order Go could pick.
 */
import {
  defineCheck,
  verbatim,
  type CheckText,
} from 'labcheck';

const MAIN = 1;
const expected = ['3', '2', '1', 'liftoff!'];

export default defineCheck(async (t) => {
  await t.explore((run) => {
    const made = t.events(run, 'chan.make')[0]?.ch;
    const senders = new Set(
      t
        .events(run, 'chan.send')
        .filter((e) => e.ch === made)
        .map((e) => e.g),
    );
    const closers = t
      .events(run, 'chan.close')
      .filter((e) => e.ch === made)
      .map((e) => e.g);
    const closedTwice =
      /^panic: close of closed channel\n\ngoroutine (\d+) \[/m.exec(
        run.stderr,
      );
    if (closedTwice !== null)
      closers.push(Number(closedTwice[1]));

    const why: CheckText | undefined = run.stderr.includes(
      'all goroutines are asleep - deadlock!',
    )
      ? {
          en: 'it deadlocked: main’s range loop waits for another value, and no goroutine will send or close — close the channel after the last send',
          'zh-cn':
            '程序死锁了：main 的 range 循环还在等下一个值，却没有 goroutine 会再发送或关闭——请在最后一次发送之后关闭 channel',
        }
      : closedTwice !== null
        ? {
            en: 'panic: close of closed channel — the channel was closed twice; only its sender closes it',
            'zh-cn':
              'panic: close of closed channel——channel 被关闭了两次；只应由发送方关闭',
          }
        : run.stderr.includes(
              'panic: send on closed channel',
            )
          ? {
              en: 'panic: send on closed channel — the channel was closed while its sender still had values to send',
              'zh-cn':
                'panic: send on closed channel——发送方还有值要发，channel 就被关闭了',
            }
          : verbatim(
              run.stderr.trim().split('\n')[0] ?? '',
            );
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
        en: 'it prints 3, 2, 1, then liftoff!',
        'zh-cn': '依次打印 3、2、1，然后是 liftoff!',
      },
      run.lines,
      expected,
    );

    t.expect(
      {
        en: 'the channel is closed exactly once',
        'zh-cn': 'channel 恰好被关闭一次',
      },
      closers.length === 1,
      closers.length === 0
        ? {
            en: 'nobody closed it, so a range loop over it cannot end',
            'zh-cn':
              '没有人关闭它，所以在它上面 range 的循环无法结束',
          }
        : {
            en: `it was closed ${closers.length} times; a second close panics`,
            'zh-cn': `它被关闭了 ${closers.length} 次；第二次关闭会 panic`,
          },
    );

    const wrong = closers.filter((g) => !senders.has(g));
    t.expect(
      {
        en: 'only the goroutine that sends on the channel closes it',
        'zh-cn':
          '只有往 channel 发送的那个 goroutine 关闭它',
      },
      wrong.length === 0,
      {
        en: `goroutine ${wrong.join(', ')}${wrong.includes(MAIN) ? ' (main)' : ''} closed it without sending on it: a receiver cannot know whether more values are coming`,
        'zh-cn': `goroutine ${wrong.join('、')}${wrong.includes(MAIN) ? '（main）' : ''}没有往里发送，却关闭了它：接收方无从知道后面还有没有值`,
      },
    );

    t.expect(
      {
        en: 'main’s loop ends because the channel is closed',
        'zh-cn': 'main 的循环因为 channel 关闭而结束',
      },
      t
        .events(run, 'chan.recv')
        .some(
          (e) => e.ch === made && e.g === MAIN && !e.ok,
        ),
      {
        en: 'main never received the closed channel’s “no more values” (ok == false), which is what ends for … range',
        'zh-cn':
          'main 始终没有收到已关闭 channel 的“没有更多值了”（ok == false），而 for … range 正是靠它结束的',
      },
    );

    t.noLeaks(run);
  });
});
