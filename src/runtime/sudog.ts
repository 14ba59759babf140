/**
 * The waiter record (Go's sudog) and the waiter queue (Go's waitq).
 *
 * A sudog is one pending operation of one goroutine on one queue: a parked send, receive, lock,
 * wait, ... A select parks one sudog per case (SelectSudog), all sharing the first one (`owner`)
 * which holds the promise the selecting goroutine awaits, so whichever case fires settles that
 * one promise. The same record sits in the scheduler's run queue between being woken and being
 * resumed, so waking allocates nothing.
 *
 * Invariants: a sudog is in at most one wait queue at a time (`next`/`prev`); once dequeued it is
 * never enqueued again; a select's sibling sudogs are all removed from their queues, in the same
 * synchronous step, as soon as one of them fires (Go's pass 3), so a queue never holds a waiter of
 * a select that has already been decided. A queue with a watcher tells it every time it goes from
 * empty to non-empty and back, whoever enqueued or removed the waiter.
 */
import { GoPanic } from './errors.ts';
import type { G } from './g.ts';
import type { Waitable } from './stuck.ts';

/**
 * What a woken sudog settles its promise with (see {@link settle}). Whether a receive found the
 * channel closed (Go's `ok`) is part of the kind, so a sudog needs no field for it.
 */
export const Kind = {
  /** `<-ch`: resolves with the value (the zero value once closed). */
  Recv: 0,
  /** `v, ok := <-ch` with ok: resolves with `[v, true]`. */
  Recv2: 1,
  /** `v, ok := <-ch` on a closed channel: resolves with `[zero, false]`. */
  Recv2Closed: 2,
  /** `for v := range ch` (async iterator): resolves with `{ value, done: false }`. */
  RecvIter: 3,
  /** The range loop's end: resolves with `{ done: true }`. */
  RecvIterDone: 4,
  /** `ch <- v` / lock / wait / sleep: resolves with undefined. */
  Plain: 5,
  /** A select's receive case: resolves with `{ case, value, ok: true }` (reflect.select: `[index, value, true]`). */
  Select: 6,
  /** A select's receive case on a closed channel: `{ case, value: zero, ok: false }` (`[index, zero, false]`). */
  SelectClosed: 7,
  /** A select's send case: resolves with `{ case }` (reflect.select: `[index, undefined, false]`). */
  SelectSend: 8,
  /** Resolves with a promise rejected with `elem` (a panic, e.g. a sender woken by close). */
  Failed: 9,
} as const;
/** One of {@link Kind}. */
export type Kind = (typeof Kind)[keyof typeof Kind];

/** The kind a receive takes on when the channel it waits on is closed. */
export function closedKind(k: Kind): Kind {
  return k === Kind.Recv2
    ? Kind.Recv2Closed
    : k === Kind.RecvIter
      ? Kind.RecvIterDone
      : k === Kind.Select
        ? Kind.SelectClosed
        : k;
}

/**
 * Told when a queue gains its first waiter and loses its last. Only a timer channel's receive queue
 * has one: its timer waits in the clock's heap only while someone is blocked on the channel (Go's
 * blockTimerChan / unblockTimerChan, clock.ts).
 */
export interface QueueWatcher {
  blocked(): void;
  unblocked(): void;
}

/** A queue of waiting sudogs (Go's waitq): FIFO, with O(1) removal from anywhere. */
export class WaitQ {
  head: Sudog | null = null;
  tail: Sudog | null = null;
  /** Set once, on a timer channel's receive queue (see QueueWatcher). */
  watcher: QueueWatcher | null = null;
  /** The primitive whose queue this is (a channel, a mutex): what a stuck report names (stuck.ts). */
  readonly owner: Waitable | null;

  constructor(owner: Waitable | null = null) {
    this.owner = owner;
  }

  get empty(): boolean {
    return this.head === null;
  }

  enqueue(s: Sudog): void {
    s.q = this;
    s.prev = this.tail;
    if (this.tail === null) {
      this.head = s;
      this.tail = s;
      if (this.watcher !== null) this.watcher.blocked();
      return;
    }
    this.tail.next = s;
    this.tail = s;
  }

  /** Removes and returns the first waiter, or null. */
  dequeue(): Sudog | null {
    const s = this.head;
    if (s !== null) this.remove(s);
    return s;
  }

  remove(s: Sudog): void {
    const { prev, next } = s;
    if (prev === null) this.head = next;
    else prev.next = next;
    if (next === null) this.tail = prev;
    else next.prev = prev;
    s.next = s.prev = null;
    s.q = null;
    if (this.head === null && this.watcher !== null) this.watcher.unblocked();
  }
}

const NOOP = (): void => undefined;

/**
 * One parked operation of one goroutine (see the file header). Kept to eight fields: a parked
 * goroutine's memory is mostly this record, its promise and its async frame.
 */
export class Sudog {
  /** The goroutine that waits (null: code outside any goroutine, woken directly). */
  g: G | null = null;
  /** The value to send, the value received once woken, or (Kind.Failed) the panic to throw. */
  elem: unknown;
  /** How the promise settles. */
  kind: Kind;
  /** Wait queue links (Go's next/prev). */
  next: Sudog | null = null;
  prev: Sudog | null = null;
  /** The queue it waits in (null when in none): what a stuck report follows to the primitive. */
  q: WaitQ | null = null;
  /** Resolves the promise the parked goroutine awaits. */
  resolve: (v: unknown) => void = NOOP;
  /** A SelectSudog (on the prototype: a constant per class, cheaper than instanceof). */
  declare readonly isSelect: boolean;
  /** Not a G (run queue entries are sudogs or new goroutines; see G.isG). */
  declare readonly isG: false;

  constructor(kind: Kind, elem: unknown) {
    this.kind = kind;
    this.elem = elem;
  }

  /**
   * Creates the promise this sudog will settle; stores its resolve function. Failures resolve with
   * a rejected promise, so the reject function is not kept (a parked goroutine's memory is the
   * budget that matters here). The executor is a fresh closure, dead as soon as it returns: that
   * is cheaper than one shared executor handing the function over through a module variable,
   * whose every store of a new function into long-lived memory takes the GC's slow write barrier.
   */
  promise(): Promise<unknown> {
    return new Promise<unknown>((resolve) => {
      this.resolve = resolve;
    });
  }
}

const pool: Sudog[] = [];
const selectPool: SelectSudog[] = [];
const POOL_MAX = 1024;

/**
 * A plain sudog from the free list (Go's acquireSudog): busy channels park and wake millions of
 * times, and reusing the records keeps the garbage collector out of the hot path.
 */
export function acquireSudog(kind: Kind, elem: unknown): Sudog {
  const s = pool.pop();
  if (s === undefined) return new Sudog(kind, elem);
  s.kind = kind;
  s.elem = elem;
  return s;
}

/**
 * Returns a settled plain sudog to the free list (Go's releaseSudog). Only call it once nothing
 * refers to it: dequeued, out of the run queue, its promise settled.
 */
export function releaseSudog(s: Sudog): void {
  s.g = null;
  s.elem = undefined;
  s.resolve = NOOP;
  if (s.isSelect) {
    const ss = s as SelectSudog;
    ss.owner = ss.waitlink = null;
    if (selectPool.length < POOL_MAX) selectPool.push(ss);
  } else if (pool.length < POOL_MAX) pool.push(s);
}

/** A select case sudog from the free list. */
export function acquireSelectSudog(kind: Kind, elem: unknown, key: string | number): SelectSudog {
  const s = selectPool.pop();
  if (s === undefined) return new SelectSudog(kind, elem, key);
  s.kind = kind;
  s.elem = elem;
  s.key = key;
  return s;
}

/** One case of a parked select: also knows its case name, its queue and its sibling cases. */
export class SelectSudog extends Sudog {
  /** The case name (`select({ name: ... })`), or the case's index for reflect.select. */
  key: string | number;
  /** The case that owns the select's promise (the first one). */
  owner: SelectSudog | null = null;
  /** Next case of the same select (the owner links them all: Go's g.waiting list). */
  waitlink: SelectSudog | null = null;

  constructor(kind: Kind, elem: unknown, key: string | number) {
    super(kind, elem);
    this.key = key;
  }
}

// Class constants on the prototypes: no per-record memory, and a load of one of them is a map
// check plus a constant where `instanceof` would walk the prototype chain at a polymorphic site.
Object.defineProperty(Sudog.prototype, 'isSelect', { value: false });
Object.defineProperty(Sudog.prototype, 'isG', { value: false });
Object.defineProperty(SelectSudog.prototype, 'isSelect', { value: true });

/** Settles a woken sudog's promise the way its operation promised (see Kind), then recycles it. */
export function settle(sd: Sudog): void {
  const resolve = sd.resolve;
  const v = sd.elem;
  switch (sd.kind) {
    case Kind.Failed:
      resolve(rejected(v));
      break;
    case Kind.Recv:
      resolve(v);
      break;
    case Kind.Recv2:
      resolve([v, true]);
      break;
    case Kind.Recv2Closed:
      resolve([v, false]);
      break;
    case Kind.RecvIter:
      resolve({ value: v, done: false });
      break;
    case Kind.RecvIterDone:
      resolve({ value: undefined, done: true });
      break;
    case Kind.Select:
    case Kind.SelectClosed: {
      // A select statement's result names the case; reflect.select's is Go's (chosen, recv, recvOK).
      const key = (sd as SelectSudog).key;
      const ok = sd.kind === Kind.Select;
      resolve(typeof key === 'number' ? [key, v, ok] : { case: key, value: v, ok });
      break;
    }
    case Kind.SelectSend: {
      const key = (sd as SelectSudog).key;
      resolve(typeof key === 'number' ? [key, undefined, false] : { case: key });
      break;
    }
    default:
      resolve(undefined);
  }
  releaseSudog(sd);
}

function rejected(e: unknown): Promise<never> {
  return Promise.reject(e instanceof Error ? e : new GoPanic(e));
}
