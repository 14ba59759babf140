/**
 * Check for stateful/kv-store: one owner goroutine holds the counts and serves requests sent with
 * reply channels. Three workers increment `hits` 10 times each; then the store is shut down and
 * one more increment is tried.
 *
 * What it verifies, in every explored schedule: no increment is lost (`hits: 30`: an increment is
 * one request the owner applies whole, not a get and a set another worker's request can come
 * between); the owner goroutine returns once the store is shut down (its `go.exit` in the trace:
 * a `select` on `ctx.done()` in its loop, and a shutdown that waits for it); the increment after
 * the shutdown returns `context canceled` instead of waiting for ever to send to an owner that has
 * gone; and nothing is left behind when main returns (t.noLeaks).
 *
 * Explored over many schedules: a get-then-set increment may be lucky in one order and lose
 * updates in another, and a shutdown that does not wait may see the owner stop first by chance.
 * The lost update is named from the trace: two `set` requests writing the same value are two
 * workers that read the same count.
 */
import {
  defineCheck,
  verbatim,
  type CheckText,
} from 'labcheck';

const workers = 3;
const each = 10;
const total = workers * each;
const OWNER = 'main.owner';

/** The value of a request object sent to the owner that sets `hits` (the starter's `set`). */
function setValue(value: unknown): number | undefined {
  if (typeof value !== 'object' || value === null)
    return undefined;
  const op = value as Record<string, unknown>;
  return op['key'] === 'hits' &&
    typeof op['value'] === 'number' &&
    'resp' in op
    ? op['value']
    : undefined;
}

export default defineCheck(async (t) => {
  await t.explore((run) => {
    const deadlock = run.stderr.includes(
      'all goroutines are asleep - deadlock!',
    );
    const ownerStart = t
      .events(run, 'go.start')
      .find((e) => e.fn === OWNER);
    const ownerExited =
      ownerStart !== undefined &&
      t
        .events(run, 'go.exit')
        .some((e) => e.g === ownerStart.g);
    const stuck: CheckText | undefined = !deadlock
      ? undefined
      : !ownerExited
        ? {
            en: 'it deadlocked: shutdown waits for the owner to return, and the owner waits in its select for a request that never comes — give its select a done: recv(ctx.done()) case and return on it',
            'zh-cn':
              '程序死锁了：shutdown 在等所有者返回，而所有者在 select 里等一个永远不会来的请求——给它的 select 加上 done: recv(ctx.done()) 分支，收到就返回',
          }
        : {
            en: 'it deadlocked: the owner had returned, and a call after the shutdown waits for ever to send its request — send in a select with ctx.done(), and return ctx.err() when it is closed',
            'zh-cn':
              '程序死锁了：所有者已经返回，shutdown 之后的调用却永远在等着发送请求——请在带 ctx.done() 的 select 里发送，它关闭时返回 ctx.err()',
          };
    t.equal(
      {
        en: 'the program exits with status 0',
        'zh-cn': '程序以退出状态 0 结束',
      },
      run.exitCode,
      0,
      stuck ??
        verbatim(run.stderr.trim().split('\n')[0] ?? ''),
    );

    const hitsLine = run.lines.find((l) =>
      l.startsWith('hits: '),
    );
    const hits =
      hitsLine === undefined
        ? undefined
        : Number(hitsLine.slice('hits: '.length));
    const sets = t.events(run, 'chan.send').flatMap((e) => {
      const v = setValue(e.value);
      return v === undefined ? [] : [v];
    });
    const twice = sets.find(
      (v, i) => sets.indexOf(v) !== i,
    );
    t.expect(
      {
        en: `no increment is lost: ${workers} workers × ${each} increments leave hits: ${total}`,
        'zh-cn': `没有丢失任何一次加一：${workers} 个 worker 各加 ${each} 次，结果是 hits: ${total}`,
      },
      hits === total,
      hits === undefined || Number.isNaN(hits)
        ? {
            en: `it should print “hits: ${total}”, got ${JSON.stringify(hitsLine ?? '')}`,
            'zh-cn': `应该打印“hits: ${total}”，实际为 ${JSON.stringify(hitsLine ?? '')}`,
          }
        : twice !== undefined
          ? {
              en: `it printed hits: ${hits}. Two increments both set hits to ${twice}: each got ${twice - 1} before either set its result. The owner served every get and every set alone, but another worker's request came between one worker's get and its set. Send one request the owner applies whole: an add`,
              'zh-cn': `它打印了 hits: ${hits}。有两次加一都把 hits 设成了 ${twice}：两者都在对方写回之前读到了 ${twice - 1}。所有者确实一次只处理一个 get 或 set，可是另一个 worker 的请求插在了某个 worker 的 get 和 set 之间。请改成发一个由所有者整体完成的请求：add`,
            }
          : {
              en: `it printed hits: ${hits}, so ${total - hits} increments were lost: an increment must be one request the owner applies whole (an add), not a get and then a set`,
              'zh-cn': `它打印了 hits: ${hits}，丢了 ${total - hits} 次加一：加一必须是所有者整体完成的一个请求（add），而不是先 get 再 set`,
            },
    );

    t.expect(
      {
        en: 'the owner goroutine returns when the store is shut down',
        'zh-cn': 'store 关闭时，所有者 goroutine 会返回',
      },
      ownerExited,
      ownerStart === undefined
        ? {
            en: 'no goroutine runs owner: start it with go(owner, ctx, s)',
            'zh-cn':
              '没有 goroutine 在运行 owner：请用 go(owner, ctx, s) 启动它',
          }
        : {
            en: `the owner (goroutine ${ownerStart.g}) had not returned when main did: give its select a done: recv(ctx.done()) case that returns (closing s.stopped on the way out), start it with go(owner, ctx, s), and make shutdown wait for s.stopped`,
            'zh-cn': `main 返回时，所有者（goroutine ${ownerStart.g}）还没有返回：给它的 select 加上 done: recv(ctx.done()) 分支，收到就返回（返回时关闭 s.stopped），用 go(owner, ctx, s) 启动它，并让 shutdown 等待 s.stopped`,
          },
    );

    const late = run.lines
      .find((l) =>
        l.startsWith('increment after shutdown:'),
      )
      ?.slice('increment after shutdown:'.length)
      .trim();
    t.expect(
      {
        en: 'an increment after the shutdown returns context canceled instead of waiting for ever',
        'zh-cn':
          'shutdown 之后的加一返回 context canceled，而不是永远等下去',
      },
      late === 'context canceled',
      late === undefined && !ownerExited
        ? {
            en: 'the program never got to the increment after the shutdown: shutdown never returned, because the owner never stopped',
            'zh-cn':
              '程序根本没走到 shutdown 之后的加一：所有者一直没停，shutdown 也就一直没有返回',
          }
        : late === undefined
          ? {
              en: 'the increment after the shutdown waited for ever to send its request to an owner that had returned: send the request, and wait for the answer, each in a select with done: recv(ctx.done()), and return ctx.err() when it is closed',
              'zh-cn':
                'shutdown 之后的加一永远在等着把请求发给一个已经返回的所有者：发送请求和等待回复都要放进带 done: recv(ctx.done()) 的 select 里，它关闭时返回 ctx.err()',
            }
          : late === '<nil>'
            ? {
                en: 'the increment after the shutdown succeeded: the owner was still serving requests after its context was canceled. It should stop, and the caller should get ctx.err()',
                'zh-cn':
                  'shutdown 之后的加一竟然成功了：上下文取消之后所有者还在处理请求。它应该停下，调用方应该得到 ctx.err()',
              }
            : {
                en: `it printed “increment after shutdown: ${late}”: return ctx.err() when ctx.done() is closed`,
                'zh-cn': `它打印了“increment after shutdown: ${late}”：ctx.done() 关闭时请返回 ctx.err()`,
              },
    );

    t.noLeaks(run);
  });
});
