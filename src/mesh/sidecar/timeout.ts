/**
 * Timeout with a propagated deadline (Envoy's route timeout + `x-envoy-expected-rq-timeout-ms`,
 * gRPC's `grpc-timeout`).
 *
 * The deadline of a call is the earliest of: now + `timeoutMs`, the deadline an upstream hop sent
 * in `x-mesh-deadline-ms`, and a deadline already set by an outer layer. Layers below see it in
 * `meta.deadline` and an aborting `signal`; the cluster forwards what remains of it downstream, so
 * a chain of services never works on a request its first caller has given up on. The try in
 * flight at the deadline is not forgotten below: its signal aborts, so the cluster answers it with
 * a 504 naming the instance and outlier detection counts the timeout against that instance (as
 * Envoy counts a route timeout), while the caller already has its `DeadlineExceededError`.
 * Invariant: the layer answers by the deadline even if the layers below ignore the signal.
 */
import { runtimeClock, type Clock } from '../clock.ts';
import { DeadlineExceededError, asError, checkNumber } from '../errors.ts';
import type { Layer } from '../compose.ts';
import type { MeshResponse } from '../message.ts';
import { DEADLINE_HEADER } from './cluster.ts';

/**
 * The options of `timeout`: the limit, the service named in the error, the clock.
 *
 * Go: the duration given to `context.WithTimeout`.
 */
export interface TimeoutOptions {
  timeoutMs: number;
  /** Service named in the error; default `upstream`. */
  service?: string;
  clock?: Clock;
}

/**
 * A layer that gives each call a deadline (now + `timeoutMs`, or earlier when an upstream hop sent
 * one) and propagates it downstream; at the deadline the caller gets `DeadlineExceededError` (504,
 * `deadline exceeded calling "users" (timeout 500 ms)`). Go: `context.WithTimeout` around the call
 * (`http.Client.Timeout`).
 *
 * @throws `BadOptionError` for `timeoutMs` < 1 ("Expected `timeoutMs` to be a finite number >= 1, got 0").
 *
 * @example
 * ```ts
 * import { compose, text } from 'gomesh';
 * import { timeout } from 'gomesh/sidecar';
 *
 * const handler = compose(timeout({ timeoutMs: 500, service: 'users' }))(() => text(200, 'ok'));
 * ```
 */
export function timeout(options: TimeoutOptions): Layer {
  const limit = checkNumber('timeoutMs', options.timeoutMs, 1);
  const clock = options.clock ?? runtimeClock();
  const service = options.service ?? 'upstream';
  return (next) => (req) => {
    const now = clock.now();
    let deadline = now + limit;
    const sent = req.headers[DEADLINE_HEADER];
    if (sent !== undefined) {
      const ms = Number(sent);
      if (Number.isFinite(ms) && ms >= 0) deadline = Math.min(deadline, now + ms);
    }
    if (req.meta.deadline !== undefined) deadline = Math.min(deadline, req.meta.deadline);
    const remaining = deadline - now;
    if (remaining <= 0) return Promise.reject(new DeadlineExceededError(service, limit));
    const ctl = new AbortController();
    const signal = req.signal ? AbortSignal.any([req.signal, ctl.signal]) : ctl.signal;
    return new Promise<MeshResponse>((resolve, reject) => {
      const cancel = clock.setTimer(() => {
        const err = new DeadlineExceededError(service, remaining);
        ctl.abort(err);
        reject(err);
      }, remaining);
      const inner = req.with({ signal, headers: req.headers, meta: { ...req.meta, deadline } });
      let answer: Promise<MeshResponse>;
      try {
        answer = Promise.resolve(next(inner));
      } catch (e) {
        answer = Promise.reject(asError(e)); // a handler that throws synchronously
      }
      answer.then(
        (res) => {
          cancel();
          resolve(res);
        },
        (e: unknown) => {
          cancel();
          reject(asError(e));
        },
      );
    });
  };
}
