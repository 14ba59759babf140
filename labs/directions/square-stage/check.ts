/**
 * Check for directions/square-stage: gen and sq own the channels they make (they send on them and
 * close them) and hand out receive-only views, so a caller's close cannot compile.
 *
 * Two halves, because Go's directions are compile-time only:
 *  - Types: a run cannot see them (they are erased before it starts), so the check reads the
 *    signatures of `function gen` and `function sq` in the learner's main.ts (`t.source`) and
 *    wants `RecvChan` where Go would write `<-chan int`: gen's result, sq's parameter and result.
 *  - Behaviour, from the trace under many schedules (`t.explore`): the output, and for each channel
 *    the pipeline makes, who sent on it (`chan.send`) and who closed it (`chan.close`). A second
 *    close never reaches the trace (it panics first), so the panic's `goroutine N [running]` line
 *    counts as that goroutine's close of a channel already closed (stray when it sent on none of
 *    those). Whether a stray close races a send depends on the order the
 *    goroutines run in, so the program must be right in every order Go could pick.
 */
import {
  defineCheck,
  verbatim,
  type CheckText,
} from 'labcheck';

const MAIN = 1;
const expected = ['1', '4', '9', '16'];

/** main.ts without comments (a comment may mention `function sq(`). */
function code(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/[^\n]*/g, '');
}

/** Splits `a: X<b, c>, d: Y` at the commas outside `<…>`. */
function topLevel(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let part = '';
  for (const c of list) {
    if (c === '<') depth++;
    else if (c === '>') depth--;
    if (c === ',' && depth === 0) {
      parts.push(part);
      part = '';
    } else part += c;
  }
  if (part.trim() !== '') parts.push(part);
  return parts.map((p) => p.trim());
}

interface Signature {
  /** Each parameter's type as written (after its `:`). */
  readonly params: readonly string[];
  /** The result type as written, or null when none is. */
  readonly result: string | null;
}

/** The written types of `function name(…): R {`, or null when there is no such declaration. */
function signature(
  source: string,
  name: string,
): Signature | null {
  const m = new RegExp(
    `function\\s+${name}\\s*\\(([^)]*)\\)\\s*(?::\\s*([^{]+?))?\\s*\\{`,
  ).exec(code(source));
  if (m === null) return null;
  return {
    params: topLevel(m[1] ?? '').map((p) => {
      const colon = p.indexOf(':');
      return colon === -1 ? '' : p.slice(colon + 1).trim();
    }),
    result: m[2]?.trim() ?? null,
  };
}

const receiveOnly = (type: string | null | undefined) =>
  type !== null &&
  type !== undefined &&
  /^RecvChan\s*</.test(type);

/** How a written type reads in a hint. */
const shown = (type: string | null | undefined) =>
  type === null || type === undefined || type === ''
    ? { en: 'no written type', 'zh-cn': '没有写类型' }
    : { en: `\`${type}\``, 'zh-cn': `\`${type}\`` };

export default defineCheck(async (t) => {
  const source = t.source('main.ts');
  const gen = signature(source, 'gen');
  const sq = signature(source, 'sq');
  /** One signature item: `detail(type)` says what is written where a RecvChan belongs. */
  const direction = (
    name: CheckText,
    fn: 'gen' | 'sq',
    written: string | null | undefined,
    ok: boolean,
    detail: (type: CheckText) => CheckText,
  ) =>
    t.expect(
      name,
      ok,
      (fn === 'gen' ? gen : sq) === null
        ? {
            en: `main.ts has no \`function ${fn}(…)\`: keep ${fn} a function declaration with its types written out`,
            'zh-cn': `main.ts 里找不到 \`function ${fn}(…)\`：请保留 ${fn} 这个函数声明，并写明它的类型`,
          }
        : detail(shown(written)),
    );

  direction(
    {
      en: 'gen returns a receive-only channel (RecvChan), so its callers cannot send on it or close it',
      'zh-cn':
        'gen 返回只读通道（RecvChan），调用方无法往里发送，也无法关闭它',
    },
    'gen',
    gen?.result,
    receiveOnly(gen?.result),
    (type) => ({
      en: `gen returns ${type.en}: whoever calls gen could close the channel gen owns — write RecvChan<number, number> (Go: <-chan int)`,
      'zh-cn': `gen 返回的是 ${type['zh-cn']}：任何调用 gen 的代码都能关闭本属于 gen 的通道——请写成 RecvChan<number, number>（Go 的 <-chan int）`,
    }),
  );

  direction(
    {
      en: 'sq takes a receive-only channel: it only receives from input, and gen closes it',
      'zh-cn':
        'sq 的参数是只读通道：sq 只从 input 接收，关闭它的是 gen',
    },
    'sq',
    sq?.params[0],
    sq !== null &&
      sq.params.length === 1 &&
      receiveOnly(sq.params[0]),
    (type) => ({
      en: `sq's parameter is ${type.en}: with it sq could send on or close gen's channel — write RecvChan<number, number>`,
      'zh-cn': `sq 的参数是 ${type['zh-cn']}：这样 sq 就能往 gen 的通道里发送、甚至关闭它——请写成 RecvChan<number, number>`,
    }),
  );

  direction(
    {
      en: 'sq returns a receive-only channel, so main cannot close what sq owns',
      'zh-cn':
        'sq 返回只读通道，main 就无法关闭属于 sq 的通道',
    },
    'sq',
    sq?.result,
    receiveOnly(sq?.result),
    (type) => ({
      en: `sq returns ${type.en}: main can still call close on it (and does, in the starter) — write RecvChan<number, number>`,
      'zh-cn': `sq 返回的是 ${type['zh-cn']}：main 仍然可以关闭它（初始代码就这么做了）——请写成 RecvChan<number, number>`,
    }),
  );

  await t.explore((run) => {
    const made = t
      .events(run, 'chan.make')
      .map((e) => e.ch);
    const owner = (ch: number): CheckText =>
      made[0] === ch
        ? { en: 'gen’s channel', 'zh-cn': 'gen 的通道' }
        : made[1] === ch
          ? { en: 'sq’s channel', 'zh-cn': 'sq 的通道' }
          : {
              en: `channel #${ch}`,
              'zh-cn': `第 ${ch} 号通道`,
            };
    const senders = (ch: number) =>
      new Set(
        t
          .events(run, 'chan.send')
          .filter((e) => e.ch === ch)
          .map((e) => e.g),
      );
    const closes = t
      .events(run, 'chan.close')
      .map((e) => ({ ch: e.ch, g: e.g }));
    const closedTwice =
      /^panic: close of closed channel\n\ngoroutine (\d+) \[/m.exec(
        run.stderr,
      );

    const why: CheckText | undefined = run.stderr.includes(
      'all goroutines are asleep - deadlock!',
    )
      ? {
          en: 'it deadlocked: a range loop waits for a value nobody will send — the goroutine that sends on a channel closes it after its last send',
          'zh-cn':
            '程序死锁了：某个 range 循环在等一个不会再有人发送的值——由往通道发送的 goroutine 在最后一次发送后关闭它',
        }
      : closedTwice !== null
        ? {
            en: `panic: close of closed channel — goroutine ${closedTwice[1]}${closedTwice[1] === String(MAIN) ? ' (main)' : ''} closed a channel its owner had already closed; with RecvChan types that close would not compile`,
            'zh-cn': `panic: close of closed channel——goroutine ${closedTwice[1]}${closedTwice[1] === String(MAIN) ? '（main）' : ''}关闭了一个它的所有者已经关闭的通道；用上 RecvChan 类型后，这次关闭根本无法通过编译`,
          }
        : run.stderr.includes(
              'panic: send on closed channel',
            )
          ? {
              en: 'panic: send on closed channel — a channel was closed while its owner still had values to send',
              'zh-cn':
                'panic: send on closed channel——通道的所有者还有值要发，它就被关闭了',
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
        en: 'it prints 1, 4, 9, 16',
        'zh-cn': '依次打印 1、4、9、16',
      },
      run.lines,
      expected,
    );

    const counts = made.map((ch) => ({
      ch,
      n: closes.filter((c) => c.ch === ch).length,
    }));
    const wrongCount = counts.find((c) => c.n !== 1);
    t.expect(
      {
        en: 'each channel is closed exactly once',
        'zh-cn': '每个通道恰好关闭一次',
      },
      wrongCount === undefined && closedTwice === null,
      closedTwice !== null
        ? {
            en: 'a channel was closed a second time, which panics',
            'zh-cn': '有通道被关闭了第二次，这会 panic',
          }
        : wrongCount !== undefined
          ? {
              en: `${owner(wrongCount.ch).en} was closed ${wrongCount.n} times; a range loop over it ends only when its owner closes it`,
              'zh-cn': `${owner(wrongCount.ch)['zh-cn']}被关闭了 ${wrongCount.n} 次；在它上面 range 的循环只有等它的所有者关闭才会结束`,
            }
          : undefined,
    );

    const stray = closes.find(
      (c) => !senders(c.ch).has(c.g),
    );
    // The panicking close hit a channel already closed:
    // stray when its goroutine sent on none of those.
    const panicG =
      closedTwice === null
        ? undefined
        : Number(closedTwice[1]);
    const hit = [...new Set(closes.map((c) => c.ch))];
    const strayPanic =
      panicG !== undefined &&
      hit.every((ch) => !senders(ch).has(panicG));
    const strayG =
      stray?.g ?? (strayPanic ? panicG : undefined);
    const strayCh =
      stray?.ch ??
      (strayPanic && hit.length === 1 ? hit[0] : undefined);
    t.expect(
      {
        en: 'only the goroutine that sends on a channel (its owner) closes it',
        'zh-cn':
          '只有往通道发送的那个 goroutine（它的所有者）才关闭它',
      },
      strayG === undefined,
      strayG === undefined
        ? undefined
        : {
            en: `goroutine ${strayG}${strayG === MAIN ? ' (main)' : ''} closed ${strayCh === undefined ? 'a channel' : owner(strayCh).en} without sending on it: a receiver cannot know whether more values are coming`,
            'zh-cn': `goroutine ${strayG}${strayG === MAIN ? '（main）' : ''}没有往${strayCh === undefined ? '通道' : owner(strayCh)['zh-cn']}里发送，却关闭了它：接收方无从知道后面还有没有值`,
          },
    );

    t.noLeaks(run);
  });
});
