/**
 * The mesh's traffic records (src/mesh/traffic.ts) and the Traffic view's model
 * (src/lab/ui/traffic-model.ts) against what real backends counted: services on 127.0.0.1 port 0
 * (and on the in-memory network of the sandbox), traffic through a sidecar with retries, outlier
 * ejection, a rate limit and a circuit breaker, on the virtual clock so durations are exact.
 * The model's numbers must equal the backends' own counts and the sidecar's own metrics.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runProgram } from 'gort/testing';
import { sleep } from 'gort/time';
import {
  FROM_HEADER,
  ServiceClient,
  get,
  onTraffic,
  serve,
  text,
  type ServerHandle,
  type TrafficEvent,
} from 'gomesh';
import { startSidecar } from 'gomesh/sidecar';
import {
  trafficAt,
  trafficModel,
  type EdgeStats,
  type TrafficSnapshot,
} from '../../src/lab/ui/traffic-model.ts';
import { TRANSPORTS, onFreshTransport } from './helpers.ts';

/** A backend that counts what it served, answering by `answer(n)` for its n-th request (1-based). */
async function backend(
  name: string,
  answer: (n: number) => Promise<number> | number,
): Promise<{ server: ServerHandle; id: string; served: () => number; failed: () => number }> {
  let served = 0;
  let failed = 0;
  const server = await serve(name, async () => {
    const status = await answer(++served);
    if (status >= 500) failed++;
    return text(status, 'ok');
  });
  return { server, id: `127.0.0.1:${server.port}`, served: () => served, failed: () => failed };
}

/** Runs `fn` as a program on the virtual clock, collecting the traffic it made. */
async function observed(fn: () => Promise<void>): Promise<TrafficEvent[]> {
  const events: TrafficEvent[] = [];
  const stop = onTraffic((e) => events.push(e));
  try {
    const program = await runProgram(fn);
    expect(program.output).toBe('');
    expect(program.exitCode).toBe(0);
  } finally {
    stop();
  }
  return events;
}

const edge = (snap: TrafficSnapshot, from: string, to: string): EdgeStats => {
  const found = snap.edges.find((e) => e.from === from && e.to === to);
  if (!found) throw new Error(`no edge ${from} > ${to} in ${snap.edges.map((e) => e.key).join(', ')}`);
  return found;
};

describe.each(TRANSPORTS)('traffic records on $name', (tc) => {
  onFreshTransport(tc);
  const stops: (() => void)[] = [];
  afterEach(() => stops.splice(0).forEach((stop) => stop()));

  it('count exactly what the backends served, through a sidecar with retries and ejection', async () => {
    const result: Record<string, number> = {};
    let statuses: number[] = [];
    let facts = { retries: 0, ejections: 0, ejected: [] as string[], requests: 0 };
    let ids: { fast: string; flaky: string; slow: string } = { fast: '', flaky: '', slow: '' };
    const events = await observed(async () => {
      const fast = await backend('users', () => 200);
      // Fails its 2nd and 3rd requests: two in a row, which ejects it.
      const flaky = await backend('users', (n) => (n === 2 || n === 3 ? 500 : 200));
      const slow = await backend('users', async () => {
        await sleep(200);
        return 200;
      });
      ids = { fast: fast.id, flaky: flaky.id, slow: slow.id };
      const sidecar = await startSidecar({
        service: 'users',
        upstream: { endpoints: [fast.server.url, flaky.server.url, slow.server.url] },
        retry: { maxRetries: 2, baseMs: 0 },
        outlier: { consecutive5xx: 2, baseEjectionMs: 60_000, maxEjectionPercent: 100 },
      });
      const responses = [];
      for (let i = 0; i < 30; i++) responses.push(await get(`${sidecar.url}/users`));
      statuses = responses.map((r) => r.status);
      result['fast'] = fast.served();
      result['flaky'] = flaky.served();
      result['slow'] = slow.served();
      result['failed'] = flaky.failed();
      facts = {
        retries: sidecar.metrics.retries,
        ejections: sidecar.metrics.ejections,
        ejected: [...(sidecar.detector?.ejected() ?? [])],
        requests: sidecar.metrics.latency.count,
      };
      await sidecar.close();
      await Promise.all([fast, flaky, slow].map((b) => b.server.close()));
    });
    const model = trafficModel(events);
    const snap = trafficAt(model, model.end);

    const inbound = edge(snap, 'outside', 'service:users-sidecar');
    expect(inbound.requests).toBe(30);
    expect(inbound.requests).toBe(facts.requests);
    expect(inbound.errors).toBe(statuses.filter((s) => s >= 500).length);

    const upstream = edge(snap, 'service:users-sidecar', 'service:users');
    const served = (result['fast'] ?? 0) + (result['flaky'] ?? 0) + (result['slow'] ?? 0);
    expect(upstream.requests).toBe(served);
    expect(upstream.errors).toBe(result['failed']);
    expect(upstream.errors).toBe(2);
    expect(upstream.retries).toBe(facts.retries);
    expect(upstream.retries).toBeGreaterThan(0);
    // 2 errors in 30-odd attempts: at least 0.1%, under 10%. The retries hid them from the caller.
    expect(upstream.health).toBe('degraded');
    expect(inbound.health).toBe('healthy');
    // The slow instance takes 200 ms of virtual time, the others none (the wire takes none).
    expect(upstream.p99Ms).toBe(200);
    expect(upstream.p50Ms).toBe(0);

    const users = snap.nodes.find((n) => n.key === 'service:users');
    const byId = new Map(users?.instances.map((i) => [i.id, i]));
    expect(byId.get(ids.fast)?.requests).toBe(result['fast']);
    expect(byId.get(ids.flaky)?.requests).toBe(result['flaky']);
    expect(byId.get(ids.slow)?.requests).toBe(result['slow']);
    expect(byId.get(ids.flaky)?.errors).toBe(2);
    expect(facts.ejected).toEqual([ids.flaky]);
    expect(events.filter((e) => e.kind === 'eject')).toHaveLength(facts.ejections);
    expect(byId.get(ids.flaky)?.ejected).toBe(true);
    expect(byId.get(ids.fast)?.ejected).toBe(false);
    // Before the ejection nothing was out.
    const firstRequestEnd = model.ends[0] as number;
    expect(
      trafficAt(model, firstRequestEnd)
        .nodes.find((n) => n.key === 'service:users')
        ?.instances.some((i) => i.ejected),
    ).toBe(false);
  });

  it('count rate-limited calls and the breaker the sidecars report, with their backends’ counts', async () => {
    let counts = { limitedServed: 0, limited429: 0, downServed: 0, breakerState: '', rateLimited: 0 };
    const events = await observed(async () => {
      const limitedBackend = await backend('catalog', () => 200);
      const limited = await startSidecar({
        service: 'catalog',
        upstream: { endpoints: [limitedBackend.server.url] },
        rateLimit: { ratePerSec: 1, burst: 2 },
      });
      const answers = await Promise.all(Array.from({ length: 5 }, () => get(`${limited.url}/`)));
      const down = await backend('orders', () => 500);
      const breaker = await startSidecar({
        service: 'orders',
        upstream: { endpoints: [down.server.url] },
        circuitBreaker: { failureThreshold: 2, cooldownMs: 1000 },
      });
      for (let i = 0; i < 4; i++) await get(`${breaker.url}/`);
      counts = {
        limitedServed: limitedBackend.served(),
        limited429: answers.filter((r) => r.status === 429).length,
        downServed: down.served(),
        breakerState: breaker.breaker?.state ?? '',
        rateLimited: limited.metrics.rateLimited,
      };
      await Promise.all([limited, breaker, limitedBackend.server, down.server].map((s) => s.close()));
    });
    const model = trafficModel(events);
    const snap = trafficAt(model, model.end);
    const limitedEdge = edge(snap, 'outside', 'service:catalog-sidecar');
    expect(limitedEdge.requests).toBe(5);
    expect(limitedEdge.rateLimited).toBe(counts.limited429);
    expect(limitedEdge.rateLimited).toBe(counts.rateLimited);
    expect(limitedEdge.rateLimited).toBe(3);
    expect(edge(snap, 'service:catalog-sidecar', 'service:catalog').requests).toBe(counts.limitedServed);

    expect(edge(snap, 'service:orders-sidecar', 'service:orders').requests).toBe(counts.downServed);
    expect(counts.downServed).toBe(2);
    const callers = edge(snap, 'outside', 'service:orders-sidecar');
    expect(callers.requests).toBe(4);
    expect(callers.health).toBe('failing');
    expect(counts.breakerState).toBe('open');
    const orders = (at: number) => trafficAt(model, at).nodes.find((n) => n.key === 'service:orders');
    expect(orders(model.end)?.breaker).toBe('open');
    // The cooldown is on the mesh's clock: a second after it opened, the breaker lets a probe through.
    expect(orders(model.end + 1000)?.breaker).toBe('half-open');
  });

  it('names a ServiceClient’s caller, and marks nothing while nobody listens (zero cost)', async () => {
    const seen: (string | undefined)[] = [];
    const program = await runProgram(async () => {
      const s = await serve('users', (req) => {
        seen.push(req.headers[FROM_HEADER]);
        return text(200, 'ok');
      });
      const client = new ServiceClient({ endpoints: { users: [s.url] }, caller: 'frontend' });
      await client.get('users', '/');
      stops.push(onTraffic(() => undefined));
      await client.get('users', '/');
      await s.close();
    });
    expect(program.exitCode).toBe(0);
    // Unobserved, the request went out as before; observed, it carries the caller's name.
    expect(seen).toEqual([undefined, 'frontend']);

    const events = await observed(async () => {
      const s = await serve('users', () => text(200, 'ok'));
      await new ServiceClient({ endpoints: { users: [s.url] }, caller: 'frontend' }).get('users', '/');
      await new ServiceClient({ endpoints: { users: [s.url] } }).get('users', '/');
      await get(`${s.url}/`);
      await s.close();
    });
    const snap = trafficAt(trafficModel(events), Infinity);
    expect(snap.edges.map((e) => [e.key, e.requests])).toEqual([
      ['service:frontend>service:users', 1],
      ['program>service:users', 1],
      ['outside>service:users', 1],
    ]);
  });
});
