/**
 * Metrics and tracing pieces: Linkerd's buckets and Prometheus-style quantiles, the summary a
 * lesson prints (throughput, success rate, percentiles), traceparent parsing, the bounded
 * collector, and availability = uptime / total.
 */
import { describe, expect, it } from 'vitest';
import { manualClock } from 'gomesh';
import { Histogram, LINKERD_BUCKETS_MS, MeshMetrics, percentile } from 'gomesh/metrics';
import { availability } from 'gomesh/registry';
import { TraceCollector, formatTraceparent, parseTraceparent, randomId } from 'gomesh/tracing';

describe('histogram', () => {
  it("uses Linkerd's latency buckets", () => {
    expect(LINKERD_BUCKETS_MS.slice(0, 7)).toEqual([1, 2, 3, 4, 5, 10, 20]);
    expect(LINKERD_BUCKETS_MS.at(-1)).toBe(50000);
  });

  it('estimates quantiles by interpolating inside the bucket, as histogram_quantile does', () => {
    const h = new Histogram([10, 20, 40]);
    for (let i = 0; i < 50; i++) h.observe(5);
    for (let i = 0; i < 50; i++) h.observe(15);
    expect(h.quantile(0.5)).toBe(10);
    expect(h.quantile(0.75)).toBe(15);
    expect(h.cumulative()).toEqual([50, 100, 100, 100]);
  });
});

describe('metrics summary', () => {
  it('computes throughput = requests / time, success rate and percentiles from what it recorded', () => {
    const clock = manualClock();
    const m = new MeshMetrics({ service: 'users', clock });
    for (let i = 0; i < 100; i++) {
      clock.advance(10);
      m.record(i < 99 ? 200 : 503, 2);
    }
    const s = m.summary();
    expect(s.requests).toBe(100);
    expect(s.successRate).toBe(0.99);
    expect(s.throughputPerSec).toBeCloseTo(100 / ((1000 - 10 + 2) / 1000), 6);
    expect(s.p50Ms).toBeGreaterThan(1);
    expect(s.p50Ms).toBeLessThanOrEqual(2);
    expect(m.render()).toContain('mesh_response_total{service="users",status_class="5xx"} 1');
  });

  it('takes exact nearest-rank percentiles of raw samples', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(samples, 50), percentile(samples, 99), percentile(samples, 100)]).toEqual([
      50, 99, 100,
    ]);
    expect(percentile([], 50)).toBeNaN();
  });

  it('computes availability as uptime / total', () => {
    expect(availability({ uptimeMs: 999, totalMs: 1000 })).toBe(0.999);
  });
});

describe('traceparent', () => {
  const id = '4bf92f3577b34da6a3ce929d0e0e4736';
  const parent = '00f067aa0ba902b7';
  it.each([
    [`00-${id}-${parent}-01`, `00-${id}-${parent}-01`],
    [`00-${id}-${parent}-00`, `00-${id}-${parent}-00`],
    [` 00-${id}-${parent}-01\t`, `00-${id}-${parent}-01`], // optional whitespace around the value
    // A higher version is continued by its first four fields, not restarted (it used to be).
    [`01-${id}-${parent}-01`, `00-${id}-${parent}-01`],
    [`cc-${id}-${parent}-03-what-the-future-adds`, `00-${id}-${parent}-01`],
    [`00-${id}-${parent}-01-extra`, undefined], // version 00 has exactly four fields
    [`cc-${id}-${parent}-01x`, undefined], // flags must end the value or be followed by "-"
    [`00-${id.toUpperCase()}-${parent}-01`, undefined], // lower-case hex only (it used to be accepted)
    [`00-${id}-${parent.toUpperCase()}-01`, undefined],
    [`0A-${id}-${parent}-01`, undefined],
    [`00-${'0'.repeat(32)}-${parent}-01`, undefined],
    [`00-${id}-${'0'.repeat(16)}-01`, undefined],
    [`ff-${id}-${parent}-01`, undefined],
    [`00-${id}-${parent}`, undefined],
    ['garbage', undefined],
  ])('parses %j and sends on %j', (header, sent) => {
    const ctx = parseTraceparent(header);
    expect(ctx === undefined ? undefined : formatTraceparent(ctx)).toBe(sent);
  });

  it('makes ids of the right length that are never all zeros', () => {
    expect(randomId(() => 0, 16)).toMatch(/^0{31}1$/);
    expect(randomId(Math.random, 8)).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('trace collector', () => {
  it('keeps at most its capacity of spans, dropping the oldest', () => {
    const c = new TraceCollector({ capacity: 10 });
    for (let i = 0; i < 50; i++) {
      c.record({
        traceId: `t${i}`,
        spanId: `s${i}`,
        parentId: undefined,
        service: 'x',
        name: 'GET /',
        start: i,
        durationMs: 1,
        status: 200,
      });
    }
    expect(c.spans().map((s) => s.traceId)).toEqual(Array.from({ length: 10 }, (_, i) => `t${40 + i}`));
  });
});
