// Two replicas of inventory: the first hangs until 1ms
// past its caller's deadline, when the caller has given
// up; the second answers in 5ms. shop calls them with
// a 1s timeout and 2 retries, first without a per-try
// timeout, then with one.
import { main } from 'gort';
import * as time from 'gort/time';
import {
  get,
  json,
  memoryTransport,
  serve,
  setTransport,
  type Handler,
} from 'gomesh';
import {
  DEADLINE_HEADER,
  startSidecar,
  type RetryOptions,
} from 'gomesh/sidecar';

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

let tries = 0;
const hung: Handler = async (req) => {
  tries++;
  const ms = req.headers[DEADLINE_HEADER];
  await time.sleep(Number(ms) + 1);
  return json(503, {});
};
const healthy: Handler = async () => {
  tries++;
  await time.sleep(5 * time.Millisecond);
  return json(200, { item: 42, stock: 7 });
};

const retries: [string, RetryOptions][] = [
  ['no per-try timeout', { maxRetries: 2 }],
  [
    'per-try timeout 100ms',
    { maxRetries: 2, perTryTimeoutMs: 100 },
  ],
];

main(async () => {
  // An in-memory network, like Go's net.Pipe.
  setTransport(memoryTransport());
  const replicas = [
    await serve('inventory', hung),
    await serve('inventory', healthy),
  ];
  for (const [name, retry] of retries) {
    const shop = await startSidecar({
      service: 'shop',
      upstream: {
        service: 'inventory',
        endpoints: replicas.map(
          (r) => r.url,
        ),
      },
      timeoutMs: 1000,
      retry,
      random: source(1),
    });
    tries = 0;
    const start = time.now();
    const res = await get(
      `${shop.url}/stock/42`,
    );
    const took = Math.round(
      time.since(start),
    );
    console.log(
      `${name}: ${res.status} after`,
      `${time.formatDuration(took)}, tries: ${tries}`,
    );
    await shop.close();
  }
  for (const r of replicas) await r.close();
});
