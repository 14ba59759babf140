import { main } from 'gort';
import { WaitGroup } from 'gort/sync';
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

main(async () => {
  // A shard answers in 10ms...
  const shard = await serve(
    'shard',
    async () => {
      await time.sleep(
        10 * time.Millisecond,
      );
      return json(200, { hits: [] });
    },
  );
  // ...except one request in a hundred, which
  // waits a second first.
  const sidecar = await startSidecar({
    service: 'shard',
    upstream: { endpoints: [shard.url] },
    random: source(1),
    fault: {
      delay: { percent: 1, ms: 1000 },
    },
  });

  const users = 100;
  console.log(
    'shards  ≥ 1s predicted  measured       p50     p99',
  );
  for (const shards of [1, 10, 100]) {
    const latency: number[] = [];
    for (let i = 0; i < users; i++) {
      // One user request asks every shard at once
      // and waits for the last answer.
      const start = time.now();
      const wg = new WaitGroup();
      for (let k = 0; k < shards; k++) {
        wg.go(async () => {
          await get(
            `${sidecar.url}/search`,
          );
        });
      }
      await wg.wait();
      latency.push(time.since(start));
    }
    latency.sort((a, b) => a - b);
    const slow = latency.filter(
      (d) => d >= time.Second,
    ).length;
    // Slow unless all shards were fast.
    const predicted = 1 - 0.99 ** shards;
    const p = (q: number) =>
      time.formatDuration(
        latency[Math.ceil(q * users) - 1]!,
      );
    console.log(
      [
        String(shards).padStart(6),
        `${(predicted * 100).toFixed(1)}%`.padStart(
          16,
        ),
        `${((slow / users) * 100).toFixed(1)}%`.padStart(
          10,
        ),
        p(0.5).padStart(10),
        p(0.99).padStart(8),
      ].join(''),
    );
  }
  await closeAll();
});
