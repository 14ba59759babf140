/**
 * The waiter record (Go's sudog) and the waiter queue (Go's waitq).
 *
 * A sudog is one pending operation of one goroutine on one queue: a parked send, receive, lock,
 * wait, ... A select parks one sudog per case, all sharing the first one (`sel`) which holds the
 * promise the selecting goroutine awaits, so whichever case fires settles that one promise.
 * The same record also sits in the scheduler's run queue (`schedlink`) between being woken and
 * being resumed, so waking allocates nothing.
 *
 * Invariants: a sudog is in at most one wait queue at a time (`next`/`prev`/`q`); once dequeued it is
 * never enqueued again; a select's sibling sudogs are all removed from their queues, in the same
 * synchronous step, as soon as one of them fires (Go's pass 3), so a queue never holds a waiter of
 * a select that has already been decided.
 */
import type { G } from './g.ts';

/** What a woken sudog settles its promise with (see Runtime.dispatch). */
export const Kind = {
  /** `<-ch`: resolves with the value. */
  Recv: 0,
  /** `v, ok := <-ch`: resolves with `[v, ok]`. */
  Recv2: 1,
  /** `for v := range ch` (async iterator): resolves with an IteratorResult. */
  RecvIter: 2,
  /** `ch <- v` / lock / wait: resolves with undefined. */
  Plain: 3,
  /** A select's receive case: resolves with `{ case, value, ok }`. */
  Select: 4,
  /** A select's send case: resolves with `{ case }`. */
  SelectSend: 5,
  /** Rejects with `elem` (a panic, e.g. a sender woken by close). */
  Failed: 6,
  /** A new goroutine waiting for its first run (in the run queue only). */
  Start: 7,
} as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

/** A queue of waiting sudogs (Go's waitq): FIFO, with O(1) removal from anywhere. */
export class WaitQ {
  head: Sudog | null = null;
  tail: Sudog | null = null;

  get empty(): boolean {
    return this.head === null;
  }

  enqueue(s: Sudog): void {
    s.q = this;
    s.prev = this.tail;
    if (this.tail === null) this.head = s;
    else this.tail.next = s;
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
  }
}

let capturedResolve: (v: unknown) => void = () => undefined;
// One executor for every park: it stores the resolve function in a module variable instead of
// allocating a closure per operation. Failures resolve with a rejected promise, so the reject
// function is not kept (a parked goroutine's memory is the budget that matters here).
const EXECUTOR = (resolve: (v: unknown) => void): void => {
  capturedResolve = resolve;
};

const NOOP = (): void => undefined;

/** One parked operation of one goroutine (see the file header). */
export class Sudog {
  /** The goroutine that waits (null: code outside any goroutine, woken directly). */
  g: G | null = null;
  /** The value to send, the value received once woken, or (Kind.Failed) the panic to throw. */
  elem: unknown;
  /** How the promise settles (Kind), for select: which case (key) fired. */
  kind: Kind;
  /** Select: the case name; also the channel queue owner check for select dedup. */
  key: string;
  /** False when a receive was woken by close (ok = false) or a send by close (panics). */
  success = true;
  /** Wait queue links (Go's next/prev) and the queue this sudog is in. */
  next: Sudog | null = null;
  prev: Sudog | null = null;
  q: WaitQ | null = null;
  /** Select: the sudog that owns the promise (the first case); null for plain operations. */
  sel: Sudog | null = null;
  /** Select: next sibling (the owner links all of them, Go's g.waiting list). */
  waitlink: Sudog | null = null;
  /** Scheduler run queue link. */
  schedlink: Sudog | null = null;
  resolve: (v: unknown) => void = NOOP;

  constructor(kind: Kind, elem: unknown, key: string) {
    this.kind = kind;
    this.elem = elem;
    this.key = key;
  }

  /** Creates the promise this sudog will settle; stores its resolving functions. */
  promise(): Promise<unknown> {
    const p = new Promise<unknown>(EXECUTOR);
    this.resolve = capturedResolve;
    return p;
  }
}
