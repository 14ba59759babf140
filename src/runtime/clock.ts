/**
 * The program's clock and its runtime timers (Go's runtime/time.go): the one thing that wakes a
 * goroutine without another goroutine's help. `sleep`, time.Timer, time.Ticker, `afterFunc`,
 * context deadlines and the mesh's timers are all built on them.
 *
 * Two clocks. The real one is the host's monotonic clock; a waiting timer is a host `setTimeout`.
 * The virtual one (the Go playground's faketime, testing/synctest's bubble clock) stands still
 * while anything can run; waiting timers sit in a heap ordered by (when, seq), and when the
 * scheduler finds nothing to run it calls `advance()`, which jumps to the first one and runs every
 * timer due then.
 *
 * Channel timers follow Go 1.23: a time.Timer's or time.Ticker's timer waits in the heap only while
 * a goroutine is blocked receiving from its channel (the channel's receive queue tells it: Go's
 * blockTimerChan/unblockTimerChan). Nobody blocked, nothing happens when it comes due; a receive
 * (or select) asks the timer to run first if it is due (`runChan`, Go's maybeRunChan), and the
 * value is the time it was due. So a timer or ticker nobody reads costs nothing however long the
 * program runs, never wakes the scheduler and never keeps a program alive; a ticker read late
 * yields the first tick it missed, then ticks on the period from now (Go drops missed ticks).
 *
 * Invariants:
 * - `heaped` implies `pending`. A pending function timer is always heaped; a pending channel timer
 *   is heaped iff a goroutine is blocked receiving from its channel.
 * - A timer runs with `delay = now - when` (0 on the virtual clock, where time jumps to `when`); a
 *   periodic timer's next `when` is the first tick after now.
 * - After `stop` or `reset` of a channel timer returns, no value from before it can be received
 *   (the channel's one-slot buffer is drained), and they report whether a value was still to come.
 * - A virtual timer never runs before its time, nor a real one (the host's may fire early: re-armed).
 * - One `advance()` runs only timers set before it began, so a callback that re-arms its timer for
 *   now runs again on the next step, after the host had a turn, never in a loop inside this one.
 * - After `abandon()` nothing is armed and nothing runs.
 */
import { monotonicNow } from './host.ts';
import type { QueueWatcher } from './sudog.ts';
import { RTimer, TimerHeap, type TimerChan, type TimerFunc } from './timer.ts';

/** Where the virtual clock starts: the Go playground's 2009-11-10 23:00:00 UTC. */
const VIRTUAL_EPOCH = Date.UTC(2009, 10, 10, 23, 0, 0);

/** The program's clock and timers. `run(t, delay)` is how a due timer's function gets called. */
export class Clock {
  /** The virtual clock is in use (else the real one). */
  readonly virtual: boolean;
  readonly #run: (t: RTimer, delay: number) => void;
  #vnow = 0;
  /** Virtual clock: the waiting timers. */
  readonly #heap = new TimerHeap();
  /** Real clock: the timers whose host timer is armed. */
  readonly #real = new Set<RTimer>();
  readonly #realStart = monotonicNow();
  readonly #realEpoch = Date.now();
  #nextId = 1;
  #seq = 0;
  #abandoned = false;

  constructor(virtual: boolean, run: (t: RTimer, delay: number) => void) {
    this.virtual = virtual;
    this.#run = run;
  }

  /** Clock time in ms since the program started (virtual time on the virtual clock). */
  now(): number {
    return this.virtual ? this.#vnow : monotonicNow() - this.#realStart;
  }

  /** Wall-clock time in ms since the Unix epoch (the virtual clock starts at VIRTUAL_EPOCH). */
  epochNow(): number {
    return (this.virtual ? VIRTUAL_EPOCH : this.#realEpoch) + this.now();
  }

  /** Whether a timer is waiting for its time: something will still happen (Go: a non-empty heap). */
  get waiting(): boolean {
    return this.virtual ? this.#heap.items.length > 0 : this.#real.size > 0;
  }

  /** A stopped timer; with `chan`, a channel timer that feeds it (see the header). */
  newTimer(f: TimerFunc, arg: unknown, chan: TimerChan | null): RTimer {
    const t = new RTimer(this.#nextId++, f, arg, chan);
    if (chan !== null) {
      chan.timer = t;
      chan.recvq.watcher = this.#watcher(t);
    }
    return t;
  }

  /**
   * Arms `t` to run `delay` ms from now, then every `period` ms if > 0. Returns whether it was
   * pending, or (a channel timer) had a value nobody received yet.
   */
  reset(t: RTimer, delay: number, period: number): boolean {
    let was = t.pending;
    if (t.heaped) this.#unheap(t);
    if (t.chan !== null && t.chan.drain()) was = true;
    if (this.#abandoned) {
      t.pending = false;
      return was;
    }
    t.when = this.now() + (delay > 0 ? delay : 0);
    t.period = period;
    t.seq = this.#seq++;
    t.pending = true;
    if (t.chan === null || !t.chan.recvq.empty) this.#heapUp(t);
    return was;
  }

  /** Disarms `t`; returns whether that stopped it (it was pending, or a value was still unread). */
  stop(t: RTimer): boolean {
    let was = t.pending;
    t.pending = false;
    if (t.heaped) this.#unheap(t);
    if (t.chan !== null && t.chan.drain()) was = true;
    return was;
  }

  /** A receive on `t`'s channel is about to look: run the timer if it came due unobserved. */
  runChan(t: RTimer): void {
    if (!t.pending || t.heaped) return; // stopped, or the heap is in charge
    const now = this.now();
    if (t.when <= now) this.#fire(t, now);
  }

  /** Virtual clock: jumps to the first waiting timer and runs every timer due then. */
  advance(): void {
    const first = this.#heap.peek();
    if (first === undefined || this.#abandoned) return;
    if (first.when > this.#vnow) this.#vnow = first.when;
    const before = this.#seq;
    for (let t = this.#heap.peek(); t !== undefined && t.when <= this.#vnow && t.seq < before;) {
      this.#unheap(t);
      this.#fire(t, this.#vnow);
      if (this.#abandoned) return;
      t = this.#heap.peek();
    }
  }

  /** The program ended: disarm everything, for good. */
  abandon(): void {
    this.#abandoned = true;
    for (const t of this.#real) clearTimeout(t.handle);
    this.#real.clear();
  }

  #watcher(t: RTimer): QueueWatcher {
    return {
      blocked: () => {
        if (t.pending && !t.heaped && !this.#abandoned) this.#heapUp(t);
      },
      unblocked: () => {
        if (t.heaped) this.#unheap(t);
      },
    };
  }

  /** Runs `t` at clock time `now` (it was unheaped, or never heaped), re-arming a periodic one. */
  #fire(t: RTimer, now: number): void {
    const delay = now - t.when;
    if (t.period > 0) {
      t.when += t.period * (1 + Math.floor(delay / t.period));
      t.seq = this.#seq++;
    } else t.pending = false;
    this.#run(t, delay);
    // The function may have stopped or reset `t` itself; a waiting receiver keeps a ticker heaped.
    if (t.pending && !t.heaped && !this.#abandoned && (t.chan === null || !t.chan.recvq.empty)) {
      this.#heapUp(t);
    }
  }

  #heapUp(t: RTimer): void {
    t.heaped = true;
    if (this.virtual) this.#heap.push(t);
    else this.#armReal(t, t.when - this.now());
  }

  #unheap(t: RTimer): void {
    t.heaped = false;
    if (this.virtual) this.#heap.remove(t);
    else {
      clearTimeout(t.handle);
      t.handle = undefined;
      this.#real.delete(t);
    }
  }

  /**
   * Arms the host timer of a real-clock `t`. A host timer may fire a little before `t.when` by this
   * clock (Node rounds timers to whole milliseconds of its own loop clock); Go's timers never fire
   * early, so the rest is waited for again.
   */
  #armReal(t: RTimer, delay: number): void {
    this.#real.add(t);
    t.handle = setTimeout(() => {
      const now = this.now();
      if (t.when > now) {
        this.#armReal(t, t.when - now);
        return;
      }
      this.#unheap(t);
      this.#fire(t, now);
    }, delay);
  }
}
