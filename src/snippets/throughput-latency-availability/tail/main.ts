import { main } from 'gort';
import * as time from 'gort/time';
import {
  closeAll,
  get,
  json,
  serve,
} from 'gomesh';
import { startSidecar } from 'gomesh/sidecar';

// Park and Miller's minimal standard: the same
// seed draws the same numbers in Go and in
// TypeScript.
function source(
  seed: number,
): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return (state - 1) / 2147483646;
  };
}

// Nearest rank: the smallest latency with at
// least the fraction q of them at or below it.
function percentile(
  sorted: number[],
  q: number,
) {
  return sorted[
    Math.ceil(q * sorted.length) - 1
  ]!;
}

// Prometheus' histogram_quantile: find the bucket
// the rank falls in, and interpolate linearly.
function histogramQuantile(
  q: number,
  bounds: number[],
  counts: number[], // cumulative, as le buckets
) {
  const rank =
    q * counts[counts.length - 1]!;
  let i = 0;
  while (counts[i]! < rank) i++;
  const lower =
    i === 0 ? 0 : bounds[i - 1]!;
  const below =
    i === 0 ? 0 : counts[i - 1]!;
  return (
    lower +
    ((bounds[i]! - lower) *
      (rank - below)) /
      (counts[i]! - below)
  );
}

main(async () => {
  const random = source(1);
  // search works 3 to 62ms, most often little.
  const search = await serve(
    'search',
    async () => {
      const u = random();
      const ms =
        3 + Math.floor(60 * u * u * u);
      await time.sleep(
        ms * time.Millisecond,
      );
      return json(200, { results: [] });
    },
  );
  // 2% of requests wait a second first: a GC
  // pause, a cold cache, a lost packet.
  const sidecar = await startSidecar({
    service: 'search',
    upstream: { endpoints: [search.url] },
    random,
    fault: {
      delay: { percent: 2, ms: 1000 },
    },
  });

  const latency: number[] = [];
  for (let i = 0; i < 5000; i++) {
    const start = time.now();
    await get(`${sidecar.url}/search`);
    latency.push(time.since(start));
  }
  await closeAll();

  // Bucket bounds in ms, as a Prometheus histogram's.
  const bounds = [
    5, 10, 20, 50, 100, 200, 500, 1000,
    2000,
  ];
  const counts = bounds.map(
    (le) =>
      latency.filter((d) => d <= le).length,
  );
  console.log('le         requests');
  bounds.forEach((le, i) => {
    const label = time.formatDuration(le);
    console.log(
      `le ${label.padEnd(7)}${String(counts[i]).padStart(9)}`,
    );
  });
  console.log(
    `le +Inf   ${String(latency.length).padStart(9)}`,
  );

  const sum = latency.reduce(
    (a, b) => a + b,
    0,
  );
  console.log(
    `mean ${(sum / latency.length).toFixed(1)}ms`,
  );
  const sorted = [...latency].sort(
    (a, b) => a - b,
  );
  for (const [name, q] of [
    ['p50', 0.5],
    ['p90', 0.9],
    ['p99', 0.99],
    ['p99.9', 0.999],
    ['max', 1],
  ] as const) {
    console.log(
      `${name} ${time.formatDuration(percentile(sorted, q))}`,
    );
  }
  const estimate = histogramQuantile(
    0.99,
    bounds,
    counts,
  );
  console.log(
    `histogram_quantile(0.99) ${time.formatDuration(Math.round(estimate))}`,
  );
});
