/**
 * `gomesh/tracing`: W3C trace context propagation and a tiny collector.
 *
 * - traceparent.ts    parse/format `traceparent`, random ids
 * - tracing-layer.ts  `tracing()` layer, `propagate(req)` for application code
 * - collector.ts      `TraceCollector`: bounded span store that prints a trace as a tree
 *
 * @module gomesh/tracing
 */
export {
  TRACEPARENT,
  parseTraceparent,
  formatTraceparent,
  randomId,
  type TraceContext,
} from './traceparent.ts';
export { tracing, propagate, type TracingOptions } from './tracing-layer.ts';
export { TraceCollector, type Span } from './collector.ts';
