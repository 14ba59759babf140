/**
 * What every goroutine still alive is stuck on when a program ends without them: a deadlock (no
 * goroutine can ever be woken) or main returning while others are still blocked or runnable (a
 * leak, in goleak's word). The runtime hands this report to the host (`RuntimeOptions.stuck`);
 * the lab UI turns it into a wait-for picture and one sentence per goroutine. Go's dump text is
 * untouched: this is data beside it, never words.
 *
 * How a goroutine's wait is found. While `stuck` is configured, `park` tells the recorder which
 * sudog each goroutine parked on (a WeakMap: nothing per goroutine otherwise). A sudog knows the
 * queue it waits in (`Sudog.q`), a queue knows the primitive that owns it (`WaitQ.owner`, a
 * {@link Waitable}), and a select's case sudogs are linked from the first one (`waitlink`), so
 * every case of a parked select is listed with its case name.
 *
 * Invariants: goroutines are listed in creation order (the dump's order); a goroutine that is not
 * parked on a queue (sleeping, runnable, in a syscall, on a nil channel) has no waits; each
 * primitive appears once in `objects` however many goroutines wait on it, and `waits[].object`
 * indexes `objects`; channel objects keep the channel's own id (the trace's `ch`), other kinds are
 * numbered from 1 per kind in the order first met.
 */
import { Status, type G, type GoNamer } from './g.ts';
import type { SourceLocation } from './options.ts';
import { Kind, type SelectSudog, type Sudog } from './sudog.ts';
import type { Traceback } from './traceback.ts';
import type { WaitReason } from './wait-reason.ts';

/**
 * The kinds of primitive a goroutine can be blocked on.
 *
 * Go: the types the deadlock dump's wait reasons name (`chan send`, `sync.Mutex.Lock`, `sync.WaitGroup.Wait`, `sync.Cond.Wait`).
 */
export type StuckObjectKind = 'chan' | 'mutex' | 'rwmutex' | 'waitgroup' | 'cond' | 'once';

/** What a primitive says about itself when a report is made. */
export interface WaitableInfo {
  readonly kind: StuckObjectKind;
  /** A channel's id (the trace's `ch`); other kinds are numbered by the report. */
  readonly id?: number | undefined;
  /** Goroutines holding it: a locked mutex's locker, a write-locked RWMutex's writer. */
  readonly holders?: readonly number[] | undefined;
  /** Readers holding an RWMutex. */
  readonly readers?: number | undefined;
  /** A channel's capacity, buffered values, and whether it is closed. */
  readonly cap?: number | undefined;
  readonly len?: number | undefined;
  readonly closed?: boolean | undefined;
  /** A WaitGroup's counter. */
  readonly count?: number | undefined;
}

/** The method a primitive describes itself with (a symbol: not part of the learner's API). */
export const STUCK_INFO: unique symbol = Symbol('gort.stuckInfo');

/** A primitive that owns wait queues (a channel, a mutex, ...). */
export interface Waitable {
  [STUCK_INFO](): WaitableInfo;
}

/**
 * One primitive in a report.
 *
 * Go: what `fatal error: all goroutines are asleep - deadlock!` leaves you to infer from the goroutine dump; gort names it.
 */
export interface StuckObject {
  readonly kind: StuckObjectKind;
  /** The channel's id, or the report's number for its kind (mutex 1, mutex 2, ...). */
  readonly id: number;
  /** Goroutine ids holding it (mutexes; empty otherwise). */
  readonly holders: readonly number[];
  readonly readers?: number;
  readonly cap?: number;
  readonly len?: number;
  readonly closed?: boolean;
  readonly count?: number;
}

/**
 * What a blocked goroutine waits to do.
 *
 * Go: the operation in the dump's wait reason (`[chan send]`, `[chan receive]`, `[sync.Mutex.Lock]`).
 */
export type WaitOp = 'send' | 'recv' | 'lock' | 'rlock' | 'wait';

/**
 * One operation a goroutine is blocked in (a select has one per case).
 *
 * Go: one line of the deadlock dump's goroutine header (`goroutine 6 [chan send]:`).
 */
export interface StuckWait {
  readonly op: WaitOp;
  /** Index into the report's `objects`. */
  readonly object: number;
  /** The select case's name (`select({ name: ... })`; reflect.select's index as a string). */
  readonly case?: string;
}

/**
 * One goroutine that was still alive.
 *
 * Go: one goroutine of the deadlock dump (`goroutine 1 [chan receive]:` and its stack).
 */
export interface StuckGoroutine {
  readonly id: number;
  /** Go's function name (`main.main`, `main.worker`, `main.main.func1`). */
  readonly name: string;
  /** Go's wait reason (`chan send`, `sync.Mutex.Lock`, ...), or `runnable` / `syscall`. */
  readonly reason: WaitReason;
  /** The learner's line it is parked at (needs `callSites`), or null. */
  readonly at: SourceLocation | null;
  /** What it is blocked in; empty when not parked on a primitive's queue. */
  readonly waits: readonly StuckWait[];
}

/**
 * The goroutines a program left behind, and what they wait on.
 *
 * Go: the goroutine dump under `fatal error: all goroutines are asleep - deadlock!`, as data.
 */
export interface StuckReport {
  /** `deadlock`: nothing could ever run again. `leak`: main returned while these were alive. */
  readonly kind: 'deadlock' | 'leak';
  readonly goroutines: readonly StuckGoroutine[];
  readonly objects: readonly StuckObject[];
}

const OP_OF: Partial<Record<WaitReason, WaitOp>> = {
  'chan send': 'send',
  'chan receive': 'recv',
  'sync.Mutex.Lock': 'lock',
  'sync.RWMutex.Lock': 'lock',
  'sync.RWMutex.RLock': 'rlock',
  'sync.WaitGroup.Wait': 'wait',
  'sync.Cond.Wait': 'wait',
};

/** Remembers which sudog each goroutine parked on, and builds the report (see the header). */
export class StuckRecorder {
  readonly #parked = new WeakMap<G, Sudog>();
  readonly #names: GoNamer;
  readonly #tb: Traceback;

  constructor(names: GoNamer, tb: Traceback) {
    this.#names = names;
    this.#tb = tb;
  }

  /** `g` parks on `sd` (called by the scheduler's park). */
  parked(g: G, sd: Sudog): void {
    this.#parked.set(g, sd);
  }

  /** The report over the live goroutines from `first` on (creation order), main excepted when dead. */
  report(kind: StuckReport['kind'], first: G | null): StuckReport {
    const objects: StuckObject[] = [];
    const index = new Map<Waitable, number>();
    const perKind = new Map<StuckObjectKind, number>();
    const objectOf = (w: Waitable): number => {
      let i = index.get(w);
      if (i !== undefined) return i;
      const info = w[STUCK_INFO]();
      const n = (perKind.get(info.kind) ?? 0) + 1;
      perKind.set(info.kind, n);
      objects.push(compact({ ...info, id: info.id ?? n, holders: info.holders ?? [] }));
      index.set(w, (i = objects.length - 1));
      return i;
    };
    const goroutines: StuckGoroutine[] = [];
    for (let g = first; g !== null; g = g.allnext) {
      goroutines.push({
        id: g.id,
        name: this.#names.name(g),
        reason: g.waitReason,
        at: this.#tb.parkSite(g),
        waits: g.status === Status.Waiting ? this.#waits(g, objectOf) : [],
      });
    }
    return { kind, goroutines, objects };
  }

  #waits(g: G, objectOf: (w: Waitable) => number): StuckWait[] {
    const sd = this.#parked.get(g);
    if (sd === undefined || sd.g !== g) return [];
    if (sd.isSelect) {
      const waits: StuckWait[] = [];
      for (let s: SelectSudog | null = sd as SelectSudog; s !== null; s = s.waitlink) {
        const owner = s.q?.owner;
        if (owner == null) continue;
        const op: WaitOp = s.kind === Kind.SelectSend ? 'send' : 'recv';
        waits.push({ op, object: objectOf(owner), case: String(s.key) });
      }
      return waits;
    }
    const owner = sd.q?.owner;
    const op = OP_OF[g.waitReason];
    return owner == null || op === undefined ? [] : [{ op, object: objectOf(owner) }];
  }
}

/** Drops undefined fields (the report is sent as JSON and compared in tests). */
function compact(o: { [k: string]: unknown }): StuckObject {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as unknown as StuckObject;
}
