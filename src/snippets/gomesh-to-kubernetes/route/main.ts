// Production's route to pricing, as a gomesh sidecar:
// the VirtualService's timeout and retries, Envoy's
// back-off cap, no retry budget. Four replicas on a
// bad day: r1 hangs until its caller gives up, r2 and
// r3 answer 503 at once, r4 answers in 5ms. Each call
// prints its tries, read from the mesh's own traffic
// records.
import { main } from 'gort';
import * as time from 'gort/time';
import {
  get,
  json,
  memoryTransport,
  onTraffic,
  serve,
  setTransport,
  type Handler,
  type TrafficRequest,
} from 'gomesh';
import {
  DEADLINE_HEADER,
  startSidecar,
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

const healthy: Handler = async () => {
  await time.sleep(5 * time.Millisecond);
  return json(200, { price: 7.5 });
};
const hung: Handler = async (req) => {
  const ms = req.headers[DEADLINE_HEADER];
  await time.sleep(Number(ms) + 1);
  return json(503, {});
};
const failing: Handler = () =>
  Promise.resolve(json(503, {}));

main(async () => {
  // An in-memory network, like Go's net.Pipe.
  setTransport(memoryTransport());
  const replicas = [
    await serve('pricing', hung),
    await serve('pricing', failing),
    await serve('pricing', failing),
    await serve('pricing', healthy),
  ];
  const name = (instance: string) =>
    `r${replicas.findIndex((r) => r.url.endsWith(instance)) + 1}`;
  const catalog = await startSidecar({
    service: 'catalog',
    upstream: {
      service: 'pricing',
      endpoints: replicas.map((r) => r.url),
    },
    timeoutMs: 500, // timeout: 0.5s
    retry: {
      maxRetries: 3, // attempts: 3
      perTryTimeoutMs: 50, // perTryTimeout: 0.05s
      baseMs: 10, // backoff: 0.01s
      capMs: 100, // Envoy: 10 × backoff
      budget: null, // Istio: no budget
    },
    random: source(1),
  });

  let tries: TrafficRequest[] = [];
  onTraffic((e) => {
    if (
      e.kind === 'request' &&
      e.to === 'pricing'
    )
      tries.push(e);
  });
  for (let call = 1; call <= 4; call++) {
    tries = [];
    const start = time.now();
    const res = await get(
      `${catalog.url}/price`,
    );
    const took = Math.round(
      time.since(start),
    );
    const each = tries.map((t) => {
      const ms = Math.round(t.durationMs);
      return `${name(t.instance)} ${t.status} (${ms}ms)`;
    });
    console.log(
      `call ${call}: ${res.status} after ${took}ms:`,
      each.join(', '),
    );
  }
  await catalog.close();
  for (const r of replicas) await r.close();
});
