/**
 * The clock the mesh reads and waits on: gort's.
 *
 * Every timer of the mesh — request deadlines, per-try timeouts, retry backoff, fault delays,
 * heartbeats, TTLs and HTTP checks, long-poll waits, EWMA decay, token-bucket refill, ejection
 * periods — goes through a `Clock`, and the default one, `runtimeClock()`, is the clock of the gort
 * program that built the component: virtual or real as the program was configured, its timers
 * runtime timers (they fire outside any goroutine and, while pending, tell the deadlock detector
 * that something will still happen, as Go's AfterFunc does). So on the virtual clock an hour of a
 * service's life passes as fast as the program can run it, and the same seed replays it exactly.
 * Outside a program (plain Node) it is gort's default runtime, on real time. `manualClock()` is
 * the test double for a layer on its own: it moves only when `advance()` is called.
 *
 * Invariants: a component keeps the clock it was built with, so its time never jumps between two
 * programs' time bases (`now()` never goes backwards); a component outliving its program (whose
 * runtime was abandoned) sees no timer fire again, like every other part of that program.
 */
import { activeRuntime } from 'gort';

/**
 * The clock the mesh reads and sets timers on (gort's by default: virtual or real). Go: the
 * `time.Now` and `time.AfterFunc` a component would call.
 */
export interface Clock {
  /** Milliseconds on a monotonic scale (not the Unix epoch). */
  now(): number;
  /** Calls `fn` after `ms`; returns a function that cancels it. */
  setTimer(fn: () => void, ms: number): () => void;
}

function fire(fn: unknown): void {
  (fn as () => void)();
}

/** The clock of the program running now (gort's active runtime). */
export function runtimeClock(): Clock {
  const rt = activeRuntime();
  return {
    now: () => rt.now(),
    setTimer(fn, ms) {
      const t = rt.newTimer(fire, fn);
      rt.resetTimer(t, ms);
      return () => void rt.stopTimer(t);
    },
  };
}

/** Resolves after `ms` on `clock`, or rejects with the signal's reason when aborted first. */
export function delay(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const onAbort = () => {
      cancel();
      reject(signal?.reason as Error);
    };
    const cancel = clock.setTimer(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * A clock that moves only when `advance` is called: the test double for one layer.
 *
 * Go: a fake clock moved by hand (as in `testing/synctest` or `benbjohnson/clock`'s `Mock`).
 */
export interface ManualClock extends Clock {
  /** Moves time forward by `ms`, firing every timer that falls due, in order. */
  advance(ms: number): void;
  /** Number of timers still pending. */
  pending(): number;
  /** When the earliest pending timer falls due, or undefined when none is pending. */
  nextAt(): number | undefined;
}

/**
 * A `ManualClock` starting at `start` ms. Go: a fake clock (like `testing/synctest`'s bubble time,
 * moved by hand).
 *
 * @example
 * ```ts
 * import { manualClock } from 'gomesh';
 *
 * const clock = manualClock();
 * clock.setTimer(() => console.log('fired at', clock.now()), 100);
 * clock.advance(100); // fired at 100
 * ```
 */
export function manualClock(start = 0): ManualClock {
  let now = start;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    setTimer(fn, ms) {
      const id = ++seq;
      timers.set(id, { at: now + Math.max(0, ms), fn });
      return () => timers.delete(id);
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        let nextId = -1;
        let nextAt = Infinity;
        for (const [id, t] of timers)
          if (t.at < nextAt || (t.at === nextAt && id < nextId)) [nextId, nextAt] = [id, t.at];
        if (nextId < 0 || nextAt > end) break;
        const timer = timers.get(nextId);
        timers.delete(nextId);
        now = Math.max(now, nextAt);
        timer?.fn();
      }
      now = end;
    },
    pending: () => timers.size,
    nextAt() {
      let at: number | undefined;
      for (const t of timers.values()) if (at === undefined || t.at < at) at = t.at;
      return at;
    },
  };
}
