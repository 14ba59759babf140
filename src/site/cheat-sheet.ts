/**
 * The Go ↔ TypeScript cheat sheet: every Go construct the lessons use, next to its form on gort and
 * gomesh, with a one-line note in English and Chinese and the lesson that teaches it. Both locales'
 * cheat-sheet pages render this list (src/components/CheatSheet.astro), group by group.
 *
 * Invariants (tests/site/cheat-sheet.test.ts):
 * - ids are unique and never clash with a group's heading anchor; every `lesson` is a page of both
 *   locales whose English page speaks of the row (`mention`); both notes are one line.
 * - Every TypeScript form typechecks against the lab packages' declarations (gort, gomesh as a lab
 *   imports them), in a file made of its group's `tsImports`, then an async function holding the
 *   row's `setup.ts` with the form in place of its `@@` line (or after it, when there is none).
 * - Every Go form compiles and passes `go vet`, in a file of its own with the imports it names, in a
 *   function holding `setup.go` the same way (`file: true`: at the file's top level instead); each
 *   variable the form declares at its first level is then used (`_ = v`), as a snippet shows no use.
 *
 * Go forms are written here with two spaces per level and shown with tabs, as gofmt prints them.
 */

export type CheatGroup =
  'goroutines' | 'channels' | 'select' | 'time' | 'sync' | 'atomic' | 'context' | 'errgroup' | 'http';

export interface CheatGroupInfo {
  /** The heading's anchor, as Starlight makes it from the English heading. */
  readonly anchor: string;
  readonly en: string;
  readonly zh: string;
  /** What the group's TypeScript forms import, as a lab writes it. */
  readonly tsImports: readonly string[];
}

export interface CheatRow {
  /** The row's anchor on the page (`/reference/cheat-sheet/#chan-send`). */
  readonly id: string;
  readonly group: CheatGroup;
  /** The Go form, tab-indented. */
  readonly go: string;
  /** The TypeScript form on gort / gomesh. */
  readonly ts: string;
  readonly noteEn: string;
  readonly noteZh: string;
  /** The lesson that teaches it, a docs slug without locale (`concurrency/select`). */
  readonly lesson: string;
  /** Text the lesson's English page contains where it teaches this (`time.NewTimer`). */
  readonly mention: string;
  /** Declarations the forms need to compile; `@@` on a line of its own is where the form goes. */
  readonly setup: { readonly go?: string; readonly ts?: string };
  /** The Go form (and its setup) belongs at a file's top level, not in a function. */
  readonly file: boolean;
}

export const CHEAT_GROUPS: Readonly<Record<CheatGroup, CheatGroupInfo>> = {
  goroutines: {
    anchor: 'goroutines',
    en: 'Goroutines',
    zh: 'goroutine',
    tsImports: ["import { go, gosched, main, panic } from 'gort';"],
  },
  channels: {
    anchor: 'channels',
    en: 'Channels',
    zh: '通道',
    tsImports: ["import { chan, nilChan, type RecvChan, type SendChan } from 'gort';"],
  },
  select: {
    anchor: 'select',
    en: 'Select',
    zh: 'select',
    tsImports: [
      "import { chan, nilChan, recv, select, send } from 'gort';",
      "import * as reflect from 'gort/reflect';",
      "import * as time from 'gort/time';",
    ],
  },
  time: {
    anchor: 'time',
    en: 'Time',
    zh: '时间',
    tsImports: ["import * as time from 'gort/time';"],
  },
  sync: {
    anchor: 'sync',
    en: 'Sync',
    zh: 'sync 包',
    tsImports: [
      "import { go } from 'gort';",
      "import { Cond, Mutex, Once, RWMutex, WaitGroup } from 'gort/sync';",
    ],
  },
  atomic: {
    anchor: 'atomic',
    en: 'Atomic',
    zh: '原子操作',
    tsImports: ["import * as atomic from 'gort/sync/atomic';"],
  },
  context: {
    anchor: 'context',
    en: 'Context',
    zh: 'context',
    tsImports: [
      "import { recv, select } from 'gort';",
      "import * as context from 'gort/context';",
      "import * as time from 'gort/time';",
    ],
  },
  errgroup: {
    anchor: 'errgroup',
    en: 'Errgroup',
    zh: 'errgroup',
    tsImports: ["import * as context from 'gort/context';", "import * as errgroup from 'gort/errgroup';"],
  },
  http: {
    anchor: 'http-servers-and-clients',
    en: 'HTTP servers and clients',
    zh: 'HTTP 服务端与客户端',
    tsImports: [
      "import * as context from 'gort/context';",
      "import * as time from 'gort/time';",
      "import { get, json, listenAndServe, request, Router, serve, text, type MeshRequest } from 'gomesh';",
    ],
  },
};

/** The Go packages the forms use, by the name the code calls them (`chi` is `github.com/go-chi/chi/v5`). */
export const GO_PACKAGES: Readonly<Record<string, string>> = {
  atomic: 'sync/atomic',
  chi: 'github.com/go-chi/chi/v5',
  context: 'context',
  errgroup: 'golang.org/x/sync/errgroup',
  errors: 'errors',
  fmt: 'fmt',
  http: 'net/http',
  httptest: 'net/http/httptest',
  json: 'encoding/json',
  log: 'log',
  reflect: 'reflect',
  runtime: 'runtime',
  strings: 'strings',
  sync: 'sync',
  time: 'time',
};

/** The import paths of the Go packages `code` names (`time.Second` names `time`), in `GO_PACKAGES` order. */
export function goImports(code: string): string[] {
  const bare = code.replace(/\/\/.*$/gm, '');
  return Object.keys(GO_PACKAGES)
    .filter((name) => new RegExp(`(?<![\\w.])${name}\\.`).test(bare))
    .map((name) => GO_PACKAGES[name]!);
}

interface RowInput {
  readonly id: string;
  readonly go: string;
  readonly ts: string;
  readonly en: string;
  readonly zh: string;
  readonly lesson: string;
  readonly mention: string;
  readonly setup?: { readonly go?: string; readonly ts?: string };
  readonly file?: boolean;
}

const rows: Readonly<Record<CheatGroup, readonly RowInput[]>> = {
  goroutines: [
    {
      id: 'main',
      go: `func main() {
  fmt.Println("hello")
}`,
      ts: `main(async () => {
  console.log('hello');
});`,
      en: 'The program is main as goroutine 1; when it returns, the program exits and the other goroutines stop.',
      zh: '程序就是作为 1 号 goroutine 运行的 main；它一返回，程序就退出，其余 goroutine 随之结束。',
      lesson: 'concurrency/goroutines',
      mention: 'main',
      file: true,
    },
    {
      id: 'go-call',
      go: 'go worker(1)',
      ts: 'go(worker, 1);',
      en: 'The arguments follow the function, and are evaluated at once, as in Go.',
      zh: '参数跟在函数后面，并且立即求值，与 Go 相同。',
      lesson: 'concurrency/goroutines',
      mention: 'go(',
      setup: {
        go: 'worker := func(id int) {}\n@@',
        ts: 'const worker = async (id: number) => {\n  console.log(id);\n};\n@@',
      },
    },
    {
      id: 'go-closure',
      go: `go func() {
  fmt.Println("hi")
}()`,
      ts: `go(async () => {
  console.log('hi');
});`,
      en: 'A goroutine is an async function: other goroutines run only at its await points.',
      zh: 'goroutine 是一个 async 函数：其他 goroutine 只会在它的 await 处插入运行。',
      lesson: 'concurrency/goroutines',
      mention: 'go(async',
    },
    {
      id: 'panic',
      go: 'panic("boom")',
      ts: "panic('boom');",
      en: 'Prints panic: boom with the goroutine trace, and exits with status 2.',
      zh: '打印 panic: boom 和 goroutine 调用栈，以状态码 2 退出。',
      lesson: 'concurrency/channel-directions',
      mention: 'panic: close of closed channel',
    },
    {
      id: 'gosched',
      go: 'runtime.Gosched()',
      ts: 'await gosched();',
      en: 'Yields to the other runnable goroutines; it must be awaited to yield at all.',
      zh: '让出给其他可运行的 goroutine；必须 await 才会真正让出。',
      lesson: 'internals/scheduler',
      mention: 'runtime.Gosched',
    },
  ],
  channels: [
    {
      id: 'make-unbuffered',
      go: 'ch := make(chan int)',
      ts: 'const ch = chan<number>();',
      en: 'An unbuffered channel: a send waits for a receiver.',
      zh: '无缓冲通道：发送要等到有接收方。',
      lesson: 'concurrency/unbuffered-channels',
      mention: 'make(chan',
    },
    {
      id: 'make-buffered',
      go: 'ch := make(chan string, 3)',
      ts: 'const ch = chan<string>(3);',
      en: 'A buffered channel with room for 3: a send waits only when the buffer is full.',
      zh: '容量为 3 的带缓冲通道：只有缓冲区满时发送才等待。',
      lesson: 'concurrency/buffered-channels',
      mention: 'make(chan',
    },
    {
      id: 'make-zero',
      go: 'ch := make(chan int)\n// a closed ch receives 0',
      ts: 'const ch = chan<number>(0, 0);\n// a closed ch receives 0',
      en: "The second argument is Go's zero value, which a closed channel yields; without it, undefined.",
      zh: '第二个参数是 Go 的零值，已关闭的通道会返回它；不给则是 undefined。',
      lesson: 'concurrency/unbuffered-channels',
      mention: 'chan<number>(0, 0)',
    },
    {
      id: 'chan-send',
      go: 'ch <- 42',
      ts: 'await ch.send(42);',
      en: 'Await every channel operation: without await, nothing waits.',
      zh: '每个通道操作都要 await：不 await 就什么都不会等待。',
      lesson: 'concurrency/unbuffered-channels',
      mention: 'send',
      setup: { go: 'ch := make(chan int, 1)\n@@', ts: 'const ch = chan<number>(1);\n@@' },
    },
    {
      id: 'chan-recv',
      go: 'v := <-ch',
      ts: 'const v = await ch.recv();',
      en: 'Waits for a value; on a closed, drained channel it gets the zero value at once.',
      zh: '等待一个值；通道已关闭且取空时，立即得到零值。',
      lesson: 'concurrency/unbuffered-channels',
      mention: 'recv',
      setup: { go: 'ch := make(chan int, 1)\n@@', ts: 'const ch = chan<number>(1);\n@@' },
    },
    {
      id: 'chan-recv-discard',
      go: '<-done',
      ts: 'await done.recv();',
      en: 'A receive used only to wait, for a signal or for a channel to close.',
      zh: '只为等待而接收：等一个信号，或等通道关闭。',
      lesson: 'concurrency/unbuffered-channels',
      mention: 'done',
      setup: {
        go: 'done := make(chan struct{})\nclose(done)\n@@',
        ts: 'const done = chan<void>();\ndone.close();\n@@',
      },
    },
    {
      id: 'chan-recv-ok',
      go: 'v, ok := <-ch',
      ts: 'const [v, ok] = await ch.recv2();',
      en: 'ok is false once the channel is closed and drained.',
      zh: '通道关闭且取空后，ok 为 false。',
      lesson: 'concurrency/range-and-close',
      mention: 'recv2',
      setup: { go: 'ch := make(chan int)\nclose(ch)\n@@', ts: 'const ch = chan<number>();\nch.close();\n@@' },
    },
    {
      id: 'chan-close',
      go: 'close(ch)',
      ts: 'ch.close();',
      en: 'Only the sender closes; closing twice, or sending after, panics with Go’s text.',
      zh: '只有发送方关闭；重复关闭或关闭后再发送会 panic，报错文字与 Go 相同。',
      lesson: 'concurrency/range-and-close',
      mention: 'close',
      setup: { go: 'ch := make(chan int)\n@@', ts: 'const ch = chan<number>();\n@@' },
    },
    {
      id: 'chan-range',
      go: `for v := range ch {
  fmt.Println(v)
}`,
      ts: `for await (const v of ch) {
  console.log(v);
}`,
      en: 'Receives until the channel is closed and drained.',
      zh: '一直接收，直到通道关闭且取空。',
      lesson: 'concurrency/range-and-close',
      mention: 'for await',
      setup: { go: 'ch := make(chan int)\nclose(ch)\n@@', ts: 'const ch = chan<number>();\nch.close();\n@@' },
    },
    {
      id: 'chan-len-cap',
      go: 'fmt.Println(len(ch), cap(ch))',
      ts: 'console.log(ch.len, ch.cap);',
      en: 'Values in the buffer, and its size; properties, not calls.',
      zh: '缓冲区中的值数与缓冲区大小；是属性，不是函数调用。',
      lesson: 'concurrency/buffered-channels',
      mention: 'cap(',
      setup: { go: 'ch := make(chan int, 3)\n@@', ts: 'const ch = chan<number>(3);\n@@' },
    },
    {
      id: 'nil-channel',
      go: 'var ch chan int',
      ts: 'const ch = nilChan<number>();',
      en: 'A nil channel blocks every send and receive forever.',
      zh: 'nil 通道上的发送和接收都会永远阻塞。',
      lesson: 'concurrency/range-and-close',
      mention: 'nilChan',
    },
    {
      id: 'send-only',
      go: `func produce(out chan<- int) {
  out <- 1
  close(out)
}`,
      ts: `async function produce(out: SendChan<number>) {
  await out.send(1);
  out.close();
}`,
      en: 'A send-only view: receiving from it does not compile.',
      zh: '只发送视图：从它接收无法通过编译。',
      lesson: 'concurrency/channel-directions',
      mention: 'SendChan',
      file: true,
    },
    {
      id: 'recv-only',
      go: `func consume(in <-chan int) {
  for v := range in {
    fmt.Println(v)
  }
}`,
      ts: `async function consume(in_: RecvChan<number>) {
  for await (const v of in_) {
    console.log(v);
  }
}`,
      en: 'A receive-only view: sending on it or closing it does not compile.',
      zh: '只接收视图：向它发送或关闭它都无法通过编译。',
      lesson: 'concurrency/channel-directions',
      mention: 'RecvChan',
      file: true,
    },
  ],
  select: [
    {
      id: 'select-recv',
      go: `select {
case v := <-a:
  fmt.Println("a", v)
case v := <-b:
  fmt.Println("b", v)
}`,
      ts: `const r = await select({
  a: recv(a),
  b: recv(b),
});
if (r.case === 'a') console.log('a', r.value);
else console.log('b', r.value);`,
      en: 'Each case has a name; the result says which ran, so break and return work in the caller.',
      zh: '每个分支有名字；结果说明执行了哪一个，所以 break 和 return 都写在调用处。',
      lesson: 'concurrency/select',
      mention: 'recv(',
      setup: {
        go: 'a := make(chan int, 1)\nb := make(chan int, 1)\na <- 1\n@@',
        ts: 'const a = chan<number>(1);\nconst b = chan<number>(1);\nawait a.send(1);\n@@',
      },
    },
    {
      id: 'select-recv-ok',
      go: `select {
case v, ok := <-ch:
  if !ok {
    return
  }
  fmt.Println(v)
}`,
      ts: `const r = await select({ v: recv(ch) });
if (!r.ok) return;
console.log(r.value);`,
      en: 'A receive case also carries ok, false when the channel is closed.',
      zh: '接收分支同样带有 ok，通道关闭时为 false。',
      lesson: 'concurrency/select',
      mention: 'ok',
      setup: { go: 'ch := make(chan int)\nclose(ch)\n@@', ts: 'const ch = chan<number>();\nch.close();\n@@' },
    },
    {
      id: 'select-send',
      go: `select {
case out <- v:
  fmt.Println("sent")
case <-quit:
  return
}`,
      ts: `const r = await select({
  sent: send(out, v),
  quit: recv(quit),
});
if (r.case === 'quit') return;
console.log('sent');`,
      en: 'send(ch, v) is a send case, chosen only when the send can proceed.',
      zh: 'send(ch, v) 是发送分支，只有发送能够完成时才会被选中。',
      lesson: 'concurrency/select',
      mention: 'send(',
      setup: {
        go: 'out := make(chan int, 1)\nquit := make(chan struct{})\nv := 7\n@@',
        ts: 'const out = chan<number>(1);\nconst quit = chan<void>();\nconst v = 7;\n@@',
      },
    },
    {
      id: 'select-default',
      go: `select {
case v := <-ch:
  fmt.Println(v)
default:
  fmt.Println("empty")
}`,
      ts: `const r = await select({
  v: recv(ch),
  default: true,
});
if (r.case === 'v') console.log(r.value);
else console.log('empty');`,
      en: 'default: true never waits: it runs when no other case is ready.',
      zh: 'default: true 从不等待：没有其他分支就绪时执行它。',
      lesson: 'concurrency/select',
      mention: 'default: true',
      setup: { go: 'ch := make(chan int, 1)\n@@', ts: 'const ch = chan<number>(1);\n@@' },
    },
    {
      id: 'select-try-send',
      go: `select {
case ch <- v:
default:
  fmt.Println("full, dropped")
}`,
      ts: `const r = await select({
  sent: send(ch, v),
  default: true,
});
if (r.case === 'default') console.log('full, dropped');`,
      en: 'A send that gives up when the buffer is full.',
      zh: '缓冲区满时就放弃的发送。',
      lesson: 'coordination/worker-pools-and-rate-limits',
      mention: 'default:',
      setup: {
        go: 'ch := make(chan int, 1)\nv := 1\n@@',
        ts: 'const ch = chan<number>(1);\nconst v = 1;\n@@',
      },
    },
    {
      id: 'select-timeout',
      go: `select {
case v := <-ch:
  fmt.Println(v)
case <-time.After(time.Second):
  fmt.Println("timeout")
}`,
      ts: `const r = await select({
  v: recv(ch),
  timeout: recv(time.after(time.Second)),
});
if (r.case === 'v') console.log(r.value);
else console.log('timeout');`,
      en: 'A timeout is a receive from time.after; on the virtual clock it takes no real time.',
      zh: '超时就是从 time.after 接收；在虚拟时钟上不花真实时间。',
      lesson: 'concurrency/timeouts-and-timers',
      mention: 'time.After(',
      setup: { go: 'ch := make(chan int)\n@@', ts: 'const ch = chan<number>();\n@@' },
    },
    {
      id: 'for-select',
      go: `for {
  select {
  case v := <-in:
    fmt.Println(v)
  case <-done:
    return
  }
}`,
      ts: `for (;;) {
  const r = await select({
    v: recv(in_),
    done: recv(done),
  });
  if (r.case === 'done') return;
  console.log(r.value);
}`,
      en: 'A for-select loop; return leaves the loop, as in Go.',
      zh: 'for-select 循环；return 离开循环，与 Go 相同。',
      lesson: 'patterns/for-select-and-nil-channels',
      mention: 'for-select',
      setup: {
        go: 'in := make(chan int)\ndone := make(chan struct{})\nclose(done)\n@@',
        ts: 'const in_ = chan<number>();\nconst done = chan<void>();\ndone.close();\n@@',
      },
    },
    {
      id: 'select-nil-case',
      go: `in = nil // this case is now never ready`,
      ts: `in_ = nilChan<number>(); // never ready`,
      en: 'A nil channel turns its case off; null does too.',
      zh: 'nil 通道让它的分支失效；null 也一样。',
      lesson: 'patterns/for-select-and-nil-channels',
      mention: 'nil',
      setup: {
        go: 'in := make(chan int)\n@@\nselect {\ncase <-in:\ndefault:\n}',
        ts: 'let in_ = chan<number>();\n@@\nawait select({ v: recv(in_), default: true });',
      },
    },
    {
      id: 'reflect-select',
      go: `cases := make([]reflect.SelectCase, len(chans))
for i, ch := range chans {
  cases[i] = reflect.SelectCase{
    Dir:  reflect.SelectRecv,
    Chan: reflect.ValueOf(ch),
  }
}
chosen, v, ok := reflect.Select(cases)`,
      ts: `const cases = chans.map((ch) => recv(ch));
const [chosen, v, ok] = await reflect.select(cases);`,
      en: 'A select over cases built at run time; a closed input is switched off with recv(null).',
      zh: '在运行时构造分支的 select；已关闭的输入用 recv(null) 关掉。',
      lesson: 'patterns/generators-and-fan-in',
      mention: 'reflect.Select',
      setup: {
        go: 'chans := []chan int{make(chan int, 1)}\nchans[0] <- 1\n@@',
        ts: 'const chans = [chan<number>(1)];\nawait chans[0]!.send(1);\n@@',
      },
    },
    {
      id: 'select-forever',
      go: 'select {}',
      ts: 'await select({});',
      en: 'Blocks forever; if nothing else can run, that is a deadlock.',
      zh: '永远阻塞；如果没有别的 goroutine 能运行，就是死锁。',
      lesson: 'concurrency/select',
      mention: 'select({})',
    },
  ],
  time: [
    {
      id: 'duration',
      go: 'd := 1500 * time.Millisecond',
      ts: 'const d = 1500 * time.Millisecond;',
      en: 'A duration is a number of milliseconds: time.Second is 1000.',
      zh: '时长是毫秒数：time.Second 等于 1000。',
      lesson: 'concurrency/timeouts-and-timers',
      mention: 'time.Millisecond',
    },
    {
      id: 'sleep',
      go: 'time.Sleep(100 * time.Millisecond)',
      ts: 'await time.sleep(100 * time.Millisecond);',
      en: 'Await it; on the virtual clock the program jumps ahead instead of waiting.',
      zh: '要 await；在虚拟时钟上，程序直接跳过这段时间而不是真的等待。',
      lesson: 'concurrency/goroutines',
      mention: 'time.Sleep',
    },
    {
      id: 'after',
      go: '<-time.After(time.Second)',
      ts: 'await time.after(time.Second).recv();',
      en: 'A channel that receives the time once, after the duration.',
      zh: '一个通道，在给定时长之后收到一次当前时间。',
      lesson: 'concurrency/timeouts-and-timers',
      mention: 'time.After(',
    },
    {
      id: 'new-timer',
      go: `t := time.NewTimer(time.Second)
<-t.C`,
      ts: `const t = time.newTimer(time.Second);
await t.c.recv();`,
      en: "A timer's channel is c, lower case.",
      zh: '计时器的通道是小写的 c。',
      lesson: 'concurrency/timeouts-and-timers',
      mention: 'NewTimer',
    },
    {
      id: 'timer-stop',
      go: 'stopped := t.Stop()',
      ts: 'const stopped = t.stop();',
      en: 'True if the stop kept the timer from firing.',
      zh: '如果 Stop 阻止了计时器触发，返回 true。',
      lesson: 'concurrency/timeouts-and-timers',
      mention: 'Stop()',
      setup: { go: 't := time.NewTimer(time.Second)\n@@', ts: 'const t = time.newTimer(time.Second);\n@@' },
    },
    {
      id: 'timer-reset',
      go: 't.Reset(2 * time.Second)',
      ts: 't.reset(2 * time.Second);',
      en: 'Restarts the timer with a new duration.',
      zh: '用新的时长重新启动计时器。',
      lesson: 'concurrency/timeouts-and-timers',
      mention: 'Reset(',
      setup: { go: 't := time.NewTimer(time.Second)\n@@', ts: 'const t = time.newTimer(time.Second);\n@@' },
    },
    {
      id: 'after-func',
      go: `t := time.AfterFunc(time.Second, func() {
  fmt.Println("fired")
})`,
      ts: `const t = time.afterFunc(time.Second, () => {
  console.log('fired');
});`,
      en: 'Runs the function in its own goroutine after the duration; t.stop() cancels it.',
      zh: '在给定时长后，在单独的 goroutine 中运行该函数；t.stop() 可取消。',
      lesson: 'concurrency/timeouts-and-timers',
      mention: 'AfterFunc',
    },
    {
      id: 'new-ticker',
      go: `tk := time.NewTicker(time.Second)
defer tk.Stop()
for t := range tk.C {
  fmt.Println(t)
}`,
      ts: `const tk = time.newTicker(time.Second);
try {
  for await (const t of tk.c) {
    console.log(t);
  }
} finally {
  tk.stop();
}`,
      en: 'try/finally plays the part of defer: the ticker stops however the loop ends.',
      zh: 'try/finally 起到 defer 的作用：无论循环怎样结束，ticker 都会停止。',
      lesson: 'concurrency/timeouts-and-timers',
      mention: 'NewTicker',
    },
    {
      id: 'tick',
      go: `for t := range time.Tick(time.Second) {
  fmt.Println(t)
}`,
      ts: `for await (const t of time.tick(time.Second)) {
  console.log(t);
}`,
      en: 'A ticker you cannot stop: for a loop that runs as long as the program.',
      zh: '无法停止的 ticker：用于与程序同生共死的循环。',
      lesson: 'coordination/worker-pools-and-rate-limits',
      mention: 'time.Tick',
    },
    {
      id: 'now-since',
      go: `start := time.Now()
fmt.Println(time.Since(start))`,
      ts: `const start = time.now();
console.log(time.formatDuration(time.since(start)));`,
      en: 'since returns milliseconds; formatDuration prints them as Go does (1.5s).',
      zh: 'since 返回毫秒数；formatDuration 按 Go 的格式打印（1.5s）。',
      lesson: 'concurrency/timeouts-and-timers',
      mention: 'formatDuration',
    },
    {
      id: 'until',
      go: 'left := time.Until(deadline)',
      ts: 'const left = time.until(deadline);',
      en: 'The time left before a deadline, in milliseconds.',
      zh: '距离截止时间还剩多少毫秒。',
      lesson: 'services/calling-services',
      mention: 'time.Until',
      setup: {
        go: 'deadline := time.Now().Add(time.Second)\n@@',
        ts: 'const deadline = time.now().add(time.Second);\n@@',
      },
    },
  ],
  sync: [
    {
      id: 'waitgroup-add-done',
      go: `var wg sync.WaitGroup
wg.Add(1)
go func() {
  defer wg.Done()
  work()
}()
wg.Wait()`,
      ts: `const wg = new WaitGroup();
wg.add(1);
go(async () => {
  try {
    await work();
  } finally {
    wg.done();
  }
});
await wg.wait();`,
      en: 'try/finally plays the part of defer wg.Done(); await wg.wait().',
      zh: 'try/finally 相当于 defer wg.Done()；wg.wait() 要 await。',
      lesson: 'concurrency/goroutines',
      mention: 'defer wg.Done',
      setup: { go: 'work := func() {}\n@@', ts: 'const work = async () => {};\n@@' },
    },
    {
      id: 'waitgroup-go',
      go: `wg.Go(work)
wg.Wait()`,
      ts: `wg.go(work);
await wg.wait();`,
      en: "Go 1.25's WaitGroup.Go: Add, go and Done in one call.",
      zh: 'Go 1.25 的 WaitGroup.Go：一次调用完成 Add、go 和 Done。',
      lesson: 'concurrency/goroutines',
      mention: 'wg.Go',
      setup: {
        go: 'var wg sync.WaitGroup\nwork := func() {}\n@@',
        ts: 'const wg = new WaitGroup();\nconst work = async () => {};\n@@',
      },
    },
    {
      id: 'mutex',
      go: `mu.Lock()
defer mu.Unlock()
count++`,
      ts: `await mu.lock();
try {
  count++;
} finally {
  mu.unlock();
}`,
      en: 'Await lock(); unlock() in finally, so a throw cannot leave it held.',
      zh: 'lock() 要 await；unlock() 放在 finally 里，抛出异常也不会一直占着锁。',
      lesson: 'coordination/races-and-mutexes',
      mention: 'sync.Mutex',
      setup: {
        go: 'var mu sync.Mutex\ncount := 0\n@@\n_ = count',
        ts: 'const mu = new Mutex();\nlet count = 0;\n@@',
      },
    },
    {
      id: 'rwmutex-read',
      go: `mu.RLock()
defer mu.RUnlock()
fmt.Println(cache[k])`,
      ts: `await mu.rLock();
try {
  console.log(cache.get(k));
} finally {
  mu.rUnlock();
}`,
      en: 'Many readers at once, or one writer: lock() and unlock() as on a Mutex.',
      zh: '可同时有多个读者，或只有一个写者；写锁的 lock() 和 unlock() 与 Mutex 相同。',
      lesson: 'coordination/races-and-mutexes',
      mention: 'RLock',
      setup: {
        go: 'var mu sync.RWMutex\ncache := map[string]int{}\nk := "a"\n@@',
        ts: 'const mu = new RWMutex();\nconst cache = new Map<string, number>();\nconst k = "a";\n@@',
      },
    },
    {
      id: 'once',
      go: 'once.Do(setup)',
      ts: 'await once.do(setup);',
      en: 'Runs setup the first time only; every caller waits until it has finished.',
      zh: '只在第一次运行 setup；每个调用者都会等到它运行完。',
      lesson: 'coordination/waitgroup-once-errgroup',
      mention: 'once.Do',
      setup: {
        go: 'var once sync.Once\nsetup := func() {}\n@@',
        ts: 'const once = new Once();\nconst setup = () => {};\n@@',
      },
    },
    {
      id: 'cond-wait',
      go: `c := sync.NewCond(&mu)
mu.Lock()
for !ready {
  c.Wait()
}
mu.Unlock()`,
      ts: `const c = new Cond(mu);
await mu.lock();
while (!ready) {
  await c.wait();
}
mu.unlock();`,
      en: 'Wait in a loop: it unlocks while it waits and locks again before it returns.',
      zh: '在循环中 wait：等待时释放锁，返回前重新加锁。',
      lesson: 'internals/inside-a-channel',
      mention: 'sync.Cond',
      setup: {
        go: 'var mu sync.Mutex\nready := true\n@@',
        ts: 'const mu = new Mutex();\nconst ready = true as boolean;\n@@',
      },
    },
    {
      id: 'cond-signal',
      go: `c.Signal()
c.Broadcast()`,
      ts: `c.signal();
c.broadcast();`,
      en: 'Wakes one waiter, or all of them.',
      zh: '唤醒一个等待者，或全部唤醒。',
      lesson: 'internals/inside-a-channel',
      mention: 'broadcast',
      setup: {
        go: 'var mu sync.Mutex\nc := sync.NewCond(&mu)\n@@',
        ts: 'const c = new Cond(new Mutex());\n@@',
      },
    },
  ],
  atomic: [
    {
      id: 'atomic-int64',
      go: `var n atomic.Int64
n.Add(1)
fmt.Println(n.Load())`,
      ts: `const n = new atomic.Int64();
n.add(1);
console.log(n.load());`,
      en: 'Int64 holds a number, exact up to 2^53; Int32 wraps around as in Go.',
      zh: 'Int64 存的是 number，在 2^53 以内精确；Int32 会像 Go 一样回绕。',
      lesson: 'coordination/atomic-counters',
      mention: 'atomic.Int64',
    },
    {
      id: 'atomic-store',
      go: 'n.Store(0)',
      ts: 'n.store(0);',
      en: 'Sets the value outright, without returning the old one.',
      zh: '直接写入新值，不返回旧值。',
      lesson: 'coordination/atomic-counters',
      mention: 'Store',
      setup: { go: 'var n atomic.Int32\n@@', ts: 'const n = new atomic.Int32();\n@@' },
    },
    {
      id: 'atomic-cas',
      go: `for {
  cur := best.Load()
  if bid <= cur || best.CompareAndSwap(cur, bid) {
    break
  }
}`,
      ts: `for (;;) {
  const cur = best.load();
  if (bid <= cur || best.compareAndSwap(cur, bid)) {
    break;
  }
}`,
      en: 'Stores only if the value is still the one read; otherwise read again.',
      zh: '只有值仍是刚读到的那个时才写入；否则重新读取。',
      lesson: 'coordination/atomic-counters',
      mention: 'CompareAndSwap',
      setup: {
        go: 'var best atomic.Int64\nbid := int64(42)\n@@',
        ts: 'const best = new atomic.Int64();\nconst bid = 42;\n@@',
      },
    },
    {
      id: 'atomic-swap',
      go: 'old := best.Swap(0)',
      ts: 'const old = best.swap(0);',
      en: 'Stores a new value and returns the old one.',
      zh: '写入新值并返回旧值。',
      lesson: 'coordination/atomic-counters',
      mention: 'Swap',
      setup: { go: 'var best atomic.Int64\n@@', ts: 'const best = new atomic.Int64();\n@@' },
    },
    {
      id: 'atomic-uint64',
      go: `var n atomic.Uint64
n.Add(1)`,
      ts: `const n = new atomic.Uint64();
n.add(1n);`,
      en: 'Uint64 holds a bigint, exact to 64 bits: write 1n.',
      zh: 'Uint64 存的是 bigint，64 位精确：写作 1n。',
      lesson: 'coordination/atomic-counters',
      mention: 'Uint64',
    },
    {
      id: 'atomic-bool',
      go: `var closed atomic.Bool
closed.Store(true)
fmt.Println(closed.Load())`,
      ts: `const closed = new atomic.Bool();
closed.store(true);
console.log(closed.load());`,
      en: 'A flag that goroutines read and set without a lock.',
      zh: '一个无需加锁即可由多个 goroutine 读写的标志。',
      lesson: 'coordination/atomic-counters',
      mention: 'atomic.Bool',
    },
  ],
  context: [
    {
      id: 'background',
      go: 'ctx := context.Background()',
      ts: 'const ctx = context.background();',
      en: 'The root of every context tree: never canceled, no deadline, no values.',
      zh: '所有 context 树的根：永不取消，没有截止时间，也没有值。',
      lesson: 'coordination/context',
      mention: 'context.Background',
    },
    {
      id: 'with-cancel',
      go: `ctx, cancel := context.WithCancel(parent)
defer cancel()
work(ctx)`,
      ts: `const [ctx, cancel] = context.withCancel(parent);
try {
  await work(ctx);
} finally {
  cancel();
}`,
      en: 'cancel() in finally, as Go’s defer cancel(): it frees the context even when work throws.',
      zh: 'cancel() 放在 finally 里，相当于 Go 的 defer cancel()：即使 work 抛出异常也会释放 context。',
      lesson: 'coordination/context',
      mention: 'context.WithCancel',
      setup: {
        go: 'parent := context.Background()\nwork := func(ctx context.Context) {}\n@@',
        ts: 'const parent = context.background();\nconst work = async (ctx: context.Context) => ctx.err();\n@@',
      },
    },
    {
      id: 'with-timeout',
      go: `ctx, cancel := context.WithTimeout(parent, time.Second)
defer cancel()
work(ctx)`,
      ts: `const [ctx, cancel] = context.withTimeout(parent, time.Second);
try {
  await work(ctx);
} finally {
  cancel();
}`,
      en: 'Canceled by itself after the duration, with DeadlineExceeded.',
      zh: '到时后自动取消，错误为 DeadlineExceeded。',
      lesson: 'coordination/context',
      mention: 'context.WithTimeout',
      setup: {
        go: 'parent := context.Background()\nwork := func(ctx context.Context) {}\n@@',
        ts: 'const parent = context.background();\nconst work = async (ctx: context.Context) => ctx.err();\n@@',
      },
    },
    {
      id: 'with-deadline',
      go: `ctx, cancel := context.WithDeadline(parent, time.Now().Add(time.Second))
defer cancel()
work(ctx)`,
      ts: `const [ctx, cancel] = context.withDeadline(parent, time.now().add(time.Second));
try {
  await work(ctx);
} finally {
  cancel();
}`,
      en: 'The same with a point in time; ctx.deadline() returns [t, true].',
      zh: '同上，但给的是时间点；ctx.deadline() 返回 [t, true]。',
      lesson: 'coordination/context',
      mention: 'WithDeadline',
      setup: {
        go: 'parent := context.Background()\nwork := func(ctx context.Context) {}\n@@',
        ts: 'const parent = context.background();\nconst work = async (ctx: context.Context) => ctx.err();\n@@',
      },
    },
    {
      id: 'with-value',
      go: `ctx = context.WithValue(ctx, requestIDKey, "r-1")
id := ctx.Value(requestIDKey).(string)`,
      ts: `ctx = context.withValue(ctx, requestIDKey, 'r-1');
const id = ctx.value(requestIDKey) as string;`,
      en: 'Key by a value no other package has: a symbol, as Go uses an unexported type.',
      zh: '用别的包拿不到的值作键：一个 symbol，正如 Go 用未导出的类型。',
      lesson: 'coordination/context',
      mention: 'context.WithValue',
      setup: {
        go: 'type ctxKey int\nconst requestIDKey ctxKey = 0\nctx := context.Background()\n@@',
        ts: "const requestIDKey = Symbol('requestID');\nlet ctx = context.background();\n@@",
      },
    },
    {
      id: 'ctx-deadline',
      go: 'deadline, ok := ctx.Deadline()',
      ts: 'const [deadline, ok] = ctx.deadline();',
      en: 'When the context will end by its deadline; ok is false when it has none.',
      zh: 'context 因截止时间而结束的时刻；没有截止时间时 ok 为 false。',
      lesson: 'services/calling-services',
      mention: 'ctx.deadline()',
      setup: {
        go: 'ctx, cancel := context.WithTimeout(context.Background(), time.Second)\ndefer cancel()\n@@',
        ts: 'const [ctx] = context.withTimeout(context.background(), time.Second);\n@@',
      },
    },
    {
      id: 'ctx-done',
      go: `select {
case <-ctx.Done():
  return ctx.Err()
case v := <-results:
  fmt.Println(v)
}`,
      ts: `const r = await select({
  done: recv(ctx.done()),
  v: recv(results),
});
if (r.case === 'done') return ctx.err();
console.log(r.value);`,
      en: 'ctx.done() is a channel, usable in select like any other.',
      zh: 'ctx.done() 是一个通道，可以像其他通道一样用在 select 中。',
      lesson: 'coordination/context',
      mention: 'ctx.Done()',
      setup: {
        go: 'f := func(ctx context.Context, results chan int) error {\n@@\nreturn nil\n}\n_ = f',
        ts: "const f = async (ctx: context.Context, results: import('gort').Chan<number>) => {\n@@\nreturn null;\n};\nvoid f;",
      },
    },
    {
      id: 'ctx-err',
      go: `if err := ctx.Err(); err != nil {
  fmt.Println(err) // context canceled
}`,
      ts: `const err = ctx.err();
if (err !== null) {
  console.log(err.message); // context canceled
}`,
      en: 'null until canceled; then Canceled or DeadlineExceeded, with Go’s texts.',
      zh: '取消前为 null；之后是 Canceled 或 DeadlineExceeded，文字与 Go 相同。',
      lesson: 'coordination/context',
      mention: 'ctx.Err()',
      setup: {
        go: 'ctx, cancel := context.WithCancel(context.Background())\ncancel()\n@@',
        ts: 'const [ctx, cancel] = context.withCancel(context.background());\ncancel();\n@@',
      },
    },
    {
      id: 'ctx-deadline-exceeded',
      go: `if errors.Is(err, context.DeadlineExceeded) {
  fmt.Println(err) // context deadline exceeded
}`,
      ts: `if (err === context.DeadlineExceeded) {
  console.log(err.message); // context deadline exceeded
}`,
      en: 'Canceled and DeadlineExceeded are single values: compare with ===.',
      zh: 'Canceled 和 DeadlineExceeded 都是唯一的值：用 === 比较。',
      lesson: 'coordination/context',
      mention: 'context.DeadlineExceeded',
      setup: {
        go: 'err := context.Canceled\n@@',
        ts: 'const err: Error | null = context.Canceled;\n@@',
      },
    },
    {
      id: 'with-cancel-cause',
      go: `ctx, cancel := context.WithCancelCause(parent)
cancel(errors.New("shutting down"))
fmt.Println(context.Cause(ctx))`,
      ts: `const [ctx, cancel] = context.withCancelCause(parent);
cancel(new Error('shutting down'));
console.log(context.cause(ctx)?.message);`,
      en: 'err() still says context canceled; cause() says why.',
      zh: 'err() 仍是 context canceled；cause() 说明原因。',
      lesson: 'coordination/context',
      mention: 'WithCancelCause',
      setup: { go: 'parent := context.Background()\n@@', ts: 'const parent = context.background();\n@@' },
    },
    {
      id: 'ctx-after-func',
      go: `stop := context.AfterFunc(ctx, cleanup)
defer stop()`,
      ts: `ctx.signal.addEventListener('abort', cleanup);`,
      en: 'ctx.signal is an AbortSignal, aborted when the context is canceled.',
      zh: 'ctx.signal 是一个 AbortSignal，context 取消时它被中止。',
      lesson: 'coordination/context',
      mention: 'AfterFunc',
      setup: {
        go: 'ctx := context.Background()\ncleanup := func() {}\n@@',
        ts: 'const ctx = context.background();\nconst cleanup = () => {};\n@@',
      },
    },
  ],
  errgroup: [
    {
      id: 'errgroup-group',
      go: `var g errgroup.Group
g.Go(func() error {
  return fetch(url)
})`,
      ts: `const g = new errgroup.Group();
g.go(() => fetch(url));`,
      en: 'A function returns an Error or null; a throw counts as its error.',
      zh: '函数返回 Error 或 null；抛出的异常也算作它的错误。',
      lesson: 'coordination/waitgroup-once-errgroup',
      mention: 'errgroup.Group',
      setup: {
        go: 'url := "http://a"\nfetch := func(u string) error { return nil }\n@@\n_ = g.Wait()',
        ts: "const url = 'http://a';\nconst fetch = async (u: string) => (u === '' ? new Error('empty') : null);\n@@",
      },
    },
    {
      id: 'errgroup-wait',
      go: `if err := g.Wait(); err != nil {
  fmt.Println(err)
}`,
      ts: `const err = await g.wait();
if (err !== null) {
  console.log(err.message);
}`,
      en: 'Waits for every function, then gives the first error, or null.',
      zh: '等待所有函数结束，然后返回第一个错误，或 null。',
      lesson: 'coordination/waitgroup-once-errgroup',
      mention: 'g.Wait',
      setup: { go: 'var g errgroup.Group\n@@', ts: 'const g = new errgroup.Group();\n@@' },
    },
    {
      id: 'errgroup-with-context',
      go: `g, ctx := errgroup.WithContext(parent)
g.Go(func() error {
  return fetch(ctx, url)
})`,
      ts: `const [g, ctx] = errgroup.withContext(parent);
g.go(() => fetch(ctx, url));`,
      en: 'The first error cancels ctx, so the others can stop early.',
      zh: '第一个错误会取消 ctx，其他函数因此可以提前停止。',
      lesson: 'coordination/waitgroup-once-errgroup',
      mention: 'errgroup.WithContext',
      setup: {
        go: 'parent := context.Background()\nurl := "http://a"\nfetch := func(ctx context.Context, u string) error { return ctx.Err() }\n@@\n_ = g.Wait()',
        ts: "const parent = context.background();\nconst url = 'http://a';\nconst fetch = async (ctx: context.Context, u: string) => (u === '' ? null : ctx.err());\n@@",
      },
    },
    {
      id: 'errgroup-set-limit',
      go: `g.SetLimit(3)
for _, url := range urls {
  g.Go(func() error {
    return fetch(url)
  })
}`,
      ts: `g.setLimit(3);
for (const url of urls) {
  await g.go(() => fetch(url));
}`,
      en: 'With a limit, go waits for a free slot: await it, as Go’s Go blocks.',
      zh: '设了上限后，go 会等待空位：要 await 它，正如 Go 的 Go 会阻塞。',
      lesson: 'coordination/waitgroup-once-errgroup',
      mention: 'SetLimit',
      setup: {
        go: 'var g errgroup.Group\nurls := []string{"a", "b"}\nfetch := func(u string) error { return nil }\n@@\n_ = g.Wait()',
        ts: "const g = new errgroup.Group();\nconst urls = ['a', 'b'];\nconst fetch = async (u: string) => (u === '' ? new Error('empty') : null);\n@@",
      },
    },
    {
      id: 'errgroup-try-go',
      go: `if !g.TryGo(task) {
  fmt.Println("busy")
}`,
      ts: `if (!g.tryGo(task)) {
  console.log('busy');
}`,
      en: 'Starts the function only if a slot is free, and says whether it did.',
      zh: '只有有空位时才启动函数，并返回是否启动了。',
      lesson: 'coordination/waitgroup-once-errgroup',
      mention: 'TryGo',
      setup: {
        go: 'var g errgroup.Group\ng.SetLimit(1)\ntask := func() error { return nil }\n@@',
        ts: 'const g = new errgroup.Group();\ng.setLimit(1);\nconst task = () => null;\n@@',
      },
    },
  ],
  http: [
    {
      id: 'router',
      go: `r := chi.NewRouter()
r.Get("/users/{id}", getUser)`,
      ts: `const r = new Router();
r.get('/users/{id}', getUser);`,
      en: 'A router like chi: a handler takes the request and returns the response.',
      zh: '类似 chi 的路由器：处理函数接收请求并返回响应。',
      lesson: 'services/first-service',
      mention: 'chi',
      setup: {
        go: 'getUser := func(w http.ResponseWriter, r *http.Request) {}\n@@',
        ts: "const getUser = (req: MeshRequest) => json(200, { id: req.param('id') });\n@@",
      },
    },
    {
      id: 'path-param',
      go: 'id := chi.URLParam(r, "id")',
      ts: "const id = req.param('id');",
      en: 'A path parameter is a string; parse it before comparing with a number.',
      zh: '路径参数是字符串；与数字比较前先解析。',
      lesson: 'services/first-service',
      mention: 'chi.URLParam',
      setup: {
        go: 'h := func(w http.ResponseWriter, r *http.Request) {\n@@\n_ = id\n}\n_ = h',
        ts: 'const h = (req: MeshRequest) => {\n@@\nreturn text(200, id);\n};\nvoid h;',
      },
    },
    {
      id: 'json-response',
      go: `w.Header().Set("Content-Type", "application/json")
w.WriteHeader(http.StatusOK)
json.NewEncoder(w).Encode(user)`,
      ts: 'return json(200, user);',
      en: 'The handler returns its response: json(status, value) sets the header and the body.',
      zh: '处理函数返回响应：json(status, value) 设置响应头和响应体。',
      lesson: 'services/first-service',
      mention: 'json(status, body)',
      setup: {
        go: 'user := struct{ Name string }{"Ada"}\nh := func(w http.ResponseWriter, r *http.Request) {\n@@\n}\n_ = h',
        ts: "const user = { name: 'Ada' };\nconst h = () => {\n@@\n};\nvoid h;",
      },
    },
    {
      id: 'text-response',
      go: 'http.Error(w, "not found", http.StatusNotFound)',
      ts: "return text(404, 'not found\\n');",
      en: 'A plain-text answer with its status.',
      zh: '带状态码的纯文本响应。',
      lesson: 'services/first-service',
      mention: 'http.StatusNotFound',
      setup: {
        go: 'h := func(w http.ResponseWriter, r *http.Request) {\n@@\n}\n_ = h',
        ts: 'const h = () => {\n@@\n};\nvoid h;',
      },
    },
    {
      id: 'request-json',
      go: `var in Order
err := json.NewDecoder(r.Body).Decode(&in)`,
      ts: 'const in_ = await req.json<Order>();',
      en: 'Reads the request body as JSON; it throws on bad JSON, so answer 400 in a catch.',
      zh: '把请求体按 JSON 读取；JSON 有误时会抛出异常，在 catch 中回答 400。',
      lesson: 'services/monolith-to-services',
      mention: 'orders',
      setup: {
        go: 'type Order struct{ ID int }\nh := func(w http.ResponseWriter, r *http.Request) {\n@@\n_, _ = in, err\n}\n_ = h',
        ts: 'interface Order {\n  id: number;\n}\nconst h = async (req: MeshRequest) => {\n@@\nreturn json(201, in_);\n};\nvoid h;',
      },
    },
    {
      id: 'listen-and-serve',
      go: 'log.Fatal(http.ListenAndServe(":8080", r))',
      ts: "await listenAndServe(':8080', r);",
      en: 'Serves until the server is closed; a listening server is never a deadlock.',
      zh: '一直服务到服务器关闭；正在监听的服务器不算死锁。',
      lesson: 'services/first-service',
      mention: 'ListenAndServe',
      setup: { go: 'r := http.NewServeMux()\n@@', ts: 'const r = new Router();\n@@' },
    },
    {
      id: 'serve-free-port',
      go: `srv := httptest.NewServer(h)
defer srv.Close()
fmt.Println(srv.URL)`,
      ts: `const srv = await serve('users', h);
try {
  console.log(srv.url);
} finally {
  await srv.close();
}`,
      en: 'A named service on a free port; its url is what clients dial.',
      zh: '在空闲端口上启动一个有名字的服务；客户端连接它的 url。',
      lesson: 'services/monolith-to-services',
      mention: 'httptest.NewServer',
      setup: {
        go: 'h := http.NotFoundHandler()\n@@',
        ts: "const h = () => text(404, 'not found\\n');\n@@",
      },
    },
    {
      id: 'client-get',
      go: `res, err := http.Get(url)
if err != nil {
  return err
}
defer res.Body.Close()
fmt.Println(res.StatusCode)`,
      ts: `const res = await get(url); // throws if no answer
console.log(res.status);`,
      en: 'A 404 or 500 is an answer, not an error: check the status.',
      zh: '404 或 500 是一个回答，不是错误：要检查状态码。',
      lesson: 'services/calling-services',
      mention: 'http.Get',
      setup: {
        go: 'f := func(url string) error {\n@@\nreturn nil\n}\n_ = f',
        ts: 'const url: string = "http://127.0.0.1:8080/users";\n@@',
      },
    },
    {
      id: 'response-json',
      go: `var p Product
err := json.NewDecoder(res.Body).Decode(&p)`,
      ts: 'const p = await res.json<Product>();',
      en: 'Reads the response body as JSON.',
      zh: '把响应体按 JSON 读取。',
      lesson: 'services/monolith-to-services',
      mention: 'json',
      setup: {
        go: 'type Product struct{ Price int }\nres, _ := http.Get("http://a")\n@@\n_, _ = p, err',
        ts: "interface Product {\n  price: number;\n}\nconst res = await get('http://a');\n@@",
      },
    },
    {
      id: 'client-post',
      go: `res, err := http.Post(url, "application/json",
  strings.NewReader(body))`,
      ts: `const res = await request(url, {
  method: 'POST',
  json: order,
});`,
      en: 'json sends the value as a JSON body with its content type.',
      zh: 'json 选项把值作为 JSON 请求体发送，并带上对应的 content-type。',
      lesson: 'services/monolith-to-services',
      mention: 'POST',
      setup: {
        go: 'url := "http://a"\nbody := `{"productId":1}`\n@@\n_, _ = res, err',
        ts: "const url = 'http://a';\nconst order = { productId: 1 };\n@@",
      },
    },
    {
      id: 'client-timeout',
      go: `client := &http.Client{Timeout: time.Second}
res, err := client.Get(url)`,
      ts: 'const res = await get(url, { timeoutMs: time.Second });',
      en: 'Every outgoing call needs a timeout; without one a slow service holds the caller.',
      zh: '每个外发调用都需要超时；没有超时，慢服务会一直拖住调用方。',
      lesson: 'services/monolith-to-services',
      mention: 'http.Client{Timeout',
      setup: { go: 'url := "http://a"\n@@\n_, _ = res, err', ts: "const url = 'http://a';\n@@" },
    },
    {
      id: 'client-with-context',
      go: `req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
res, err := http.DefaultClient.Do(req)`,
      ts: 'const res = await get(url, { signal: ctx.signal });',
      en: 'The call ends when ctx does: pass ctx.signal.',
      zh: 'ctx 结束时调用也随之结束：传入 ctx.signal。',
      lesson: 'services/calling-services',
      mention: 'NewRequestWithContext',
      setup: {
        go: 'ctx := context.Background()\nurl := "http://a"\n@@\n_, _ = res, err',
        ts: "const ctx = context.background();\nconst url = 'http://a';\n@@",
      },
    },
  ],
};

/** Go's indentation: the two spaces per level written here become gofmt's tabs. */
const tabs = (code: string): string => code.replace(/^(?: {2})+/gm, (lead) => '\t'.repeat(lead.length / 2));

export const CHEAT_SHEET: readonly { group: CheatGroup; rows: readonly CheatRow[] }[] = (
  Object.keys(rows) as CheatGroup[]
).map((group) => ({
  group,
  rows: rows[group].map((r) => ({
    id: r.id,
    group,
    go: tabs(r.go),
    ts: r.ts,
    noteEn: r.en,
    noteZh: r.zh,
    lesson: r.lesson,
    mention: r.mention,
    setup: {
      ...(r.setup?.go === undefined ? {} : { go: tabs(r.setup.go) }),
      ...(r.setup?.ts === undefined ? {} : { ts: r.setup.ts }),
    },
    file: r.file ?? false,
  })),
}));
