import {
  chan,
  close,
  go,
  main,
  type RecvChan,
  type SendChan,
} from 'gort';
import { WaitGroup } from 'gort/sync';
import * as time from 'gort/time';

// The log of the jobs as they start: the check reads it.
// It has room for every line, so logging never waits.
const wire = chan<string>(100);

const jobCount = 10;
const workers = 3;
// The limit: 3 jobs at once after a quiet time (the burst),
// then one job every 100 ms.
const burst = 3;
const interval = 100 * time.Millisecond;

// How long each job (1 to 10) takes, in milliseconds.
const cost = [
  0, 250, 120, 80, 200, 60, 150, 90, 200, 40, 110,
];

// handle does one job and returns its result. Do not change it.
async function handle(id: number): Promise<number> {
  await wire.send(`start job ${id}`);
  await time.sleep(cost[id]! * time.Millisecond);
  return id * id;
}

// worker takes jobs until jobs is closed, and a token from the
// limiter before each one.
async function worker(
  jobs: RecvChan<number>,
  tokens: RecvChan<void>,
  results: SendChan<number>,
) {
  for await (const id of jobs) {
    await tokens.recv();
    await results.send(await handle(id));
  }
}

// fill adds a token to the limiter on every tick, like Go by
// Example's bursty limiter.
async function fill(limiter: SendChan<void>) {
  for await (const _tick of time.tick(interval)) {
    await limiter.send(undefined);
  }
}

main(async () => {
  // The limiter: starts with burst tokens, and one goroutine
  // adds a token every interval.
  const limiter = chan<void>(burst);
  for (let i = 0; i < burst; i++) {
    await limiter.send(undefined);
  }
  go(fill, limiter);

  const jobs = chan<number>();
  const results = chan<number>();
  const wg = new WaitGroup();
  for (let w = 0; w < workers; w++) {
    wg.go(() => worker(jobs, limiter, results));
  }
  // The sender has its own goroutine, so main reads results
  // while jobs are still being sent.
  go(async () => {
    for (let id = 1; id <= jobCount; id++) {
      await jobs.send(id);
    }
    close(jobs);
  });
  // results is closed once the last worker has returned.
  go(async () => {
    await wg.wait();
    close(results);
  });

  let done = 0;
  let sum = 0;
  for await (const r of results) {
    done++;
    sum += r;
  }
  console.log(`${done} jobs done, sum of squares ${sum}`);
});
