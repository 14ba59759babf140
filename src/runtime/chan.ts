/**
 * Go channels (runtime/chan.go): `make(chan T, n)`, send, receive, close, len, cap, range, and
 * the nil channel.
 *
 * Invariants (Go's, restated):
 * - At least one of `sendq` and `recvq` is empty, except for an unbuffered channel with a single
 *   select blocked on it for both sending and receiving.
 * - For a buffered channel: `count > 0` implies `recvq` is empty (a receiver would have taken the
 *   value); `count < cap` implies `sendq` is empty (a sender would have buffered it).
 * - Once `closed`, `sendq` is empty (close woke every sender with a panic) and stays so.
 * - An operation that Go would complete without blocking completes here without parking: it
 *   returns an already settled promise and the caller continues on the next microtask.
 * - A woken waiter is made runnable, never run inside the operation that woke it (runtime.ts says why).
 * - A timer channel (`timer` set) holds at most one value, which only its timer puts there; its
 *   receive queue tells the timer when someone starts or stops waiting (clock.ts).
 */
import { RuntimeError } from './errors.ts';
import { activeRuntime } from './program.ts';
import type { G } from './g.ts';
import type { Runtime } from './runtime.ts';
import { Kind, SelectSudog, Sudog, WaitQ, acquireSudog, closedKind, releaseSudog } from './sudog.ts';
import { STUCK_INFO, type Waitable, type WaitableInfo } from './stuck.ts';
import type { RTimer, TimerChan } from './timer.ts';
import type { WaitReason } from './wait-reason.ts';

/**
 * Go's `chan<- T`: a view of a channel that may only send and close it. Go's directions are
 * compile-time only, and so are these: a `Chan` is one, with no wrapper and no cost, and code that
 * holds only this view cannot receive (TypeScript rejects `recv`, as Go rejects `<-ch`).
 */
export interface SendChan<T> {
  /** `ch <- v`: resolves once the value is buffered or taken; panics if the channel is closed. */
  send(v: T): Promise<void>;
  /** `close(ch)`: receivers drain the buffer, then get the zero value; blocked senders panic. */
  close(): void;
  /** `len(ch)`: values in the buffer. */
  readonly len: number;
  /** `cap(ch)`: buffer capacity. */
  readonly cap: number;
}

/**
 * Go's `<-chan T`: a view of a channel that may only receive (and range over) it. It has neither
 * `send` nor `close`, so sending on it or closing it is a compile error, as Go's `invalid
 * operation: cannot close receive-only channel`. `Z` as in {@link Chan}.
 */
export interface RecvChan<T, Z = undefined> extends AsyncIterable<T> {
  /** `<-ch`: the next value, or the zero value once the channel is closed and drained. */
  recv(): Promise<T | Z>;
  /** `v, ok := <-ch`: `ok` is false when the channel is closed and drained. */
  recv2(): Promise<[T, true] | [Z, false]>;
  /** `len(ch)`: values in the buffer. */
  readonly len: number;
  /** `cap(ch)`: buffer capacity. */
  readonly cap: number;
}

/**
 * A Go channel of `T` (`chan T`, both directions). `Z` is what a receive yields once the channel
 * is closed and drained (Go's zero value): `undefined` unless the channel was made with one
 * (`chan(0, 0)` is a `chan int`). It converts implicitly to either view, as Go's bidirectional
 * channel is assignable to `chan<- T` and `<-chan T`; a view never converts back.
 */
export interface Chan<T, Z = undefined> extends SendChan<T>, RecvChan<T, Z> {}

/** Largest buffer `chan()` accepts (beyond it Go's makechan would run out of memory). */
const MAX_CAP = 0x7fffffff;

/** A promise that never settles: what every operation of an ended program returns. */
export const NEVER: Promise<never> = new Promise<never>(() => undefined);

/** The channel implementation (use {@link chan} and the {@link Chan} interface). */
export class Channel<T, Z = undefined> implements Chan<T, Z>, TimerChan, Waitable {
  /** Channel id for traces (0 for nil channels). */
  readonly id: number;
  readonly #rt: Runtime | null;
  readonly #cap: number;
  readonly #zero: Z;
  /** Go's nil channel: every operation blocks forever; close panics. */
  readonly isNil: boolean;
  /**
   * The timer feeding a time.Timer/Ticker channel (Go's c.timer), set once when the timer is made:
   * len and cap then report 0 like Go 1.23's synchronous timer channels, and a receive first lets
   * a timer that came due unobserved run (clock.ts).
   */
  timer: RTimer | null = null;
  closed = false;
  /** Ring buffer: `count` values starting at `head`. */
  #buf: unknown[] = [];
  #head = 0;
  count = 0;
  readonly recvq = new WaitQ(this);
  readonly sendq = new WaitQ(this);

  constructor(rt: Runtime | null, cap: number, zero: Z) {
    this.#rt = rt;
    this.#cap = cap;
    this.#zero = zero;
    this.isNil = rt === null;
    this.id = rt === null ? 0 : rt.newChanId();
    if (rt !== null && rt.trace !== null)
      rt.emitAt({ type: 'chan.make', t: rt.now(), g: rt.gid(), ch: this.id, cap });
  }

  get len(): number {
    return this.timer !== null ? 0 : this.count;
  }

  get cap(): number {
    return this.timer !== null ? 0 : this.#cap;
  }

  [STUCK_INFO](): WaitableInfo {
    return { kind: 'chan', id: this.id, cap: this.cap, len: this.len, closed: this.closed };
  }

  /** The runtime that owns this channel (the active one for a nil channel). */
  get rt(): Runtime {
    return this.#rt ?? activeRuntime();
  }

  send(v: T): Promise<void> {
    const rt = this.rt;
    if (rt.done) return NEVER;
    if (this.isNil) return this.#block('chan send (nil chan)');
    if (this.closed) throw new RuntimeError('send on closed channel');
    if (this.sendReady()) {
      this.sendNow(v);
      return rt.completedVoid();
    }
    const sd = acquireSudog(Kind.Plain, v);
    this.sendq.enqueue(sd);
    return rt.park(sd, 'chan send') as Promise<void>;
  }

  recv(): Promise<T | Z> {
    return this.#recv(Kind.Recv) as Promise<T | Z>;
  }

  recv2(): Promise<[T, true] | [Z, false]> {
    return this.#recv(Kind.Recv2) as Promise<[T, true] | [Z, false]>;
  }

  #recv(kind: Kind): Promise<unknown> {
    const rt = this.rt;
    if (rt.done) return NEVER;
    if (this.isNil) return this.#block('chan receive (nil chan)');
    if (this.recvReady()) {
      const v = this.recvNow();
      const ok = lastRecvOk;
      return rt.completed(
        kind === Kind.Recv
          ? v
          : kind === Kind.Recv2
            ? [v, ok]
            : ok
              ? { value: v, done: false }
              : { value: undefined, done: true },
      );
    }
    const sd = acquireSudog(kind, undefined);
    this.recvq.enqueue(sd);
    return rt.park(sd, 'chan receive');
  }

  close(): void {
    if (this.isNil) throw new RuntimeError('close of nil channel');
    if (this.closed) throw new RuntimeError('close of closed channel');
    const rt = this.rt;
    this.closed = true;
    if (rt.trace !== null) rt.emitAt({ type: 'chan.close', t: rt.now(), g: rt.gid(), ch: this.id });
    for (let r = this.recvq.dequeue(); r !== null; r = this.recvq.dequeue()) {
      r.elem = this.#zero;
      r.kind = closedKind(r.kind);
      this.#traceRecv(r, false, this.#zero);
      wake(rt, r);
    }
    for (let s = this.sendq.dequeue(); s !== null; s = this.sendq.dequeue()) {
      s.kind = Kind.Failed;
      s.elem = new RuntimeError('send on closed channel');
      wake(rt, s);
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => this.#recv(Kind.RecvIter) as Promise<IteratorResult<T>>,
      return: () => Promise.resolve({ value: undefined, done: true }),
    };
  }

  // ---- the steps select and the operations above share (Go's chansend/chanrecv bodies) -------

  /** A send would complete now (or panic: the channel is closed). */
  sendReady(): boolean {
    return this.closed || !this.recvq.empty || this.count < this.#cap;
  }

  /** A receive would complete now (a timer channel's timer runs first if it is due, as in Go's chanrecv). */
  recvReady(): boolean {
    if (this.timer !== null) this.#rt!.runChanTimer(this.timer);
    return this.count > 0 || !this.sendq.empty || this.closed;
  }

  /** Sends `v` when sendReady() and not closed: to a parked receiver, else into the buffer. */
  sendNow(v: unknown): void {
    const rt = this.rt;
    if (rt.trace !== null) rt.emitAt({ type: 'chan.send', t: rt.now(), g: rt.gid(), ch: this.id, value: v });
    const r = this.recvq.dequeue();
    if (r === null) {
      this.#push(v);
      return;
    }
    r.elem = v;
    this.#traceRecv(r, true, v);
    wake(rt, r);
  }

  /** Receives when recvReady(); the value is returned, `ok` is left in `lastRecvOk`. */
  recvNow(): unknown {
    const rt = this.rt;
    let v: unknown;
    if (this.closed && this.count === 0) {
      lastRecvOk = false;
      v = this.#zero;
    } else {
      const s = this.sendq.dequeue();
      if (s !== null) {
        // A parked sender: unbuffered, take its value; buffered (so full), take the head and
        // move the sender's value to the tail, keeping FIFO order.
        if (this.#cap === 0) v = s.elem;
        else {
          v = this.#shift();
          this.#push(s.elem);
        }
        const sender = waiter(s);
        if (rt.trace !== null && sender !== null)
          rt.emitAt({ type: 'chan.send', t: rt.now(), g: sender.id, ch: this.id, value: s.elem }, sender);
        wake(rt, s);
      } else v = this.#shift();
      lastRecvOk = true;
    }
    if (rt.trace !== null)
      rt.emitAt({ type: 'chan.recv', t: rt.now(), g: rt.gid(), ch: this.id, ok: lastRecvOk, value: v });
    return v;
  }

  /**
   * A timer's send (never blocks): to a waiting receiver, else into the one-slot buffer unless a
   * value is already there (a slow receiver misses ticks, as in Go).
   */
  sendTimer(v: unknown): void {
    if (this.closed) return;
    if (!this.recvq.empty || this.count === 0) this.sendNow(v);
  }

  /** Drops buffered values (a stopped or reset timer must not deliver a stale time); returns whether any was dropped. */
  drain(): boolean {
    const had = this.count > 0;
    this.#buf = [];
    this.#head = 0;
    this.count = 0;
    return had;
  }

  #block(reason: WaitReason): Promise<never> {
    return this.rt.park(new Sudog(Kind.Plain, undefined), reason) as Promise<never>;
  }

  #traceRecv(r: Sudog, ok: boolean, value: unknown): void {
    const rt = this.rt;
    if (rt.trace === null) return;
    const g = waiter(r);
    rt.emitAt({ type: 'chan.recv', t: rt.now(), g: g === null ? 0 : g.id, ch: this.id, ok, value }, g);
  }

  #push(v: unknown): void {
    const buf = this.#buf;
    if (this.count === buf.length) {
      // Grow (doubling, at most cap): a large `make(chan T, n)` costs nothing until used.
      const grown = new Array<unknown>(Math.min(this.#cap, Math.max(8, buf.length * 2)));
      for (let i = 0; i < this.count; i++) grown[i] = buf[(this.#head + i) % buf.length];
      this.#buf = grown;
      this.#head = 0;
    }
    const b = this.#buf;
    b[(this.#head + this.count) % b.length] = v;
    this.count++;
  }

  #shift(): unknown {
    const b = this.#buf;
    const v = b[this.#head];
    b[this.#head] = undefined;
    this.#head = this.#head + 1 === b.length ? 0 : this.#head + 1;
    this.count--;
    return v;
  }
}

/** `ok` of the last recvNow() (avoids allocating a pair on every receive). */
export let lastRecvOk = true;

/**
 * Wakes a dequeued sudog. For a select case, first removes the select's other cases from their
 * queues (Go's pass 3, done by the waker in the same step), then wakes the select's owner sudog
 * with this case's result.
 */
export function wake(rt: Runtime, sd: Sudog): void {
  if (!sd.isSelect) {
    rt.ready(sd);
    return;
  }
  const owner = (sd as SelectSudog).owner!;
  if (owner !== sd) {
    owner.elem = sd.elem;
    owner.key = (sd as SelectSudog).key;
    owner.kind = sd.kind;
  }
  // Go's pass 3, done here: the other cases leave their queues, and every case record but the
  // owner (which carries the result) goes back to the free list.
  for (let s: SelectSudog | null = owner.waitlink; s !== null;) {
    const next: SelectSudog | null = s.waitlink;
    if (s.q !== null) s.q.remove(s);
    releaseSudog(s);
    s = next;
  }
  owner.waitlink = null;
  if (owner.q !== null) owner.q.remove(owner);
  if (rt.trace !== null) traceSelect(rt, owner.key, owner.g);
  rt.ready(owner);
}

/**
 * The `select` trace event: a select chose case `label` (a name, or reflect.select's index); made by
 * the calling goroutine (`parked` undefined) or by the parked one a waker woke.
 */
export function traceSelect(rt: Runtime, label: string | number, parked?: G | null): void {
  const g = parked === undefined ? rt.gid() : parked === null ? 0 : parked.id;
  rt.emitAt({ type: 'select', t: rt.now(), g, case: String(label) }, parked);
}

/**
 * The goroutine parked on `sd`. Only the first case of a parked select (its owner) is handed to
 * `park`, so the select's other cases reach their goroutine through the owner; without this, an
 * operation completed by a select's second case was traced as goroutine 0's (or not at all).
 */
function waiter(sd: Sudog): G | null {
  return sd.isSelect ? ((sd as SelectSudog).owner?.g ?? sd.g) : sd.g;
}

/** Wakes every waiter of `q`, longest waiting first. */
export function wakeAll(rt: Runtime, q: WaitQ): void {
  for (let s = q.dequeue(); s !== null; s = q.dequeue()) wake(rt, s);
}

function checkCap(cap: unknown): number {
  if (cap === undefined) return 0;
  if (typeof cap !== 'number' || !Number.isInteger(cap) || cap < 0 || cap > MAX_CAP) {
    throw new RuntimeError('makechan: size out of range');
  }
  return cap;
}

/**
 * Go's `make(chan T, cap)`. With `zero`, a receive from the closed, drained channel yields it
 * (Go's zero value), so `chan(0, 0)` is a `chan int` whose receives are always numbers.
 * A negative, fractional or too large `cap` panics `makechan: size out of range`.
 *
 * @example
 * ```ts
 * import { chan, go, main } from 'gort';
 *
 * main(async () => {
 *   const ch = chan<string>(1);
 *   go(async () => ch.send('ping'));
 *   console.log(await ch.recv()); // ping
 * });
 * ```
 */
export function chan<T>(cap?: number): Chan<T, undefined>;
export function chan<T, Z = T>(cap: number, zero: Z): Chan<T, Z>;
export function chan<T, Z>(cap?: number, zero?: Z): Chan<T, Z | undefined> {
  return new Channel<T, Z | undefined>(activeRuntime(), checkCap(cap), zero);
}

/**
 * Go's nil channel (`var ch chan T`): sends and receives block forever, close panics
 * `close of nil channel`, and in a select its cases are never ready.
 *
 * @example
 * ```ts
 * import { main, nilChan, recv, select } from 'gort';
 *
 * main(async () => {
 *   const off = nilChan<number>(); // a disabled case, as a nil channel in Go
 *   const r = await select({ never: recv(off), default: true });
 *   console.log(r.case); // default
 * });
 * ```
 */
export function nilChan<T, Z = undefined>(): Chan<T, Z> {
  return new Channel<T, Z>(null, 0, undefined as Z);
}

/**
 * Go's `len(ch)` (0 for a nil channel); any direction.
 *
 * @example
 * ```ts
 * import { cap, chan, len, main } from 'gort';
 *
 * main(async () => {
 *   const ch = chan<number>(3);
 *   await ch.send(1);
 *   console.log(len(ch), cap(ch)); // 1 3
 * });
 * ```
 */
export function len(ch: SendChan<never> | RecvChan<unknown, unknown> | null): number {
  return ch === null ? 0 : ch.len;
}

/**
 * Go's `cap(ch)` (0 for a nil channel); any direction.
 *
 * @example
 * ```ts
 * import { cap, chan } from 'gort';
 *
 * console.log(cap(chan<number>(5)), cap(null)); // 5 0
 * ```
 */
export function cap(ch: SendChan<never> | RecvChan<unknown, unknown> | null): number {
  return ch === null ? 0 : ch.cap;
}

/**
 * Go's `close(ch)`: panics `close of nil channel` for null or a nil channel. Only a channel one
 * may send on can be closed: a receive-only view is a compile error, as in Go.
 *
 * @example
 * ```ts
 * import { chan, close, go, main } from 'gort';
 *
 * main(async () => {
 *   const ch = chan<number>();
 *   go(async () => {
 *     for (let i = 0; i < 3; i++) await ch.send(i);
 *     close(ch);
 *   });
 *   for await (const v of ch) console.log(v); // 0 1 2
 * });
 * ```
 */
export function close(ch: SendChan<never> | null): void {
  if (ch === null) throw new RuntimeError('close of nil channel');
  ch.close();
}
