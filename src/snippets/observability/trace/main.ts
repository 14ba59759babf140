// trace sends one checkout through shop → orders →
// (inventory, payments) and reads its trace: which span is
// whose parent, and where the time went.
import { main } from 'gort';
import {
  Millisecond,
  sleep,
} from 'gort/time';
import {
  Router,
  ServiceClient,
  json,
  request,
  serve,
  type ServerHandle,
} from 'gomesh';
import {
  TraceCollector,
  propagate,
  tracing,
} from 'gomesh/tracing';

// Park and Miller's minimal standard: the same seed
// draws the same span ids in Go and in TypeScript.
function source(
  seed: number,
): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return (state - 1) / 2147483646;
  };
}

const collector = new TraceCollector();
const random = source(1);

// traced serves `api` behind gomesh's tracing layer: it
// continues the caller's trace (or starts one), opens a
// span, and puts it on req as the traceparent to send on.
function traced(
  service: string,
  api: Router,
) {
  return serve(
    service,
    tracing({ service, collector, random })(
      api.serve,
    ),
  );
}

function worker(ms: number): Router {
  const r = new Router();
  r.handle('/{any}', async () => {
    await sleep(ms * Millisecond);
    return json(201, {});
  });
  return r;
}

function orders(
  mesh: ServiceClient,
): Router {
  const r = new Router();
  r.post('/orders', async (req) => {
    await sleep(5 * Millisecond);
    // Both calls carry this span on: propagate(req).
    await mesh.request(
      'inventory',
      '/reservations',
      {
        method: 'POST',
        headers: propagate(req),
      },
    );
    await mesh.request(
      'payments',
      '/charges',
      {
        method: 'POST',
        headers: propagate(req),
      },
    );
    return json(201, {});
  });
  return r;
}

function shop(mesh: ServiceClient): Router {
  const r = new Router();
  r.post(
    '/checkout/{cart}',
    async (req) => {
      await sleep(2 * Millisecond);
      const res = await mesh.request(
        'orders',
        '/orders',
        {
          method: 'POST',
          headers: propagate(req),
        },
      );
      return json(res.status, {});
    },
  );
  return r;
}

const client = (...s: ServerHandle[]) =>
  new ServiceClient({
    endpoints: Object.fromEntries(
      s.map((h) => [h.name, [h.url]]),
    ),
  });

main(async () => {
  const inventory = await traced(
    'inventory',
    worker(12),
  );
  const payments = await traced(
    'payments',
    worker(40),
  );
  const o = await traced(
    'orders',
    orders(client(inventory, payments)),
  );
  const s = await traced(
    'shop',
    shop(client(o)),
  );

  // The client starts the trace (the W3C spec's example).
  const traceId =
    '4bf92f3577b34da6a3ce929d0e0e4736';
  await request(`${s.url}/checkout/7`, {
    method: 'POST',
    headers: {
      traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
    },
  });

  console.log(
    'service    span id           parent id',
  );
  const spans = collector.spans(traceId);
  spans.sort((a, b) => a.start - b.start);
  for (const span of spans) {
    console.log(
      `${span.service.padEnd(10)} ${span.spanId}  ${span.parentId}`,
    );
  }
  console.log(collector.tree(traceId));
});
