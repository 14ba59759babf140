import { go, main } from 'gort';
import { WaitGroup } from 'gort/sync';
import * as time from 'gort/time';
import { TokenBucket } from 'gomesh/sidecar';

// Park and Miller's minimal standard: the same seed
// draws the same numbers in Go and in TypeScript.
function source(
  seed: number,
): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return (state - 1) / 2147483646;
  };
}

// The traffic: for 3 seconds about 30 requests a second,
// three times what the service takes, then about 5.
function traffic(): number[] {
  const random = source(1);
  const arrivals: number[] = [];
  for (let t = 0; t < 10 * time.Second;) {
    let gap = 400; // ms, 200 on average
    if (t < 3 * time.Second) gap = 66;
    t +=
      Math.floor(random() * gap) *
      time.Millisecond;
    arrivals.push(t);
  }
  return arrivals;
}

const work = 10 * time.Millisecond; // the service's own time

// experiment lets a request wait for its token at most maxWait.
async function experiment(
  name: string,
  maxWait: number,
  arrivals: number[],
) {
  const bucket = new TokenBucket({
    ratePerSec: 10,
    burst: 5,
  });
  const wg = new WaitGroup();
  const latency: number[] = [];
  let rejected = 0;
  const start = time.now();
  for (const at of arrivals) {
    await time.sleep(
      at - time.since(start),
    );
    const arrived = time.now();
    const res = bucket.reserve();
    const wait = res.delayMs;
    if (wait > maxWait) {
      res.cancel();
      rejected++; // 429, Retry-After: the wait beyond maxWait
      continue;
    }
    wg.add(1);
    go(async () => {
      await time.sleep(wait); // in the queue
      await time.sleep(work);
      latency.push(
        Math.round(time.since(arrived)),
      );
      wg.done();
    });
  }
  await wg.wait();
  latency.sort((x, y) => x - y);
  // The nearest-rank percentile.
  const p = (q: number) =>
    time.formatDuration(
      latency[
        Math.ceil(
          (q / 100) * latency.length,
        ) - 1
      ]!,
    );
  console.log(
    name.padEnd(10) +
      [
        p(50),
        p(90),
        p(99),
        p(100),
        String(rejected),
      ]
        .map((s) => s.padStart(8))
        .join(''),
  );
}

main(async () => {
  const arrivals = traffic();
  console.log(
    'front door     p50     p90     p99     max  429s',
  );
  await experiment(
    'queue-all',
    Infinity,
    arrivals,
  );
  await experiment(
    'queue-10',
    10 * 100 * time.Millisecond,
    arrivals,
  );
  await experiment('shed', 0, arrivals);
});
