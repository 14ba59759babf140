/**
 * Fault injection, as Istio's VirtualService `fault`: delay a percentage of requests by a fixed
 * time, and abort a percentage with a status, to test how callers cope. Delay is applied before
 * abort, both decided independently with the injected random source (so a fixed seed gives
 * reproducible chaos).
 *
 * `phase` says on which side of the upstream's work the faults strike:
 * - `request` (the default, Istio's): before the request reaches the upstream. An aborted request
 *   is never seen there; a delayed one arrives late, or never when the caller's deadline passes
 *   during the delay (the delay ends with the request's signal). Nothing was done.
 * - `response` (Chaos Mesh's HTTPChaos with `target: Response`, Toxiproxy's downstream toxics):
 *   the upstream handles the request, then its answer is delayed, or lost (abort: the caller gets
 *   an `InjectedFaultError` with `phase: 'response'`, as it would a connection reset after the
 *   request was sent). The work was done, and the caller cannot tell: what a non-idempotent retry
 *   turns into a second charge.
 * Both draws are made before the request goes on, delay first, so the draws of a sequence of
 * calls do not depend on what the upstream answers.
 *
 * Invariant: with both percentages 0 the layer passes every request through untouched and draws
 * no random numbers.
 */
import { delay, runtimeClock, type Clock } from '../clock.ts';
import { BadOptionError, InjectedFaultError, checkNumber } from '../errors.ts';
import type { Handler, Layer } from '../compose.ts';
import type { MeshRequest, MeshResponse } from '../message.ts';
import { runtimeRandom, type Random } from '../random.ts';
import type { MeshEvents } from './events.ts';

/**
 * Where the faults strike: before the upstream's work (`request`) or after it (`response`).
 *
 * No Go counterpart (see `faultInjection`).
 */
export type FaultPhase = 'request' | 'response';

/**
 * The options of `faultInjection`: delay and abort percentages, the phase, the random source.
 *
 * No Go counterpart (Istio's `HTTPFaultInjection`).
 */
export interface FaultOptions {
  delay?: { percent: number; ms: number };
  abort?: { percent: number; status: number };
  /** Default `request` (Istio's fault injection); `response` strikes after the upstream's work. */
  phase?: FaultPhase;
  service?: string;
  random?: Random;
  clock?: Clock;
  events?: MeshEvents;
}

/**
 * A layer that delays a percentage of requests and aborts a percentage with a status, before the
 * upstream's work or after it (Istio's VirtualService `fault`). An aborted call fails with
 * `InjectedFaultError`. No Go standard counterpart (a chaos `RoundTripper`).
 *
 * @throws `BadOptionError` for a percentage outside 0..100 ("Expected `delay.percent` to be a finite
 * number between 0 and 100, got 150").
 *
 * @example
 * ```ts
 * import { compose, text } from 'gomesh';
 * import { faultInjection } from 'gomesh/sidecar';
 *
 * const chaos = faultInjection({ delay: { percent: 10, ms: 300 }, abort: { percent: 5, status: 503 } });
 * const handler = compose(chaos)(() => text(200, 'ok'));
 * ```
 */
export function faultInjection(options: FaultOptions): Layer {
  const delayPct = checkNumber('delay.percent', options.delay?.percent ?? 0, 0, 100);
  const delayMs = checkNumber('delay.ms', options.delay?.ms ?? 0, 0);
  const abortPct = checkNumber('abort.percent', options.abort?.percent ?? 0, 0, 100);
  const abortStatus = checkNumber('abort.status', options.abort?.status ?? 503, 100, 599);
  const phase = options.phase ?? 'request';
  if (phase !== 'request' && phase !== 'response') {
    throw new BadOptionError(`Expected \`phase\` to be "request" or "response", got ${String(phase)}`);
  }
  const service = options.service ?? 'upstream';
  const random = options.random ?? runtimeRandom();
  const clock = options.clock ?? runtimeClock();
  const events = options.events;
  const abort = () => {
    events?.onFaultInjected?.(service, 'abort');
    return Promise.reject(new InjectedFaultError(service, abortStatus, phase));
  };
  const wait = (req: MeshRequest) => {
    events?.onFaultInjected?.(service, 'delay');
    return delay(clock, delayMs, req.signal);
  };

  if (phase === 'response') {
    return (next) => async (req) => {
      const delayed = delayPct > 0 && random() * 100 < delayPct;
      const aborted = abortPct > 0 && random() * 100 < abortPct;
      const res = await next(req);
      if (delayed) await wait(req);
      return aborted ? abort() : res;
    };
  }
  const maybeAbort = (req: MeshRequest, next: Handler): Promise<MeshResponse> | MeshResponse =>
    abortPct > 0 && random() * 100 < abortPct ? abort() : next(req);
  return (next) => (req) => {
    if (delayPct > 0 && random() * 100 < delayPct) {
      return wait(req).then(() => maybeAbort(req, next));
    }
    return maybeAbort(req, next);
  };
}
