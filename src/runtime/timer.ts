/**
 * Runtime timers (Go's runtime timer), the one thing that can wake a goroutine from inside the
 * runtime without another goroutine's help. `sleep`, `time.Timer`, `time.Ticker`, `afterFunc` and
 * context deadlines are all built on them.
 *
 * On the real clock a timer is a host `setTimeout`; on the virtual clock it sits in a binary heap
 * ordered by (when, seq) and fires when the scheduler advances virtual time (see runtime.ts).
 * Invariants: a timer is pending iff `pending` is true; a pending virtual timer is at `heap[index]`;
 * timers that are due at the same instant fire in the order they were set (`seq`).
 */

import type { Runtime } from './runtime.ts';

/** A runtime timer: calls `f(arg)` at clock time `when` unless stopped first. */
export class RTimer {
  readonly id: number;
  when = 0;
  seq = 0;
  pending = false;
  /** Index in the virtual heap. */
  index = -1;
  /** The host timer handle on the real clock. */
  handle: ReturnType<typeof setTimeout> | undefined = undefined;
  readonly f: (arg: unknown, rt: Runtime) => void;
  readonly arg: unknown;
  constructor(id: number, f: (arg: unknown, rt: Runtime) => void, arg: unknown) {
    this.id = id;
    this.f = f;
    this.arg = arg;
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
