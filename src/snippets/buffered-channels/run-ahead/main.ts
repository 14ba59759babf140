import { chan, go, main } from 'gort';
import * as time from 'gort/time';

const jobs = 6;

main(async () => {
  const queue = chan<number>(2, 0);
  const t0 = time.now();
  // Prints the time since t0, then `words`.
  const log = (...words: unknown[]) =>
    console.log(
      time.formatDuration(time.since(t0)),
      ...words,
    );

  go(async () => {
    // the producer: fast
    for (let j = 1; j <= jobs; j++) {
      await queue.send(j);
      log('sent', j, 'len', queue.len);
    }
  });

  for (let i = 0; i < jobs; i++) {
    // the consumer: 10ms a job
    const j = await queue.recv();
    await time.sleep(10 * time.Millisecond);
    log('done', j);
  }
});
