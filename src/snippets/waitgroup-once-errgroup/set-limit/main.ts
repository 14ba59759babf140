import { main } from 'gort';
import { Group } from 'gort/errgroup';
import * as time from 'gort/time';

main(async () => {
  const start = time.now();
  const since = () =>
    time.formatDuration(time.since(start));
  const jobs = [30, 10, 25, 10, 10]; // milliseconds
  const g = new Group();
  g.setLimit(2); // at most 2 jobs at once
  for (const [i, d] of jobs.entries()) {
    // go waits while 2 jobs are running.
    await g.go(async () => {
      await time.sleep(
        d * time.Millisecond,
      );
      console.log(
        since(),
        'done    job',
        i + 1,
      );
    });
    console.log(
      since(),
      'started job',
      i + 1,
    );
  }
  await g.wait();
});
