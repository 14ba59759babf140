import { go, main } from 'gort';
import { WaitGroup } from 'gort/sync';
import * as time from 'gort/time';
import { get, serve, text } from 'gomesh';
import { limit } from './limit.ts';

// ---- Given: the check sends its own bursts, so change
// limit.ts, not this file. ----

// Park and Miller's minimal standard: the same seed
// draws the same numbers in Go and in TypeScript.
function source(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return (state - 1) / 2147483646;
  };
}

interface Answer {
  at: number; // when it was sent, ms
  status: number;
  retryAfter: string;
  answered: number; // ms
}

main(async () => {
  const options = { ratePerSec: 10, burst: 5, queue: 10 };
  const start = time.now();
  const served: number[] = []; // when each reached api
  const api = await serve(
    'api',
    limit(options)(() => {
      served.push(time.since(start));
      return text(200, 'ok\n');
    }),
  );

  // The burst: 20 requests at once, then 40 more within
  // the next 2 seconds, twice what api is given.
  const random = source(7);
  const arrivals: number[] = [];
  for (let i = 0; i < 60; i++) {
    arrivals.push(i < 20 ? 0 : Math.floor(random() * 2000));
  }
  arrivals.sort((a, b) => a - b);
  const answers: Answer[] = [];
  const wg = new WaitGroup();
  for (const at of arrivals) {
    await time.sleep(at - time.since(start));
    wg.add(1);
    go(async () => {
      const res = await get(`${api.url}/`);
      answers.push({
        at,
        status: res.status,
        retryAfter: res.header('retry-after') ?? '',
        answered: time.since(start),
      });
      wg.done();
    });
  }
  await wg.wait();
  await api.close();

  // Counted by the millisecond, every 200ms, until the
  // last answer.
  const upTo = (times: number[], t: number) =>
    times.filter((x) => Math.round(x) <= t).length;
  const turnedAway = answers
    .filter((a) => a.status === 429)
    .map((a) => a.answered);
  console.log(
    `${options.ratePerSec} requests/s, burst ${options.burst}, queue ${options.queue}`,
  );
  console.log(
    ' time  arrived  admitted  waiting  turned away',
  );
  const last = Math.max(...answers.map((a) => a.answered));
  for (let t = 0; t < last + 200; t += 200) {
    const arrived = upTo(arrivals, t);
    const admitted = upTo(served, t);
    const away = upTo(turnedAway, t);
    console.log(
      time.formatDuration(t).padStart(5),
      String(arrived).padStart(8),
      String(admitted).padStart(9),
      String(arrived - admitted - away).padStart(8),
      String(away).padStart(12),
    );
  }
  const waits = answers
    .filter((a) => a.status === 200)
    .map((a) => Math.round(a.answered - a.at));
  const hints = [
    ...new Set(
      answers
        .filter((a) => a.status === 429)
        .map(
          (a) => `Retry-After ${a.retryAfter || 'missing'}`,
        ),
    ),
  ].sort();
  console.log(
    `${answers.length} requests: ${waits.length} admitted, ` +
      `${turnedAway.length} turned away` +
      (hints.length > 0
        ? ` (429, ${hints.join(', ')})`
        : '') +
      `, the longest wait ${time.formatDuration(Math.max(0, ...waits))}`,
  );
});
