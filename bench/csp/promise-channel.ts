/**
 * The bench's reference channel: the smallest reasonable Go-style channel built on Promise
 * resolvers, written for this benchmark (not a library). It stands for "JavaScript's practical
 * limit" for async/await channels: an operation that Go would not block completes synchronously
 * (returns a plain value, no promise), and a parked party is resumed by resolving its promise.
 *
 * Invariants: at most one of `takers` and `givers` is non-empty; `buf.length <= cap`; a receive
 * of a closed, drained channel yields `undefined` (values are never `undefined`). Select is
 * receive-only and shares one `Pick` among its takers so that only the first delivery counts.
 * Close resolves parked senders instead of panicking: the bench never sends on a closed channel.
 */

/** A FIFO over a growable ring buffer: O(1) push and shift, even with 100,000 parked takers. */
class Ring<T> {
  #items: (T | undefined)[] = new Array<T | undefined>(8);
  #head = 0;
  length = 0;

  push(x: T): void {
    if (this.length === this.#items.length) {
      // full: unroll into an array twice the size, oldest first
      const bigger = new Array<T | undefined>(this.length * 2);
      for (let i = 0; i < this.length; i++) bigger[i] = this.#items[(this.#head + i) & (this.length - 1)];
      this.#items = bigger;
      this.#head = 0;
    }
    this.#items[(this.#head + this.length) & (this.#items.length - 1)] = x;
    this.length++;
  }

  shift(): T | undefined {
    if (this.length === 0) return undefined;
    const x = this.#items[this.#head];
    this.#items[this.#head] = undefined; // let the GC have it
    this.#head = (this.#head + 1) & (this.#items.length - 1);
    this.length--;
    return x;
  }
}

/** One pending select: the first channel that delivers wins, the other takers become stale. */
interface Pick {
  done: boolean;
  resolve: (r: [number, number | undefined]) => void;
}

type Taker = ((v: number | undefined) => void) | { pick: Pick; index: number };
interface Giver {
  v: number;
  resolve: () => void;
}

export class PromiseChannel {
  readonly cap: number;
  #buf = new Ring<number>();
  #takers = new Ring<Taker>();
  #givers = new Ring<Giver>();
  #closed = false;

  constructor(cap = 0) {
    this.cap = cap;
  }

  /** Hands `v` to the first live taker; false when there is none. */
  #deliver(v: number | undefined): boolean {
    for (let t = this.#takers.shift(); t !== undefined; t = this.#takers.shift()) {
      if (typeof t === 'function') {
        t(v);
        return true;
      }
      if (!t.pick.done) {
        t.pick.done = true;
        t.pick.resolve([t.index, v]);
        return true;
      }
    }
    return false;
  }

  send(v: number): void | Promise<void> {
    if (this.#closed) throw new Error('send on closed channel');
    if (this.#deliver(v)) return;
    if (this.#buf.length < this.cap) return void this.#buf.push(v);
    return new Promise((resolve) => this.#givers.push({ v, resolve }));
  }

  /** True when a receive would not block. */
  ready(): boolean {
    return this.#buf.length > 0 || this.#givers.length > 0 || this.#closed;
  }

  /** Receives without blocking; only call when `ready()`. */
  take(): number | undefined {
    const g = this.#givers.shift();
    if (this.#buf.length > 0) {
      const v = this.#buf.shift();
      if (g !== undefined) {
        this.#buf.push(g.v); // the parked sender's value moves into the freed slot
        g.resolve();
      }
      return v;
    }
    if (g !== undefined) {
      g.resolve();
      return g.v;
    }
    return undefined; // closed and drained
  }

  recv(): number | undefined | Promise<number | undefined> {
    if (this.ready()) return this.take();
    return new Promise((resolve) => this.#takers.push(resolve));
  }

  park(pick: Pick, index: number): void {
    this.#takers.push({ pick, index });
  }

  close(): void {
    this.#closed = true;
    while (this.#deliver(undefined));
    for (let g = this.#givers.shift(); g !== undefined; g = this.#givers.shift()) g.resolve();
  }
}

/** Receive-only select: `[index, value]` of a ready channel chosen at random, else of the first to deliver. */
export function selectRecv(
  chs: readonly PromiseChannel[],
): [number, number | undefined] | Promise<[number, number | undefined]> {
  const start = Math.floor(Math.random() * chs.length);
  for (let k = 0; k < chs.length; k++) {
    const i = (start + k) % chs.length;
    const ch = chs[i]!;
    if (ch.ready()) return [i, ch.take()];
  }
  return new Promise((resolve) => {
    const pick: Pick = { done: false, resolve };
    chs.forEach((ch, i) => ch.park(pick, i));
  });
}
