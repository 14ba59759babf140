import { Histogram } from 'gomesh/metrics';

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

// histogramQuantile is PromQL's: find the bucket the rank
// falls in, then interpolate linearly inside it, as if its
// requests were spread evenly between its bounds.
function histogramQuantile(
  q: number,
  les: readonly number[],
  cum: readonly number[],
): number {
  const total = cum[cum.length - 1]!; // le="+Inf"
  const rank = q * total;
  let i = 0;
  while (cum[i]! < rank) i++;
  if (i === les.length) {
    // in +Inf: the largest finite bound
    return les[les.length - 1]!;
  }
  const lower = i > 0 ? les[i - 1]! : 0;
  const below = i > 0 ? cum[i - 1]! : 0;
  const inBucket = cum[i]! - below;
  return (
    lower +
    ((les[i]! - lower) * (rank - below)) /
      inBucket
  );
}

const ms = (seconds: number) =>
  `${Math.round(seconds * 1000)}ms`;
const row = (name: string, p: number[]) =>
  `${name.padEnd(18)} p50 ${ms(p[0]!).padEnd(6)} ` +
  `p90 ${ms(p[1]!).padEnd(6)} p99 ${ms(p[2]!)}`;

const random = source(1);
const took: number[] = []; // whole milliseconds
for (let i = 0; i < 1000; i++) {
  if (random() < 0.05) {
    // the slow tail
    took.push(
      120 +
        Math.floor(
          random() * random() * 380,
        ),
    );
  } else {
    took.push(
      10 +
        Math.floor(random() * 30) +
        Math.floor(random() * 30) +
        Math.floor(random() * 30),
    );
  }
}
const sorted = [...took].sort(
  (a, b) => a - b,
);
// nearest rank, in s
const exact = (p: number) =>
  sorted[Math.ceil((p / 100) * 1000) - 1]! /
  1000;
console.log(
  row('exact', [
    exact(50),
    exact(90),
    exact(99),
  ]),
);

const layouts: [string, number[]][] = [
  // client_golang's prometheus.DefBuckets:
  [
    'default buckets',
    [
      0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
      0.5, 1, 2.5, 5, 10,
    ],
  ],
  // The same, cut at 100ms:
  [
    'short buckets',
    [0.005, 0.01, 0.025, 0.05, 0.1],
  ],
  // Dense where the latencies are:
  [
    'fitted buckets',
    [
      0.02, 0.04, 0.06, 0.08, 0.1, 0.15,
      0.2, 0.3, 0.4, 0.5,
    ],
  ],
];
for (const [name, les] of layouts) {
  // gomesh's Histogram counts each observation in its
  // bucket (le: at or below); cumulative() is what
  // Prometheus scrapes, le="+Inf" last.
  const h = new Histogram(les);
  for (const t of took) h.observe(t / 1000);
  const cum = h.cumulative();
  const q = (x: number) =>
    histogramQuantile(x, les, cum);
  console.log(
    '\n' +
      row(name, [q(0.5), q(0.9), q(0.99)]),
  );
  les.forEach((le, i) =>
    console.log(`  le="${le}" ${cum[i]}`),
  );
  console.log(
    `  le="+Inf" ${cum[les.length]}`,
  );
}

// The latencies themselves, in 10ms bins.
const bins = new Array<number>(50).fill(0);
for (const t of took)
  bins[Math.min(49, Math.floor(t / 10))]!++;
console.log(
  '\nexact, by 10ms from 0 to 500ms',
);
for (let r = 0; r < 5; r++) {
  console.log(
    bins
      .slice(r * 10, r * 10 + 10)
      .map((n) => String(n).padStart(5))
      .join(''),
  );
}
