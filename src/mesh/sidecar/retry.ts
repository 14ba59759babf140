/**
 * Retries, as Envoy and Istio do them.
 *
 * Only idempotent methods are retried (a POST may have had its effect before the failure), and only
 * after a connection failure or a 5xx. Each retry waits a full-jitter backoff — uniform in
 * [0, min(cap, base * 2^(n-1))], 25 ms base and 250 ms cap as Envoy's defaults — which spreads
 * retries of many callers instead of synchronizing them; skips the instances this call already
 * tried (Istio's `retry_host_predicate: previous_hosts`); and needs a slot in the shared retry
 * budget. Invariants: at most `maxRetries` retries per call; never sleeps past the call's deadline;
 * the last response is returned when retries stop.
 */
import { realClock, sleep, type Clock } from '../clock.ts';
import { checkNumber } from '../errors.ts';
import type { Layer } from '../compose.ts';
import { IDEMPOTENT_METHODS, isUpstreamFailure } from '../message.ts';
import { defaultRandom, type Random } from '../random.ts';
import type { MeshEvents } from './events.ts';
import { RetryBudget } from './retry-budget.ts';

export { IDEMPOTENT_METHODS };

export interface RetryOptions {
  /** Retries after the first try; default 2. */
  maxRetries?: number;
  /** Default 25 ms. */
  baseMs?: number;
  /** Default 250 ms. */
  capMs?: number;
  /** Shared budget; default a new `RetryBudget()` (20%, min 3). Pass `null` for no budget. */
  budget?: RetryBudget | null;
  /** Skip instances already tried; default true. */
  skipTriedHosts?: boolean;
  service?: string;
  random?: Random;
  clock?: Clock;
  events?: MeshEvents;
}

/** Full-jitter backoff for retry number `attempt` (1-based). */
export function backoffMs(attempt: number, baseMs: number, capMs: number, random: Random): number {
  return random() * Math.min(capMs, baseMs * 2 ** (attempt - 1));
}

export function retry(options: RetryOptions = {}): Layer {
  const maxRetries = checkNumber('maxRetries', options.maxRetries ?? 2, 0);
  const baseMs = checkNumber('baseMs', options.baseMs ?? 25, 0);
  const capMs = checkNumber('capMs', options.capMs ?? 250, 0);
  const budget = options.budget === undefined ? new RetryBudget() : options.budget;
  const skipTried = options.skipTriedHosts ?? true;
  const service = options.service ?? 'upstream';
  const random = options.random ?? defaultRandom;
  const clock = options.clock ?? realClock;
  const events = options.events;

  return (next) => async (req) => {
    budget?.requestStarted();
    try {
      let res = await next(req);
      // Most calls succeed the first time: they return before anything retry-specific is allocated.
      if (!isUpstreamFailure(res) || !IDEMPOTENT_METHODS.has(req.method)) return res;
      const tried = new Set<string>();
      for (let attempt = 1; attempt <= maxRetries && isUpstreamFailure(res); attempt++) {
        if (res.meta.endpoint !== undefined) tried.add(res.meta.endpoint);
        if (budget && !budget.tryAcquire()) {
          events?.onRetryBudgetExhausted?.(service);
          break;
        }
        try {
          const delay = backoffMs(attempt, baseMs, capMs, random);
          if (req.meta.deadline !== undefined && clock.now() + delay >= req.meta.deadline) break;
          if (delay > 0) await sleep(clock, delay, req.signal);
          events?.onRetry?.(service, attempt);
          res = await next(
            req.with({ meta: { ...req.meta, attempt, ...(skipTried ? { avoid: new Set(tried) } : {}) } }),
          );
        } finally {
          budget?.release();
        }
      }
      return res;
    } finally {
      budget?.requestEnded();
    }
  };
}
