// A service is down for 100ms, then serves at most 20
// tries in any 10ms (the rest get a 503). At 0ms, 100
// callers try and fail; each retries up to 5 times.
// Who gets through, and how many tries does the
// service turn away once it is back?
import { main } from 'gort';
import * as time from 'gort/time';
import { backoffMs } from 'gomesh/sidecar';

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

const CALLERS = 100;
const DOWN_UNTIL = 100; // ms
const PER_WINDOW = 20; // tries served per 10ms
const MAX_RETRIES = 5;

// How long to wait before retry number n (1-based).
type Backoff = (n: number) => number;

const random = source(1);
const policies: [string, Backoff][] = [
  ['at once', () => 0],
  [
    'exponential',
    (n) => Math.min(250, 25 * 2 ** (n - 1)),
  ],
  [
    'full jitter',
    (n) => backoffMs(n, 25, 250, random),
  ],
];

function simulate(wait: Backoff) {
  // When each caller tries next, and its retries.
  const next: number[] = [];
  const retries: number[] = [];
  for (let c = 0; c < CALLERS; c++) {
    next.push(0);
    retries.push(0);
  }
  const served = new Map<number, number>();
  let gaveUp = 0;
  let turnedAway = 0;
  let last = 0;
  for (;;) {
    // The earliest try; a tie goes to the lower caller.
    let c = 0;
    for (let i = 1; i < CALLERS; i++) {
      if (next[i]! < next[c]!) c = i;
    }
    const at = next[c]!;
    if (at === Infinity) break;
    const window = Math.floor(at / 10);
    const n = served.get(window) ?? 0;
    if (
      at >= DOWN_UNTIL &&
      n < PER_WINDOW
    ) {
      served.set(window, n + 1);
      last = Math.max(last, at);
      next[c] = Infinity;
      continue;
    }
    if (at >= DOWN_UNTIL) turnedAway++;
    if (retries[c]! === MAX_RETRIES) {
      gaveUp++;
      next[c] = Infinity;
      continue;
    }
    retries[c]!++;
    next[c] = at + wait(retries[c]!);
  }
  return { gaveUp, turnedAway, last };
}

main(() => {
  console.log(
    'backoff       gave up   all through by   turned away',
  );
  for (const [name, wait] of policies) {
    const r = simulate(wait);
    const by =
      r.gaveUp > 0
        ? '-'
        : time.formatDuration(
            Math.round(r.last),
          );
    console.log(
      name.padEnd(12) +
        String(r.gaveUp).padStart(9) +
        by.padStart(17) +
        String(r.turnedAway).padStart(14),
    );
  }
});
