// chaos runs a chaos schedule, written as
// data, against a model of the shop with none
// of the capstone's defences: round robin, no
// retries, no discovery, no rate limit. Load
// is open loop (a request every 1/rate s,
// answered or not) and every phase is judged
// against the SLOs on its own.
import { main } from 'gort';
import { WaitGroup } from 'gort/sync';
import * as time from 'gort/time';

// What is broken while a phase runs.
interface Faults {
  slowCatalog?: string; // answers in 310ms
  failingPayments?: string; // fails 1 in 2
  crashedCatalog?: string; // refuses
}

function describe(f: Faults): string {
  const s: string[] = [];
  if (f.slowCatalog !== undefined) {
    s.push(
      `${f.slowCatalog} answers in 310ms`,
    );
  }
  if (f.failingPayments !== undefined) {
    s.push(
      `${f.failingPayments} fails 1 in 2`,
    );
  }
  if (f.crashedCatalog !== undefined) {
    s.push(`${f.crashedCatalog} crashed`);
  }
  return s.length === 0
    ? 'no faults'
    : s.join(', ');
}

interface Phase {
  name: string;
  for: time.Duration;
  rate: number; // orders/s at the gateway
  faults: Faults;
}

const normalRate = 50; // orders per second
const s10 = 10 * time.Second;

const schedule: Phase[] = [
  {
    name: 'steady',
    for: s10,
    rate: normalRate,
    faults: {},
  },
  {
    name: 'slow catalog',
    for: s10,
    rate: normalRate,
    faults: { slowCatalog: 'catalog-2' },
  },
  {
    name: 'failing payments',
    for: s10,
    rate: normalRate,
    faults: {
      failingPayments: 'payments-3',
    },
  },
  {
    name: 'burst x10',
    for: 3 * time.Second,
    rate: 10 * normalRate,
    faults: {},
  },
  {
    name: 'recovery',
    for: 7 * time.Second,
    rate: normalRate,
    faults: {},
  },
  {
    name: 'crashed catalog',
    for: s10,
    rate: normalRate,
    faults: { crashedCatalog: 'catalog-3' },
  },
];

// The SLOs, for the requests of each phase.
const availabilitySLO = 0.999; // admitted
const p99SLO = 250 * time.Millisecond;
const inFlightLimit = 10; // orders sheds above

interface Result {
  phase: number;
  shed: boolean; // refused: too many in flight
  ok: boolean;
  latency: time.Duration;
}

// The model: catalog and payments have 3
// replicas each, taken in turn; catalog
// answers in 11ms and payments in 20ms.
// Arrivals fall on even milliseconds and
// every wake-up on another instant, so no
// two goroutines wake at the same time: Go
// would run them in either order.
class Shop {
  faults: Faults = {};
  inFlight = 0;
  catalog = 0; // round-robin counters
  charge = 0;
  failing = 0; // calls to the failing one
  results: Result[] = [];

  async order(phase: number) {
    if (this.inFlight >= inFlightLimit) {
      this.results.push({
        phase,
        shed: true,
        ok: false,
        latency: 0,
      });
      return;
    }
    this.inFlight++;
    const f = this.faults;
    const catalog = `catalog-${(this.catalog++ % 3) + 1}`;
    const start = time.now();
    let ok = catalog !== f.crashedCatalog;
    if (ok) {
      await time.sleep(
        (catalog === f.slowCatalog
          ? 310
          : 11) * time.Millisecond,
      );
      const payments = `payments-${(this.charge++ % 3) + 1}`;
      if (payments === f.failingPayments) {
        ok = ++this.failing % 2 === 0;
      }
      await time.sleep(
        20 * time.Millisecond,
      );
    }
    this.inFlight--;
    this.results.push({
      phase,
      shed: false,
      ok,
      latency: time.since(start),
    });
  }
}

// p99 is the nearest-rank 99th percentile.
function p99(latencies: number[]): number {
  if (latencies.length === 0) return 0;
  latencies.sort((a, b) => a - b);
  return latencies[
    Math.ceil(0.99 * latencies.length) - 1
  ]!;
}

main(async () => {
  const s = new Shop();
  const wg = new WaitGroup();
  let at = 0;
  const start = time.now();
  const until = (d: time.Duration) =>
    time.sleep(
      time.until(
        new Date(start.getTime() + d),
      ),
    );
  for (const [i, p] of schedule.entries()) {
    s.faults = p.faults;
    console.log(
      `${String(at / time.Second).padStart(3)}s  ` +
        `${p.name.padEnd(16)} ` +
        `${String(p.rate).padStart(3)}/s  ` +
        describe(p.faults),
    );
    const every = time.Second / p.rate;
    for (
      let n = 0;
      n < p.for / every;
      n++
    ) {
      await until(at + n * every);
      wg.go(() => s.order(i));
    }
    at += p.for;
    await until(at);
  }
  await wg.wait();

  console.log(
    `\n${'phase'.padEnd(16)} ${'sent'.padStart(5)} ` +
      `${'shed'.padStart(5)} ${'failed'.padStart(6)} ` +
      `${'avail'.padStart(8)} ${'p99'.padStart(6)}  ` +
      'SLOs broken',
  );
  for (const [i, p] of schedule.entries()) {
    const mine = s.results.filter(
      (r) => r.phase === i,
    );
    const sent = mine.length;
    const shed = mine.filter(
      (r) => r.shed,
    ).length;
    const admitted = mine.filter(
      (r) => !r.shed,
    );
    const failed = admitted.filter(
      (r) => !r.ok,
    ).length;
    const avail =
      (sent - shed - failed) /
      (sent - shed);
    const tail = p99(
      admitted.map((r) => r.latency),
    );
    const broken: string[] = [];
    if (avail < availabilitySLO) {
      broken.push('availability');
    }
    if (tail > p99SLO) broken.push('p99');
    if (shed > 0 && p.rate <= normalRate) {
      broken.push(
        'shed at the normal rate',
      );
    }
    if (broken.length === 0)
      broken.push('-');
    console.log(
      `${p.name.padEnd(16)} ` +
        `${String(sent).padStart(5)} ` +
        `${String(shed).padStart(5)} ` +
        `${String(failed).padStart(6)} ` +
        `${(100 * avail).toFixed(2).padStart(7)}% ` +
        `${time.formatDuration(tail).padStart(6)}  ` +
        broken.join(', '),
    );
  }
});
