/**
 * The tracing layer: continues the caller's trace from `traceparent` (or starts one), opens a span
 * for this hop, sends the new span as the parent downstream and records the span when the response
 * comes back. An application forwards the context to its own outgoing calls with
 * `propagate(req)`, as OpenTelemetry's propagators do; meshes cannot do that for it because only
 * the application knows which outgoing call belongs to which incoming one.
 */
import { runtimeClock, type Clock } from '../clock.ts';
import { MeshError } from '../errors.ts';
import type { Layer } from '../compose.ts';
import type { HeaderMap, MeshRequest } from '../message.ts';
import { runtimeRandom, type Random } from '../random.ts';
import type { TraceCollector } from './collector.ts';
import { TRACEPARENT, formatTraceparent, parseTraceparent, randomId } from './traceparent.ts';

/**
 * The options of `tracing`: the service, the collector, the random source and clock.
 *
 * Go: the options of `otelhttp.NewHandler` (service name, tracer provider).
 */
export interface TracingOptions {
  service: string;
  collector: TraceCollector;
  random?: Random;
  clock?: Clock;
}

/**
 * A layer that continues the caller's trace (or starts one), opens a span for this hop, passes it
 * downstream as the parent and records it in the collector. Go: OpenTelemetry's `otelhttp.NewHandler`.
 *
 * @example
 * ```ts
 * import { compose, text } from 'gomesh';
 * import { TraceCollector, tracing } from 'gomesh/tracing';
 *
 * const collector = new TraceCollector();
 * const handler = compose(tracing({ service: 'users', collector }))(() => text(200, 'ok'));
 * ```
 */
export function tracing(options: TracingOptions): Layer {
  const { service, collector } = options;
  const random = options.random ?? runtimeRandom();
  const clock = options.clock ?? runtimeClock();
  return (next) => async (req) => {
    const parent = parseTraceparent(req.headers[TRACEPARENT]);
    const traceId = parent?.traceId ?? randomId(random, 16);
    const spanId = randomId(random, 8);
    req.headers[TRACEPARENT] = formatTraceparent({ traceId, spanId, sampled: parent?.sampled ?? true });
    const start = clock.now();
    let status = 500;
    try {
      const res = await next(req);
      status = res.status;
      return res;
    } catch (e) {
      if (e instanceof MeshError) status = e.status;
      throw e;
    } finally {
      collector.record({
        traceId,
        spanId,
        parentId: parent?.spanId,
        service,
        name: `${req.method} ${req.path}`,
        start,
        durationMs: clock.now() - start,
        status,
      });
    }
  };
}

/**
 * Headers to copy from an incoming request onto an outgoing call so the trace continues.
 *
 * Go: OpenTelemetry's `otel.GetTextMapPropagator().Inject(ctx, carrier)`.
 *
 * @example
 * ```ts
 * import { MeshRequest } from 'gomesh';
 * import { propagate } from 'gomesh/tracing';
 *
 * const incoming = new MeshRequest({ headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' } });
 * console.log(propagate(incoming)); // { traceparent: '00-4bf9…' }
 * ```
 */
export function propagate(req: MeshRequest): HeaderMap {
  const tp = req.headers[TRACEPARENT];
  return tp === undefined ? {} : { [TRACEPARENT]: tp };
}
