/**
 * The runtime timer record (Go's runtime timer) and the binary heap the virtual clock keeps pending
 * timers in. What a timer does and when it is in the heap is clock.ts's business; this file only
 * holds the record and the heap.
 *
 * Invariants: a timer is in the heap iff `index >= 0`, and then it is `heap.items[index]`; the heap
 * is ordered by (when, seq), so timers due at the same instant come out in the order they were set.
 */
import type { Runtime } from './runtime.ts';
import type { WaitQ } from './sudog.ts';

/**
 * What a timer calls when it fires: `arg` as given to newTimer, the runtime, and `delay`, how late
 * it runs (clock now - when; 0 when it runs on time). A channel timer that nobody waited on runs
 * only when someone receives, possibly much later: it sends the time it was due, `now - delay`.
 */
export type TimerFunc = (arg: unknown, rt: Runtime, delay: number) => void;

/** The channel a channel timer feeds (Go's isChan timers: time.Timer's and time.Ticker's `C`). */
export interface TimerChan {
  /** Set once, when the timer is made: a receive asks the timer to run if it is due (clock.ts). */
  timer: RTimer | null;
  /** The receivers: while it holds one, the timer is in the clock's heap. */
  readonly recvq: WaitQ;
  /** Drops a buffered value; returns whether there was one. */
  drain(): boolean;
}

/** A runtime timer: calls `f(arg, rt, delay)` at clock time `when` (and every `period` ms if > 0). */
export class RTimer {
  readonly id: number;
  /** Clock time of the next firing; meaningful while pending. */
  when = 0;
  /** > 0: a periodic timer (a ticker), re-armed by the clock each time it runs. */
  period = 0;
  /** Order among timers due at the same instant (the order they were set). */
  seq = 0;
  /** Armed: it will run at `when` (Go's when > 0). */
  pending = false;
  /** Waiting for its time: in the virtual heap, or its host timer armed (implies pending). */
  heaped = false;
  /** Index in the virtual heap, -1 when not in it. */
  index = -1;
  /** The host timer handle on the real clock. */
  handle: ReturnType<typeof setTimeout> | undefined = undefined;
  readonly f: TimerFunc;
  readonly arg: unknown;
  /** The channel it feeds, or null for a timer that calls a function (sleep, afterFunc, ...). */
  readonly chan: TimerChan | null;

  constructor(id: number, f: TimerFunc, arg: unknown, chan: TimerChan | null) {
    this.id = id;
    this.f = f;
    this.arg = arg;
    this.chan = chan;
  }
}

function less(a: RTimer, b: RTimer): boolean {
  return a.when < b.when || (a.when === b.when && a.seq < b.seq);
}

/** A binary min-heap of timers with removal by index. */
export class TimerHeap {
  readonly items: RTimer[] = [];

  peek(): RTimer | undefined {
    return this.items[0];
  }

  push(t: RTimer): void {
    t.index = this.items.length;
    this.items.push(t);
    this.#up(t.index);
  }

  remove(t: RTimer): void {
    const items = this.items;
    const i = t.index;
    const last = items.pop()!;
    t.index = -1;
    if (i === items.length) return;
    items[i] = last;
    last.index = i;
    this.#down(i);
    this.#up(last.index);
  }

  #up(i: number): void {
    const items = this.items;
    const t = items[i]!;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = items[p]!;
      if (!less(t, parent)) break;
      items[i] = parent;
      parent.index = i;
      i = p;
    }
    items[i] = t;
    t.index = i;
  }

  #down(i: number): void {
    const items = this.items;
    const n = items.length;
    const t = items[i]!;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && less(items[c + 1]!, items[c]!)) c++;
      const child = items[c]!;
      if (!less(child, t)) break;
      items[i] = child;
      child.index = i;
      i = c;
    }
    items[i] = t;
    t.index = i;
  }
}
