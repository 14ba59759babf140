/**
 * The Traffic view's model on hand-made records: Kiali's health thresholds, the window the numbers
 * are taken over, requests/s, and ejections and breakers at a moment of the replay. (What real
 * backends counted is tests/mesh/traffic.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import type { TrafficEvent, TrafficRequest } from 'gomesh';
import { healthOf, trafficAt, trafficModel } from '../../src/lab/ui/traffic-model.ts';

const req = (
  start: number,
  durationMs: number,
  status = 200,
  extra: Partial<TrafficRequest> = {},
): TrafficRequest => ({
  kind: 'request',
  from: null,
  to: 'users',
  instance: '127.0.0.1:8080',
  start,
  durationMs,
  status,
  attempt: 0,
  ...extra,
});

describe('the traffic model', () => {
  it.each([
    [0, 0, 'idle'],
    [1000, 0, 'healthy'],
    [1000, 1, 'degraded'], // exactly 0.1%
    [10_000, 9, 'healthy'], // 0.09%
    [10, 1, 'failing'], // exactly 10%
    [1000, 99, 'degraded'], // 9.9%
  ] as const)(
    'calls %i requests with %i errors %s (Kiali: degraded at 0.1%%, failing at 10%%)',
    (requests, errors, health) => {
      expect(healthOf(requests, errors)).toBe(health);
    },
  );

  it('counts a request when it ended, inside the window, and its rate over the window', () => {
    const events: TrafficEvent[] = [
      req(0, 100), // ends at 100
      req(500, 1000, 503), // ends at 1500, an error
      req(1800, 200, 0, { code: 'CANCELED' }), // ends at 2000, no answer: an error too
      req(2500, 10, 429, { code: 'RATE_LIMITED', attempt: 1 }), // ends at 2510
    ];
    const model = trafficModel(events);
    expect([model.start, model.end]).toEqual([0, 2510]);
    const [early] = trafficAt(model, 1499).edges;
    expect(early).toMatchObject({ requests: 1, errors: 0, p50Ms: 100, p99Ms: 100 });
    const [all] = trafficAt(model, 2510).edges;
    expect(all).toMatchObject({
      requests: 4,
      errors: 2,
      successRate: 0.5,
      health: 'failing',
      retries: 1,
      rateLimited: 1,
      // Nearest rank over 10, 100, 200, 1000.
      p50Ms: 100,
      p99Ms: 1000,
    });
    expect(all?.rps).toBeCloseTo(4 / 2.51);
    // The last second only: (1510, 2510] holds the two that ended at 2000 and 2510.
    const [recent] = trafficAt(model, 2510, 1000).edges;
    expect(recent).toMatchObject({ requests: 2, errors: 1 });
    expect(recent?.rps).toBe(2);
  });

  it('shows an instance ejected only while its ejection lasts, and a breaker open for its cooldown', () => {
    const model = trafficModel([
      req(0, 10),
      { kind: 'eject', service: 'users', instance: '127.0.0.1:8081', at: 100, durationMs: 300 },
      { kind: 'breaker', service: 'users', at: 200, state: 'open', cooldownMs: 100 },
      { kind: 'breaker', service: 'users', at: 600, state: 'closed', cooldownMs: 100 },
    ]);
    const at = (t: number) => trafficAt(model, t).nodes.find((n) => n.key === 'service:users');
    const ejected = (t: number) =>
      at(t)
        ?.instances.filter((i) => i.ejected)
        .map((i) => i.id);
    expect(at(50)?.instances.map((i) => i.id)).toEqual(['127.0.0.1:8080', '127.0.0.1:8081']);
    expect([ejected(99), ejected(100), ejected(399), ejected(400)]).toEqual([
      [],
      ['127.0.0.1:8081'],
      ['127.0.0.1:8081'],
      [],
    ]);
    expect([at(199)?.breaker, at(200)?.breaker, at(300)?.breaker, at(600)?.breaker]).toEqual([
      'closed',
      'open',
      'half-open',
      'closed',
    ]);
  });
});
