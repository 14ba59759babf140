import {
  chan,
  go,
  GoPanic,
  main,
  panic,
  recv,
  select,
  type Chan,
} from 'gort';
import { Cond, Mutex } from 'gort/sync';
import * as time from 'gort/time';

// Queue 是手工造的缓冲通道：环形缓冲区里最多放 `cap`
// 个值，先进先出；满了 send 就等，空了 recv 就等；
// close 唤醒所有等待者。
export class Queue<T> {
  readonly cap: number;
  readonly #mu = new Mutex();
  // 两个条件变量说的都是 #mu 保护的状态。
  readonly #notFull = new Cond(this.#mu);
  readonly #notEmpty = new Cond(this.#mu);
  readonly #buf: (T | undefined)[]; // 环形缓冲区（Go 的 buf）
  #recvx = 0; // 下一次 recv 从这里取（Go 的 recvx）
  #count = 0; // 环里的值的个数（Go 的 qcount）
  #closed = false;

  constructor(cap: number) {
    if (cap < 1) panic('Queue: cap must be at least 1');
    this.cap = cap;
    this.#buf = new Array<T | undefined>(cap);
  }

  get len(): number {
    return this.#count;
  }

  async send(v: T): Promise<void> {
    await this.#mu.lock();
    // 满了：等某个 recv 在 #notFull 上 signal。（Go 的
    // chansend 在这里把发送方挂到 sendq 上停放。）
    // TODO：运行时每个测试都通过，检查却不通过。想一想
    // wait() 返回时保证了什么、没有保证什么，然后修好
    // 这里的等待和 recv 里的等待。
    if (this.#count === this.cap && !this.#closed) {
      await this.#notFull.wait();
    }
    if (this.#closed) {
      this.#mu.unlock();
      panic('send on closed channel');
    }
    const sendx = (this.#recvx + this.#count) % this.cap;
    this.#buf[sendx] = v;
    this.#count++;
    this.#notEmpty.signal(); // 一个值：唤醒一个接收方
    this.#mu.unlock();
  }

  async recv(): Promise<[T, true] | [undefined, false]> {
    await this.#mu.lock();
    // 空了：等某个 send 在 #notEmpty 上 signal。
    if (this.#count === 0 && !this.#closed) {
      await this.#notEmpty.wait();
    }
    if (this.#count === 0) {
      // 已关闭且取空：零值，ok = false。
      this.#mu.unlock();
      return [undefined, false];
    }
    const v = this.#buf[this.#recvx] as T;
    this.#buf[this.#recvx] = undefined;
    this.#recvx = (this.#recvx + 1) % this.cap;
    this.#count--;
    this.#notFull.signal(); // 一个空位：唤醒一个发送方
    this.#mu.unlock();
    return [v, true];
  }

  async close(): Promise<void> {
    await this.#mu.lock();
    if (this.#closed) {
      this.#mu.unlock();
      panic('close of closed channel');
    }
    this.#closed = true;
    // 和 Go 的 closechan 一样：唤醒所有接收方（它们先
    // 取完缓冲区，再得到 ok = false）和所有发送方（它们
    // 会 panic）。
    this.#notEmpty.broadcast();
    this.#notFull.broadcast();
    this.#mu.unlock();
  }
}

// ---- 测试（改编自 Go 的 runtime/chan_test.go）：不要修改。 ----

const CAP = 3;
let failures: string[] = [];
const fail = (msg: string): void => {
  failures.push(msg);
};

// waitFor 给 goroutine `ms` 毫秒（虚拟时间）完成：
// 到时仍阻塞就返回 false。
async function waitFor<T>(
  done: Chan<T>,
  ms: number,
): Promise<boolean> {
  const r = await select({
    done: recv(done),
    late: recv(time.after(ms * time.Millisecond)),
  });
  return r.case === 'done';
}

// 发送 20 个整数，按先进先出的顺序完好地收到。
async function testFIFO(): Promise<void> {
  const q = new Queue<number>(CAP);
  go(async () => {
    for (let i = 0; i < 20; i++) await q.send(i);
  });
  for (let i = 0; i < 20; i++) {
    const [v] = await q.recv();
    if (v !== i)
      return fail(`received ${v}, expected ${i}`);
  }
}

// 4 个发送方、4 个接收方，最后 close：每个值恰好到达
// 一次，每个发送方的值保持发送顺序，队列里从不超过 cap 个。
async function testManySenders(): Promise<void> {
  const P = 4;
  const L = 12;
  const q = new Queue<number>(1); // 大部分时间是满的
  const sent = chan<boolean>(P);
  const done = chan<number[]>(P);
  let most = 0;
  for (let p = 0; p < P; p++) {
    go(async () => {
      for (let i = 0; i < L; i++) {
        await q.send(p * 100 + i);
        most = Math.max(most, q.len);
      }
      await sent.send(true);
    });
    go(async () => {
      const got: number[] = [];
      for (;;) {
        const [v, ok] = await q.recv();
        if (!ok) break;
        got.push(v);
      }
      await done.send(got);
    });
  }
  for (let p = 0; p < P; p++) {
    if (!(await waitFor(sent, 100))) {
      return fail(`sender ${p + 1} of ${P} never finished`);
    }
  }
  await q.close();
  const seen = new Map<number, number>();
  for (let p = 0; p < P; p++) {
    const r = await select({
      got: recv(done),
      late: recv(time.after(100 * time.Millisecond)),
    });
    if (r.case === 'late') {
      return fail(
        `receiver ${p + 1} of ${P} never saw the close`,
      );
    }
    const last = new Map<number, number>();
    for (const v of r.value ?? []) {
      seen.set(v, (seen.get(v) ?? 0) + 1);
      const from = Math.floor(v / 100);
      if ((last.get(from) ?? -1) > v) {
        fail(`a receiver got ${v} after ${last.get(from)}`);
      }
      last.set(from, v);
    }
  }
  if (most > q.cap)
    fail(`len reached ${most}, cap is ${q.cap}`);
  for (let p = 0; p < P; p++) {
    for (let i = 0; i < L; i++) {
      const n = seen.get(p * 100 + i) ?? 0;
      if (n !== 1)
        fail(`${p * 100 + i} received ${n} times`);
    }
  }
  for (const v of seen.keys()) {
    if (typeof v !== 'number' || v % 100 >= L) {
      fail(`received ${v}, which nobody sent`);
    }
  }
}

// 确认在满队列上的发送会阻塞，直到有 recv。
async function testSendBlocks(): Promise<void> {
  const q = new Queue<number>(CAP);
  for (let i = 0; i < CAP; i++) await q.send(i);
  const sent = chan<boolean>(1);
  go(async () => {
    await q.send(CAP);
    await sent.send(true);
  });
  if (await waitFor(sent, 1)) {
    return fail('send to a full queue did not block');
  }
  await q.recv();
  if (!(await waitFor(sent, 1))) {
    return fail('send still blocked after a recv');
  }
}

// 确认在空队列上的接收会阻塞。
async function testRecvBlocks(): Promise<void> {
  const q = new Queue<number>(CAP);
  const got = chan<boolean>(2);
  for (let i = 0; i < 2; i++) {
    go(async () => {
      await q.recv();
      await got.send(true);
    });
  }
  if (await waitFor(got, 1)) {
    return fail(
      'receive from an empty queue did not block',
    );
  }
  await q.send(1);
  await q.send(2);
  for (let i = 0; i < 2; i++) {
    if (!(await waitFor(got, 1))) {
      return fail(
        `receiver ${i + 1} of 2 still blocked after 2 sends`,
      );
    }
  }
}

// 确认从已关闭的队列先取完剩下的值，再收到 ok = false。
async function testClosedDrains(): Promise<void> {
  const q = new Queue<number>(CAP);
  for (let i = 0; i < CAP; i++) await q.send(i);
  await q.close();
  for (let i = 0; i < CAP; i++) {
    const [v, ok] = await q.recv();
    if (v !== i || !ok) {
      return fail(
        `received ${v}/${ok}, expected ${i}/true`,
      );
    }
  }
  for (let i = 0; i < 2; i++) {
    const [v, ok] = await q.recv();
    if (v !== undefined || ok) {
      return fail(
        `received ${v}/${ok}, expected undefined/false`,
      );
    }
  }
}

// 确认 close 放行每个阻塞的接收方。
async function testCloseWakesAll(): Promise<void> {
  const R = 3;
  const q = new Queue<number>(CAP);
  const woke = chan<boolean>(R);
  for (let i = 0; i < R; i++) {
    go(async () => {
      const [, ok] = await q.recv();
      await woke.send(ok);
    });
  }
  await time.sleep(time.Millisecond);
  await q.close();
  for (let i = 0; i < R; i++) {
    if (!(await waitFor(woke, 10))) {
      return fail(
        `close woke ${i} of ${R} blocked receivers`,
      );
    }
  }
}

// 确认在已关闭的队列上发送会 panic，在满队列上阻塞的
// 发送方在队列关闭时也会 panic。
async function testSendOnClosed(): Promise<void> {
  const trySend = async (q: Queue<number>) => {
    try {
      await q.send(1);
      return 'no panic';
    } catch (e) {
      if (!(e instanceof GoPanic)) throw e;
      return e.message;
    }
  };
  const q = new Queue<number>(CAP);
  await q.close();
  const r1 = await trySend(q);
  if (r1 !== 'send on closed channel') {
    return fail(`send on a closed queue: ${r1}`);
  }
  const full = new Queue<number>(CAP);
  for (let i = 0; i < CAP; i++) await full.send(i);
  const res = chan<string>(1);
  go(async () => await res.send(await trySend(full)));
  await time.sleep(time.Millisecond);
  await full.close();
  const r = await select({
    res: recv(res),
    late: recv(time.after(10 * time.Millisecond)),
  });
  if (r.case === 'late') {
    return fail(
      'a blocked sender stayed blocked after close',
    );
  }
  if (r.value !== 'send on closed channel') {
    return fail(
      `a blocked sender, after close: ${r.value}`,
    );
  }
}

const tests: [string, () => Promise<void>][] = [
  ['TestFIFO', testFIFO],
  ['TestManySenders', testManySenders],
  ['TestSendBlocks', testSendBlocks],
  ['TestRecvBlocks', testRecvBlocks],
  ['TestClosedDrains', testClosedDrains],
  ['TestCloseWakesAll', testCloseWakesAll],
  ['TestSendOnClosed', testSendOnClosed],
];

main(async () => {
  for (const [name, test] of tests) {
    failures = [];
    await test();
    if (failures.length === 0) {
      console.log(`--- PASS: ${name}`);
    } else {
      console.log(`--- FAIL: ${name}`);
      for (const f of failures.slice(0, 3)) {
        console.log(`    ${f}`);
      }
    }
  }
  // 让已经做完的 goroutine 在 main 之前返回，就像
  // goleak.VerifyNone 报告之前会重试一样。
  await time.sleep(time.Millisecond);
});
