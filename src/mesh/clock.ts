/**
 * The clock the mesh reads and waits on.
 *
 * Every time-dependent piece (TTLs, token buckets, EWMA decay, ejection times, backoff) takes a
 * `Clock` so tests can drive time by hand instead of sleeping. `realClock` uses the host's monotonic
 * `performance.now()` and `setTimeout`; `manualClock()` only moves when `advance()` is called and
 * fires due timers in deadline order. Invariant: `now()` never goes backwards.
 */

export interface Clock {
  /** Milliseconds on a monotonic scale (not the Unix epoch). */
  now(): number;
  /** Calls `fn` after `ms`; returns a function that cancels it. */
  setTimer(fn: () => void, ms: number): () => void;
}

const perf: { now(): number } = globalThis.performance ?? Date;

export const realClock: Clock = {
  now: () => perf.now(),
  setTimer(fn, ms) {
    const handle = setTimeout(fn, Math.max(0, ms));
    return () => clearTimeout(handle);
  },
};

/** Resolves after `ms` on `clock`, or rejects with the signal's reason when aborted first. */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
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

export interface ManualClock extends Clock {
  /** Moves time forward by `ms`, firing every timer that falls due, in order. */
  advance(ms: number): void;
  /** Number of timers still pending. */
  pending(): number;
  /** When the earliest pending timer falls due, or undefined when none is pending. */
  nextAt(): number | undefined;
}

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
