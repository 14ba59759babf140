import { chan, go, main } from 'gort';
import * as time from 'gort/time';

const jobs = 8;
const buffer = 3; // the queue may hold at most 3 jobs

main(async () => {
  // Bounded: when it is full, the producer's send waits
  // until the printer takes a job (backpressure).
  const queue = chan<number>(buffer, 0);

  // The producer, in its own goroutine, so the printer
  // can receive while it sends.
  go(async () => {
    for (let j = 1; j <= jobs; j++) {
      await queue.send(j);
      console.log('queued', j);
    }
  });

  // The printer: 10 ms a job. main receives exactly
  // `jobs` jobs, so it returns only after the last one.
  for (let i = 0; i < jobs; i++) {
    const job = await queue.recv();
    await time.sleep(10 * time.Millisecond);
    console.log('printed', job);
  }
});
