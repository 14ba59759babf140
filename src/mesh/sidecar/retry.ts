/**
 * Retries, as Envoy and Istio do them.
 *
 * Only idempotent methods are retried (a POST may have had its effect before the failure), and only
 * after a 5xx — which includes the 503 the cluster synthesizes for a connection failure and the
 * 504 it synthesizes for a try cut off by a deadline. Each retry waits a full-jitter backoff —
 * uniform in [0, min(cap, base * 2^(n-1))], 25 ms base and 250 ms cap as Envoy's defaults — which
 * spreads retries of many callers instead of synchronizing them; skips the instances this call
 * already tried (Istio's `retry_host_predicate: previous_hosts`); and needs a retry from the shared
 * budget (retry-budget.ts: Linkerd's 20% plus 10 per second).
 *
 * `perTryTimeoutMs` is Envoy's `per_try_timeout` (Istio's `perTryTimeout`): each try, the first
 * included, gets its own deadline; when it passes the try's signal aborts, the cluster answers a
 * 504 naming the instance, outlier detection counts it and the next try goes elsewhere, so a
 * replica that never answers costs one try per call instead of the whole call. Without it (the
 * default in Envoy and Istio too) a try may use all of the call's deadline, and a call whose
 * deadline passed is never retried.
 *
 * Invariants: at most `maxRetries` retries per call; never retries once the call's signal has
 * aborted; never sleeps past the call's deadline; the last response is returned when retries stop;
 * a try ends at its per-try deadline as long as the layers below honor the signal (the cluster
 * and both transports do).
 */
import { delay, runtimeClock, type Clock } from '../clock.ts';
import { DeadlineExceededError, checkNumber } from '../errors.ts';
import type { Handler, Layer } from '../compose.ts';
import { IDEMPOTENT_METHODS, isUpstreamFailure, type MeshRequest, type MeshResponse } from '../message.ts';
import { runtimeRandom, type Random } from '../random.ts';
import type { MeshEvents } from './events.ts';
import { RetryBudget } from './retry-budget.ts';

export { IDEMPOTENT_METHODS };

/**
 * The options of `retry`: how many retries, the backoff, per-try timeout, the budget.
 *
 * Go: `retryablehttp.Client`'s `RetryMax`, `RetryWaitMin`, `RetryWaitMax`; Envoy's `retry_policy`.
 */
export interface RetryOptions {
  /** Retries after the first try; default 2. */
  maxRetries?: number;
  /** Default 25 ms. */
  baseMs?: number;
  /** Default 250 ms. */
  capMs?: number;
  /** Deadline of each try; default none (a try may take the whole call's deadline). */
  perTryTimeoutMs?: number;
  /** Shared budget; default a new `RetryBudget()` on this layer's clock. Pass `null` for no budget. */
  budget?: RetryBudget | null;
  /** Skip instances already tried; default true. */
  skipTriedHosts?: boolean;
  service?: string;
  random?: Random;
  clock?: Clock;
  events?: MeshEvents;
}

/**
 * Full-jitter backoff for retry number `attempt` (1-based).
 *
 * Go: full-jitter backoff as in `cenkalti/backoff` (`rand.Int63n(min(cap, base<<n))`).
 *
 * @example
 * ```ts
 * import { backoffMs } from 'gomesh/sidecar';
 *
 * console.log(backoffMs(3, 25, 250, () => 0.5)); // half of min(250, 25 * 2^2) = 50
 * ```
 */
export function backoffMs(attempt: number, baseMs: number, capMs: number, random: Random): number {
  return random() * Math.min(capMs, baseMs * 2 ** (attempt - 1));
}

/** `next` with each call bounded by `ms`: the try's signal aborts with a `DeadlineExceededError`. */
function perTry(next: Handler, ms: number, service: string, clock: Clock): Handler {
  return async (req: MeshRequest): Promise<MeshResponse> => {
    const ctl = new AbortController();
    const cancel = clock.setTimer(() => ctl.abort(new DeadlineExceededError(service, ms)), ms);
    const own = clock.now() + ms;
    const deadline = req.meta.deadline === undefined ? own : Math.min(req.meta.deadline, own);
    const signal = req.signal ? AbortSignal.any([req.signal, ctl.signal]) : ctl.signal;
    try {
      return await next(req.with({ signal, meta: { ...req.meta, deadline } }));
    } finally {
      cancel();
    }
  };
}

/**
 * A layer that retries idempotent requests after a 5xx (connection failures included), with
 * full-jitter backoff, skipping instances already tried, within a retry budget. Go: a retrying
 * `http.RoundTripper` (hashicorp/go-retryablehttp); Envoy's and Istio's retry policy.
 *
 * @throws `BadOptionError` for a bad option ("Expected `maxRetries` to be a finite number >= 0, got -1").
 *
 * @example
 * ```ts
 * import { compose, text } from 'gomesh';
 * import { retry } from 'gomesh/sidecar';
 *
 * const handler = compose(retry({ maxRetries: 2, perTryTimeoutMs: 200 }))(() => text(200, 'ok'));
 * ```
 */
export function retry(options: RetryOptions = {}): Layer {
  const maxRetries = checkNumber('maxRetries', options.maxRetries ?? 2, 0);
  const baseMs = checkNumber('baseMs', options.baseMs ?? 25, 0);
  const capMs = checkNumber('capMs', options.capMs ?? 250, 0);
  const perTryMs =
    options.perTryTimeoutMs === undefined
      ? undefined
      : checkNumber('perTryTimeoutMs', options.perTryTimeoutMs, 1);
  const skipTried = options.skipTriedHosts ?? true;
  const service = options.service ?? 'upstream';
  const random = options.random ?? runtimeRandom();
  const clock = options.clock ?? runtimeClock();
  const budget = options.budget === undefined ? new RetryBudget({ clock }) : options.budget;
  const events = options.events;

  return (next) => {
    const attempt = perTryMs === undefined ? next : perTry(next, perTryMs, service, clock);
    return async (req) => {
      budget?.deposit();
      let res = await attempt(req);
      // Most calls succeed the first time: they return before anything retry-specific is allocated.
      if (!isUpstreamFailure(res) || !IDEMPOTENT_METHODS.has(req.method)) return res;
      const tried = new Set<string>();
      for (let n = 1; n <= maxRetries && isUpstreamFailure(res); n++) {
        if (res.meta.endpoint !== undefined) tried.add(res.meta.endpoint);
        // The caller gave up or the call's deadline passed: Envoy never retries past its route timeout.
        if (req.signal?.aborted) break;
        const pause = backoffMs(n, baseMs, capMs, random);
        if (req.meta.deadline !== undefined && clock.now() + pause >= req.meta.deadline) break;
        if (budget && !budget.tryWithdraw()) {
          events?.onRetryBudgetExhausted?.(service);
          break;
        }
        if (pause > 0) await delay(clock, pause, req.signal);
        events?.onRetry?.(service, n);
        res = await attempt(
          req.with({ meta: { ...req.meta, attempt: n, ...(skipTried ? { avoid: new Set(tried) } : {}) } }),
        );
      }
      return res;
    };
  };
}
