/**
 * The workshop plans: a 2-hour and a 1-day path through the labs for an instructor running a
 * hands-on concurrency workshop, in English and Chinese, and per lab the instructor's notes — the
 * mistakes learners make, each with the check items it fails; hints to give; questions to discuss.
 * Both locales' plan pages render this data (src/components/WorkshopPlan.astro and
 * WorkshopNotes.astro), so they show the same blocks in the same order.
 *
 * Invariants (tests/site/workshops.test.ts): a plan's blocks add up to its `minutes`; every lab
 * block names a lab of labs/ whose lesson exists in both locales, and has notes; every check item a
 * mistake names is the exact title, in both languages, of an item that lab's check.ts records (the
 * first argument of a `t.expect` or `t.equal`, or labcheck's own item for `t.noLeaks` or
 * `t.exitsCleanly` when check.ts calls it); every text has both languages, the Chinese one in
 * Chinese. What each mistake fails is taken from tests/lessons/claims.test.ts, which runs that very
 * mistake against the check.
 */

/** A text in both languages. */
export interface Bilingual {
  readonly en: string;
  readonly zh: string;
}

/** A check item's exact title, as the check reports it in each language. */
export type CheckItemTitle = Bilingual;

export type BlockKind = 'talk' | 'lab' | 'break' | 'discussion';

export interface Block {
  readonly kind: BlockKind;
  readonly minutes: number;
  /** The block's name; a lab block is named by its lab's title, so it has none. */
  readonly title?: Bilingual;
  /** A lab block's lab, by id (`channels/ping-pong`). */
  readonly lab?: string;
  /** What the learners can do or explain after the block (a break has none). */
  readonly goals: readonly Bilingual[];
}

export interface Plan {
  /** The page's slug under teach/ (`two-hour-workshop`). */
  readonly id: string;
  readonly title: Bilingual;
  /** The whole plan, breaks included. */
  readonly minutes: number;
  readonly prerequisites: readonly Bilingual[];
  readonly goals: readonly Bilingual[];
  readonly blocks: readonly Block[];
}

export interface Mistake {
  /** What the learner writes. */
  readonly what: Bilingual;
  /** The check items it fails. */
  readonly fails: readonly CheckItemTitle[];
}

export interface LabNotes {
  readonly mistakes: readonly Mistake[];
  readonly hints: readonly Bilingual[];
  readonly questions: readonly Bilingual[];
}

const t = (en: string, zh: string): Bilingual => ({ en, zh });

// Check items several labs record with the same words.
const EXITS = t('the program exits with status 0', '程序以退出状态 0 结束');
const NO_LEAKS = t('no goroutine is left behind when main returns', 'main 返回时没有遗留的 goroutine');

/** Per lab, by id: what to watch for and what to ask. */
export const LAB_NOTES: Readonly<Record<string, LabNotes>> = {
  'goroutines/wait-for-workers': {
    mistakes: [
      {
        what: t(
          'Calling `wg.add(1)` inside the goroutine instead of before `go`. It prints the right lines in the default order, but in some schedules main reaches `wait()` before any worker has added itself.',
          '把 `wg.add(1)` 写在 goroutine 里面，而不是 `go` 之前。默认顺序下输出是对的，但在某些调度里，main 在任何 worker 把自己加进去之前就到了 `wait()`。',
        ),
        fails: [
          t(
            'every worker goroutine finishes before main returns',
            '每个 worker goroutine 都在 main 返回之前结束',
          ),
        ],
      },
      {
        what: t(
          'Making the sleep in main longer (600 ms) instead of using a WaitGroup: every worker reports, but the sleep still guesses.',
          '把 main 里的 sleep 加长（600 ms）而不用 WaitGroup：每个 worker 都打印了，可 sleep 仍然是在猜。',
        ),
        fails: [t('main waits without sleeping', 'main 不靠 sleep 来等待')],
      },
    ],
    hints: [
      t(
        'Three lines do it: `wg.add(1)` before each `go`, `wg.done()` in a `finally`, `await wg.wait()` where the sleep was.',
        '三行就够：每个 `go` 之前 `wg.add(1)`，在 `finally` 里 `wg.done()`，在原来 sleep 的位置 `await wg.wait()`。',
      ),
      t(
        'When the check names a schedule, press **Replay this schedule** and open the **Timeline**: it shows main returning while workers are still asleep.',
        '检查报出某个调度时，按 **重放这个调度**，再打开 **时间线**：能看到 worker 还在睡，main 就返回了。',
      ),
    ],
    questions: [
      t(
        'Why must `add` come before `go` and not first thing inside the goroutine?',
        '为什么 `add` 必须写在 `go` 之前，而不是 goroutine 里的第一行？',
      ),
      t(
        'A sleep of 600 ms works today. What does it assume about the workers, and what breaks when one of them gets slower?',
        '600 ms 的 sleep 今天能用。它对 worker 做了什么假设？其中一个变慢时会怎样？',
      ),
    ],
  },

  'channels/ping-pong': {
    mistakes: [
      {
        what: t(
          'Printing `pong` after sending the ball back: main can print `ping 3` before `pong 2` is printed.',
          '把球发回去之后才打印 `pong`：main 可能在打印 `pong 2` 之前就打印了 `ping 3`。',
        ),
        fails: [
          t(
            'the players print in turn: ping 1, pong 2, …, pong 6',
            '两位选手轮流打印：ping 1、pong 2……pong 6',
          ),
        ],
      },
      {
        what: t(
          'Calling the pong player as a plain function (`await player()`) instead of starting it with `go`: main waits in it, nobody serves, and Go reports a deadlock.',
          '把 pong 选手当普通函数调用（`await player()`），而不是用 `go` 启动：main 在里面等，没人发球，Go 报告死锁。',
        ),
        fails: [EXITS],
      },
    ],
    hints: [
      t(
        'Read the deadlock dump first: `goroutine 1 [chan send]` says main is stuck sending on `ping`. **Why is it stuck?** says the same in one sentence.',
        '先读死锁信息：`goroutine 1 [chan send]` 说明 main 卡在向 `ping` 发送。**为什么卡住了？** 用一句话说了同样的事。',
      ),
      t(
        'An unbuffered send completes only when a receiver takes the value, so the player must receive, print, then send.',
        '无缓冲通道的发送只有在接收方取走值时才完成，所以选手要先接收、再打印、然后发送。',
      ),
    ],
    questions: [
      t(
        'What would a buffer of 1 on `ping` change in the order of the lines?',
        '如果 `ping` 有 1 个缓冲，输出的顺序会有什么变化？',
      ),
      t(
        'The output alone could be faked with six prints. How does the check tell that the ball really travelled?',
        '光看输出，六个 print 就能伪造。检查是怎么知道球真的来回传了的？',
      ),
    ],
  },

  'close/countdown': {
    mistakes: [
      {
        what: t(
          'Closing the channel in the generator and again in main "to be safe": the second close panics with `close of closed channel`.',
          '在生成器里关闭通道，main 里“保险起见”又关一次：第二次关闭以 `close of closed channel` panic。',
        ),
        fails: [
          EXITS,
          t('the channel is closed exactly once', 'channel 恰好被关闭一次'),
          t(
            'only the goroutine that sends on the channel closes it',
            '只有往 channel 发送的那个 goroutine 关闭它',
          ),
        ],
      },
      {
        what: t(
          'Receiving exactly three values in main and closing the channel there: the output is right, but the receiver cannot know how many values are coming.',
          '在 main 里正好接收三个值，然后在那里关闭通道：输出是对的，但接收方无从知道会来多少个值。',
        ),
        fails: [
          t(
            'only the goroutine that sends on the channel closes it',
            '只有往 channel 发送的那个 goroutine 关闭它',
          ),
          t('main’s loop ends because the channel is closed', 'main 的循环因为 channel 关闭而结束'),
        ],
      },
    ],
    hints: [
      t(
        'One line, after the loop in the goroutine: `out.close()`. Only the sender knows when there are no more values.',
        '一行就够，写在 goroutine 里循环的后面：`out.close()`。只有发送方知道什么时候没有更多值了。',
      ),
      t(
        '`for await (const n of ch)` is Go’s `for n := range ch`: it ends when it receives from a closed, drained channel.',
        '`for await (const n of ch)` 就是 Go 的 `for n := range ch`：从已关闭且取空的通道接收时，循环结束。',
      ),
    ],
    questions: [
      t(
        'Why does Go panic on a second close instead of ignoring it?',
        '为什么 Go 对第二次关闭直接 panic，而不是忽略它？',
      ),
      t(
        'Which goroutine should close a channel that several goroutines send on?',
        '如果有好几个 goroutine 往同一个通道发送，应该由谁来关闭它？',
      ),
    ],
  },

  'select/merge': {
    mistakes: [
      {
        what: t(
          'Running the starter as it is: it counts closes, but a closed channel is always ready, so `a` is counted closed twice and main stops before `b5`.',
          '原样运行初始代码：它在数关闭次数，但已关闭的通道永远是就绪的，于是 `a` 被数了两次，main 在 `b5` 之前就停了。',
        ),
        fails: [
          t('main’s loop ends only after both sources are closed', 'main 的循环要等两个来源都关闭之后才结束'),
        ],
      },
      {
        what: t(
          'Two done flags instead of setting the closed source to `null`: the output is right, but select keeps taking the closed case.',
          '用两个完成标志，而不是把关闭的来源设为 `null`：输出是对的，但 select 一直选中那个已关闭的 case。',
        ),
        fails: [
          t(
            'once a source is closed, main stops selecting on it',
            '一个来源关闭之后，main 就不再在它上面 select',
          ),
        ],
      },
      {
        what: t(
          'Adding `default: true` and `continue`: a busy loop that spins while no source is ready.',
          '加上 `default: true` 和 `continue`：没有来源就绪时空转的忙等循环。',
        ),
        fails: [
          t(
            'main waits in select while no source is ready, instead of spinning',
            '没有来源就绪时，main 在 select 里等待，而不是空转',
          ),
        ],
      },
      {
        what: t(
          'Draining `a` with `for await`, then `b`: right in the first schedule, but in others `b` waits with a value ready.',
          '先用 `for await` 取完 `a`，再取 `b`：第一个调度下是对的，但在别的调度里 `b` 带着准备好的值干等。',
        ),
        fails: [
          t(
            'main takes each value from whichever source has one ready',
            '哪个来源有值，main 就先从哪个来源取',
          ),
        ],
      },
    ],
    hints: [
      t(
        '`null` is Go’s nil channel: `recv(null)` is never ready, so setting a closed source to `null` turns its case off.',
        '`null` 就是 Go 的 nil 通道：`recv(null)` 永远不会就绪，所以把关闭的来源设为 `null`，它的 case 就关掉了。',
      ),
      t(
        'Loop while `a !== null || b !== null`, and look at `r.ok` inside each case.',
        '循环条件写成 `a !== null || b !== null`，在每个 case 里看 `r.ok`。',
      ),
    ],
    questions: [
      t(
        'Why is a closed channel always ready in a select, and why is that useful elsewhere?',
        '为什么已关闭的通道在 select 里总是就绪？这一点在别处有什么用？',
      ),
      t(
        'Select picks at random among ready cases. What would go wrong if it always took the first one?',
        'select 在就绪的 case 里随机挑一个。如果它总是选第一个，会出什么问题？',
      ),
    ],
  },

  'mutex/bank-account': {
    mistakes: [
      {
        what: t(
          'Locking the read and the write of a deposit separately: each access is guarded, but another deposit runs at the `await` between them.',
          '把存款的读和写分别加锁：每次访问都有锁保护，但另一笔存款会在两者之间的 `await` 处插进来。',
        ),
        fails: [
          t(
            'no deposit is lost: 10 deposits of 100 leave 1000',
            '没有丢失任何存款：10 笔 100 的存款之后余额是 1000',
          ),
        ],
      },
      {
        what: t(
          'Checking the balance under the lock and subtracting under another lock: two withdrawals both find enough money.',
          '在一次加锁里检查余额，在另一次加锁里扣款：两笔取款都看到余额足够。',
        ),
        fails: [
          t(
            'the audit log is one history: each entry starts from the balance the entry before it left',
            '审计日志是一条连贯的历史：每条记录都从上一条记录留下的余额开始',
          ),
        ],
      },
      {
        what: t('Guarding `deposit` and forgetting `withdraw`.', '给 `deposit` 加了锁，却忘了 `withdraw`。'),
        fails: [
          t(
            'the audit log is one history: each entry starts from the balance the entry before it left',
            '审计日志是一条连贯的历史：每条记录都从上一条记录留下的余额开始',
          ),
        ],
      },
    ],
    hints: [
      t(
        'Hold the lock from the read to the write, across the audit send’s `await`; unlock in a `finally`, like Go’s `defer mu.Unlock()`.',
        '从读余额一直到写回都持有锁，把审计发送的 `await` 也包进去；在 `finally` 里解锁，就像 Go 的 `defer mu.Unlock()`。',
      ),
      t(
        'Run prints the right numbers by luck. Let the check find the schedule that loses money, then **Replay this schedule** and watch the Timeline at the `await`.',
        '运行时打印的数字是碰巧对的。让检查去找会丢钱的调度，再按 **重放这个调度**，在**时间线**上看 `await` 处发生了什么。',
      ),
    ],
    questions: [
      t(
        'The labs run on one thread. Why can a read-modify-write still race?',
        '这些实验跑在一个线程上。为什么读-改-写仍然会发生竞争？',
      ),
      t(
        'Go’s race detector is silent about the split lock, yet money is lost. What does `-race` find, and what does it not?',
        'Go 的竞争检测器对拆开加锁的写法一声不吭，钱却丢了。`-race` 能发现什么，发现不了什么？',
      ),
    ],
  },

  'context/deadline-search': {
    mistakes: [
      {
        what: t(
          'Leaving the starter’s workers as they are: search returns on time, but the video worker sleeps on and then blocks for ever sending an answer nobody receives.',
          '保留初始代码里的 worker 不动：search 按时返回了，但 video worker 继续睡，然后永远阻塞在发送一个没人接收的结果上。',
        ),
        fails: [
          t(
            'every worker has stopped by the deadline (100ms): no goroutine outlives it',
            '所有 worker 在截止时间（100ms）之前都已停止：没有 goroutine 活过截止时间',
          ),
          NO_LEAKS,
        ],
      },
      {
        what: t(
          'A worker that sleeps its whole latency and looks at `ctx.err()` afterwards: nothing leaks, but the video worker stops only at 250ms.',
          'worker 睡满整个延迟，之后才看 `ctx.err()`：没有泄漏，但 video worker 到 250ms 才停止。',
        ),
        fails: [
          t(
            'every worker has stopped by the deadline (100ms): no goroutine outlives it',
            '所有 worker 在截止时间（100ms）之前都已停止：没有 goroutine 活过截止时间',
          ),
        ],
      },
      {
        what: t(
          "Returning `new Error('context deadline exceeded')`: the words are right, but it is not `context.DeadlineExceeded` itself.",
          "返回 `new Error('context deadline exceeded')`：文字对了，但它不是 `context.DeadlineExceeded` 本身。",
        ),
        fails: [
          t(
            "search's error is ctx.err(): context deadline exceeded",
            'search 返回的错误是 ctx.err()：context deadline exceeded',
          ),
        ],
      },
    ],
    hints: [
      t(
        'Every wait in a worker becomes a `select` with `recv(ctx.done())` as one case: the sleep (`time.after(latency)`) and the send.',
        'worker 里的每一次等待都变成带 `recv(ctx.done())` 这个 case 的 `select`：睡眠（`time.after(latency)`）和发送都是。',
      ),
      t(
        'Return `ctx.err()`, so the caller can compare it with `context.DeadlineExceeded`.',
        '返回 `ctx.err()`，调用方才能拿它和 `context.DeadlineExceeded` 比较。',
      ),
    ],
    questions: [
      t(
        'Why should a function return `ctx.err()` rather than an error of its own?',
        '为什么函数应该返回 `ctx.err()`，而不是自己造的错误？',
      ),
      t(
        'In a server, what does a worker that outlives its request cost, one request at a time?',
        '在服务器里，一个活过自己请求的 worker，每个请求都会带来什么代价？',
      ),
    ],
  },

  'fanin/merge-all': {
    mistakes: [
      {
        what: t(
          'Closing the output when the first input ends: `d` sends nothing, so the output closes at once, and the other forwarders are left behind.',
          '第一个输入结束时就关闭输出：`d` 什么也不发，所以输出立刻就关了，其余的转发 goroutine 被留在那里。',
        ),
        fails: [
          t('every value comes out exactly once (10 values)', '每个值恰好出现一次（共 10 个）'),
          t(
            'the output is closed once, after the last input is closed',
            '输出只关闭一次，而且在最后一个输入关闭之后',
          ),
          NO_LEAKS,
        ],
      },
      {
        what: t(
          'Calling `await wg.wait()` in `merge` itself before returning the output: nobody reads yet, so the forwarders cannot send, and the program deadlocks before any value.',
          '在 `merge` 里返回输出之前就 `await wg.wait()`：还没有人读，转发 goroutine 发不出去，程序在第一个值之前就死锁了。',
        ),
        fails: [EXITS, t('every value comes out exactly once (10 values)', '每个值恰好出现一次（共 10 个）')],
      },
      {
        what: t(
          'Reading the inputs one after another in a single forwarder: every value comes out, but `b` waits while merge reads `a`.',
          '在一个转发 goroutine 里依次读各个输入：每个值都出来了，但 merge 读 `a` 的时候 `b` 在干等。',
        ),
        fails: [
          t(
            'every value is passed on as it arrives: no source waits while merge reads another',
            '每个值一到就被转发：merge 读一个输入时，别的来源不用干等',
          ),
        ],
      },
    ],
    hints: [
      t(
        'One `wg.go(...)` per input, then one more goroutine: `await wg.wait(); out.close();`. `merge` returns `out` at once.',
        '每个输入一个 `wg.go(...)`，再加一个 goroutine：`await wg.wait(); out.close();`。`merge` 立刻返回 `out`。',
      ),
      t(
        'Ask who may still send on `out`: only when that answer is "nobody" may it be closed.',
        '问一问：还有谁可能往 `out` 发送？只有答案是“没有人”时才能关闭它。',
      ),
    ],
    questions: [
      t(
        'Why can no single forwarder close the output, even the last one to finish?',
        '为什么没有哪一个转发 goroutine 能关闭输出，哪怕它是最后一个结束的？',
      ),
      t(
        'How would you write this merge with `select`, and when is one forwarder per input the better shape?',
        '用 `select` 怎么写这个 merge？什么时候每个输入一个转发 goroutine 更好？',
      ),
    ],
  },

  'pool/limited-pool': {
    mistakes: [
      {
        what: t(
          'Keeping Go by Example’s limiter (a goroutine ranging over `time.tick`): the sum is right, but that goroutine can never stop and is still there when main returns.',
          '保留 Go by Example 的限流器（一个对 `time.tick` range 的 goroutine）：和是对的，但这个 goroutine 永远停不下来，main 返回时它还在。',
        ),
        fails: [NO_LEAKS],
      },
      {
        what: t(
          'A limiter per worker: three bursts and three rates, so all ten jobs start within 340 ms.',
          '每个 worker 一个限流器：三份突发、三份速率，十个任务在 340 ms 之内全都开始了。',
        ),
        fails: [
          t(
            'at most 3 jobs start at once, and one more per 100 ms after that, in any window of time',
            '在任意一段时间里，一开始最多同时开始 3 个任务，之后每 100 毫秒最多再多一个',
          ),
        ],
      },
      {
        what: t(
          'Closing `results` without waiting for the workers: main reads nothing, prints `0 jobs done`, and leaves the workers behind.',
          '不等 worker 结束就关闭 `results`：main 什么也没读到，打印 `0 jobs done`，worker 被留在那里。',
        ),
        fails: [
          t('each of the jobs 1 to 10 starts exactly once', '第 1 到第 10 个任务每个恰好开始一次'),
          NO_LEAKS,
        ],
      },
    ],
    hints: [
      t(
        'The filler: a `time.newTicker` stopped in a `finally`, and a `select` on `ctx.done()` and the tick; a second `select` with `default` drops a token when the bucket is full.',
        '补充令牌的 goroutine：用 `time.newTicker`，在 `finally` 里停掉它；`select` 同时等 `ctx.done()` 和 tick；第二个带 `default` 的 `select` 在桶满时丢掉令牌。',
      ),
      t(
        'After the pool is done: `cancel()`, then wait for the filler (a WaitGroup) before main returns.',
        '工作池结束之后：先 `cancel()`，再在 main 返回之前等补充令牌的 goroutine 结束（用 WaitGroup）。',
      ),
    ],
    questions: [
      t(
        'Why can a goroutine ranging over `time.tick` never be stopped?',
        '为什么对 `time.tick` range 的 goroutine 永远停不下来？',
      ),
      t(
        'What does the burst of 3 buy, and what would a burst of 10 allow?',
        '3 个的突发量带来了什么？突发量是 10 又会允许什么？',
      ),
    ],
  },

  'pipeline/early-exit': {
    mistakes: [
      {
        what: t(
          'A `gen` that still sends with a plain `send`: `sq` hears the cancel, but `gen` is left in `chan send`.',
          '`gen` 还用普通的 `send` 发送：`sq` 听到了取消，`gen` 却停在 `chan send` 上。',
        ),
        fails: [
          t(
            'every stage stops at the instant the consumer quits (30ms): none works on or waits to send',
            '消费者退出的那一刻（30ms）所有阶段都已停止：没有阶段还在干活或等着发送',
          ),
          NO_LEAKS,
        ],
      },
      {
        what: t(
          'The consumer closing `sq`’s output instead of calling `cancel()`: `sq` panics with `send on closed channel`.',
          '消费者关闭 `sq` 的输出，而不是调用 `cancel()`：`sq` 以 `send on closed channel` panic。',
        ),
        fails: [
          EXITS,
          t(
            'each stage closes its own output channel on its way out, and the consumer closes none',
            '每个阶段退出时关闭自己的输出通道，消费者一个也不关闭',
          ),
        ],
      },
      {
        what: t(
          'An `sq` that sleeps its 10ms of work and looks at `ctx.err()` afterwards: nothing leaks, but it stops at 40ms.',
          '`sq` 睡满 10ms 的工作时间，之后才看 `ctx.err()`：没有泄漏，但它到 40ms 才停止。',
        ),
        fails: [
          t(
            'every stage stops at the instant the consumer quits (30ms): none works on or waits to send',
            '消费者退出的那一刻（30ms）所有阶段都已停止：没有阶段还在干活或等着发送',
          ),
        ],
      },
    ],
    hints: [
      t(
        'Three waits become three selects, each with `recv(ctx.done())`: `gen`’s send, `sq`’s work (`time.after`) and `sq`’s send.',
        '三处等待变成三个 select，每个都带 `recv(ctx.done())`：`gen` 的发送、`sq` 的工作（`time.after`）和 `sq` 的发送。',
      ),
      t(
        'Each stage closes its own output in a `finally`, whether it finished or was cancelled.',
        '每个阶段在 `finally` 里关闭自己的输出，不管是做完了还是被取消了。',
      ),
    ],
    questions: [
      t(
        'Why must the consumer cancel rather than close a channel it receives from?',
        '为什么消费者要取消，而不是关闭它接收的通道？',
      ),
      t(
        'Where in a real program does a consumer quit early (first match, a limit, an error)?',
        '真实程序里，消费者会在哪些情况下提前退出（找到第一个匹配、达到上限、出错）？',
      ),
    ],
  },

  'replicas/google-search': {
    mistakes: [
      {
        what: t(
          'Pike’s `First` with an unbuffered channel: the answer is right, but every losing replica blocks on its send for ever.',
          'Pike 的 `First` 用无缓冲通道：答案是对的，但每个落败的副本都永远阻塞在发送上。',
        ),
        fails: [NO_LEAKS],
      },
      {
        what: t(
          'Dropping the 80ms timeout from `Google` because `First` is fast: some seeds take 81ms and 83ms.',
          '觉得 `First` 够快，就去掉 `Google` 里 80ms 的超时：有的种子要 81ms、83ms。',
        ),
        fails: [
          t(
            'every search returns by the 80ms deadline, in every seed',
            '每个种子下，每次搜索都在 80ms 的截止时间之前返回',
          ),
        ],
      },
      {
        what: t(
          'A `First` that waits for every replica before it returns.',
          '`First` 等所有副本都回答了才返回。',
        ),
        fails: [
          t(
            "the fastest replica's answer is used whenever it comes before the deadline",
            '只要最快的副本在截止时间之前回答，就用它的答案',
          ),
        ],
      },
    ],
    hints: [
      t(
        'Give `First`’s channel one slot per replica: the losers’ sends succeed, and their goroutines end.',
        '给 `First` 的通道每个副本一个槽位：落败者的发送也能成功，它们的 goroutine 随之结束。',
      ),
      t(
        'Keep `Google`’s own channel buffered (3) too: a kind that answers after the timeout must still be able to send.',
        '`Google` 自己的通道也要带缓冲（3）：超时之后才回答的那一类结果，也必须能发出去。',
      ),
    ],
    questions: [
      t(
        'Replicating every request doubles the load. When is that worth it?',
        '每个请求都发给多个副本，负载就翻倍了。什么时候值得这样做？',
      ),
      t(
        'Why does the fastest of two replicas cut the tail latency so much?',
        '为什么取两个副本中最快的那个，能把尾延迟砍掉这么多？',
      ),
    ],
  },

  'services/deadline-budget': {
    mistakes: [
      {
        what: t(
          'Passing `ctx.signal` but no `x-mesh-deadline-ms` header: orders stops waiting, but the catalog never hears of the deadline and works on.',
          '传了 `ctx.signal` 却没有 `x-mesh-deadline-ms` 头部：orders 不再等了，catalog 却根本不知道截止时间，继续干活。',
        ),
        fails: [
          t(
            "the catalog's context is cancelled at the deadline on GET /orders/2: it heard of the deadline",
            'GET /orders/2 上，catalog 的 context 在截止时间被取消：它知道有截止时间',
          ),
          t(
            'the catalog does no work after its caller’s deadline (200ms; 30ms)',
            '调用方的截止时间（200ms；30ms）一过，catalog 就不再做任何工作',
          ),
        ],
      },
      {
        what: t(
          'Passing on the deadline the request came with (200) instead of what remains: the catalog stops only at 240ms.',
          '把请求带来的截止时间（200）原样传下去，而不是剩下的时间：catalog 到 240ms 才停。',
        ),
        fails: [
          t(
            'the catalog does no work after its caller’s deadline (200ms; 30ms)',
            '调用方的截止时间（200ms；30ms）一过，catalog 就不再做任何工作',
          ),
        ],
      },
      {
        what: t(
          'Sending the header but not `ctx.signal`: orders waits for `users`, which ignores the header, and calls the catalog after its deadline.',
          '发了头部却没传 `ctx.signal`：orders 等着不理会头部的 `users`，并在截止时间之后还去调用 catalog。',
        ),
        fails: [
          t(
            'when a callee is too slow, orders answers 504 at its deadline: GET /orders/2 (slow catalog) at 200ms, GET /orders/1 with a 30ms deadline (users, which ignores deadlines, takes 40ms) at 30ms',
            '被调用方太慢时，orders 在自己的截止时间回 504：GET /orders/2（catalog 慢）在 200ms，截止时间只有 30ms 的 GET /orders/1（users 不理会截止时间，要 40ms）在 30ms',
          ),
          t(
            'the catalog does no work after its caller’s deadline (200ms; 30ms)',
            '调用方的截止时间（200ms；30ms）一过，catalog 就不再做任何工作',
          ),
        ],
      },
    ],
    hints: [
      t(
        'Two things per call: the request’s `ctx.signal`, and the header holding `time.until(ctx.deadline())`; no deadline, no header.',
        '每次调用做两件事：传入请求的 `ctx.signal`，以及带上 `time.until(ctx.deadline())` 的头部；没有截止时间就不加头部。',
      ),
      t(
        'Read the bench’s printout: it says when each service started and stopped, so a catalog working past 200ms is easy to spot.',
        '看测试台打印的内容：每个服务何时开始、何时停止都写着，catalog 过了 200ms 还在干活一眼就能看出来。',
      ),
    ],
    questions: [
      t(
        'Why send the time that remains rather than an absolute deadline between machines?',
        '在机器之间，为什么传剩余时间，而不是一个绝对的截止时刻？',
      ),
      t(
        'The `users` service ignores the header. How does orders protect itself from such a callee?',
        '`users` 服务不理会这个头部。orders 怎样保护自己不被这样的被调用方拖住？',
      ),
    ],
  },

  'operations/bad-replica': {
    mistakes: [
      {
        what: t(
          'Retries without `perTryTimeoutMs`: every try on the hung replica waits the whole second and none is retried; 962 of 1000 succeed.',
          '有重试却没有 `perTryTimeoutMs`：落到卡死副本上的每次尝试都等满一秒，而且没有一个被重试；1000 个请求只成功 962 个。',
        ),
        fails: [
          t(
            'at least 99.9% of the 1000 requests succeed (at most 1 may fail)',
            '1000 个请求中至少 99.9% 成功（最多失败 1 个）',
          ),
        ],
      },
      {
        what: t(
          'Turning the retry budget off (`budget: null`): in the bad deploy every request is tried three times, 3000 tries for 1000 requests.',
          '关掉重试预算（`budget: null`）：坏部署期间每个请求都被试三次，1000 个请求变成 3000 次尝试。',
        ),
        fails: [
          t(
            'while every replica fails, retries add at most 50% to the load',
            '所有副本都失败时，重试增加的负载不超过 50%',
          ),
        ],
      },
      {
        what: t(
          'Retries without outlier ejection: the hung replica is never taken out, so a third of the first tries still land on it; 969 of 1000 succeed, and retries add 30% to the load.',
          '有重试却没有异常实例剔除：卡死的副本一直没被剔除，三分之一的首次尝试仍然落到它上面；1000 个请求成功 969 个，重试让负载增加了 30%。',
        ),
        fails: [
          t(
            'at least 99.9% of the 1000 requests succeed (at most 1 may fail)',
            '1000 个请求中至少 99.9% 成功（最多失败 1 个）',
          ),
          t('retries add at most 5% to the load on inventory', '重试给 inventory 增加的负载不超过 5%'),
        ],
      },
    ],
    hints: [
      t(
        'Start from `retry: { maxRetries: 2, perTryTimeoutMs: 100 }` and add `outlier: { consecutive5xx: … }`; keep the budget on.',
        '从 `retry: { maxRetries: 2, perTryTimeoutMs: 100 }` 开始，再加上 `outlier: { consecutive5xx: … }`；保留重试预算。',
      ),
      t(
        'The check measures from the mesh’s own records: read its numbers (success, added load, slowest answer) after each change.',
        '检查用的是服务网格自己的记录：每改一次，都读一读它给出的数字（成功率、增加的负载、最慢的回答）。',
      ),
    ],
    questions: [
      t(
        'What is a retry storm, and how does a retry budget stop one?',
        '什么是重试风暴？重试预算怎样阻止它？',
      ),
      t(
        'Which real systems configure the same layers, and what do they call them?',
        '哪些真实系统配置的是同样的这几层？它们各叫什么名字？',
      ),
    ],
  },
};

const SETUP_GOALS = [
  t(
    'Everyone has the site open, has pressed Run and Check on the first lab, and knows where the Timeline and the check’s report are.',
    '每个人都打开了网站，在第一个实验上按过**运行**和**检查**，知道**时间线**和检查报告在哪里。',
  ),
];

const lab = (id: string, minutes: number, ...goals: Bilingual[]): Block => ({
  kind: 'lab',
  lab: id,
  minutes,
  goals,
});

const LABS = {
  wait: (minutes: number) =>
    lab(
      'goroutines/wait-for-workers',
      minutes,
      t(
        'Start goroutines and wait for them with a WaitGroup instead of a sleep.',
        '启动 goroutine，并用 WaitGroup 而不是 sleep 等它们。',
      ),
    ),
  pingPong: (minutes: number) =>
    lab(
      'channels/ping-pong',
      minutes,
      t(
        'Explain why an unbuffered send waits for a receiver, and read a deadlock dump.',
        '解释无缓冲通道的发送为什么要等接收方，并读懂死锁信息。',
      ),
    ),
  countdown: (minutes: number) =>
    lab(
      'close/countdown',
      minutes,
      t(
        'Close a channel once, from its sender, so that a range loop ends.',
        '由发送方关闭通道一次，让 range 循环结束。',
      ),
    ),
  merge: (minutes: number) =>
    lab(
      'select/merge',
      minutes,
      t(
        'Wait on two channels with select, and turn a closed source off with a nil channel.',
        '用 select 同时等两个通道，并用 nil 通道关掉已关闭的来源。',
      ),
    ),
};

export const PLANS: readonly Plan[] = [
  {
    id: 'two-hour-workshop',
    title: t('Two-hour workshop: goroutines and channels', '两小时工作坊：goroutine 与通道'),
    minutes: 120,
    prerequisites: [
      t(
        'Learners read TypeScript or Go: functions, loops, `async` and `await`. No Go install is needed.',
        '学员能读懂 TypeScript 或 Go：函数、循环、`async` 和 `await`。不需要安装 Go。',
      ),
      t(
        'Each learner has a laptop with a current browser. Labs run in the browser; a sandboxed worker takes over where a WebContainer cannot start.',
        '每位学员有一台装了新版浏览器的笔记本。实验在浏览器里运行；WebContainer 启动不了时，由沙箱 worker 接手。',
      ),
      t(
        'The instructor has run each lab’s starter, its Check and its Solution beforehand.',
        '讲师事先在每个实验上都试过初始代码、**检查**和**答案**。',
      ),
    ],
    goals: [
      t(
        'Start goroutines and wait for all of them without guessing.',
        '启动 goroutine，不靠猜就能等它们全部结束。',
      ),
      t('Pass values over channels and read Go’s deadlock message.', '通过通道传值，读懂 Go 的死锁信息。'),
      t(
        'Close a channel from its sender and merge two sources with select.',
        '由发送方关闭通道，用 select 合并两个来源。',
      ),
      t(
        'Read a check’s report: which item failed, under which schedule, and why.',
        '读懂检查报告：哪一项没通过，在哪个调度下，为什么。',
      ),
    ],
    blocks: [
      {
        kind: 'talk',
        minutes: 10,
        title: t('Setup: open the site, Run and Check', '准备：打开网站，运行与检查'),
        goals: SETUP_GOALS,
      },
      LABS.wait(20),
      LABS.pingPong(20),
      LABS.countdown(20),
      { kind: 'break', minutes: 10, title: t('Break', '休息'), goals: [] },
      LABS.merge(25),
      {
        kind: 'discussion',
        minutes: 15,
        title: t('Wrap-up: what the checks caught', '总结：检查抓到了什么'),
        goals: [
          t(
            'Name the bugs that printed the right output and still failed a check, and say why output alone cannot show them.',
            '说出那些输出正确却仍没通过检查的 bug，并说明为什么光看输出发现不了它们。',
          ),
          t(
            'Know where to go on: the next lessons, and **Export progress** to keep the work.',
            '知道接下来学什么：后面的课程，以及用**导出进度**保存自己的成果。',
          ),
        ],
      },
    ],
  },
  {
    id: 'one-day-workshop',
    title: t('One-day workshop: from goroutines to services', '一天工作坊：从 goroutine 到服务'),
    minutes: 465,
    prerequisites: [
      t(
        'Learners read TypeScript or Go: functions, loops, classes, `async` and `await`. No Go install is needed.',
        '学员能读懂 TypeScript 或 Go：函数、循环、类、`async` 和 `await`。不需要安装 Go。',
      ),
      t(
        'For the afternoon: HTTP basics (status codes such as 504, request headers).',
        '下午的内容需要 HTTP 基础（504 这样的状态码、请求头部）。',
      ),
      t(
        'Each learner has a laptop with a current browser; the instructor has run every lab’s starter, Check and Solution beforehand.',
        '每位学员有一台装了新版浏览器的笔记本；讲师事先在每个实验上都试过初始代码、**检查**和**答案**。',
      ),
    ],
    goals: [
      t(
        'Use goroutines, channels, close and select the way Go means them, and read deadlock and leak reports.',
        '按 Go 的本意使用 goroutine、通道、close 和 select，读懂死锁与泄漏报告。',
      ),
      t(
        'Find a race that only some schedules show, and fix it with a mutex held across the `await`.',
        '找到只在某些调度下出现的竞争，并用跨过 `await` 持有的互斥锁修好它。',
      ),
      t(
        'Stop work that nobody waits for any more: contexts, cancellation, pipelines that quit early.',
        '停掉没人再等的工作：context、取消、能提前退出的流水线。',
      ),
      t(
        'Carry deadlines across services, and survive a bad replica with timeouts, retries and ejection.',
        '把截止时间跨服务传下去，并用超时、重试和剔除扛住一个坏副本。',
      ),
    ],
    blocks: [
      {
        kind: 'talk',
        minutes: 15,
        title: t('Welcome and setup: open the site, Run and Check', '开场与准备：打开网站，运行与检查'),
        goals: SETUP_GOALS,
      },
      LABS.wait(20),
      LABS.pingPong(20),
      LABS.countdown(20),
      { kind: 'break', minutes: 15, title: t('Break', '休息'), goals: [] },
      LABS.merge(25),
      {
        kind: 'talk',
        minutes: 10,
        title: t('Shared memory: every `await` is a place to switch', '共享内存：每个 `await` 都可能切换'),
        goals: [
          t(
            'Explain why goroutines on one thread still race, and what the check’s schedules are.',
            '解释为什么单线程上的 goroutine 仍会竞争，以及检查里的“调度”是什么。',
          ),
        ],
      },
      lab(
        'mutex/bank-account',
        25,
        t(
          'Guard a read-modify-write with a mutex held across the `await`.',
          '用跨过 `await` 持有的互斥锁保护读-改-写。',
        ),
      ),
      lab(
        'context/deadline-search',
        30,
        t(
          'Stop every worker at a deadline with `ctx.done()`, and return `ctx.err()`.',
          '用 `ctx.done()` 在截止时间停掉每个 worker，并返回 `ctx.err()`。',
        ),
      ),
      lab(
        'pool/limited-pool',
        30,
        t(
          'Run a worker pool under a rate limit whose goroutine stops when the work is done.',
          '在限流之下运行工作池，限流的 goroutine 在工作完成后停止。',
        ),
      ),
      { kind: 'break', minutes: 60, title: t('Lunch', '午餐'), goals: [] },
      {
        kind: 'talk',
        minutes: 10,
        title: t(
          'Patterns: Pike’s and Ajmani’s talks, with the leaks fixed',
          '并发模式：Pike 和 Ajmani 的演讲，补上泄漏',
        ),
        goals: [
          t(
            'Recognize fan-in, pipelines and replicated requests, and ask of each who closes and who stops.',
            '认出扇入、流水线和复制请求，并对每一种都问：谁来关闭，谁来停止。',
          ),
        ],
      },
      lab(
        'fanin/merge-all',
        25,
        t(
          'Merge many channels and close the output once, after the last input.',
          '合并多个通道，并在最后一个输入之后只关闭一次输出。',
        ),
      ),
      lab(
        'pipeline/early-exit',
        30,
        t(
          'Cancel a pipeline when its consumer quits, with each stage closing its own output.',
          '消费者退出时取消流水线，每个阶段关闭自己的输出。',
        ),
      ),
      lab(
        'replicas/google-search',
        25,
        t(
          'Take the fastest replica’s answer within a timeout, leaving no goroutine behind.',
          '在超时之内采用最快副本的答案，不留下任何 goroutine。',
        ),
      ),
      { kind: 'break', minutes: 15, title: t('Break', '休息'), goals: [] },
      {
        kind: 'talk',
        minutes: 10,
        title: t('Services: the same goroutines, behind HTTP', '服务：同样的 goroutine，放在 HTTP 后面'),
        goals: [
          t(
            'Say how a deadline travels between services (a header with the time that remains) and what a sidecar adds to each call.',
            '说出截止时间怎样在服务之间传递（一个带剩余时间的头部），以及 sidecar 给每次调用加了什么。',
          ),
        ],
      },
      lab(
        'services/deadline-budget',
        30,
        t(
          'Pass the remaining time on to every call, so callees stop when the caller gives up.',
          '把剩余时间传给每一次调用，让调用方放弃时被调用方也停下。',
        ),
      ),
      lab(
        'operations/bad-replica',
        35,
        t(
          'Configure per-try timeouts, retries with a budget and outlier ejection, and read what they cost.',
          '配置单次尝试超时、带预算的重试和异常实例剔除，并读懂它们的代价。',
        ),
      ),
      {
        kind: 'discussion',
        minutes: 15,
        title: t('Wrap-up: the same bug at every scale', '总结：同一种 bug，在每个层面'),
        goals: [
          t(
            'Connect a leaked goroutine to a catalog working for a client that gave up: work nobody waits for.',
            '把泄漏的 goroutine 和为已放弃的客户端干活的 catalog 联系起来：都是没人在等的工作。',
          ),
          t(
            'Know where to go on, and keep the day’s work with **Export progress**.',
            '知道接下来学什么，并用**导出进度**保存今天的成果。',
          ),
        ],
      },
    ],
  },
];

/** The labs of a plan, in order. */
export function planLabs(plan: Plan): string[] {
  return plan.blocks.flatMap((b) => (b.lab === undefined ? [] : [b.lab]));
}
