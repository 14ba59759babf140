/**
 * Chaos experiments, on every transport, with the numbers of issues 4 and 10.
 *
 * At 3 concurrent callers (issue 4; at 3 callers a budget that counted retries in flight, Envoy's
 * 20% / min 3, never bound, which is how its flaw went unseen):
 * - 3 replicas, one answering 503 to half its requests, 2,000 calls through the sidecar:
 *   about 83% succeed without resilience (1 - 1/3 * 1/2); with retries that skip tried hosts plus
 *   outlier ejection at least 99.9% succeed with fewer than 1.05 upstream requests per call;
 * - one slow replica: peak-EWMA's p99 stays far below round-robin's (Linkerd's "Beyond Round
 *   Robin", 2 s scaled down to 500 ms, on a virtual clock).
 * At 10 concurrent callers (issue 10), with the sidecar's defaults (`retry: true, outlier: true`):
 * - one replica failing half its requests: at least 99.9% succeed at most 1.05 upstream requests
 *   per call (the concurrency budget gave 97–99%: its floor of 3 bound while retries waited out
 *   their backoff);
 * - two of three bad: the retry budget keeps the load at most 1.3 upstream requests per call;
 * - a replica that never answers: with a per-try timeout every call succeeds and the replica gets
 *   at most about one call per caller before it is ejected; with only the call's deadline the calls
 *   it holds fail with 504, as in Envoy, and it is ejected all the same (it used to be never
 *   ejected, and every third call failed).
 * Replica failures and balancer/jitter choices use fixed seeds.
 */
import { describe, expect, it } from 'vitest';
import {
  get,
  json,
  manualClock,
  seededRandom,
  serve,
  sleep,
  type ManualClock,
  type MeshResponse,
  type ServerHandle,
} from 'gomesh';
import { PeakEwma, RoundRobin, type Balancer } from 'gomesh/balancer';
import { percentile } from 'gomesh/metrics';
import { startSidecar, type SidecarOptions } from 'gomesh/sidecar';
import {
  TRANSPORTS,
  failingHalf,
  runConcurrently,
  startReplica,
  until,
  onFreshTransport,
  type Replica,
} from './helpers.ts';

async function drive(
  url: string,
  calls: number,
  concurrency: number,
): Promise<{ ok: number; latencies: number[] }> {
  let ok = 0;
  const latencies: number[] = [];
  await runConcurrently(calls, concurrency, async (i) => {
    const start = performance.now();
    const res = await get(`${url}/users/${i}`);
    latencies.push(performance.now() - start);
    if (res.status === 200) ok++;
  });
  return { ok, latencies };
}

const upstreamRequests = (replicas: Replica[]) => replicas.reduce((n, r) => n + r.hits, 0);

describe.each(TRANSPORTS)('chaos on $name', (tc) => {
  onFreshTransport(tc);

  const cluster = async (bad: number) =>
    Promise.all([0, 1, 2].map((i) => startReplica('users', i < bad ? { status: failingHalf(100 + i) } : {})));
  const sidecar = (replicas: Replica[], extra: Partial<SidecarOptions> = {}) =>
    startSidecar({
      service: 'users',
      upstream: { endpoints: replicas.map((r) => r.server.url) },
      random: seededRandom(7),
      ...extra,
    });

  it('lets about 83% of calls succeed without resilience', async () => {
    const replicas = await cluster(1);
    const sc = await sidecar(replicas);
    const { ok } = await drive(sc.url, 2000, 3);
    expect(ok / 2000).toBeGreaterThan(0.8);
    expect(ok / 2000).toBeLessThan(0.87);
    expect(upstreamRequests(replicas)).toBe(2000);
  });

  it('lets at least 99.9% succeed with retries skipping tried hosts plus ejection, at < 1.05 upstream requests per call', async () => {
    const replicas = await cluster(1);
    const sc = await sidecar(replicas, { retry: true, outlier: true });
    // 3 calls in flight: the budget's floor of 3 concurrent retries never binds, so every failed
    // try is retried (the next test shows what the budget does under more load).
    const { ok } = await drive(sc.url, 2000, 3);
    expect(ok / 2000).toBeGreaterThanOrEqual(0.999);
    expect(upstreamRequests(replicas) / 2000).toBeLessThan(1.05);
    expect(sc.metrics.ejections).toBe(1);
  });

  describe('at 10 concurrent callers, with the defaults', () => {
    const defaults = { retry: true, outlier: true } as const;

    it('lets at least 99.9% succeed at most 1.05 upstream requests per call with one replica failing half', async () => {
      const replicas = await cluster(1);
      const sc = await sidecar(replicas, defaults);
      const { ok } = await drive(sc.url, 2000, 10);
      expect(ok / 2000).toBeGreaterThanOrEqual(0.999);
      expect(upstreamRequests(replicas) / 2000).toBeLessThanOrEqual(1.05);
      expect(sc.metrics.retryBudgetExhausted).toBe(0);
      expect(sc.metrics.ejections).toBe(1);
    });

    it('keeps the load at most 1.3 upstream requests per call with 2 of 3 replicas bad', async () => {
      const replicas = await cluster(2);
      const sc = await sidecar(replicas, defaults);
      await drive(sc.url, 2000, 10);
      expect(upstreamRequests(replicas) / 2000).toBeLessThanOrEqual(1.3);
      // Ejection never takes out more than half: one bad replica stays in rotation.
      expect(sc.detector?.ejected().size).toBe(1);
    });

    it('caps the retries of 2 bad replicas out of 3 with the budget (without ejection to help)', async () => {
      const unbudgeted = await cluster(2);
      const free = await sidecar(unbudgeted, { retry: { maxRetries: 3, budget: null } });
      await drive(free.url, 1000, 10);
      const budgeted = await cluster(2);
      const capped = await sidecar(budgeted, { retry: { maxRetries: 3 } });
      await drive(capped.url, 1000, 10);
      // Without a budget about 1.42 (1 + 1/3 + 1/3 x 1/4); with it at most 20% + 10/s over 10 s.
      expect(upstreamRequests(unbudgeted) / 1000).toBeGreaterThan(1.35);
      expect(upstreamRequests(budgeted) / 1000).toBeLessThanOrEqual(1.3);
      expect(capped.metrics.retryBudgetExhausted).toBeGreaterThan(0);
    });

    const hungCluster = async () => {
      const healthy = await Promise.all([startReplica('users'), startReplica('users')]);
      const hung = { hits: 0, server: undefined as unknown as ServerHandle };
      hung.server = await serve('users', () => (hung.hits++, new Promise<MeshResponse>(() => {})));
      return { hung, endpoints: [hung.server.url, ...healthy.map((r) => r.server.url)] };
    };

    it('routes around a replica that never answers within a call per caller, with a per-try timeout', async () => {
      const { hung, endpoints } = await hungCluster();
      const sc = await startSidecar({
        service: 'users',
        upstream: { endpoints },
        random: seededRandom(7),
        timeoutMs: 5000,
        retry: { perTryTimeoutMs: 50 },
        outlier: true,
      });
      const { ok } = await drive(sc.url, 300, 10);
      expect(ok).toBe(300);
      expect(sc.metrics.ejections).toBe(1);
      // Within one per-try timeout every caller ends up waiting on it; once five of those tries
      // have timed out it is out. (On real time the timeouts spread a little, so a few more calls
      // reach it while they come in.)
      expect(hung.hits).toBeGreaterThanOrEqual(5);
      expect(hung.hits).toBeLessThanOrEqual(20);
    });

    it('ejects a replica that never answers when only the call deadline cuts it off, failing those calls with 504', async () => {
      const { hung, endpoints } = await hungCluster();
      const sc = await startSidecar({
        service: 'users',
        upstream: { endpoints },
        random: seededRandom(7),
        timeoutMs: 100,
        ...defaults,
      });
      const { ok } = await drive(sc.url, 300, 10);
      expect(sc.metrics.ejections).toBe(1);
      expect(300 - ok).toBe(hung.hits);
      expect(sc.metrics.count('5xx')).toBe(hung.hits);
      expect(hung.hits).toBeLessThanOrEqual(20);
    });
  });

  it("keeps peak-EWMA's p99 far below round-robin's when one replica is slow", async () => {
    // Run on a virtual clock, as Go's testing/synctest does: replicas wait on the manual clock,
    // the balancer and the client measure latency on it, and time jumps to the next timer only
    // when every call in flight is parked in a replica. Real network time counts as zero, so a
    // loaded CI machine cannot blur the result. Scaled down from Linkerd's 2 s slow replica to
    // 500 ms, fast replicas at 5 ms.
    const run = async (balancer: Balancer, clock: ManualClock) => {
      let parked = 0;
      let inFlight = 0;
      const hits = [0, 0, 0];
      const replicas = await Promise.all(
        [500, 5, 5].map((delay, i) =>
          serve('users', async () => {
            hits[i]!++;
            parked++;
            await sleep(clock, delay);
            parked--;
            return json(200, { replica: i });
          }),
        ),
      );
      const sc = await startSidecar({
        service: 'users',
        upstream: { endpoints: replicas.map((r) => r.url), balancer },
        clock,
      });
      const drive = async (calls: number) => {
        const latencies: number[] = [];
        let done = false;
        const load = runConcurrently(calls, 8, async (i) => {
          const start = clock.now();
          inFlight++;
          const res = await get(`${sc.url}/users/${i}`);
          inFlight--;
          expect(res.status).toBe(200);
          latencies.push(clock.now() - start);
        }).finally(() => (done = true));
        while (!done) {
          await until(() => done || (inFlight > 0 && parked === inFlight), 'every call to park in a replica');
          const next = clock.nextAt();
          if (done || next === undefined) continue;
          clock.advance(next - clock.now());
          // Let the woken replicas answer before looking again (they un-park on a later microtask).
          await new Promise((r) => setTimeout(r, 0));
        }
        await load;
        return latencies;
      };
      await drive(100); // warm up: compare steady states, as the original experiment did
      const slowBefore = hits[0]!;
      const latencies = await drive(600);
      await sc.close();
      await Promise.all(replicas.map((r) => r.close()));
      return { p99: percentile(latencies, 99), slowShare: (hits[0]! - slowBefore) / 600 };
    };
    const rr = await run(new RoundRobin(), manualClock());
    const clock = manualClock();
    const ewma = await run(new PeakEwma({ clock, random: seededRandom(3) }), clock);
    expect(rr.slowShare).toBeCloseTo(1 / 3, 2);
    expect(rr.p99).toBeGreaterThanOrEqual(500);
    expect(ewma.slowShare).toBeLessThan(0.01);
    expect(ewma.p99).toBeLessThan(rr.p99 / 10);
  });
});
