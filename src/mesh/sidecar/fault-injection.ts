/**
 * Fault injection, as Istio's VirtualService `fault`: delay a percentage of requests by a fixed
 * time, and abort a percentage with a status, to test how callers cope. Delay is applied before
 * abort, both decided independently with the injected random source (so a fixed seed gives
 * reproducible chaos). Invariant: with both percentages 0 the layer passes every request through
 * untouched and draws no random numbers.
 */
import { delay, runtimeClock, type Clock } from '../clock.ts';
import { InjectedFaultError, checkNumber } from '../errors.ts';
import type { Handler, Layer } from '../compose.ts';
import type { MeshRequest } from '../message.ts';
import { runtimeRandom, type Random } from '../random.ts';
import type { MeshEvents } from './events.ts';

export interface FaultOptions {
  delay?: { percent: number; ms: number };
  abort?: { percent: number; status: number };
  service?: string;
  random?: Random;
  clock?: Clock;
  events?: MeshEvents;
}

export function faultInjection(options: FaultOptions): Layer {
  const delayPct = checkNumber('delay.percent', options.delay?.percent ?? 0, 0, 100);
  const delayMs = checkNumber('delay.ms', options.delay?.ms ?? 0, 0);
  const abortPct = checkNumber('abort.percent', options.abort?.percent ?? 0, 0, 100);
  const abortStatus = checkNumber('abort.status', options.abort?.status ?? 503, 100, 599);
  const service = options.service ?? 'upstream';
  const random = options.random ?? runtimeRandom();
  const clock = options.clock ?? runtimeClock();
  const events = options.events;
  const maybeAbort = (req: MeshRequest, next: Handler) => {
    if (abortPct > 0 && random() * 100 < abortPct) {
      events?.onFaultInjected?.(service, 'abort');
      return Promise.reject(new InjectedFaultError(service, abortStatus));
    }
    return next(req);
  };
  return (next) => (req) => {
    if (delayPct > 0 && random() * 100 < delayPct) {
      events?.onFaultInjected?.(service, 'delay');
      return delay(clock, delayMs, req.signal).then(() => maybeAbort(req, next));
    }
    return maybeAbort(req, next);
  };
}
