/**
 * An hour of traffic through three replicas, as a service lab would drive it on the virtual clock:
 * ten callers, each calling `users` every ten seconds through a sidecar with the defaults (retries,
 * outlier ejection, a 1 s deadline) and least-request (P2C); one replica is slow, one sits behind a sidecar
 * that injects faults (aborts and delays). Every source of chance the mesh has is in play — the
 * balancer's draws, retry jitter, fault injection — and every timer: replica latencies, deadlines,
 * backoff, ejection periods. It prints a line every ten minutes and a summary.
 *
 * The entry of a lab calls `main(hourOfTraffic)`; the in-process test runs it with `runProgram`.
 */
import { WaitGroup } from 'gort/sync';
import { Millisecond, Minute, Second, now, since, sleep } from 'gort/time';
import { get, json, serve } from 'gomesh';
import { startSidecar } from 'gomesh/sidecar';

export async function hourOfTraffic(): Promise<void> {
  const latency = [5, 40, 5];
  const hits = [0, 0, 0];
  const replicas = await Promise.all(
    latency.map((ms, i) =>
      serve('users', async () => {
        hits[i]!++;
        await sleep(ms * Millisecond);
        return json(200, { replica: i });
      }),
    ),
  );
  const flaky = await startSidecar({
    service: 'users-c',
    upstream: { service: 'users', endpoints: [replicas[2]!.url] },
    fault: { abort: { percent: 40, status: 503 }, delay: { percent: 5, ms: 1500 } },
  });
  const users = await startSidecar({
    service: 'users',
    upstream: { endpoints: [replicas[0]!.url, replicas[1]!.url, flaky.url], balancer: 'least-request' },
    timeoutMs: 1000,
    retry: true,
    outlier: true,
  });

  const start = now();
  let ok = 0;
  let failed = 0;
  const wg = new WaitGroup();
  for (let caller = 0; caller < 10; caller++) {
    wg.go(async () => {
      await sleep(caller * Second); // callers start a second apart
      while (since(start) < 60 * Minute) {
        const res = await get(`${users.url}/users/${caller}`);
        if (res.status === 200) ok++;
        else failed++;
        await sleep(10 * Second);
      }
    });
  }
  wg.go(async () => {
    for (let minute = 10; minute <= 60; minute += 10) {
      await sleep(10 * Minute - (since(start) % (10 * Minute)));
      const m = users.metrics.summary();
      console.log(
        `${String(minute).padStart(2)} min: ${ok} ok, ${failed} failed, hits ${hits.join('/')},` +
          ` retries ${m.retries}, ejections ${m.ejections}, p99 ${m.p99Ms.toFixed(1)} ms`,
      );
    }
  });
  await wg.wait();
  const m = users.metrics.summary();
  console.log(
    `after ${(since(start) / Minute).toFixed(1)} min: ${m.requests} requests, success ${(m.successRate * 100).toFixed(2)}%,` +
      ` p50 ${m.p50Ms.toFixed(1)} ms, p99 ${m.p99Ms.toFixed(1)} ms, faults ${flaky.metrics.faultsInjected}`,
  );
  await Promise.all([users.close(), flaky.close(), ...replicas.map((r) => r.close())]);
}
