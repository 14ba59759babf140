import { chan, main } from 'gort';
import * as time from 'gort/time';

const jobs = 8;
const buffer = 3; // the queue may hold at most 3 jobs

main(async () => {
  // With a buffer of `buffer` this deadlocked, so someone
  // raised it until the deadlock went away: nobody
  // receives while main sends, and only a buffer larger
  // than the whole batch hides that.
  // TODO: make it `buffer` again, and run the producer in
  // its own goroutine (`go` from 'gort'), so that the
  // printer takes jobs while they are sent.
  const queue = chan<number>(buffer * 10, 0);

  // The producer: sends the jobs in order, as fast as it can.
  for (let j = 1; j <= jobs; j++) {
    await queue.send(j);
    console.log('queued', j);
  }

  // The printer: 10 ms a job.
  for (let i = 0; i < jobs; i++) {
    const job = await queue.recv();
    await time.sleep(10 * time.Millisecond);
    console.log('printed', job);
  }
});
