import {
  chan,
  close,
  go,
  main,
  type RecvChan,
  type SendChan,
} from 'gort';
import { WaitGroup } from 'gort/sync';
import * as atomic from 'gort/sync/atomic';
import * as time from 'gort/time';

// The server's counters, read by its /metrics page
// while requests run.
const served = new atomic.Int64(); // requests finished
const inFlight = new atomic.Int64(); // running now
const maxInFlight = new atomic.Int64(); // most ever at once

// The load: when each request arrives, how long it works.
const requests = [
  { at: 0, work: 20 },
  { at: 0, work: 8 },
  { at: 0, work: 30 },
  { at: 5, work: 3 },
  { at: 12, work: 40 },
  { at: 31, work: 2 },
  { at: 31, work: 6 },
  { at: 31, work: 6 },
  { at: 31, work: 6 },
  { at: 31, work: 25 },
  { at: 44, work: 4 },
  { at: 50, work: 10 },
].map((r) => ({
  at: r.at * time.Millisecond,
  work: r.work * time.Millisecond,
}));

// writeLog prints the server's log, a line at a time.
async function writeLog(
  lines: RecvChan<string>,
  done: SendChan<void>,
) {
  for await (const line of lines) console.log(line);
  close(done);
}

// handle serves one request.
async function handle(
  log: SendChan<string>,
  work: time.Duration,
) {
  const now = inFlight.add(1);
  // Keep the most requests ever in flight, and log
  // each new high. compareAndSwap stores now only if the
  // gauge still holds the max this request loaded; if
  // another request changed it first, load it again.
  for (;;) {
    const max = maxInFlight.load();
    if (now <= max) break;
    if (maxInFlight.compareAndSwap(max, now)) {
      await log.send(`new high: ${now} in flight`);
      break;
    }
  }

  await time.sleep(work); // the request's work
  inFlight.add(-1);

  // Count the request, and log it with its number:
  // add returns the new count, so no two requests get
  // the same number.
  const n = served.add(1);
  await log.send(`request ${n} done`);
}

main(async () => {
  const log = chan<string>();
  const logged = chan<void>();
  go(() => writeLog(log, logged));

  const start = time.now();
  const wg = new WaitGroup();
  for (const r of requests) {
    await time.sleep(r.at - time.since(start));
    wg.go(() => handle(log, r.work));
  }
  await wg.wait();
  close(log);
  await logged.recv();

  console.log('served:', served.load());
  console.log('in flight:', inFlight.load());
  console.log('max in flight:', maxInFlight.load());
});
