// A client calls gateway, gateway calls orders, orders
// calls inventory, and inventory is down: it answers
// every request with a 503. 500 requests, 10ms apart.
// How many tries reach each service when nobody
// retries, when the client does, when every hop does?
import { go, main } from 'gort';
import { WaitGroup } from 'gort/sync';
import * as time from 'gort/time';
import {
  ServiceClient,
  json,
  memoryTransport,
  serve,
  setTransport,
  type Handler,
} from 'gomesh';
import {
  RetryBudget,
  retry,
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

const REQUESTS = 500;

// Who retries: up to 2 retries (3 tries), with or
// without a retry budget (Linkerd's: 20% + 10/s).
interface Policy {
  client: boolean;
  hops: boolean;
  budget: boolean;
}

// A client of `service` at `url`: hop number `seed`
// retries if asked, drawing jitter from its own source.
function clientOf(
  service: string,
  url: string,
  retries: boolean,
  budget: boolean,
  seed: number,
) {
  const layer = retry({
    maxRetries: 2,
    budget: budget
      ? new RetryBudget()
      : null,
    random: source(seed),
  });
  return new ServiceClient({
    endpoints: { [service]: [url] },
    layers: () => (retries ? [layer] : []),
  });
}

async function storm(
  name: string,
  p: Policy,
) {
  const tries = {
    gateway: 0,
    orders: 0,
    inventory: 0,
  };
  const down: Handler = () => {
    tries.inventory++;
    return json(503, {
      error: 'inventory is down',
    });
  };
  // A hop answers with what its callee answered.
  const hop = (
    self: 'gateway' | 'orders',
    next: string,
    url: string,
    seed: number,
  ): Handler => {
    const c = clientOf(
      next,
      url,
      p.hops,
      p.budget,
      seed,
    );
    return async () => {
      tries[self]++;
      const res = await c.get(
        next,
        '/stock/42',
      );
      return json(res.status, {});
    };
  };
  const inventory = await serve(
    'inventory',
    down,
  );
  const orders = await serve(
    'orders',
    hop(
      'orders',
      'inventory',
      inventory.url,
      3,
    ),
  );
  const gateway = await serve(
    'gateway',
    hop('gateway', 'orders', orders.url, 2),
  );
  const client = clientOf(
    'gateway',
    gateway.url,
    p.client,
    p.budget,
    1,
  );

  const wg = new WaitGroup();
  for (let i = 0; i < REQUESTS; i++) {
    wg.add(1);
    go(async () => {
      await client.get(
        'gateway',
        '/stock/42',
      );
      wg.done();
    });
    await time.sleep(10 * time.Millisecond);
  }
  await wg.wait();
  for (const s of [
    gateway,
    orders,
    inventory,
  ]) {
    await s.close();
  }
  const x = tries.inventory / REQUESTS;
  console.log(
    name.padEnd(22) +
      String(tries.gateway).padStart(8) +
      String(tries.orders).padStart(8) +
      String(tries.inventory).padStart(11) +
      `${x.toFixed(1)}x`.padStart(13),
  );
}

main(async () => {
  // An in-memory network, like Go's net.Pipe.
  setTransport(memoryTransport());
  console.log(
    'who retries            gateway  orders  inventory  per request',
  );
  const none = {
    client: false,
    hops: false,
  };
  await storm('nobody', {
    ...none,
    budget: false,
  });
  await storm('the client', {
    ...none,
    client: true,
    budget: false,
  });
  await storm('every hop', {
    client: true,
    hops: true,
    budget: false,
  });
  await storm('every hop, budgets', {
    client: true,
    hops: true,
    budget: true,
  });
});
