/**
 * `gomesh/metrics`: what sidecars record.
 *
 * - histogram.ts     `Histogram` with Linkerd's latency buckets, Prometheus-style quantiles
 * - mesh-metrics.ts  `MeshMetrics`: counters + histogram, a recording layer, Prometheus text, summary
 * - percentile.ts    `percentile()` of raw samples (for client-side measurements in lessons)
 *
 * @module gomesh/metrics
 */
export { Histogram, LINKERD_BUCKETS_MS } from './histogram.ts';
export { MeshMetrics, type MetricsSummary } from './mesh-metrics.ts';
export { percentile } from './percentile.ts';
