// red instruments a service with the RED method — Rate,
// Errors, Duration — and prints what Prometheus reads when
// it scrapes GET /metrics.
import { main } from 'gort';
import {
  Millisecond,
  Second,
  now,
  since,
  sleep,
} from 'gort/time';
import {
  Router,
  get,
  serve,
  text,
  type Layer,
} from 'gomesh';
import { Histogram } from 'gomesh/metrics';

// Rate and Errors: one counter, labelled by status code.
const requests = new Map<number, number>();
// Duration: a histogram, in seconds (gomesh's Histogram
// counts each observation under every bound at or above it).
const duration = new Histogram([
  0.025, 0.05, 0.1, 0.25, 0.5,
]);

// instrument counts and times every request, also one whose
// handler throws (the server answers it 500).
const instrument: Layer =
  (next) => async (req) => {
    const start = now();
    let code = 500;
    try {
      const res = await next(req);
      code = res.status;
      return res;
    } finally {
      requests.set(
        code,
        (requests.get(code) ?? 0) + 1,
      );
      duration.observe(
        since(start) / Second,
      );
    }
  };

// The text format, as client_golang's promhttp writes it.
function metrics(): string {
  const h = 'http_request_duration_seconds';
  const cum = duration.cumulative();
  const lines = [
    `# HELP ${h} How long requests took, in seconds.`,
    `# TYPE ${h} histogram`,
    ...duration.bounds.map(
      (le, i) =>
        `${h}_bucket{le="${le}"} ${cum[i]}`,
    ),
    `${h}_bucket{le="+Inf"} ${duration.count}`,
    `${h}_sum ${duration.sum}`,
    `${h}_count ${duration.count}`,
    '# HELP http_requests_total Requests answered, by status code.',
    '# TYPE http_requests_total counter',
  ];
  const codes = [...requests.keys()].sort(
    (a, b) => a - b,
  );
  for (const code of codes) {
    lines.push(
      `http_requests_total{code="${code}"} ${requests.get(code)}`,
    );
  }
  return lines.join('\n') + '\n';
}

// order takes 20-79ms, 300ms every 10th order; every 7th
// finds payments down.
const orders = new Router();
orders.get('/orders/{id}', async (req) => {
  const id = Number(req.param('id'));
  if (id % 7 === 0) {
    await sleep(5 * Millisecond);
    return text(
      503,
      'payments unavailable\n',
    );
  }
  let work = 20 + ((id * 23) % 60);
  if (id % 10 === 0) work = 300;
  await sleep(work * Millisecond);
  return text(200, `order ${id}\n`);
});

main(async () => {
  const r = new Router();
  r.get(
    '/orders/{id}',
    instrument(orders.serve),
  );
  r.get('/metrics', () =>
    text(200, metrics()),
  );
  const s = await serve('orders', r);

  // Twenty requests, then one scrape.
  for (let id = 1; id <= 20; id++) {
    await get(`${s.url}/orders/${id}`);
  }
  const scrape = await get(
    `${s.url}/metrics`,
  );
  console.log(
    (await scrape.text()).trimEnd(),
  );
  await s.close();
});
