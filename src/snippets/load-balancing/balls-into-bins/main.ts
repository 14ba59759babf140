import { main } from 'gort';
import {
  LeastRequest,
  RandomBalancer,
  endpoint,
  type Balancer,
} from 'gomesh/balancer';

// Park and Miller's minimal standard, as in the
// experiment below.
function source(
  seed: number,
): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return (state - 1) / 2147483646;
  };
}

const n = 1000;
const replicas = Array.from(
  { length: n },
  (_, i) =>
    endpoint(
      `http://10.0.${Math.floor(i / 250)}.${i % 250}:8080`,
    ),
);

// n requests to n replicas, and none ends: how many
// does the busiest replica hold, and how many get
// none?
function fill(b: Balancer) {
  const load = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const e = b.pick(replicas);
    b.onStart(e);
    load.set(
      e.id,
      (load.get(e.id) ?? 0) + 1,
    );
  }
  const busiest = Math.max(
    ...load.values(),
  );
  const idle = n - load.size;
  console.log(
    `${b.name.padEnd(13)} busiest ${busiest}, idle ${idle}`,
  );
}

main(() => {
  fill(
    new RandomBalancer({
      random: source(1),
    }),
  );
  fill(
    new LeastRequest({ random: source(1) }),
  );
});
