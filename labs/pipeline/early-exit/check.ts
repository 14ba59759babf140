/**
 * Check for pipeline/early-exit: gen → sq → main, where main (the consumer) takes the first three
 * squares and quits at 30ms with cancel(). Every stage must stop at that instant, close its own
 * output channel on the way out, and leave no goroutine behind; the consumer closes nothing.
 *
 * Read from the trace, not from the output. A stage's life is its goroutine's `go.start` and
 * `go.exit`; the consumer quits 30ms after main's start (three squares, 10ms of work each). main
 * sleeps a virtual second after quitting, so a stage that stops late is seen stopping late (at
 * 40ms) and one that never stops is still there when main returns (t.noLeaks). On the virtual
 * clock these times are exact, and a stage that hears the cancel stops in the same instant.
 *
 * The stages' channels are the ones the learner's main.ts makes with `chan<…>(…)` (a `chan.make`
 * whose line in main.ts calls `chan`; the context's and the timers' channels are made elsewhere),
 * each owned by the function it is made in (`function gen`), whose goroutine is started right after
 * it. Explored over many schedules: a stage woken in the same instant as the
 * cancel must give the same answer in every order.
 */
import { formatDuration } from 'gort/time';
import {
  defineCheck,
  verbatim,
  type CheckText,
} from 'labcheck';

const MAIN = 1;
/** When the consumer quits: three squares of 10ms each. */
const quit = 30;
const expected = ['1', '4', '9', 'consumer quit at 30ms'];

/** The function a line of main.ts is in: the nearest `function name` at or above it. */
function functionAt(
  lines: readonly string[],
  line: number,
): string | null {
  for (let i = line - 1; i >= 0; i--) {
    const m = /\bfunction\s+(\w+)/.exec(lines[i] ?? '');
    if (m !== null) return m[1] ?? null;
  }
  return null;
}

export default defineCheck(async (t) => {
  const source = t.source('main.ts').split('\n');

  // traceLines: the stages are told apart by where their channels were made (chan.make's line).
  await t.explore(
    (run) => {
      // A send on a channel someone else closed panics; so does the stage's own close of it
      // afterwards (its finally, Go's deferred close), which is the panic a run then ends with.
      const sendOnClosed =
        /^panic: (send on|close of) closed channel/m.test(
          run.stderr,
        );
      t.equal(
        {
          en: 'the program exits with status 0',
          'zh-cn': '程序以退出状态 0 结束',
        },
        run.exitCode,
        0,
        sendOnClosed
          ? {
              en: `${run.stderr.split('\n')[0] ?? ''} — a stage's output was closed by someone else while the stage still had values to send; only the stage that sends on a channel closes it`,
              'zh-cn': `${run.stderr.split('\n')[0] ?? ''}——某个阶段还有值要发，它的输出通道就被别人关闭了；只有往通道发送的那个阶段才能关闭它`,
            }
          : verbatim(
              run.stderr.trim().split('\n')[0] ?? '',
            ),
      );

      t.equal(
        {
          en: `the consumer gets the first three squares and quits at 30ms: it prints ${expected.join(', then ')}`,
          'zh-cn': `消费者拿到前三个平方数，并在 30ms 时退出：依次打印 ${expected.join('、')}`,
        },
        run.lines,
        expected,
      );

      // The stages' output channels: made by a `chan<…>(…)` call on a line of main.ts, owned by
      // the function that line is in.
      const outputs = t
        .events(run, 'chan.make')
        .filter(
          (e) =>
            e.at?.file === 'main.ts' &&
            /\bchan\s*[<(]/.test(
              source[e.at.line - 1] ?? '',
            ),
        )
        .map((e) => ({
          ch: e.ch,
          owner:
            e.at === undefined
              ? null
              : functionAt(source, e.at.line),
        }));
      const start = t.events(run, 'go.start')[0]?.t ?? 0;
      const exits = new Map(
        t
          .events(run, 'go.exit')
          .map((e) => [e.g, e.t - start]),
      );
      const started = t
        .events(run, 'go.start')
        .filter((e) => e.g !== MAIN);
      // Each stage makes its channel, then starts its goroutine (Go names the closures
      // main.gen.func1 and main.sq.func1; gort's names do not say which stage): pair them in order
      // while there is one goroutine per channel.
      const paired = started.length === outputs.length;
      const stages = started.map((e, i) => ({
        g: e.g,
        fn: e.fn,
        stage: paired ? (outputs[i]?.owner ?? null) : null,
        end: exits.get(e.g),
      }));
      const who = (
        s: (typeof stages)[number],
      ): CheckText =>
        s.stage === null
          ? {
              en: `goroutine ${s.g} (${s.fn})`,
              'zh-cn': `goroutine ${s.g}（${s.fn}）`,
            }
          : {
              en: `${s.stage}'s goroutine (goroutine ${s.g})`,
              'zh-cn': `${s.stage} 的 goroutine（goroutine ${s.g}）`,
            };
      const late: CheckText[] = stages.flatMap((s) => {
        if (s.end !== undefined && s.end <= quit) return [];
        const w = who(s);
        return [
          s.end === undefined
            ? {
                en: `${w.en} never stopped`,
                'zh-cn': `${w['zh-cn']}一直没有停止`,
              }
            : {
                en: `${w.en} stopped at ${formatDuration(s.end)}`,
                'zh-cn': `${w['zh-cn']}到 ${formatDuration(s.end)} 才停止`,
              },
        ];
      });
      t.expect(
        {
          en: 'every stage stops at the instant the consumer quits (30ms): none works on or waits to send',
          'zh-cn':
            '消费者退出的那一刻（30ms）所有阶段都已停止：没有阶段还在干活或等着发送',
        },
        late.length === 0,
        late.length === 0
          ? {
              en: 'every stage stopped in time',
              'zh-cn': '所有阶段都按时停止了',
            }
          : {
              en: `${late.map((l) => l.en).join('; ')} — every wait in a stage (its work and its send) must be a select with ctx.done(), and the consumer must call cancel()`,
              'zh-cn': `${late.map((l) => l['zh-cn']).join('；')}——阶段里的每一次等待（干活和发送）都要放进带 ctx.done() 的 select，消费者也必须调用 cancel()`,
            },
      );

      const closes = t.events(run, 'chan.close');
      const wrong: CheckText[] = outputs.flatMap((o) => {
        const name: CheckText =
          o.owner === null
            ? {
                en: `channel #${o.ch}`,
                'zh-cn': `第 ${o.ch} 号通道`,
              }
            : {
                en: `${o.owner}'s output`,
                'zh-cn': `${o.owner} 的输出通道`,
              };
        const mine = closes.filter((c) => c.ch === o.ch);
        if (mine.some((c) => c.g === MAIN)) {
          return [
            {
              en: `the consumer (main) closed ${name.en}: a receiver cannot know whether the stage has more to send — it calls cancel() and the stage closes its own output`,
              'zh-cn': `消费者（main）关闭了 ${name['zh-cn']}：接收方无从知道这个阶段还有没有值要发——消费者应该调用 cancel()，由阶段自己关闭输出通道`,
            },
          ];
        }
        if (mine.length > 1) {
          return [
            {
              en: `${name.en} was closed ${mine.length} times`,
              'zh-cn': `${name['zh-cn']}被关闭了 ${mine.length} 次`,
            },
          ];
        }
        const owners = stages.filter(
          (s) => s.stage !== null && s.stage === o.owner,
        );
        const returned = owners.filter(
          (s) => s.end !== undefined,
        );
        if (
          mine.length === 0 &&
          returned.length > 0 &&
          returned.length === owners.length
        ) {
          return [
            {
              en: `${o.owner ?? 'a stage'} returned without closing its output: on a cancel a downstream range loop would still end, but on the normal path it would wait for ever — close it in a finally`,
              'zh-cn': `${o.owner ?? '某个阶段'}返回时没有关闭自己的输出通道：取消时下游的 range 循环也许还能结束，正常结束时却会永远等下去——请在 finally 里关闭它`,
            },
          ];
        }
        const closer = mine[0];
        if (
          closer !== undefined &&
          owners.length > 0 &&
          !owners.some((s) => s.g === closer.g)
        ) {
          return [
            {
              en: `${name.en} was closed by goroutine ${closer.g}, not by ${o.owner ?? 'its stage'}`,
              'zh-cn': `${name['zh-cn']}是由 goroutine ${closer.g} 关闭的，而不是${o.owner ?? '它所属的阶段'}`,
            },
          ];
        }
        return [];
      });
      t.expect(
        {
          en: 'each stage closes its own output channel on its way out, and the consumer closes none',
          'zh-cn':
            '每个阶段退出时关闭自己的输出通道，消费者一个也不关闭',
        },
        wrong.length === 0 && !sendOnClosed,
        wrong.length > 0
          ? {
              en: wrong.map((w) => w.en).join('; '),
              'zh-cn': wrong
                .map((w) => w['zh-cn'])
                .join('；'),
            }
          : sendOnClosed
            ? {
                en: 'a stage sent on or closed a channel that was already closed: someone other than the stage closed its output',
                'zh-cn':
                  '某个阶段往已关闭的通道发送或再次关闭它：它的输出通道被别人关闭了',
              }
            : undefined,
      );

      t.noLeaks(run);
    },
    { traceLines: true },
  );
});
